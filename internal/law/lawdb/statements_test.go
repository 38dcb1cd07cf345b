package lawdb

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/law/treaty"
	"corridor/internal/testutil"
)

// tobagoCSV holds the First Optional Protocol to the ICCPR (IV-5) actions
// the UNTC snapshot lacks, from the UN Secretary-General's MTDSG chapter
// IV-5 and its footnotes: Trinidad and Tobago notified its denunciation on
// 26 May 1998 with effect from 26 Aug 1998, re-acceded on 26 Aug 1998 with a
// reservation to article 1 and denounced again on 27 Mar 2000 with effect
// from 27 Jun 2000 (also Amnesty International UK, press release of 27 Mar
// 2000); Jamaica denounced on 23 Oct 1997 with effect from 23 Jan 1998
// (Human Rights Committee, A/53/40 vol. I, para. 78). The snapshot holds
// their first consent: Trinidad and Tobago's accession of 14 Nov 1980,
// Jamaica's ratification of 3 Oct 1975.
const tobagoCSV = `treaty,state,state_name,kind,action_date,effective_date,source,notes
IV-5,TTO,Trinidad and Tobago,denunciation,1998-05-26,1998-08-26,MTDSG IV-5 note,
IV-5,TTO,Trinidad and Tobago,accession,1998-08-26,,MTDSG IV-5 note,re-accession with a reservation to article 1
IV-5,TTO,Trinidad and Tobago,denunciation,2000-03-27,2000-06-27,MTDSG IV-5 note,
IV-5,JAM,Jamaica,denunciation,1997-10-23,1998-01-23,MTDSG IV-5 note,
`

func statusOf(t *testing.T, s *Store, ref, on, state string) StatusRow {
	t.Helper()
	rows, err := s.StatusWithStatements(context.Background(), ref, mustDay(t, on))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows.Rows {
		if r.State == state {
			return r
		}
	}
	return StatusRow{}
}

func mustDay(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := treaty.ParseISODate(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestDenunciationThroughActionsCSV(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := importAll(t, d)
		ctx := context.Background()
		if _, err := s.ImportActionsCSV(ctx, strings.NewReader(tobagoCSV), "tobago.csv"); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ on, state, want string }{
			{"1998-05-25", "TTO", "party accession 1980-11-14"},
			{"1998-08-25", "TTO", "party accession 1980-11-14"}, // denunciation notified, not in effect
			{"1998-08-26", "TTO", "party accession 1998-08-26"}, // re-accession
			{"2000-06-26", "TTO", "party accession 1998-08-26"},
			{"2000-06-27", "TTO", "withdrawn denunciation 2000-03-27"},
			{"1998-01-22", "JAM", "party ratification 1975-10-03"},
			{"1998-01-23", "JAM", "withdrawn denunciation 1997-10-23"},
			// succession: the Czech Republic's notification of 22 Feb 1993 (snapshot)
			{"1993-02-22", "CZE", "party succession 1993-02-22"},
		} {
			r := statusOf(t, s, "IV-5", c.on, c.state)
			if got := string(r.Status) + " " + string(r.Action) + " " + dateStr(r.ActionDate); got != c.want {
				t.Errorf("%s on %s: %q, want %q", c.state, c.on, got, c.want)
			}
		}
		// The country page lists the withdrawn State as withdrawn.
		bs, err := s.CountryOn(ctx, "JAM", mustDay(t, "2000-01-01"))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, b := range bs {
			if b.Slug == "IV-5" {
				found = b.Status.Status == treaty.StatusWithdrawn
			}
		}
		if !found {
			t.Errorf("Jamaica's country page on 2000-01-01: IV-5 not withdrawn: %+v", bs)
		}
	})
}

