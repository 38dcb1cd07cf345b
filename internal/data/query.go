package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"corridor/internal/data/importers"
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
	// Drafts reads unpublished estimates' values instead of the public
	// ones: a curator's preview of a draft, never a public view.
	Drafts bool
}

// Observations returns observations matching f, by id.
func (s *Service) Observations(ctx context.Context, f Filter) (_ []Observation, err error) {
	defer errs.Wrap(&err, "data: observations")
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
	table := observationRows.table
	if f.Drafts {
		table = draftRows.table
	}
	q := `SELECT id, dataset_id, measure, origin, destination, year, sex, value, flag FROM ` + table + ` WHERE ` +
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
	// Parts is how many areas a sum (Flag "sum") adds up: every partner
	// with a value in the dataset, which pages state beside the total.
	Parts int64  `json:"parts,omitempty"`
	Unit  string `json:"unit,omitempty"` // see Observation.Unit
}

// Totals returns, per dataset, year and sex, the total of measure for the
// area on one side ("destination": immigrants into it; "origin": emigrants
// from it) in the chosen datasets (none: every dataset). A dataset that
// stores the world total directly gives it; otherwise the countries are
// summed (Flag "sum").
func (s *Service) Totals(ctx context.Context, measure, side, code string, datasets []int64) ([]Row, error) {
	rows, err := s.totals(ctx, measure, side, code, datasets)
	if err != nil {
		return nil, fmt.Errorf("data: totals of %s (%s %s): %w", measure, side, code, err)
	}
	return rows, nil
}

func (s *Service) totals(ctx context.Context, measure, side, code string, datasets []int64) ([]Row, error) {
	other := "origin"
	if side == "origin" {
		other = "destination"
	} else {
		side = "destination"
	}
	direct := map[int64]bool{}
	var out []Row
	in, args := datasetFilter("dataset_id", datasets, []any{measure, code, World})
	rows, err := s.DB.QueryContext(ctx, `SELECT dataset_id, year, sex, value, flag FROM data_observations
		WHERE measure = $1 AND `+side+` = $2 AND `+other+` = $3`+in+` ORDER BY dataset_id, sex, year`, args...)
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
		return finishTotals(out, side, code), nil
	}
	in, args = datasetFilter("dataset_id", datasets, []any{measure, code})
	rows, err = s.DB.QueryContext(ctx, `SELECT dataset_id, year, sex, SUM(value), COUNT(value) FROM data_observations
		WHERE measure = $1 AND `+side+` = $2 AND `+other+` >= 'A' AND `+other+` <> $2`+in+` GROUP BY dataset_id, year, sex ORDER BY dataset_id, sex, year`, args...)
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
		r.Parts = n
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return finishTotals(out, side, code), nil
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

// datasetFilter is the condition " AND col IN ($n, …)" choosing the
// datasets ids (none: "", every dataset), with args extended by the ids.
func datasetFilter(col string, ids []int64, args []any) (string, []any) {
	if len(ids) == 0 {
		return "", args
	}
	ph := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		ph[i] = "$" + strconv.Itoa(len(args))
	}
	return " AND " + col + " IN (" + strings.Join(ph, ", ") + ")", args
}

// Partners returns the n largest counterparts of code for measure in the
// latest year of the newest of the chosen (none: every) bilateral datasets.
func (s *Service) Partners(ctx context.Context, measure, side, code string, datasets []int64, n int) (_ []Row, err error) {
	rows, err := s.partners(ctx, measure, side, code, datasets, n)
	if err != nil {
		return nil, fmt.Errorf("data: partners of %s (%s %s): %w", code, measure, side, err)
	}
	return rows, nil
}

