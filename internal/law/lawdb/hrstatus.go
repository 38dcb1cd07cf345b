package lawdb

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/geo"
	"corridor/internal/law/treaty"
)

// HRStatusSource names the 2022 human-rights status tables as a source.
const HRStatusSource = "hr-status-2022"

// hrStatusAsOf is the date of the tables (the upstream commit, SOURCE.md).
const hrStatusAsOf = "2022-08-25"

// hrTreaties maps the file keys of hr-treaty-status-2022 (hr_status_KEY.csv)
// to UNTC numbers and titles.
var hrTreaties = map[string][2]string{
	"icerd":     {"IV-2", "International Convention on the Elimination of All Forms of Racial Discrimination. New York, 7 March 1966"},
	"icescr":    {"IV-3", "International Covenant on Economic, Social and Cultural Rights. New York, 16 December 1966"},
	"icescr_op": {"IV-3-a", "Optional Protocol to the International Covenant on Economic, Social and Cultural Rights. New York, 10 December 2008"},
	"iccpr":     {"IV-4", "International Covenant on Civil and Political Rights. New York, 16 December 1966"},
	"iccpr_op1": {"IV-5", "Optional Protocol to the International Covenant on Civil and Political Rights. New York, 16 December 1966"},
	"iccpr_op2": {"IV-12", "Second Optional Protocol to the International Covenant on Civil and Political Rights, aiming at the abolition of the death penalty. New York, 15 December 1989"},
	"cedaw":     {"IV-8", "Convention on the Elimination of All Forms of Discrimination against Women. New York, 18 December 1979"},
	"op_cedaw":  {"IV-8-b", "Optional Protocol to the Convention on the Elimination of All Forms of Discrimination against Women. New York, 6 October 1999"},
	"cat":       {"IV-9", "Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment. New York, 10 December 1984"},
	"opcat":     {"IV-9-b", "Optional Protocol to the Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment. New York, 18 December 2002"},
	"crc":       {"IV-11", "Convention on the Rights of the Child. New York, 20 November 1989"},
	"op_crc_ac": {"IV-11-b", "Optional Protocol to the Convention on the Rights of the Child on the involvement of children in armed conflict. New York, 25 May 2000"},
	"op_crc_sc": {"IV-11-c", "Optional Protocol to the Convention on the Rights of the Child on the sale of children, child prostitution and child pornography. New York, 25 May 2000"},
	"op_crc_ic": {"IV-11-d", "Optional Protocol to the Convention on the Rights of the Child on a communications procedure. New York, 19 December 2011"},
	"icmw":      {"IV-13", "International Convention on the Protection of the Rights of All Migrant Workers and Members of their Families. New York, 18 December 1990"},
	"crpd":      {"IV-15", "Convention on the Rights of Persons with Disabilities. New York, 13 December 2006"},
	"op_crpd":   {"IV-15-a", "Optional Protocol to the Convention on the Rights of Persons with Disabilities. New York, 13 December 2006"},
	"cped":      {"IV-16", "International Convention for the Protection of All Persons from Enforced Disappearance. New York, 20 December 2006"},
}

// SourceStatus is a State's status towards an instrument as a second source states it.
type SourceStatus struct {
	State, Name, Source string
	// Status is party, signatory or none.
	Status string
	// Year of ratification or accession (parties), 0 when not given.
	Year       int
	AsOf, Note string
}

// hrCodeAliases are retired alpha-2 codes the tables still use.
var hrCodeAliases = map[string]string{"TP": "TL"} // East Timor → Timor-Leste

// readHRStatus reads one hr_status_*.csv table (columns by name: iso2,
// member, state party, year ratification or accession, signatory, no
// action, status, note).
func readHRStatus(path string) ([]SourceStatus, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("%s: no rows", filepath.Base(path))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.TrimPrefix(strings.ToLower(strings.TrimSpace(h)), "\ufeff")] = i
	}
	for _, need := range []string{"iso2", "member", "state party", "year ratification or accession", "signatory"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("%s: missing column %q", filepath.Base(path), need)
		}
	}
	get := func(r []string, k string) string {
		if i, ok := col[k]; ok && i < len(r) {
			return strings.TrimSpace(r[i])
		}
		return ""
	}
	var out []SourceStatus
	for li, r := range rows[1:] {
		bad := func(field, v string) error {
			return fmt.Errorf("%s: row %d, %s: bad value %q", filepath.Base(path), li+2, field, v)
		}
		iso2 := get(r, "iso2")
		code := iso2
		if a, ok := hrCodeAliases[strings.ToUpper(iso2)]; ok {
			code = a
		}
		c, ok := geo.ByCode(code)
		if !ok || len(iso2) != 2 {
			// a mistyped code ("S" for South Sudan): the name must match
			if c, ok = geo.Match(get(r, "member")); !ok || !strings.HasPrefix(c.Alpha2, strings.ToUpper(iso2)) || iso2 == "" {
				return nil, bad("iso2", iso2)
			}
		}
		st := SourceStatus{State: c.Alpha3, Name: get(r, "member"), Source: HRStatusSource, Status: "none", AsOf: hrStatusAsOf, Note: get(r, "note")}
		party, sig := get(r, "state party"), get(r, "signatory")
		switch {
		case party == "1":
			st.Status = "party"
			y := get(r, "year ratification or accession")
			if y != "" {
				if st.Year, err = strconv.Atoi(strings.TrimSuffix(y, ".0")); err != nil || st.Year < 1945 || st.Year > 2100 {
					return nil, bad("year ratification or accession", y)
				}
			}
		case sig == "1":
			st.Status = "signatory"
		case party != "0" || sig != "0":
			return nil, bad("state party", party)
		}
		out = append(out, st)
	}
	return out, nil
}

