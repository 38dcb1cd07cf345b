package treaty

import (
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"corridor/internal/geo"
	"corridor/internal/testutil"
)

var (
	snapOnce sync.Once
	snap     *Snapshot
	snapErr  error
)

// loadSnap loads the shared snapshot once per test binary.
func loadSnap(t testing.TB) (*Snapshot, string) {
	t.Helper()
	dir := testutil.SharedData(t, "untc-status-snapshot")
	snapOnce.Do(func() { snap, snapErr = LoadSnapshot(dir) })
	if snapErr != nil {
		t.Fatalf("LoadSnapshot: %v", snapErr)
	}
	return snap, dir
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func byState(ss []StateStatus) map[string]StateStatus {
	m := make(map[string]StateStatus, len(ss))
	for _, s := range ss {
		m[s.State] = s
	}
	return m
}

// expectedRow is what a status-table row says, read here with the standard
// library only, independently of the package's parser.
type expectedRow struct {
	name   string
	status Status
	kind   Kind
	date   time.Time
}

// readCSVFile reads all the records of the CSV file at path.
func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func readExpected(t *testing.T, path string) []expectedRow {
	t.Helper()
	recs := readCSVFile(t, path)
	consentKinds := map[string]Kind{"": Ratification, "a": Accession, "d": Succession, "A": Acceptance, "AA": Approval, "c": FormalConfirmation}
	signKinds := map[string]Kind{"": Signature, "d": SuccessionToSignature}
	split := func(v string) (time.Time, string) {
		f := strings.Fields(v)
		d, err := time.Parse("2 Jan 2006", strings.Join(f[:3], " "))
		if err != nil {
			t.Fatalf("%s: %q: %v", path, v, err)
		}
		if len(f) == 4 {
			return d, f[3]
		}
		return d, ""
	}
	var out []expectedRow
	for _, rec := range recs[1:] {
		e := expectedRow{name: rec[0]}
		last := rec[len(rec)-1] // the ratification-type column is always last
		switch {
		case last != "":
			d, suf := split(last)
			e.status, e.kind, e.date = StatusParty, consentKinds[suf], d
		case len(rec) == 3 && rec[1] != "":
			d, suf := split(rec[1])
			e.status, e.kind, e.date = StatusSignatory, signKinds[suf], d
		default:
			t.Fatalf("%s: row %v has no date", path, rec)
		}
		out = append(out, e)
	}
	return out
}

// TestSnapshotStatusMatchesTables checks, for every participant of the five
// migration treaties, that the status computed on the table's own date is
// what the table says: party iff a ratification-type date, else signatory.
func TestSnapshotStatusMatchesTables(t *testing.T) {
	s, dir := loadSnap(t)
	// Party counts from shared/notes/law-and-policy.md §4 (counted from the
	// UNTC tables by the researcher, not by this package).
	wantParties := map[string]int{"5-2": 145, "5-5": 146, "4-13": 47, "18-12-a": 159, "18-12-b": 138}
	for key, nParties := range wantParties {
		t.Run(key, func(t *testing.T) {
			tr, err := s.Treaty(key)
			if err != nil {
				t.Fatal(err)
			}
			if tr.AsOf.IsZero() {
				t.Fatal("no MANIFEST date for", tr.File)
			}
			got := byState(StatusOn(tr.Actions, tr.AsOf))
			rows := readExpected(t, filepath.Join(dir, "treaties", key+".csv"))
			if len(got) != len(rows) {
				t.Errorf("%d States with a status, table has %d rows", len(got), len(rows))
			}
			parties := 0
			for _, e := range rows {
				c, ok := geo.Match(e.name)
				code := c.Alpha3
				if !ok {
					code, _, ok = GeoResolver(e.name)
				}
				if !ok {
					t.Errorf("cannot resolve %q", e.name)
					continue
				}
				g, ok := got[code]
				if !ok {
					t.Errorf("%s (%s): no status computed", e.name, code)
					continue
				}
				if g.Status != e.status || g.Action != e.kind || !g.ActionDate.Equal(e.date) {
					t.Errorf("%s: got %s/%s/%s, table says %s/%s/%s", e.name,
						g.Status, g.Action, FormatISODate(g.ActionDate), e.status, e.kind, FormatISODate(e.date))
				}
				if e.status == StatusParty {
					parties++
				}
			}
			if parties != nParties {
				t.Errorf("parties = %d, notes say %d", parties, nParties)
			}
		})
	}
}

// TestRefugeeConventionActionMix checks the 1951 Convention's mix of action
// types against shared/notes/law-and-policy.md: 97 a, 29 d, 19 ratifications.
func TestRefugeeConventionActionMix(t *testing.T) {
	s, _ := loadSnap(t)
	tr, _ := s.Treaty("V-2")
	n := map[Kind]int{}
	for _, st := range StatusOn(tr.Actions, tr.AsOf) {
		n[st.Action]++
	}
	if n[Accession] != 97 || n[Succession] != 29 || n[Ratification] != 19 {
		t.Errorf("action mix = %v, want 97 accession, 29 succession, 19 ratification", n)
	}
}

// TestEntryIntoForceFromData recomputes each treaty's entry into force from
// the n-th instrument in the table and the treaty's own clause, and compares
// it with the date the UNTC publishes (held in EntryIntoForceRules and
// cited there). Successions are not instruments of ratification or
// accession and are left out.
func TestEntryIntoForceFromData(t *testing.T) {
	s, _ := loadSnap(t)
	cases := []struct {
		key  string
		nth  int
		eif  func(time.Time) time.Time
		want string // UNTC "Entry into force"
	}{
		{"V-2", 6, func(d time.Time) time.Time { return d.AddDate(0, 0, 90) }, "1954-04-22"},                                          // art. 43(1)
		{"V-5", 6, func(d time.Time) time.Time { return d }, "1967-10-04"},                                                            // art. VIII(1)
		{"IV-13", 20, func(d time.Time) time.Time { return time.Date(d.Year(), d.Month()+4, 1, 0, 0, 0, 0, time.UTC) }, "2003-07-01"}, // art. 87(1)
		{"XVIII-12", 40, func(d time.Time) time.Time { return d.AddDate(0, 0, 90) }, "2003-09-29"},                                    // art. 38(1)
		{"XVIII-12-a", 40, func(d time.Time) time.Time { return d.AddDate(0, 0, 90) }, "2003-12-25"},                                  // art. 17(1)
		{"XVIII-12-b", 40, func(d time.Time) time.Time { return d.AddDate(0, 0, 90) }, "2004-01-28"},                                  // art. 22(1)
	}
	for _, c := range cases {
		tr, err := s.Treaty(c.key)
		if err != nil {
			t.Fatal(err)
		}
		var deposits []time.Time
		for _, a := range tr.Actions {
			if a.Kind.IsConsent() && a.Kind != Succession && a.State != "EUU" {
				deposits = append(deposits, a.ActionDate)
			}
		}
		sortTimes(deposits)
		got := c.eif(deposits[c.nth-1])
		if FormatISODate(got) != c.want {
			t.Errorf("%s: %d-th instrument %s gives entry into force %s, UNTC says %s",
				c.key, c.nth, FormatISODate(deposits[c.nth-1]), FormatISODate(got), c.want)
		}
		if r := EntryIntoForceRules[c.key]; FormatISODate(r.EntryIntoForce) != c.want {
			t.Errorf("%s: rule entry into force %s, want %s", c.key, FormatISODate(r.EntryIntoForce), c.want)
		}
	}
}

func sortTimes(ts []time.Time) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].Before(ts[j-1]); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}

