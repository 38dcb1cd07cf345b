package app

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/credentials"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/learning"
	"corridor/internal/web/webtest"
)

// TestProgrammePages: a trainer creates a programme with the form (bad
// input refused with its fields named and nothing stored), edits it to
// add a French title, and issues a certificate by hand by e-mail; the
// learner then reads the French title in French and the issued English
// title in English and Spanish (no Spanish title), on the list, the
// verification page and the PDF.
func TestProgrammePages(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) { testProgrammePages(t, engine) })
	}
}

func testProgrammePages(t *testing.T, engine db.Engine) {
	a := openTestApp(t, engine)
	ctx := context.Background()
	starts := time.Date(2026, 3, 8, 9, 0, 0, 0, time.UTC)
	x, err := a.Learning.CreateSession(ctx, learning.SessionInput{Title: "International Migration Law, 8 March", Starts: starts, Ends: starts.Add(7 * time.Hour),
		TZ: "Europe/Zurich", Venue: "Palais des Nations", Capacity: 20}, a.Users[accounts.RoleTrainer].ID)
	if err != nil {
		t.Fatal(err)
	}
	item := fmt.Sprintf("learning:session:%d", x.ID)
	trainer := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleTrainer])
	resp, body := trainer.Get("/programmes/new")
	if resp.StatusCode != 200 || !strings.Contains(body, `value="`+item+`"`) || !strings.Contains(body, "International Migration Law, 8 March") {
		t.Fatalf("new programme form: %d, the session is not offered", resp.StatusCode)
	}

	resp, body = trainer.Post("/programmes", url.Values{"title_fr": {"Sans titre anglais"}, "min_grade": {"abc"}, "rule": {"n"}, "rule_n": {"3"}})
	if resp.StatusCode != 422 || !strings.Contains(body, "Give the programme an English title.") || !strings.Contains(body, "List at least one course or training session.") ||
		!strings.Contains(body, "The minimum grade is a percentage from 0 to 100.") || !strings.Contains(body, `value="Sans titre anglais"`) {
		t.Errorf("bad programme: %d, fields not named or input lost", resp.StatusCode)
	}
	if ps, _ := a.Credentials.Programmes(ctx, "en"); len(ps) != 0 {
		t.Fatalf("a refused form stored %d programmes", len(ps))
	}

	resp, body = trainer.Post("/programmes", url.Values{"title_en": {"Certificate in Migration Law"}, "description_en": {"One session."}, "item": {item},
		"rule": {"n"}, "rule_n": {"1"}, "min_grade": {"70"}, "period_from": {"2026-01-01"}, "period_to": {"2026-12-31"}, "validity_months": {"12"}})
	ps, _ := a.Credentials.Programmes(ctx, "en")
	if resp.StatusCode != 303 || len(ps) != 1 {
		t.Fatalf("create: %d, %d programmes", resp.StatusCode, len(ps))
	}
	p := ps[0]
	if loc := resp.Header.Get("Location"); !strings.HasSuffix(loc, fmt.Sprintf("/programmes/%d", p.ID)) {
		t.Errorf("create went to %s", loc)
	}
	_, body = trainer.Get(fmt.Sprintf("/programmes/%d", p.ID))
	want := credentials.Programme{Items: []string{item}, Rule: "n", RuleN: 1, MinGrade: 70, ValidityMonths: 12, Auto: false,
		PeriodFrom: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), PeriodTo: time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC).Unix()}
	if strings.Join(p.Items, ",") != item || p.Rule != want.Rule || p.RuleN != 1 || p.MinGrade != 70 || p.ValidityMonths != 12 || p.Auto ||
		p.PeriodFrom != want.PeriodFrom || p.PeriodTo != want.PeriodTo || p.Descriptions["en"] != "One session." {
		t.Errorf("stored %+v", p)
	}
	if !strings.Contains(body, `value="Certificate in Migration Law"`) || !strings.Contains(body, `value="2026-12-31"`) {
		t.Errorf("the edit form does not show the stored programme")
	}

	edit := url.Values{"title_en": {"Certificate in Migration Law"}, "title_fr": {"Certificat en droit des migrations"}, "item": {item},
		"rule": {"all"}, "min_grade": {"70"}, "validity_months": {"12"}, "auto": {"on"}}
	if resp, _ := trainer.Post(fmt.Sprintf("/programmes/%d", p.ID), edit); resp.StatusCode != 303 {
		t.Fatalf("edit: %d", resp.StatusCode)
	}
	p, _ = a.Credentials.Programme(ctx, p.ID, "fr")
	if p.Title != "Certificat en droit des migrations" || p.Rule != "all" || !p.Auto || p.PeriodFrom != 0 {
		t.Errorf("after edit %+v", p)
	}
	var audited int
	a.DB.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'credentials.programme.update' AND object_id = $1`, fmt.Sprint(p.ID)).Scan(&audited)
	if audited != 1 {
		t.Errorf("%d audit entries for the edit", audited)
	}

	issue := fmt.Sprintf("/programmes/%d/issue", p.ID)
	if resp, body := trainer.Post(issue, url.Values{"learner": {"nobody@corridor.test"}}); resp.StatusCode != 422 || !strings.Contains(body, "No account has this e-mail address.") {
		t.Errorf("issue to an unknown address: %d", resp.StatusCode)
	}
	member := a.Users[accounts.RoleMember]
	resp, _ = trainer.Post(issue, url.Values{"learner": {strings.ToUpper(member.Email)}})
	cs, _ := a.Credentials.ForUser(ctx, member.ID)
	if resp.StatusCode != 303 || len(cs) != 1 || cs[0].Method != "manual" || cs[0].ProgrammeTitle != "Certificate in Migration Law" {
		t.Fatalf("issue by hand: %d, %+v", resp.StatusCode, cs)
	}
	if loc := resp.Header.Get("Location"); !strings.HasSuffix(loc, "/verify/"+cs[0].Code) {
		t.Errorf("issue went to %s", loc)
	}
	if resp, body := trainer.Post(issue, url.Values{"learner": {member.Email}}); resp.StatusCode != 409 || !strings.Contains(body, "already has a certificate") {
		t.Errorf("second issue: %d", resp.StatusCode)
	}

	learner := webtest.SignedIn(t, a.URL, a.Accounts, member)
	for path, title := range map[string]string{
		"/fr/certificates": "Certificat en droit des migrations", "/en/certificates": "Certificate in Migration Law", "/es/certificates": "Certificate in Migration Law",
		"/fr/verify/" + cs[0].Code: "Certificat en droit des migrations", "/en/verify/" + cs[0].Code: "Certificate in Migration Law",
	} {
		resp, body := learner.Get(path)
		if resp.StatusCode != 200 || !strings.Contains(body, title) {
			t.Errorf("%s: %d, no %q", path, resp.StatusCode, title)
		}
	}
	if _, body := learner.Get("/fr/verify/" + cs[0].Code); !strings.Contains(body, "«\u00a0Certificate in Migration Law\u00a0»") {
		t.Errorf("the French verification page does not keep the issued title")
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		_, pdf := learner.Get("/fr/certificates/" + cs[0].Code + "/pdf")
		path := filepath.Join(t.TempDir(), "c.pdf")
		os.WriteFile(path, []byte(pdf), 0o600)
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
		if err != nil || !strings.Contains(string(out), "Certificat en droit des migrations") {
			t.Errorf("the French PDF does not name the French title: %v\n%s", err, out)
		}
	}
	for _, page := range []string{"/fr/account", "/fr/learning/dashboard"} {
		if _, body := learner.Get(page); !strings.Contains(body, `<a href="/fr/certificates" id="my-certificates">Mes certificats</a>`) &&
			!strings.Contains(body, `<a href="/certificates" id="my-certificates">Mes certificats</a>`) {
			t.Errorf("%s does not link to the learner's certificates", page)
		}
	}
	if resp, _ := learner.Get("/programmes"); resp.StatusCode != 403 {
		t.Errorf("a member opens the programmes: %d", resp.StatusCode)
	}
}