func (s *Service) partners(ctx context.Context, measure, side, code string, datasets []int64, n int) ([]Row, error) {
	other := "origin"
	if side == "origin" {
		other = "destination"
	} else {
		side = "destination"
	}
	// The bilateral datasets that have this area, latest year first.
	in, args := datasetFilter("dataset_id", datasets, []any{measure, code})
	rows, err := s.DB.QueryContext(ctx, `SELECT dataset_id, MAX(year) FROM data_observations
		WHERE measure = $1 AND `+side+` = $2 AND `+other+` >= 'A' AND sex = 'total'`+in+` GROUP BY dataset_id ORDER BY MAX(year) DESC, dataset_id DESC`, args...)
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
		if ds == 0 {
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

// CorridorRows returns every observation between a and b, both
// directions, in the chosen datasets (none: every dataset), without their
// releases.
func (s *Service) CorridorRows(ctx context.Context, a, b string, datasets []int64) (_ []Row, err error) {
	in, args := datasetFilter("dataset_id", datasets, []any{a, b})
	rows, err := s.DB.QueryContext(ctx, `SELECT dataset_id, measure, origin, destination, year, sex, value, flag FROM data_observations
		WHERE ((origin = $1 AND destination = $2) OR (origin = $2 AND destination = $1))`+in+`
		ORDER BY measure, origin, dataset_id, sex, year`, args...)
	if err != nil {
		return nil, fmt.Errorf("data: corridor %s-%s: %w", a, b, err)
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
		return nil, fmt.Errorf("data: corridor %s-%s: %w", a, b, err)
	}
	return out, nil
}

// Corridor returns the observations between two areas with their
// releases (API).
func (s *Service) Corridor(ctx context.Context, a, b string, datasets []int64) ([]Row, error) {
	rows, err := s.CorridorRows(ctx, a, b, datasets)
	if err != nil {
		return nil, err
	}
	return s.withReleases(ctx, rows)
}

func (s *Service) withReleases(ctx context.Context, rows []Row) ([]Row, error) {
	dm, err := s.DatasetMap(ctx)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		rows[i].Release = dm[rows[i].Dataset].Release
	}
	return rows, nil
}

// ParseArea reads an area code from a URL (ISO alpha-2/3, numeric, M49).
func ParseArea(code string) (Area, error) { return ParseAreaIn(code, "en") }

// ParseAreaIn reads an area code and names the area in lang.
func ParseAreaIn(code, lang string) (Area, error) {
	a, ok := LookupArea(code, lang)
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

// AreasWithData reports which of codes have a value in some dataset, as
// origin or destination, so that pickers offer only places with data.
// Each code is two index lookups (the destination and corridor indexes).
func (s *Service) AreasWithData(ctx context.Context, codes []string) (_ map[string]bool, err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("data: areas with data: %w", err)
		}
	}()
	out := map[string]bool{}
	const chunk = 200
	for start := 0; start < len(codes); start += chunk {
		part := codes[start:min(start+chunk, len(codes))]
		var b strings.Builder
		args := make([]any, len(part))
		for i, c := range part {
			if i > 0 {
				b.WriteString(" UNION ALL ")
			}
			fmt.Fprintf(&b, "SELECT CAST($%d AS TEXT) AS code", i+1)
			args[i] = c
		}
		rows, err := s.DB.QueryContext(ctx, `SELECT c.code FROM (`+b.String()+`) c
			WHERE EXISTS (SELECT 1 FROM data_observations o WHERE o.destination = c.code AND o.value IS NOT NULL)
			OR EXISTS (SELECT 1 FROM data_observations o WHERE o.origin = c.code AND o.value IS NOT NULL)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				rows.Close()
				return nil, err
			}
			out[c] = true
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CountriesWithData is Countries(lang) less the places with no value.
func (s *Service) CountriesWithData(ctx context.Context, lang string) ([]Area, error) {
	all := Countries(lang)
	codes := make([]string, len(all))
	for i, a := range all {
		codes[i] = a.Code
	}
	has, err := s.AreasWithData(ctx, codes)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, a := range all {
		if has[a.Code] {
			out = append(out, a)
		}
	}
	return out, nil
}

// WorldSum returns the sum of measure over every pair of countries in the
// latest year of the newest dataset that has it, for tables that publish
// no world total of their own (UNHCR's refugees by country of asylum):
// Flag "sum", Parts the number of areas on side that the sum adds up.
// It returns false when no dataset has the measure.
func (s *Service) WorldSum(ctx context.Context, measure, side string) (_ Row, _ bool, err error) {
	if side != "origin" {
		side = "destination"
	}
	r := Row{Measure: measure, Origin: World, Destination: World, Sex: "total", Flag: "sum"}
	var v sql.NullFloat64
	err = s.DB.QueryRowContext(ctx, `SELECT dataset_id, year, SUM(value), COUNT(DISTINCT `+side+`) FROM data_observations
		WHERE measure = $1 AND sex = 'total' AND origin >= 'A' AND destination >= 'A' AND value IS NOT NULL
		GROUP BY dataset_id, year ORDER BY year DESC, dataset_id DESC LIMIT 1`, measure).Scan(&r.Dataset, &r.Year, &v, &r.Parts)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("data: world sum of %s: %w", measure, err)
	}
	r.Value = &v.Float64
	return r, v.Valid, nil
}
