package lawdb

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/geo"
)

// DEMIG POLICY coding (de Haas, Natter & Vezzoli 2015): policy areas,
// target groups, origin groups and the magnitude scale.
var (
	PolicyAreas  = []string{"border-land-control", "legal-entry-stay", "integration", "exit"}
	TargetGroups = []string{"all-migrants", "all-workers", "low-skilled", "high-skilled", "family", "students",
		"investors", "irregular", "refugees-asylum", "diaspora", "specific"}
	OriginGroups = []string{"all", "all-foreign", "citizens", "eu-citizens", "specific-nationalities"}
	// Magnitudes: 1 fine-tuning, 2 minor, 3 mid-level, 4 major change.
	Magnitudes = []int{1, 2, 3, 4}
)

// PolicyColumns are the CSV columns of policy changes; they follow the
// DEMIG POLICY variables (country, year → date, pol_area, pol_tool,
// target_group, origin, change_restrict, change_level).
var PolicyColumns = []string{"country", "date", "instrument", "article_eid", "pol_area", "pol_tool", "target_group", "origin", "change_restrict", "change_level", "summary", "source"}

// PolicyChange is one coded change of migration policy.
type PolicyChange struct {
	ID              int64  `json:"id"`
	Country         string `json:"country"`
	Date            string `json:"date"`
	Instrument      string `json:"instrument,omitempty"`
	ArticleEID      string `json:"article_eid,omitempty"`
	Area            string `json:"pol_area"`
	Tool            string `json:"pol_tool"`
	TargetGroup     string `json:"target_group"`
	OriginGroup     string `json:"origin"`
	Restrictiveness int    `json:"change_restrict"`
	Magnitude       int    `json:"change_level"`
	Summary         string `json:"summary"`
	Source          string `json:"source,omitempty"`
}

func containsS(ss []string, s string) bool { return contains(ss, s) }

// validatePolicy checks a change; field names are the form's.
func (s *Store) validatePolicy(ctx context.Context, q db.Querier, p *PolicyChange) (any, errs.Fields) {
	f := errs.Fields{}
	p.Country = strings.ToUpper(strings.TrimSpace(p.Country))
	if c, ok := geo.ByCode(p.Country); !ok || len(p.Country) != 3 {
		f.Add("country", "law.error.unknown_state")
	} else {
		p.Country = c.Alpha3
	}
	if d, err := time.Parse(time.DateOnly, strings.TrimSpace(p.Date)); err != nil {
		f.Add("date", "law.error.bad_date")
	} else {
		p.Date = d.Format(time.DateOnly)
	}
	if !containsS(PolicyAreas, p.Area) {
		f.Add("pol_area", "law.error.unknown_area")
	}
	if p.TargetGroup != "" && !containsS(TargetGroups, p.TargetGroup) {
		f.Add("target_group", "law.error.unknown_group")
	}
	if p.OriginGroup != "" && !containsS(OriginGroups, p.OriginGroup) {
		f.Add("origin", "law.error.unknown_group")
	}
	if p.Restrictiveness < -1 || p.Restrictiveness > 1 {
		f.Add("change_restrict", "law.error.restrictiveness")
	}
	if p.Magnitude < 1 || p.Magnitude > 4 {
		f.Add("change_level", "law.error.magnitude")
	}
	if len(p.Summary) > 4000 || len(p.Tool) > 200 {
		f.Add("summary", "law.error.too_long")
	}
	var instID any
	if strings.TrimSpace(p.Instrument) != "" {
		id, err := findID(ctx, q, p.Instrument)
		if err != nil {
			f.Add("instrument", "law.error.unknown_instrument")
		} else {
			instID = id
			var adopted string
			if err := q.QueryRowContext(ctx, `SELECT adopted_on FROM law_instruments WHERE id = $1`, id).Scan(&adopted); err == nil && adopted != "" && p.Date != "" && p.Date < adopted {
				f.Add("date", "law.error.before_adoption")
			}
		}
	}
	return instID, f
}