// TestHistoricalSpotChecks checks status on past dates against facts from
// the UNTC tables and general references (cited per case).
func TestHistoricalSpotChecks(t *testing.T) {
	s, _ := loadSnap(t)
	cases := []struct {
		treaty, on, state string
		status            Status // "" = absent
		action            Kind
		actionDate        string
		effective         string
		why               string
	}{
		{"V-2", "1960-01-01", "ITA", StatusParty, Ratification, "1954-11-15", "1955-02-13",
			"Italy ratified 15 Nov 1954; art. 43(2): 90th day after deposit = 13 Feb 1955"},
		{"V-2", "1954-01-01", "ITA", StatusSignatory, Signature, "1952-07-23", "", "Italy signed 23 Jul 1952, ratified later"},
		{"V-2", "1952-01-01", "ITA", "", "", "", "", "Italy had not signed yet"},
		{"V-2", "1953-11-30", "DEU", StatusSignatory, Signature, "1951-11-19", "", "Germany signed 19 Nov 1951, ratified 1 Dec 1953"},
		{"V-2", "1953-12-01", "DEU", StatusParty, Ratification, "1953-12-01", "1954-04-22",
			"ratification before the Convention's entry into force takes effect on 22 Apr 1954 (art. 43(1))"},
		{"V-2", "1969-06-03", "CAN", "", "", "", "", "Canada acceded 4 Jun 1969"},
		{"V-2", "1969-06-04", "CAN", StatusParty, Accession, "1969-06-04", "1969-09-02", "accession + 90 days"},
		{"V-2", "2013-07-06", "USA", "", "", "", "", "the United States is party to the 1967 Protocol only"},
		{"V-5", "2013-07-06", "USA", StatusParty, Accession, "1968-11-01", "1968-11-01",
			"US accession to the Protocol 1 Nov 1968; art. VIII(2): in force on deposit"},
		{"V-5", "2013-07-06", "MDG", "", "", "", "", "Madagascar is party to the Convention only"},
		{"V-2", "2013-07-06", "MDG", StatusParty, Accession, "1967-12-18", "1968-03-17", "Madagascar acceded 18 Dec 1967"},
		{"V-5", "2013-07-06", "KNA", "", "", "", "", "St Kitts and Nevis is party to the Convention only"},
		{"V-2", "2005-01-01", "SRB", StatusParty, Succession, "2001-03-12", "",
			"Serbia (then FR Yugoslavia) notified succession 12 Mar 2001; effective date not in the table"},
		{"IV-13", "1995-01-01", "MEX", StatusSignatory, Signature, "1991-05-22", "", "Mexico signed 22 May 1991, ratified 8 Mar 1999"},
		{"IV-13", "2003-06-01", "MEX", StatusParty, Ratification, "1999-03-08", "2003-07-01",
			"ICMW entered into force 1 Jul 2003 (art. 87(1))"},
		{"IV-13", "2014-01-01", "MNE", StatusSignatory, SuccessionToSignature, "2006-10-23", "",
			"Montenegro succeeded to the signature of Serbia and Montenegro"},
		{"IV-13", "2014-01-01", "MOZ", StatusParty, Ratification, "2013-08-19", "2013-12-01",
			"Mozambique ratified 19 Aug 2013: art. 87(2) first day of the month after three months"},
		{"XVIII-12-a", "2004-01-01", "FRA", StatusParty, Ratification, "2002-10-29", "2003-12-25", "France ratified before entry into force"},
		{"XVIII-12-a", "2006-06-13", "DEU", StatusSignatory, Signature, "2000-12-12", "",
			"Germany signed 12 Dec 2000 and ratified 14 Jun 2006"},
		{"XVIII-12-a", "2006-06-14", "DEU", StatusParty, Ratification, "2006-06-14", "2006-07-14",
			"art. 17(2): 30th day after deposit"},
	}
	for _, c := range cases {
		tr, err := s.Treaty(c.treaty)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := byState(StatusOn(tr.Actions, day(c.on)))[c.state]
		if c.status == "" {
			if ok {
				t.Errorf("%s %s on %s: got %s, want no status (%s)", c.treaty, c.state, c.on, got.Status, c.why)
			}
			continue
		}
		if !ok {
			t.Errorf("%s %s on %s: no status, want %s (%s)", c.treaty, c.state, c.on, c.status, c.why)
			continue
		}
		if got.Status != c.status || got.Action != c.action || FormatISODate(got.ActionDate) != c.actionDate || FormatISODate(got.EffectiveDate) != c.effective {
			t.Errorf("%s %s on %s: got %s/%s/%s/%q, want %s/%s/%s/%q (%s)", c.treaty, c.state, c.on,
				got.Status, got.Action, FormatISODate(got.ActionDate), FormatISODate(got.EffectiveDate),
				c.status, c.action, c.actionDate, c.effective, c.why)
		}
	}
}