// ImportHRStatus imports the 2022 human-rights status tables
// (hr_status_*.csv) as a second source of treaty status: each file's
// statuses replace those of an earlier import of the same source. Treaties
// not yet in the database are created from their UNTC number. All or
// nothing.
func (s *Store) ImportHRStatus(ctx context.Context, dir string) (_ Summary, err error) {
	defer wrapErr(&err, "import hr-status-2022")
	files, err := filepath.Glob(filepath.Join(dir, "hr_status_*.csv"))
	if err != nil || len(files) == 0 {
		return Summary{}, fmt.Errorf("no hr_status_*.csv files in %s", dir)
	}
	sort.Strings(files)
	type table struct {
		key  string
		rows []SourceStatus
	}
	var tables []table
	for _, f := range files {
		key := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "hr_status_"), ".csv")
		if _, ok := hrTreaties[key]; !ok {
			return Summary{}, fmt.Errorf("%s: unknown treaty %q", filepath.Base(f), key)
		}
		rows, err := readHRStatus(f)
		if err != nil {
			return Summary{}, err
		}
		tables = append(tables, table{key, rows})
	}
	var sum Summary
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		for _, t := range tables {
			tr := hrTreaties[t.key]
			id, err := findID(ctx, tx, tr[0])
			if err != nil {
				cid, _ := treaty.ParseChapterID(tr[0])
				in := untcInstrument(treaty.Instrument{ID: cid.UNTC(), Key: cid.Key(), Name: tr[1]})
				if id, err = upsertInstrument(ctx, tx, in); err != nil {
					return err
				}
				sum.Instruments++
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM law_status_sources WHERE instrument_id = $1 AND source = $2`, id, HRStatusSource); err != nil {
				return err
			}
			for _, r := range t.rows {
				if _, err := tx.ExecContext(ctx, `INSERT INTO law_status_sources (instrument_id, state, state_name, source, status, year, as_of, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
					id, r.State, r.Name, r.Source, r.Status, r.Year, r.AsOf, r.Note); err != nil {
					return fmt.Errorf("lawdb: %s %s: %w", t.key, r.State, err)
				}
				sum.Statuses++
			}
			if err := audit.Record(ctx, tx, "law.import", "law_instrument", tr[0], nil, map[string]any{"format": HRStatusSource, "statuses": len(t.rows)}); err != nil {
				return err
			}
		}
		return nil
	})
	return sum, err
}

// SourceStatuses returns an instrument's statuses from a second source, by State.
func (s *Store) SourceStatuses(ctx context.Context, instrumentID int64, source string) (_ map[string]SourceStatus, err error) {
	defer wrapErr(&err, "%s statuses of instrument %d", source, instrumentID)
	rows, err := s.DB.QueryContext(ctx, `SELECT state, state_name, source, status, year, as_of, note FROM law_status_sources WHERE instrument_id = $1 AND source = $2`, instrumentID, source)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]SourceStatus{}
	for rows.Next() {
		var st SourceStatus
		if err := rows.Scan(&st.State, &st.Name, &st.Source, &st.Status, &st.Year, &st.AsOf, &st.Note); err != nil {
			return nil, err
		}
		out[st.State] = st
	}
	return out, rows.Err()
}

// CrossCheckRow compares a State's status computed from the treaty actions
// on a date with a second source's status.
type CrossCheckRow struct {
	State string
	// Computed is party, signatory, withdrawn or none (no action by then).
	Computed     string
	ComputedYear int // year of the action that made the State a party
	Source       SourceStatus
	// Agree: same status (and, for parties, the same year).
	Agree bool
	// Explained: they differ in a way a change after the date explains (a
	// later ratification or signature), so the sources do not contradict.
	Explained bool
}

// CrossCheck compares the status computed from the stored actions on date
// on (the vintage of the actions, e.g. the snapshot's) with the statuses
// of a second source, for every State either knows.
func (s *Store) CrossCheck(ctx context.Context, ref, source string, on time.Time) (_ []CrossCheckRow, err error) {
	defer wrapErr(&err, "cross-check %s with %s", ref, source)
	id, acts, err := s.refActions(ctx, ref)
	if err != nil {
		return nil, err
	}
	other, err := s.SourceStatuses(ctx, id, source)
	if err != nil {
		return nil, err
	}
	computed := map[string]treaty.StateStatus{}
	for _, st := range treaty.StatusOn(acts, on) {
		computed[st.State] = st
	}
	states := map[string]bool{}
	for k := range computed {
		states[k] = true
	}
	for k := range other {
		states[k] = true
	}
	var out []CrossCheckRow
	for _, st := range sortedKeys(states) {
		row := CrossCheckRow{State: st, Computed: "none"}
		if c, ok := computed[st]; ok {
			row.Computed = string(c.Status)
			if c.Status == treaty.StatusParty {
				row.ComputedYear = c.ActionDate.Year()
			}
		}
		src, ok := other[st]
		if !ok {
			// the source does not cover this State (e.g. not a UN member)
			continue
		}
		row.Source = src
		switch {
		case row.Computed == src.Status:
			row.Agree = src.Status != "party" || src.Year == 0 || src.Year == row.ComputedYear
		case src.Status == "party" && src.Year >= on.Year() && (row.Computed == "none" || row.Computed == "signatory"):
			row.Explained = true // ratified after the date
		case src.Status == "signatory" && row.Computed == "none":
			row.Explained = true // signed after the date
		}
		out = append(out, row)
	}
	return out, nil
}