// A treaty action of an unknown State, or dated before the treaty's
// adoption (IV-5: New York, 16 December 1966), is an error naming the row
// and stores nothing.
func TestActionsCSVRefusesUnknownStateAndEarlyDate(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := importAll(t, d)
		ctx := context.Background()
		before := countRows(t, d, "law_treaty_actions")
		for _, c := range []struct{ csv, want string }{
			{"treaty,state,kind,action_date\nIV-5,FRA,signature,1967-01-01\nIV-5,XYZ,ratification,1970-01-01\n", `row 3: value "XYZ": column state: unknown State`},
			{"treaty,state,kind,action_date\nIV-5,FRA,signature,1966-12-15\n", `row 2: value "1966-12-15": column action_date: before the adoption of IV-5 (1966-12-16)`},
			{"treaty,state,kind,action_date,effective_date\nIV-5,FRA,denunciation,2001-01-01,2000-01-01\n", `row 2: value "2000-01-01": column effective_date: before the action date`},
		} {
			_, err := s.ImportActionsCSV(ctx, strings.NewReader(c.csv), "bad.csv")
			if err == nil || !strings.Contains(err.Error(), "bad.csv: "+c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
		}
		if after := countRows(t, d, "law_treaty_actions"); after != before {
			t.Errorf("actions went from %d to %d: nothing may be stored", before, after)
		}
	})
}

func countRows(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil { // fixed table names
		t.Fatal(err)
	}
	return n
}

// actionIDOf finds the id of a State's action of a kind and date.
func actionIDOf(t *testing.T, d *db.DB, slug, state, kind, date string) string {
	t.Helper()
	var id string
	if err := d.QueryRow(`SELECT CAST(a.id AS TEXT) FROM law_treaty_actions a JOIN law_instruments i ON i.id = a.instrument_id
		WHERE i.slug = $1 AND a.state = $2 AND a.kind = $3 AND a.action_date = $4`, slug, state, kind, date).Scan(&id); err != nil {
		t.Fatalf("action %s %s %s %s: %v", slug, state, kind, date, err)
	}
	return id
}