// TestRefugeeConventionInForceForSixOnEntryIntoForce: art. 43(1) brings the
// Convention into force on 22 Apr 1954 for the six States whose instruments
// were then deposited 90 days or more; counting by effective date must give
// exactly those six.
func TestRefugeeConventionInForceForSixOnEntryIntoForce(t *testing.T) {
	s, _ := loadSnap(t)
	tr, _ := s.Treaty("V-2")
	var in []string
	for _, st := range StatusOnWith(tr.Actions, day("1954-04-22"), ByEffectiveDate) {
		if st.Status == StatusParty {
			in = append(in, st.State)
		}
	}
	want := "AUS BEL DEU DNK LUX NOR"
	if strings.Join(in, " ") != want {
		t.Errorf("in force on 1954-04-22 for %v, want %s", in, want)
	}
}

// TestICMWAgainst2022 cross-checks the 2014 ICMW table with the 2022
// hr-treaty-status data: for States whose status did not change between the
// two vintages, status and year must agree; States whose status changed must
// have changed after the snapshot.
func TestICMWAgainst2022(t *testing.T) {
	s, _ := loadSnap(t)
	tr, _ := s.Treaty("IV-13")
	snapStatus := byState(StatusOn(tr.Actions, day("2022-08-25"))) // hr vintage: commit 2022-08-25
	path := testutil.SharedData(t, "hr-treaty-status-2022", "hr_status_icmw.csv")
	recs := readCSVFile(t, path)
	compared, changed := 0, 0
	hrParties := 0
	seen := map[string]bool{}
	for _, rec := range recs[1:] {
		iso2, member, party, year, signatory := rec[0], rec[1], rec[2] == "1", rec[3], rec[4] == "1"
		c, ok := geo.ByCode(iso2)
		if !ok {
			c, ok = geo.Match(member)
		}
		if !ok {
			t.Errorf("hr data: cannot resolve %s %q", iso2, member)
			continue
		}
		seen[c.Alpha3] = true
		if party {
			hrParties++
		}
		got, inSnap := snapStatus[c.Alpha3]
		switch {
		case party && (!inSnap || got.Status != StatusParty):
			// Became a party after the snapshot: the 2022 year must be later
			// than the snapshot's vintage.
			changed++
			if year <= tr.AsOf.Format("2006") && year != "" {
				t.Errorf("%s: party since %s in 2022 data but %v in the %s snapshot", member, year, got.Status, FormatISODate(tr.AsOf))
			}
		case signatory && !inSnap:
			changed++ // signed after the snapshot
		case party:
			compared++
			if y := got.ActionDate.Format("2006"); y != year {
				t.Errorf("%s: party since %s (2022 data) but %s in snapshot", member, year, y)
			}
		case signatory:
			compared++
			if got.Status != StatusSignatory {
				t.Errorf("%s: signatory in 2022 data, %s in snapshot", member, got.Status)
			}
		default: // no action
			compared++
			if inSnap {
				t.Errorf("%s: no action in 2022 data, %s in snapshot", member, got.Status)
			}
		}
	}
	for code := range snapStatus {
		if !seen[code] {
			t.Errorf("%s has a status in the snapshot but is not in the 2022 data", code)
		}
	}
	// SOURCE.md of hr-treaty-status-2022: 57 ICMW parties.
	if hrParties != 57 {
		t.Errorf("2022 data has %d parties, SOURCE.md says 57", hrParties)
	}
	t.Logf("compared %d unchanged States, %d changed between vintages", compared, changed)
	if compared < 150 {
		t.Errorf("only %d States compared", compared)
	}
}

