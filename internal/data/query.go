package data

import (
	"context"
	"corridor/internal/data/importers"
	"sort"
	"strconv"
	"strings"

	"corridor/internal/errs"
	"corridor/internal/geo"
)

// Filter selects observations.
type Filter struct {
	Origin, Destination string
	Region              string // destination in this M49 aggregate (or the aggregate itself)
	Measure             string
	Sex                 string
	Datasets            []int64
	YearFrom, YearTo    int
	After               int64 // cursor: observations with a larger id
	Limit               int   // 0: no limit
}

// Observations returns observations matching f, by id.
func (s *Service) Observations(ctx context.Context, f Filter) ([]Observation, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.Origin != "" {
		where = append(where, "origin = "+arg(f.Origin))
	}
	if f.Destination != "" {
		where = append(where, "destination = "+arg(f.Destination))
	}
	if f.Region != "" {
		codes := []string{f.Region}
		for _, c := range geo.Members(f.Region) {
			codes = append(codes, AreaCode(c))
		}
		var ph []string
		for _, c := range codes {
			ph = append(ph, arg(c))
		}
		where = append(where, "destination IN ("+strings.Join(ph, ",")+")")
	}
	if f.Measure != "" {
		where = append(where, "measure = "+arg(f.Measure))
	}
	if f.Sex != "" {
		where = append(where, "sex = "+arg(f.Sex))
	}
	if len(f.Datasets) > 0 {
		var ph []string
		for _, id := range f.Datasets {
			ph = append(ph, arg(id))
		}
		where = append(where, "dataset_id IN ("+strings.Join(ph, ",")+")")
	}
	if f.YearFrom > 0 {
		where = append(where, "year >= "+arg(f.YearFrom))
	}
	if f.YearTo > 0 {
		where = append(where, "year <= "+arg(f.YearTo))
	}
	where = append(where, "id > "+arg(f.After))
	q := `SELECT id, dataset_id, measure, origin, destination, year, sex, value, flag FROM data_observations WHERE ` +
		strings.Join(where, " AND ") + ` ORDER BY id`
	if f.Limit > 0 { // 0: every match (exports of a whole dataset)
		q += ` LIMIT ` + arg(f.Limit)
	}
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Observation
	for rows.Next() {
		var o Observation
		if err := rows.Scan(&o.ID, &o.DatasetID, &o.Measure, &o.Origin, &o.Destination, &o.Year, &o.Sex, &o.Value, &o.Flag); err != nil {
			return nil, err
		}
		o.Unit = importers.Units[o.Measure]
		out = append(out, o)
	}
	return out, rows.Err()
}

// Row is one value a view shows (and exports): a stored observation, or a
// sum over countries marked Flag "sum".
type Row struct {
	Dataset     int64    `json:"dataset_id"`
	Release     string   `json:"release"`
	Measure     string   `json:"measure"`
	Origin      string   `json:"origin"`
	Destination string   `json:"destination"`
	Year        int      `json:"year"`
	Sex         string   `json:"sex"`
	Value       *float64 `json:"value"`
	Flag        string   `json:"flag,omitempty"`
	Unit        string   `json:"unit,omitempty"` // see Observation.Unit
}