func insertPolicy(ctx context.Context, q db.Querier, p *PolicyChange, instID any) error {
	err := q.QueryRowContext(ctx, `INSERT INTO law_policy_changes (country, date, instrument_id, article_eid, area, tool, target_group, origin_group, restrictiveness, magnitude, summary, source, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		p.Country, p.Date, instID, strings.TrimSpace(p.ArticleEID), p.Area, strings.TrimSpace(p.Tool), p.TargetGroup, p.OriginGroup, p.Restrictiveness, p.Magnitude, strings.TrimSpace(p.Summary), p.Source, db.Now()).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("lawdb: policy change: %w", err)
	}
	return nil
}

// AddPolicyChange validates and stores one policy change with its audit
// entry; invalid input is a field error and nothing is stored.
func (s *Store) AddPolicyChange(ctx context.Context, p PolicyChange) (_ int64, err error) {
	defer wrapErr(&err, "add policy change")
	instID, f := s.validatePolicy(ctx, s.DB, &p)
	if err := f.Err(); err != nil {
		return 0, err
	}
	if p.Source == "" {
		p.Source = "corridor:manual"
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		if err := insertPolicy(ctx, tx, &p, instID); err != nil {
			return err
		}
		if err := policyEvent(ctx, tx, p.Country, []PolicyChange{p}, []any{instID}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "law.policy_change.create", "law_policy_change", p.ID, nil, p)
	})
	return p.ID, err
}

// ImportPolicyCSV imports policy changes in the PolicyColumns format (a
// "year" column is accepted for "date", read as 1 January). All or nothing.
func (s *Store) ImportPolicyCSV(ctx context.Context, r io.Reader, name string) (_ Summary, err error) {
	defer wrapErr(&err, "import policy-csv")
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		return Summary{}, fmt.Errorf("%s: %w", name, err)
	}
	if len(rows) == 0 {
		return Summary{}, fmt.Errorf("%s: empty file", name)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[policyColumn(h)] = i
	}
	for _, need := range []string{"country", "pol_area", "change_restrict", "change_level"} {
		if _, ok := col[need]; !ok {
			return Summary{}, fmt.Errorf("%s: missing column %q", name, need)
		}
	}
	get := func(r []string, k string) string {
		if i, ok := col[k]; ok && i < len(r) {
			return policyValue(k, r[i])
		}
		return ""
	}
	var sum Summary
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		byCountry := map[string][]PolicyChange{}
		instByCountry := map[string][]any{}
		var countries []string
		for li, r := range rows[1:] {
			p := PolicyChange{Country: get(r, "country"), Date: get(r, "date"), Instrument: get(r, "instrument"), ArticleEID: get(r, "article_eid"),
				Area: get(r, "pol_area"), Tool: get(r, "pol_tool"), TargetGroup: get(r, "target_group"), OriginGroup: get(r, "origin"),
				Summary: get(r, "summary"), Source: get(r, "source")}
			if p.Date == "" && get(r, "year") != "" {
				p.Date = get(r, "year") + "-01-01"
			}
			if len(p.Country) != 3 {
				// DEMIG names countries ("Germany")
				if c, ok := geo.Match(p.Country); ok {
					p.Country = c.Alpha3
				}
			}
			if demigMissing[get(r, "change_restrict")] {
				return fmt.Errorf("%s: row %d: %w", name, li+2, fieldErr(errs.Fields{"change_restrict": "law.error.demig_not_scored"}, nil))
			}
			var e1, e2 error
			p.Restrictiveness, e1 = strconv.Atoi(get(r, "change_restrict"))
			p.Magnitude, e2 = strconv.Atoi(get(r, "change_level"))
			instID, f := s.validatePolicy(ctx, tx, &p)
			if e1 != nil {
				f.Add("change_restrict", "law.error.restrictiveness")
			}
			if e2 != nil {
				f.Add("change_level", "law.error.magnitude")
			}
			if len(f) > 0 {
				return fmt.Errorf("%s: row %d: %w", name, li+2, f.Err())
			}
			if p.Source == "" {
				p.Source = fmt.Sprintf("policy-csv:%s:%d", name, li+2)
			}
			if err := insertPolicy(ctx, tx, &p, instID); err != nil {
				return err
			}
			sum.PolicyChanges++
			if _, ok := byCountry[p.Country]; !ok {
				countries = append(countries, p.Country)
			}
			byCountry[p.Country] = append(byCountry[p.Country], p)
			instByCountry[p.Country] = append(instByCountry[p.Country], instID)
		}
		for _, c := range countries {
			if err := policyEvent(ctx, tx, c, byCountry[c], instByCountry[c]); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "law.import", "law_policy_changes", name, nil, map[string]any{"format": "policy-csv", "rows": sum.PolicyChanges})
	})
	return sum, err
}

// PolicyChanges lists the changes of a country ("" for all), by date.
func (s *Store) PolicyChanges(ctx context.Context, country string) (_ []PolicyChange, err error) {
	defer wrapErr(&err, "policy changes of %q", country)
	return queryList(ctx, s.DB, scanPolicyChange, policySelect+`WHERE CAST($1 AS TEXT) = '' OR p.country = $1 ORDER BY p.country, p.date, p.id`, country)
}

// policySelect selects policy changes for scanPolicyChange.
const policySelect = `SELECT p.id, p.country, p.date, COALESCE(i.slug, ''), p.article_eid, p.area, p.tool, p.target_group, p.origin_group, p.restrictiveness, p.magnitude, p.summary, p.source
		FROM law_policy_changes p LEFT JOIN law_instruments i ON i.id = p.instrument_id `

func scanPolicyChange(rows *sql.Rows) (PolicyChange, error) {
	var p PolicyChange
	err := rows.Scan(&p.ID, &p.Country, &p.Date, &p.Instrument, &p.ArticleEID, &p.Area, &p.Tool, &p.TargetGroup, &p.OriginGroup, &p.Restrictiveness, &p.Magnitude, &p.Summary, &p.Source)
	return p, err
}

// IndexPoint is the restrictiveness index of a country at the end of a year.
type IndexPoint struct {
	Year  int `json:"year"`
	Value int `json:"value"`
	// Changes made in that year.
	Changes int `json:"changes"`
}

// RestrictivenessIndex is the cumulative sum over time of
// change_restrict × change_level (−4 … +4 per change; positive = more
// restrictive), one point per year from the first to the last change.
func RestrictivenessIndex(ps []PolicyChange) []IndexPoint {
	if len(ps) == 0 {
		return nil
	}
	byYear := map[int][2]int{}
	minY, maxY := 9999, 0
	for _, p := range ps {
		y, err := strconv.Atoi(p.Date[:4])
		if err != nil || p.Restrictiveness == 0 && p.Magnitude == 0 {
			continue
		}
		v := byYear[y]
		v[0] += p.Restrictiveness * p.Magnitude
		v[1]++
		byYear[y] = v
		minY, maxY = min(minY, y), max(maxY, y)
	}
	var out []IndexPoint
	cum := 0
	for y := minY; y <= maxY; y++ {
		cum += byYear[y][0]
		out = append(out, IndexPoint{Year: y, Value: cum, Changes: byYear[y][1]})
	}
	return out
}

// PolicyCountries lists the countries with policy changes.
func (s *Store) PolicyCountries(ctx context.Context) (_ []string, err error) {
	defer wrapErr(&err, "policy countries")
	out, err := queryList(ctx, s.DB, func(rows *sql.Rows) (string, error) {
		var c string
		err := rows.Scan(&c)
		return c, err
	}, `SELECT DISTINCT country FROM law_policy_changes ORDER BY country`)
	sort.Strings(out)
	return out, err
}
