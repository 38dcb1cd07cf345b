package credentials

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestMetRules(t *testing.T) {
	done := []Completion{
		{CourseID: 1, CompletedAt: day("2026-03-01"), Grade: 90},
		{CourseID: 2, CompletedAt: day("2026-04-01"), Grade: 60},
	}
	att := []SessionAttendance{{SessionID: 7, Ends: day("2026-05-12")}}
	items := []string{"learning:course:1", "learning:course:2", "learning:session:7"}
	cases := []struct {
		name string
		p    Programme
		met  bool
		at   time.Time
	}{
		{"all of three, met at the last", Programme{Items: items, Rule: RuleAll}, true, day("2026-05-12")},
		{"all with a grade of 70: course 2 too low", Programme{Items: items, Rule: RuleAll, MinGrade: 70}, false, time.Time{}},
		{"2 of 3 with a grade of 70: course 1 and the session", Programme{Items: items, Rule: RuleN, RuleN: 2, MinGrade: 70}, true, day("2026-05-12")},
		{"2 of 3: met at the second earliest", Programme{Items: items, Rule: RuleN, RuleN: 2}, true, day("2026-04-01")},
		{"period ends before the session", Programme{Items: items, Rule: RuleAll, PeriodTo: day("2026-04-30").Unix()}, false, time.Time{}},
		{"period from March 15: only 2 items inside", Programme{Items: items, Rule: RuleN, RuleN: 2, PeriodFrom: day("2026-03-15").Unix()}, true, day("2026-05-12")},
		{"an item never done", Programme{Items: []string{"learning:course:1", "learning:session:8"}, Rule: RuleAll}, false, time.Time{}},
	}
	for _, c := range cases {
		met, at := Met(c.p, done, att)
		if met != c.met || (met && at != c.at.Unix()) {
			t.Errorf("%s: got %v at %v, want %v at %v", c.name, met, time.Unix(at, 0).UTC(), c.met, c.at)
		}
	}
}

func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c := NewCode()
		if len(c) != 14 || NormalizeCode(c) != c || seen[c] {
			t.Fatalf("bad or repeated code %q", c)
		}
		seen[c] = true
	}
	if got := NormalizeCode("abcd efgh jkmo"); got != "ABCD-EFGH-JKM0" {
		t.Errorf("typed code read as %q", got)
	}
	for _, bad := range []string{"", "ABCD-EFGH", "ABCD-EFGH-JKMU", "<script>alert(1)</script>", strings.Repeat("A", 5000)} {
		if NormalizeCode(bad) != "" {
			t.Errorf("%q accepted as a code", bad)
		}
	}
}

// fakeProgress is the learning domain as the rule engine sees it.
type fakeProgress struct {
	done     map[int64][]Completion
	attended map[int64][]SessionAttendance
}

func (f fakeProgress) Completions(_ context.Context, u int64) ([]Completion, error) {
	return f.done[u], nil
}
func (f fakeProgress) AttendedSessions(_ context.Context, u int64) ([]SessionAttendance, error) {
	return f.attended[u], nil
}

