package geo

// This file holds the hand-made parts of the reference data: corrections to
// the embedded M49 copy, historical entities, and name aliases. Every entry
// says where the spelling comes from when it is not self-evident.

// applyCorrections fixes the embedded copy where it departs from the UNSD
// M49 list (see data/SOURCE.md).
func applyCorrections(e *countryData) {
	switch e.c.Alpha3 {
	case "CIV":
		// The copy says "Ivory Coast"; UNSD M49 and UNTERM use Côte d’Ivoire.
		e.c.Name = "Côte d’Ivoire"
		e.altEnglish = append(e.altEnglish, "Ivory Coast")
	case "GGY", "JEY":
		// UNSD M49 places Guernsey and Jersey in the intermediate region
		// Channel Islands (830); the copy leaves it blank.
		e.c.IntermediateCode, e.c.IntermediateName = "830", "Channel Islands"
	}
}

// extraEntities are the areas outside the current M49 country list that UN
// tables still use: the Channel Islands composite and former states with
// their ISO 3166-3 codes. French and Spanish names are the UN ones.
// Order matters for reused codes: the first holder keeps the code
// ("CS" → Serbia and Montenegro, not Czechoslovakia).
func extraEntities() []*countryData {
	eu := func(sub, subName string) Country {
		return Country{RegionCode: "150", RegionName: "Europe", SubRegionCode: sub, SubRegionName: subName}
	}
	mk := func(c Country, a2, a3, num, former, name, fr, es string, hist bool) *countryData {
		c.Alpha2, c.Alpha3, c.Numeric, c.FormerCode, c.Name, c.Historical = a2, a3, num, former, name, hist
		return &countryData{c: c, fr: fr, es: es}
	}
	return []*countryData{
		// UN DESA reports Guernsey and Jersey together as "Channel Islands"
		// (M49 830). ISO 3166-1 has no code for it; "CHI" is the alpha code
		// UNSD/UN DESA use.
		mk(eu("154", "Northern Europe"), "", "CHI", "830", "", "Channel Islands", "Îles Anglo-Normandes", "Islas del Canal", false),
		// Serbia and Montenegro (2003–2006), previously the Federal Republic
		// of Yugoslavia (1992–2003), which ISO coded YU/YUG/891.
		mk(eu("039", "Southern Europe"), "CS", "SCG", "891", "CSXX", "Serbia and Montenegro", "Serbie-et-Monténégro", "Serbia y Montenegro", true),
		// Socialist Federal Republic of Yugoslavia (to 1992): M49 890.
		mk(eu("039", "Southern Europe"), "YU", "YUG", "890", "YUCS", "Yugoslavia", "Yougoslavie", "Yugoslavia", true),
		mk(eu("151", "Eastern Europe"), "CS", "CSK", "200", "CSHH", "Czechoslovakia", "Tchécoslovaquie", "Checoslovaquia", true),
		mk(eu("151", "Eastern Europe"), "SU", "SUN", "810", "SUHH", "Union of Soviet Socialist Republics", "Union des Républiques socialistes soviétiques", "Unión de Repúblicas Socialistas Soviéticas", true),
		mk(eu("155", "Western Europe"), "DD", "DDR", "278", "DDDE", "German Democratic Republic", "République démocratique allemande", "República Democrática Alemana", true),
		mk(Country{RegionCode: "019", RegionName: "Americas", SubRegionCode: "419", SubRegionName: "Latin America and the Caribbean", IntermediateCode: "029", IntermediateName: "Caribbean"},
			"AN", "ANT", "530", "ANHH", "Netherlands Antilles", "Antilles néerlandaises", "Antillas Neerlandesas", true),
		mk(Country{RegionCode: "142", RegionName: "Asia", SubRegionCode: "145", SubRegionName: "Western Asia"},
			"YD", "YMD", "720", "YDYE", "Democratic Yemen", "Yémen démocratique", "Yemen Democrático", true),
	}
}

// codeAliases are further codes for existing entries: withdrawn codes of
// renamed (not dissolved) countries, and common non-ISO codes.
var codeAliases = map[string]string{
	"BUR":  "MMR", // Burma (ISO 3166-3 BUMM)
	"BUMM": "MMR",
	"TMP":  "TLS", // East Timor (TPTL)
	"TPTL": "TLS",
	"ZAR":  "COD", // Zaire (ZRCD)
	"ZRCD": "COD",
	"ROM":  "ROU", // Romania's alpha-3 until 2002
	"UK":   "GBR", // not ISO, but common
}