func TestStatementsLinkedToActions(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := importAll(t, d)
		ctx := context.Background()
		if _, err := s.ImportActionsCSV(ctx, strings.NewReader(tobagoCSV), "tobago.csv"); err != nil {
			t.Fatal(err)
		}
		reaccession := actionIDOf(t, d, "IV-5", "TTO", "accession", "1998-08-26")
		// The snapshot holds Trinidad and Tobago's reservation to article 1
		// ("re-accedes … with a Reservation to article 1"); with the
		// re-accession imported it is linked to that action, so it stands
		// from 26 Aug 1998, not from the first accession of 1980.
		if r := statusOf(t, s, "IV-5", "1998-08-25", "TTO"); len(r.Statements) != 0 {
			t.Errorf("on 1998-08-25 the reservation was not yet made: %+v", r.Statements)
		}
		r := statusOf(t, s, "IV-5", "1999-01-01", "TTO")
		if len(r.Statements) != 1 {
			t.Fatalf("on 1999-01-01: %d statements, want the reservation", len(r.Statements))
		}
		st := r.Statements[0]
		resID := st.ID
		if st.Kind != "reservation" || st.ActionKind != "accession" || st.ActionDate != "1998-08-26" || strings.Join(st.Articles, ",") != "1,2,40" {
			t.Errorf("reservation: %+v", st)
		}
		// A legal officer's reservation: eIds (or article numbers) are checked
		// against the stored text of the 1951 Convention. (Illustrative input,
		// not a historical record.)
		v2 := actionIDOf(t, d, "V-2", "FRA", "ratification", "1954-06-23")
		manualID, err := s.AddStatement(ctx, NewStatement{Instrument: "5-2", State: "fra", Kind: "reservation", ActionID: v2, EIDs: "17 art_22__para_1",
			Text: "Reservation entered to exercise the form."})
		if err != nil {
			t.Fatal(err)
		}
		var got *Statement
		for _, x := range statusOf(t, s, "V-2", "1960-01-01", "FRA").Statements {
			if x.ID == manualID {
				got = &x
			}
		}
		if got == nil || got.MadeOn != "1954-06-23" || got.ActionKind != "ratification" || strings.Join(got.EIDs, ",") != "art_17,art_22__para_1" {
			t.Errorf("manual reservation: %+v", got)
		}
		// An objection names the reservation; it shows under the objecting
		// State and the reservation lists the objector. (Illustrative input,
		// not a historical record: it exercises the links.)
		nld := actionIDOf(t, d, "IV-5", "NLD", "ratification", "1978-12-11")
		if _, err := s.AddStatement(ctx, NewStatement{Instrument: "IV-5", State: "NLD", Kind: "objection", ActionID: nld, ObjectsTo: strconv.FormatInt(resID, 10),
			MadeOn: "1999-08-06", Text: "Objection to the reservation of Trinidad and Tobago."}); err != nil {
			t.Fatal(err)
		}
		o := statusOf(t, s, "IV-5", "2000-01-01", "NLD").Statements
		if len(o) != 1 || o[0].ObjectsToState != "TTO" || o[0].ObjectsTo != resID {
			t.Errorf("objection: %+v", o)
		}
		if got := statusOf(t, s, "IV-5", "2000-01-01", "TTO").Statements[0].ObjectedBy; strings.Join(got, ",") != "NLD" {
			t.Errorf("objected by %v, want NLD", got)
		}

		// Bad input: each a field error, nothing stored.
		before, beforeStmts := counts(t, d), countRows(t, d, "law_statements")
		for _, c := range []struct {
			in           NewStatement
			field, msg   string
			detailSubstr string
		}{
			{NewStatement{Instrument: "V-2", State: "FRA", Kind: "reservation", ActionID: v2, EIDs: "art_17, art_99", Text: "x"}, "eids", "law.error.unknown_provision", "art_99"},
			{NewStatement{Instrument: "V-2", State: "DEU", Kind: "reservation", ActionID: v2, Text: "x"}, "action", "law.error.action_other_state", ""},
			{NewStatement{Instrument: "V-2", State: "FRA", Kind: "reservation", Text: "x"}, "action", "law.error.action_required", ""},
			{NewStatement{Instrument: "V-2", State: "FRA", Kind: "reservation", ActionID: reaccession, Text: "x"}, "action", "law.error.unknown_action", ""},
			{NewStatement{Instrument: "V-2", State: "ZZZ", Kind: "declaration", ActionID: v2, Text: "x"}, "state", "law.error.unknown_state", ""},
			{NewStatement{Instrument: "V-2", State: "FRA", Kind: "note", ActionID: v2, Text: "x"}, "kind", "law.error.statement_kind", ""},
			{NewStatement{Instrument: "V-2", State: "FRA", Kind: "declaration", ActionID: v2, Text: " "}, "text", "law.error.text_empty", ""},
			{NewStatement{Instrument: "V-2", State: "FRA", Kind: "declaration", ActionID: v2, Text: "x", MadeOn: "1951-07-27"}, "made_on", "law.error.before_adoption", ""},
			{NewStatement{Instrument: "V-2", State: "FRA", Kind: "declaration", ActionID: v2, Text: "x", WithdrawnOn: "1950-01-01"}, "withdrawn_on", "law.error.before_adoption", ""},
			{NewStatement{Instrument: "V-2", State: "FRA", Kind: "declaration", ActionID: v2, Text: "x", WithdrawnOn: "1954-06-22"}, "withdrawn_on", "law.error.withdrawn_before_made", ""},
			{NewStatement{Instrument: "V-2", State: "FRA", Kind: "reservation", ActionID: v2, EIDs: "art_17", Text: "x", PartlyWithdrawnOn: "1960-01-01"}, "withdrawn_eids", "law.error.partial_needs_eids", ""},
			{NewStatement{Instrument: "V-2", State: "FRA", Kind: "reservation", ActionID: v2, EIDs: "art_17", Text: "x", PartlyWithdrawnOn: "1960-01-01", WithdrawnEIDs: "art_22"}, "withdrawn_eids", "law.error.withdrawn_not_reserved", "art_22"},
			{NewStatement{Instrument: "IV-5", State: "NLD", Kind: "objection", Text: "x", MadeOn: "2000-01-01"}, "objects_to", "law.error.objection_target_required", ""},
			{NewStatement{Instrument: "IV-5", State: "TTO", Kind: "objection", ObjectsTo: strconv.FormatInt(resID, 10), Text: "x", MadeOn: "2000-01-01"}, "objects_to", "law.error.objection_own", ""},
			{NewStatement{Instrument: "IV-5", State: "DEU", Kind: "objection", ObjectsTo: strconv.FormatInt(resID, 10), Text: "x", MadeOn: "1998-01-01"}, "made_on", "law.error.objection_before_reservation", ""},
			{NewStatement{Instrument: "IV-5", State: "DEU", Kind: "declaration", ActionID: reaccession, ObjectsTo: strconv.FormatInt(resID, 10), Text: "x"}, "objects_to", "law.error.objection_only", ""},
		} {
			_, err := s.AddStatement(ctx, c.in)
			if got := fieldOf(err, c.field); got != c.msg {
				t.Errorf("%+v: field %s = %q (err %v), want %q", c.in, c.field, got, err, c.msg)
			}
			if c.detailSubstr != "" && (err == nil || !strings.Contains(err.Error(), c.detailSubstr)) {
				t.Errorf("%+v: error %v does not name %s", c.in, err, c.detailSubstr)
			}
		}
		sameCounts(t, "bad statements", before, counts(t, d))
		if n := countRows(t, d, "law_statements"); n != beforeStmts {
			t.Errorf("bad statements: law_statements went from %d to %d rows", beforeStmts, n)
		}

		// A partial withdrawal shows from its date; a total one hides the statement.
		if _, err := s.AddStatement(ctx, NewStatement{Instrument: "V-2", State: "FRA", Kind: "reservation", ActionID: v2, EIDs: "art_17, art_22", Text: "x",
			PartlyWithdrawnOn: "1971-01-01", WithdrawnEIDs: "art_22", WithdrawnOn: "1980-01-01"}); err != nil {
			t.Fatal(err)
		}
		partial := int64(0)
		if err := d.QueryRow(`SELECT MAX(id) FROM law_statements`).Scan(&partial); err != nil {
			t.Fatal(err)
		}
		manual := func(on string) *Statement {
			for _, st := range statusOf(t, s, "V-2", on, "FRA").Statements {
				if st.ID == partial {
					return &st
				}
			}
			return nil
		}
		if st := manual("1970-12-31"); st == nil || len(st.WithdrawnEIDs) != 0 {
			t.Errorf("before the partial withdrawal: %+v", st)
		}
		if st := manual("1971-01-01"); st == nil || strings.Join(st.WithdrawnEIDs, ",") != "art_22" {
			t.Errorf("after the partial withdrawal: %+v", st)
		}
		if st := manual("1980-01-01"); st != nil {
			t.Errorf("after the total withdrawal the reservation still shows: %+v", st)
		}

		// A withdrawal recorded later, on the reservation entered first:
		// partial, then total; bad ones are field errors and change nothing.
		later := strconv.FormatInt(manualID, 10)
		for _, c := range []struct {
			in         StatementWithdrawal
			field, msg string
		}{
			{StatementWithdrawal{Instrument: "V-2", Statement: later}, "withdrawn_on", "law.error.withdrawal_date_required"},
			{StatementWithdrawal{Instrument: "V-2", Statement: later, PartlyWithdrawnOn: "1990-01-01", WithdrawnEIDs: "art_33"}, "withdrawn_eids", "law.error.withdrawn_not_reserved"},
			{StatementWithdrawal{Instrument: "V-2", Statement: later, WithdrawnOn: "1950-01-01"}, "withdrawn_on", "law.error.before_adoption"},
			{StatementWithdrawal{Instrument: "V-2", Statement: later, WithdrawnOn: "1954-06-01"}, "withdrawn_on", "law.error.withdrawn_before_made"},
		} {
			if err := s.WithdrawStatement(ctx, c.in); fieldOf(err, c.field) != c.msg {
				t.Errorf("%+v: %v, want %s on %s", c.in, err, c.msg, c.field)
			}
		}
		if err := s.WithdrawStatement(ctx, StatementWithdrawal{Instrument: "IV-5", Statement: later, WithdrawnOn: "1990-01-01"}); err == nil {
			t.Error("a statement of another instrument was withdrawn")
		}
		if err := s.WithdrawStatement(ctx, StatementWithdrawal{Instrument: "V-2", Statement: later, PartlyWithdrawnOn: "1990-01-01", WithdrawnEIDs: "art_22__para_1"}); err != nil {
			t.Fatal(err)
		}
		if err := s.WithdrawStatement(ctx, StatementWithdrawal{Instrument: "V-2", Statement: later, WithdrawnOn: "2000-01-01"}); err != nil {
			t.Fatal(err)
		}
		byID := func(on string) *Statement {
			for _, x := range statusOf(t, s, "V-2", on, "FRA").Statements {
				if x.ID == manualID {
					return &x
				}
			}
			return nil
		}
		if st := byID("1995-01-01"); st == nil || strings.Join(st.WithdrawnEIDs, ",") != "art_22__para_1" {
			t.Errorf("after the later partial withdrawal: %+v", st)
		}
		if st := byID("2000-01-01"); st != nil {
			t.Errorf("after the later total withdrawal the reservation still shows")
		}

		// Re-importing the snapshot keeps a hand-entered statement linked
		// to the snapshot action it was made at.
		if _, err := s.ImportSnapshot(ctx, testutil.SharedData(t, "untc-status-snapshot")); err != nil {
			t.Fatal(err)
		}
		if st := manual("1975-01-01"); st == nil || st.ActionKind != "ratification" || st.ActionDate != "1954-06-23" {
			t.Errorf("after re-import: %+v", st)
		}
		// … and a hand-entered objection still names the re-imported reservation
		o = statusOf(t, s, "IV-5", "2000-01-01", "NLD").Statements
		if len(o) != 1 || o[0].ObjectsToState != "TTO" || o[0].ObjectsTo == 0 {
			t.Errorf("objection after re-import: %+v", o)
		}

		// The JSON of a status row carries the statements.
		b, err := json.Marshal(statusOf(t, s, "IV-5", "1999-01-01", "TTO"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), `"status":"party"`) || !strings.Contains(string(b), `"statements":[{"id":`) || !strings.Contains(string(b), `"articles":["1","2","40"]`) || !strings.Contains(string(b), `"action_date":"1998-08-26"`) {
			t.Errorf("JSON: %s", b)
		}
	})
}

// Imported UNTC declarations are linked to the action they were made at:
// Malawi's reservations to the 1951 Convention to its accession of 10 Dec
// 1987 (UNTC: made upon accession unless otherwise indicated), and the
// articles they name to the provisions of the stored text.
func TestImportedStatementsLinked(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := importAll(t, d)
		r := statusOf(t, s, "V-2", "2000-01-01", "MWI")
		if len(r.Statements) == 0 {
			t.Fatal("Malawi has no statements")
		}
		st := r.Statements[0]
		if st.ActionKind != "accession" || st.ActionDate != "1987-12-10" {
			t.Errorf("Malawi's reservation made at %q %q, want accession 1987-12-10", st.ActionKind, st.ActionDate)
		}
		for _, e := range []string{"art_7", "art_13", "art_17", "art_22"} {
			if !contains(st.EIDs, e) {
				t.Errorf("Malawi's reservation eIds %v lack %s", st.EIDs, e)
			}
		}
	})
}