func TestDeclarations(t *testing.T) {
	s, _ := loadSnap(t)
	tr, _ := s.Treaty("V-2")
	if len(tr.Declarations) == 0 {
		t.Fatal("no declarations for V-2")
	}
	find := func(tr *Treaty, code string) *Declaration {
		for i := range tr.Declarations {
			if tr.Declarations[i].State == code {
				return &tr.Declarations[i]
			}
		}
		return nil
	}
	// Angola's text names articles 7, 13, 15, 18, 24, then 8, 9, then 17.
	ago := find(tr, "AGO")
	if ago == nil {
		t.Fatal("no Angola block")
	}
	if got := strings.Join(ago.Articles, ","); got != "7,13,15,18,24,8,9,17" {
		t.Errorf("Angola articles = %s", got)
	}
	if ago.Kind != KindReservation {
		t.Errorf("Angola kind = %s, want reservation (text says \"reservations\")", ago.Kind)
	}
	// Australia's block is empty in the snapshot: no record.
	if find(tr, "AUS") != nil {
		t.Error("empty Australia block gave a record")
	}
	// Brazil cites "Article 199 of the Brazilian Constitutional Amendment":
	// national law, not the Convention.
	if bra := find(tr, "BRA"); bra == nil {
		t.Error("no Brazil block")
	} else {
		for _, a := range bra.Articles {
			if a == "199" {
				t.Errorf("Brazil articles %v include national-law article 199", bra.Articles)
			}
		}
	}
	// Every block header resolved and records carry a Source.
	for _, d := range tr.Declarations {
		if d.State == "" || !strings.HasPrefix(d.Source, SourcePrefix+"declarations/5-2.txt:") {
			t.Errorf("bad record %+v", d)
		}
	}
	// ICMW (IV-13): Uganda on article 18.
	icmw, _ := s.Treaty("IV-13")
	if uga := find(icmw, "UGA"); uga == nil || strings.Join(uga.Articles, ",") != "18" {
		t.Errorf("Uganda ICMW declaration = %+v, want articles [18]", uga)
	}
}