func addUser(t testing.TB, d *db.DB, email, name string) int64 {
	t.Helper()
	var id int64
	err := d.QueryRowContext(context.Background(), `INSERT INTO users (email, name, password_hash, role, status, created_at, updated_at) VALUES ($1, $2, 'x', 'member', 'active', 0, 0) RETURNING id`, email, name).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestIssueSweepRevoke(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		fp := fakeProgress{done: map[int64][]Completion{}, attended: map[int64][]SessionAttendance{}}
		s := New(d, fp, "Institute")
		s.Now = func() time.Time { return day("2026-06-01") }
		p, err := s.CreateProgramme(ctx, Programme{Titles: map[string]string{"en": "Migration law", "fr": "Droit des migrations"},
			Items: []string{"learning:course:1", "learning:session:7"}, Rule: RuleAll, ValidityMonths: 24, Auto: true}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateProgramme(ctx, Programme{Titles: map[string]string{"en": "x"}, Items: []string{"learning:quiz:1"}}, 0); err == nil {
			t.Error("a quiz item was accepted")
		}
		minh := addUser(t, d, "minh@example.org", "Nguyễn Thị Minh Khai")
		other := addUser(t, d, "o@example.org", "Other")
		fp.done[minh] = []Completion{{CourseID: 1, CompletedAt: day("2026-03-01"), Grade: 80}}
		fp.done[other] = []Completion{{CourseID: 1, CompletedAt: day("2026-03-01"), Grade: 80}}
		if n, err := s.Sweep(ctx); err != nil || n != 0 {
			t.Fatalf("sweep before the session: %d, %v", n, err)
		}
		fp.attended[minh] = []SessionAttendance{{SessionID: 7, Ends: day("2026-05-12")}}
		if n, err := s.Sweep(ctx); err != nil || n != 1 {
			t.Fatalf("sweep: %d, %v", n, err)
		}
		if n, err := s.Sweep(ctx); err != nil || n != 0 {
			t.Fatalf("second sweep issued %d, %v", n, err)
		}
		mine, _ := s.ForUser(ctx, minh)
		if len(mine) != 1 || mine[0].LearnerName != "Nguyễn Thị Minh Khai" || mine[0].CompletedAt != day("2026-05-12").Unix() || mine[0].Method != "auto" {
			t.Fatalf("certificates: %+v", mine)
		}
		c := mine[0]
		if c.ExpiresAt != day("2028-06-01").Unix() {
			t.Errorf("expires %v, want two years after issue", time.Unix(c.ExpiresAt, 0).UTC())
		}
		if _, err := s.IssueManual(ctx, p.ID, minh); !errors.Is(err, ErrAlreadyIssued) {
			t.Errorf("second issue: %v", err)
		}
		if mine, _ := s.ForUser(ctx, minh); len(mine) != 1 {
			t.Errorf("second issue changed something: %d certificates", len(mine))
		}
		got, err := s.ByCode(ctx, strings.ToLower(c.Code))
		if err != nil || got.ID != c.ID || got.StatusAt(s.now()) != Valid {
			t.Fatalf("by code: %+v %v", got, err)
		}
		if got.StatusAt(day("2028-06-02").Unix()) != Expired {
			t.Error("not expired after its validity")
		}
		if _, err := s.Revoke(ctx, c.Code, " "); err == nil {
			t.Error("revoked without a reason")
		}
		if _, err := s.Revoke(ctx, c.Code, "issued in error"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Revoke(ctx, c.Code, "again"); !errors.Is(err, ErrRevoked) {
			t.Errorf("second revoke: %v", err)
		}
		got, _ = s.ByCode(ctx, c.Code)
		if got.StatusAt(s.now()) != Revoked || got.RevokeReason != "issued in error" {
			t.Errorf("after revoke: %+v", got)
		}
		var audits int
		d.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action LIKE 'credentials.certificate.%'`).Scan(&audits)
		if audits != 2 {
			t.Errorf("%d audit entries for issue and revoke, want 2", audits)
		}
		if _, err := s.ByCode(ctx, "ZZZZ-ZZZZ-ZZZZ"); !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown code: %v", err)
		}
	})
}

// TestPDFShowsEveryName reads the PDF back with poppler's pdftotext: the
// names must come out as written, accents and Vietnamese included.
func TestPDFShowsEveryName(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	s := New(nil, nil, "Institute for Migration Studies")
	names := []string{"Nguyễn Thị Minh Khai", "Jürgen Müller", "María Ñúñez", "Ελένη Παπαδοπούλου", "Добрыня Никитич"}
	for _, name := range names {
		c := Certificate{Code: "ABCD-EFGH-JKMN", LearnerName: name, ProgrammeTitle: "Droit international des migrations — Genève", IssuedAt: day("2026-06-01").Unix(), ExpiresAt: day("2028-06-01").Unix()}
		pdf, err := s.PDF(c, "https://corridor.example/verify/ABCD-EFGH-JKMN", EnglishPDFText)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "c.pdf")
		os.WriteFile(path, pdf, 0o600)
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := string(out)
		for _, want := range []string{name, "Droit international des migrations — Genève", "ABCD-EFGH-JKMN", "https://corridor.example/verify/ABCD-EFGH-JKMN", "Valid until 1 June 2028"} {
			if !strings.Contains(text, want) {
				t.Errorf("pdftotext lost %q in:\n%s", want, text)
			}
		}
	}
}