// totals returns, per dataset, year and sex, the total of measure for the
// area on one side ("destination": immigrants into it; "origin": emigrants
// from it). A dataset that stores the world total directly gives it;
// otherwise the countries are summed (Flag "sum").
func (s *Service) totals(ctx context.Context, measure, side, code string, datasets []int64) ([]Row, error) {
	other := "origin"
	if side == "origin" {
		other = "destination"
	} else {
		side = "destination"
	}
	direct := map[int64]bool{}
	var out []Row
	rows, err := s.DB.QueryContext(ctx, `SELECT dataset_id, year, sex, value, flag FROM data_observations
		WHERE measure = $1 AND `+side+` = $2 AND `+other+` = $3 ORDER BY dataset_id, sex, year`, measure, code, World)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		r := Row{Measure: measure}
		if err := rows.Scan(&r.Dataset, &r.Year, &r.Sex, &r.Value, &r.Flag); err != nil {
			rows.Close()
			return nil, err
		}
		direct[r.Dataset] = true
		out = append(out, r)
	}
	rows.Close()
	if !importers.Additive(measure) {
		return finishTotals(keepDatasets(out, datasets), side, code), nil
	}
	rows, err = s.DB.QueryContext(ctx, `SELECT dataset_id, year, sex, SUM(value), COUNT(value) FROM data_observations
		WHERE measure = $1 AND `+side+` = $2 AND `+other+` >= 'A' AND `+other+` <> $2 GROUP BY dataset_id, year, sex ORDER BY dataset_id, sex, year`, measure, code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		r := Row{Measure: measure, Flag: "sum"}
		var n int64
		if err := rows.Scan(&r.Dataset, &r.Year, &r.Sex, &r.Value, &n); err != nil {
			return nil, err
		}
		if direct[r.Dataset] || n == 0 {
			continue
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return finishTotals(keepDatasets(out, datasets), side, code), nil
}

// finishTotals names the places of total rows: the world and the area.
func finishTotals(out []Row, side, code string) []Row {
	for i := range out {
		if side == "destination" {
			out[i].Origin, out[i].Destination = World, code
		} else {
			out[i].Origin, out[i].Destination = code, World
		}
	}
	return out
}

func keepDatasets(rows []Row, ids []int64) []Row {
	if len(ids) == 0 {
		return rows
	}
	keep := map[int64]bool{}
	for _, id := range ids {
		keep[id] = true
	}
	out := rows[:0]
	for _, r := range rows {
		if keep[r.Dataset] {
			out = append(out, r)
		}
	}
	return out
}

// partners returns the largest counterparts of code for measure in the
// latest year of the chosen (or most recent bilateral) dataset.
func (s *Service) partners(ctx context.Context, measure, side, code string, datasets []int64, n int) ([]Row, error) {
	other := "origin"
	if side == "origin" {
		other = "destination"
	} else {
		side = "destination"
	}
	// The bilateral datasets that have this area, latest year first.
	rows, err := s.DB.QueryContext(ctx, `SELECT dataset_id, MAX(year) FROM data_observations
		WHERE measure = $1 AND `+side+` = $2 AND `+other+` >= 'A' AND sex = 'total' GROUP BY dataset_id ORDER BY MAX(year) DESC, dataset_id DESC`, measure, code)
	if err != nil {
		return nil, err
	}
	var ds int64
	var year int
	for rows.Next() {
		var id int64
		var y int
		if err := rows.Scan(&id, &y); err != nil {
			rows.Close()
			return nil, err
		}
		if ds == 0 && (len(datasets) == 0 || containsID(datasets, id)) {
			ds, year = id, y
		}
	}
	rows.Close()
	if ds == 0 {
		return nil, nil
	}
	rows, err = s.DB.QueryContext(ctx, `SELECT origin, destination, value, flag FROM data_observations
		WHERE dataset_id = $1 AND measure = $2 AND `+side+` = $3 AND `+other+` >= 'A' AND year = $4 AND sex = 'total' AND value IS NOT NULL
		ORDER BY value DESC, `+other+` LIMIT $5`, ds, measure, code, year, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		r := Row{Dataset: ds, Measure: measure, Year: year, Sex: "total"}
		if err := rows.Scan(&r.Origin, &r.Destination, &r.Value, &r.Flag); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// corridor returns every observation between a and b, both directions.
func (s *Service) corridor(ctx context.Context, a, b string, datasets []int64) ([]Row, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT dataset_id, measure, origin, destination, year, sex, value, flag FROM data_observations
		WHERE (origin = $1 AND destination = $2) OR (origin = $2 AND destination = $1)
		ORDER BY measure, origin, dataset_id, sex, year`, a, b)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		var r Row
		if err := rows.Scan(&r.Dataset, &r.Measure, &r.Origin, &r.Destination, &r.Year, &r.Sex, &r.Value, &r.Flag); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return keepDatasets(out, datasets), nil
}

// Corridor returns the observations between two areas (API).
func (s *Service) Corridor(ctx context.Context, a, b string, datasets []int64) ([]Row, error) {
	rows, err := s.corridor(ctx, a, b, datasets)
	if err != nil {
		return nil, err
	}
	return s.withReleases(ctx, rows)
}

func (s *Service) withReleases(ctx context.Context, rows []Row) ([]Row, error) {
	dm, err := s.datasetMap(ctx)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		rows[i].Release = dm[rows[i].Dataset].Release
	}
	return rows, nil
}

// ParseArea reads an area code from a URL (ISO alpha-2/3, numeric, M49).
func ParseArea(code string) (Area, error) {
	a, ok := LookupArea(code, "en")
	if !ok {
		return Area{}, errs.New(errs.NotFound, "data.error.no_area")
	}
	return a, nil
}

// ParseIDs reads "1,2,3".
func ParseIDs(s string) ([]int64, error) {
	var out []int64
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil || id <= 0 {
			return nil, &errs.Error{Kind: errs.Invalid, Message: "data.error.datasets", Fields: map[string]string{"datasets": "data.error.datasets"}}
		}
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}