func TestSnapshotIndex(t *testing.T) {
	s, _ := loadSnap(t)
	if len(s.Instruments) != 401 {
		t.Errorf("%d index entries, want 401 (index.csv has 401 data rows)", len(s.Instruments))
	}
	if len(s.Treaties) != 35 {
		t.Errorf("%d treaties with tables, want 35", len(s.Treaties))
	}
	for id, want := range map[string]string{"V-2": "5-2", "xviii-12-a": "18-12-a", "18,12.b": "18-12-b", "XI-A-1": "11-1"} {
		in, ok := s.Instrument(id)
		if !ok || in.Key != want {
			t.Errorf("Instrument(%q) = %+v, %v", id, in, ok)
		}
	}
	if in, _ := s.Instrument("11-1"); in.ID != "XI-A-1" {
		t.Errorf("11-1 ID = %q, want XI-A-1 (from the index URL)", in.ID)
	}
	if in, _ := s.Instrument("IV-13"); !strings.Contains(in.Name, "Migrant Workers") {
		t.Errorf("IV-13 name = %q", in.Name)
	}
}

// TestBadInput checks that bad snapshot files give errors naming the file,
// row and column.
func TestBadInput(t *testing.T) {
	cases := []struct {
		dir, file string
		row, col  int
		msg       string
	}{
		{"bad-date", "treaties/5-2.csv", 3, 3, "no such day"},
		{"bad-date-format", "treaties/5-2.csv", 2, 2, "malformed date"},
		{"bad-suffix", "treaties/5-2.csv", 4, 3, "unknown action-type suffix"},
		{"undeclared-suffix", "treaties/5-2.csv", 3, 3, "not one the column header declares"},
		{"bad-state", "treaties/5-2.csv", 3, 1, "unknown State name"},
		{"bad-header", "treaties/5-2.csv", 1, 3, "unknown action label"},
		{"bad-decl-state", "declarations/5-2.txt", 4, 1, "unknown State name"},
	}
	for _, c := range cases {
		t.Run(c.dir, func(t *testing.T) {
			_, err := LoadSnapshot(filepath.Join("testdata", c.dir))
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want *InputError", err)
			}
			if ie.File != c.file || ie.Row != c.row || ie.Column != c.col || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("got %q (file %s row %d col %d), want file %s row %d col %d containing %q",
					err, ie.File, ie.Row, ie.Column, c.file, c.row, c.col, c.msg)
			}
			for _, part := range []string{c.file, "row", "column"} {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("message %q lacks %q", err, part)
				}
			}
		})
	}
}