// countryAliases map other spellings to an alpha-3 code. Spellings the
// data already provides (M49 name, UNTERM short and formal names, CLDR
// name, French and Spanish names) need not be listed; neither do variants
// that differ only in case, accents, punctuation, "the", "St."/"Saint",
// "&"/"and", or a dropped parenthesised qualifier.
var countryAliases = map[string]string{
	// UN DESA International Migrant Stock spellings
	"China, Hong Kong SAR":                         "HKG",
	"China, Macao SAR":                             "MAC",
	"Hong Kong SAR":                                "HKG",
	"Hong Kong, China":                             "HKG",
	"Hong Kong SAR, China":                         "HKG",
	"Macao SAR":                                    "MAC",
	"Macau":                                        "MAC",
	"Macao, China":                                 "MAC",
	"Macao SAR, China":                             "MAC",
	"Dem. People's Republic of Korea":              "PRK",
	"Micronesia (Fed. States of)":                  "FSM",
	"Federated States of Micronesia":               "FSM",
	"Micronesia, Fed. Sts.":                        "FSM",
	"Falkland Islands (Malvinas)":                  "FLK",
	"Malvinas":                                     "FLK",
	"Wallis and Futuna":                            "WLF",
	"China, Taiwan Province of China":              "TWN",
	"Taiwan Province of China":                     "TWN",
	"Saint Helena, Ascension and Tristan da Cunha": "SHN",
	"Saint Helena ex. dep.":                        "SHN",
	"Saint Martin (French part)":                   "MAF",
	"Svalbard and Jan Mayen":                       "SJM",
	"Svalbard and Jan Mayen Islands":               "SJM",
	"Bonaire, Saint Eustatius and Saba":            "BES",
	"Caribbean Netherlands":                        "BES",
	"US Virgin Islands":                            "VIR",
	"Virgin Islands (U.S.)":                        "VIR",
	"Virgin Islands, U.S.":                         "VIR",
	"Virgin Islands (British)":                     "VGB",
	"United States Minor Outlying Islands":         "UMI",
	"Holy See (Vatican City State)":                "VAT",
	"Vatican":                                      "VAT",
	"Vatican City State":                           "VAT",

	// Short and common English names
	"Bolivia":                               "BOL",
	"Iran":                                  "IRN",
	"Venezuela":                             "VEN",
	"Tanzania":                              "TZA",
	"Syria":                                 "SYR",
	"Laos":                                  "LAO",
	"Lao PDR":                               "LAO",
	"Vietnam":                               "VNM",
	"Viet Nam":                              "VNM",
	"Russia":                                "RUS",
	"Moldova":                               "MDA",
	"South Korea":                           "KOR",
	"Korea, Rep.":                           "KOR",
	"Korea, Republic of":                    "KOR",
	"Korea (South)":                         "KOR",
	"North Korea":                           "PRK",
	"Korea, Dem. People's Rep.":             "PRK",
	"Korea, Dem. Rep.":                      "PRK",
	"Korea (North)":                         "PRK",
	"Democratic People's Republic of Korea": "PRK",
	"United Kingdom":                        "GBR",
	"Great Britain":                         "GBR",
	"Britain":                               "GBR",
	"U.K.":                                  "GBR",
	"United States":                         "USA",
	"U.S.A.":                                "USA",
	"U.S.":                                  "USA",
	"Czech Republic":                        "CZE",
	"Turkey":                                "TUR",
	"Turkiye":                               "TUR",
	"Swaziland":                             "SWZ",
	"Kingdom of Eswatini":                   "SWZ",
	"Cape Verde":                            "CPV",
	"Ivory Coast":                           "CIV",
	"Cote d'Ivoire":                         "CIV",
	"Côte d'Ivoire":                         "CIV",
	"The former Yugoslav Republic of Macedonia":  "MKD",
	"Former Yugoslav Republic of Macedonia":      "MKD",
	"Macedonia, the former Yugoslav Republic of": "MKD",
	"Macedonia, FYR":                  "MKD",
	"FYR Macedonia":                   "MKD",
	"Macedonia":                       "MKD",
	"Republic of North Macedonia":     "MKD",
	"East Timor":                      "TLS",
	"Burma":                           "MMR",
	"Zaire":                           "COD",
	"Congo, Dem. Rep.":                "COD",
	"Congo (Kinshasa)":                "COD",
	"Congo-Kinshasa":                  "COD",
	"DR Congo":                        "COD",
	"DRC":                             "COD",
	"Democratic Republic of Congo":    "COD",
	"Congo, Rep.":                     "COG",
	"Congo (Brazzaville)":             "COG",
	"Congo-Brazzaville":               "COG",
	"Republic of the Congo":           "COG",
	"Republic of Congo":               "COG",
	"Palestine":                       "PSE",
	"Occupied Palestinian Territory":  "PSE",
	"Palestinian Territories":         "PSE",
	"West Bank and Gaza":              "PSE",
	"Brunei":                          "BRN",
	"Gambia, The":                     "GMB",
	"Bahamas, The":                    "BHS",
	"Egypt, Arab Rep.":                "EGY",
	"Yemen, Rep.":                     "YEM",
	"Iran, Islamic Rep.":              "IRN",
	"Venezuela, RB":                   "VEN",
	"Kyrgyz Republic":                 "KGZ",
	"Slovak Republic":                 "SVK",
	"St. Kitts and Nevis":             "KNA",
	"St. Lucia":                       "LCA",
	"St. Vincent and the Grenadines":  "VCT",
	"Saint Kitts-Nevis":               "KNA",
	"Sao Tome & Principe":             "STP",
	"Timor Leste":                     "TLS",
	"Guinea Bissau":                   "GNB",
	"Micronesia, Federated States of": "FSM",
	"Netherlands (Kingdom of the)":    "NLD",
	"Holland":                         "NLD",
	"Reunion":                         "REU",
	"Curacao":                         "CUW",
	"Aland Islands":                   "ALA",
	"Saint Barthelemy":                "BLM",
	"Pitcairn Islands":                "PCN",
	"Heard and McDonald Islands":      "HMD",
	"Keeling Islands":                 "CCK",
	"Federal Republic of Germany":     "DEU",

	// Historical entities (see extraEntities)
	"Serbia and Montenegro":                    "SCG",
	"Federal Republic of Yugoslavia":           "SCG",
	"Yugoslavia, Fed. Rep.":                    "SCG",
	"State Union of Serbia and Montenegro":     "SCG",
	"Yugoslavia":                               "YUG",
	"Yugoslavia (former)":                      "YUG",
	"Former Yugoslavia":                        "YUG",
	"Socialist Federal Republic of Yugoslavia": "YUG",
	"Yugoslavia, SFR":                          "YUG",
	"Czechoslovakia":                           "CSK",
	"Czechoslovakia (former)":                  "CSK",
	"Former Czechoslovakia":                    "CSK",
	"Czech and Slovak Federal Republic":        "CSK",
	"Czechoslovak Socialist Republic":          "CSK",
	"USSR":                                     "SUN",
	"USSR (former)":                            "SUN",
	"Former USSR":                              "SUN",
	"Soviet Union":                             "SUN",
	"Union of Soviet Socialist Republics":      "SUN",
	"German Democratic Republic":               "DDR",
	"East Germany":                             "DDR",
	"German Democratic Republic (former)":      "DDR",
	"Netherlands Antilles":                     "ANT",
	"Netherlands Antilles (former)":            "ANT",
	"Democratic Yemen":                         "YMD",
	"Yemen, Democratic":                        "YMD",
	"South Yemen":                              "YMD",
	"People's Democratic Republic of Yemen":    "YMD",
	"Channel Islands":                          "CHI",
}

// ambiguousNames never match a country: they name a region too, or more
// than one country.
var ambiguousNames = []string{
	"Micronesia", // M49 sub-region 057; the country is "Micronesia (Federated States of)"
	"Korea",
	"Virgin Islands",
}

// organizations are treaty participants that are not countries or areas.
var organizations = []string{
	"European Union",
	"European Community",
	"European Economic Community",
}
