package importers

// Units of the measures the importers write, as recorded with each dataset
// (data_dataset_measures): what one unit of a value counts. A measure of a
// tidy file that is not listed here has no recorded unit.
var Units = map[string]string{
	MigrantStock:           UnitPeople,
	Refugees:               UnitPeople,
	AsylumSeekers:          UnitPeople,
	Flow:                   UnitPeople,
	Remittances:            UnitUSDMillion,
	RefugeeArrivals:        UnitPeople,
	AsylumApplications:     UnitPeople,
	RefugeeLikeArrivals:    UnitPeople,
	OIPArrivals:            UnitPeople,
	Population:             UnitThousands,
	MigrantShare:           UnitPercent,
	FemaleMigrantShare:     UnitPercent,
	MigrantStockGrowthRate: UnitPercentPerYear,
	RefugeeStock:           UnitPeople,
	RefugeeShare:           UnitPercent,
	RefugeeStockGrowthRate: UnitPercentPerYear,
}

// Units a value may be in.
const (
	UnitPeople         = "people"
	UnitThousands      = "thousands of people"
	UnitPercent        = "percent"
	UnitPercentPerYear = "percent per year"
	UnitUSDMillion     = "US$ million"
)

// Additive reports whether values of measure add up across places (people,
// money) — shares and rates do not, so a total is never summed from them.
func Additive(measure string) bool {
	u := Units[measure]
	return u != UnitPercent && u != UnitPercentPerYear
}

// Counted reports whether values of measure count people or money, which
// are never negative; net migration, growth rates and a tidy file's own
// measures may be.
func Counted(measure string) bool {
	switch Units[measure] {
	case UnitPeople, UnitThousands, UnitUSDMillion:
		return true
	}
	return false
}
