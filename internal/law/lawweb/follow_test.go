package lawweb_test

import (
	"context"
	"encoding/xml"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/law/lawdb"
	"corridor/internal/web/webtest"
)

// atom is what RFC 4287 requires of a feed and its entries.
type atom struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Author  []struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Links []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Summary string `xml:"summary"`
		Link    []struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func parseAtom(t *testing.T, name, body string) atom {
	t.Helper()
	var f atom
	if err := xml.Unmarshal([]byte(body), &f); err != nil {
		t.Fatalf("%s: not an Atom feed: %v\n%.300s", name, err, body)
	}
	isTime := func(s string) bool { _, err := time.Parse(time.RFC3339, s); return err == nil }
	isIRI := func(s string) bool { u, err := url.Parse(s); return err == nil && u.Scheme != "" }
	if !isIRI(f.ID) || f.Title == "" || !isTime(f.Updated) || len(f.Author) == 0 || f.Author[0].Name == "" {
		t.Errorf("%s: feed id %q, title %q, updated %q, author %v: a required element is missing or malformed", name, f.ID, f.Title, f.Updated, f.Author)
	}
	self := false
	for _, l := range f.Links {
		self = self || l.Rel == "self" && isIRI(l.Href)
	}
	if !self {
		t.Errorf("%s: no rel=self link", name)
	}
	ids := map[string]bool{}
	for _, e := range f.Entries {
		if !isIRI(e.ID) || ids[e.ID] || e.Title == "" || !isTime(e.Updated) || e.Summary == "" || len(e.Link) == 0 || !isIRI(e.Link[0].Href) {
			t.Errorf("%s: bad entry %+v", name, e)
		}
		ids[e.ID] = true
	}
	return f
}

var feedHref = regexp.MustCompile(`href="(/law/feeds/[A-Za-z0-9_-]+\.atom)"`)

func TestFollowPagesAndFeeds(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a, base := openSite(t, engine)
			ctx := context.Background()
			u, err := a.Accounts.Create(ctx, accounts.NewUser{Email: "follower@example.org", Name: "Follower", Password: "password-follower", Role: accounts.RoleMember, Lang: "fr"}, accounts.StatusActive)
			if err != nil {
				t.Fatal(err)
			}
			c := webtest.SignedIn(t, base, a.Accounts, u)

			// Follow buttons on the instrument, country and topic pages.
			for _, p := range []string{"/law/instruments/V-5", "/law/countries/NLD", "/law?topic=refugees-statelessness"} {
				resp, body := c.Get(p)
				if resp.StatusCode != 200 || !strings.Contains(body, `action="/law/following"`) {
					t.Errorf("%s: %d, no follow button", p, resp.StatusCode)
				}
			}
			for _, f := range []url.Values{
				{"kind": {"instrument"}, "target": {"V-5"}, "next": {"/law/instruments/V-5"}},
				{"kind": {"country"}, "target": {"NLD"}, "next": {"https://evil.example/"}},
				{"kind": {"topic"}, "target": {"labour-migration"}},
			} {
				resp, _ := c.Post("/law/following", f)
				if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/law") {
					t.Errorf("follow %v: %d to %q", f, resp.StatusCode, resp.Header.Get("Location"))
				}
			}
			if resp, body := c.Get("/law/instruments/V-5"); resp.StatusCode != 200 || !strings.Contains(body, `action="/law/following/remove"`) {
				t.Error("the instrument page does not offer to unfollow")
			}
			resp, _ := c.Post("/law/following", url.Values{"kind": {"country"}, "target": {"XXX"}})
			if resp.StatusCode != 422 {
				t.Errorf("following an unknown country: %d, want 422", resp.StatusCode)
			}

			// A legal officer's form adds an action: an event in the same transaction.
			store := a.Law
			if _, err := store.AddAction(ctx, lawdb.NewAction{Instrument: "V-5", State: "FRA", Kind: "signature", ActionDate: "1967-02-01"}); err != nil {
				t.Fatal(err)
			}

			// The following page lists the follows and makes a feed address.
			resp, body := c.Get("/law/following")
			if resp.StatusCode != 200 || !strings.Contains(body, "NLD") || !strings.Contains(body, "labour-migration") || !strings.Contains(body, "V-5\u00a0: 1 acte conventionnel\u00a0: FRA Signature 1967-02-01") {
				t.Fatalf("following page: %d\n%.2000s", resp.StatusCode, body)
			}
			if m := rawKey.FindString(body); m != "" {
				t.Errorf("following page has an untranslated key %q", m)
			}
			c.Post("/law/following/feed-token", nil)
			_, body = c.Get("/law/following")
			m := feedHref.FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("no feed address on the following page")
			}
			anon := webtest.NewClient(t, base)
			resp, feed := anon.Get(m[1])
			if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
				t.Fatalf("personal feed: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			f := parseAtom(t, "personal feed", feed)
			if len(f.Entries) == 0 || !strings.Contains(feed, "V-5\u00a0: 1 acte conventionnel\u00a0: FRA Signature 1967-02-01") {
				t.Errorf("personal feed lacks the new action:\n%.1500s", feed)
			}

			for _, p := range []string{"/law/instruments/V-5/feed.atom", "/law/instruments/5-5/feed.atom", "/law/countries/FRA/feed.atom", "/law/countries/JPN/feed.atom"} {
				resp, body := anon.Get(p)
				if resp.StatusCode != 200 {
					t.Errorf("%s: %d", p, resp.StatusCode)
					continue
				}
				f := parseAtom(t, p, body)
				if strings.Contains(p, "V-5") || strings.Contains(p, "FRA") {
					if len(f.Entries) == 0 || !strings.Contains(body, "FRA Signature 1967-02-01") {
						t.Errorf("%s lacks the new action", p)
					}
				}
			}
			for _, p := range []string{"/law/instruments/NOPE/feed.atom", "/law/countries/XXX/feed.atom", "/law/feeds/not-a-token.atom", "/law/feeds/x"} {
				if resp, _ := anon.Get(p); resp.StatusCode != 404 {
					t.Errorf("%s: %d, want 404", p, resp.StatusCode)
				}
			}

			// Bulk export.
			for p, ct := range map[string]string{"/law/export/instruments.csv": "text/csv", "/law/export/actions.csv": "text/csv", "/law/export/policy.json": "application/json",
				"/law/export/actions.json": "application/json", "/law/export/instruments.json": "application/json", "/law/export/policy.csv": "text/csv"} {
				resp, body := anon.Get(p)
				if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), ct) || len(body) < 100 {
					t.Errorf("%s: %d %s %d bytes", p, resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
				}
			}
			for _, p := range []string{"/law/export/people.csv", "/law/export/actions.xml", "/law/export/actions"} {
				if resp, _ := anon.Get(p); resp.StatusCode != 404 {
					t.Errorf("%s: %d, want 404", p, resp.StatusCode)
				}
			}

			// Revoked: the address stops working.
			c.Post("/law/following/feed-token/revoke", nil)
			if resp, _ := anon.Get(m[1]); resp.StatusCode != 404 {
				t.Errorf("revoked feed: %d, want 404", resp.StatusCode)
			}

			// Unfollow from the following page.
			c.Post("/law/following/remove", url.Values{"kind": {"country"}, "target": {"NLD"}})
			if fs, _ := store.Follows(ctx, u.ID); len(fs) != 2 {
				t.Errorf("after unfollowing: %v", fs)
			}

			// An admin sends the digest now: a job that mails the follower.
			admin, err := a.Accounts.Create(ctx, accounts.NewUser{Email: "boss@example.org", Name: "Boss", Password: "password-boss", Role: accounts.RoleAdmin}, accounts.StatusActive)
			if err != nil {
				t.Fatal(err)
			}
			ac := webtest.SignedIn(t, base, a.Accounts, admin)
			if resp, _ := ac.Post("/law/digest", nil); resp.StatusCode != 303 {
				t.Fatalf("trigger digest: %d", resp.StatusCode)
			}
			if resp, _ := c.Post("/law/digest", nil); resp.StatusCode != 403 {
				t.Errorf("a member triggered the digest: %d", resp.StatusCode)
			}
			for {
				ran, err := a.Jobs.RunOne(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if !ran {
					break
				}
			}
			var n int
			var subject string
			a.DB.QueryRow(`SELECT COUNT(*), MAX(subject) FROM mail_outbox WHERE to_addr = 'follower@example.org'`).Scan(&n, &subject)
			if n != 1 || !strings.HasPrefix(subject, "Corridor\u00a0: 1 changement") {
				t.Errorf("follower's digests: %d, subject %q", n, subject)
			}
		})
	}
}

// TestStatusMap checks the status page's world map: parties, signatories
// and withdrawn States as classes, by ISO numeric code.
func TestStatusMap(t *testing.T) {
	_, base := openSite(t, db.SQLite)
	resp, body := get(t, base+"/law/instruments/V-2/status?on=1953-01-01", "fr")
	if resp.StatusCode != 200 {
		t.Fatalf("status page: %d", resp.StatusCode)
	}
	for _, want := range []string{`role="img"`, `data-iso="380" data-value="2" fill="#56B4E9"`, `data-iso="208" data-value="3" fill="#0072B2"`, "<title>Italie: Signataire</title>"} {
		if !strings.Contains(body, want) {
			t.Errorf("status map lacks %q", want)
		}
	}
	// the SVG legend names the statuses in the page's language, not class numbers
	legend := body[strings.Index(body, `<g class="legend"`):]
	legend = legend[:strings.Index(legend, "</g>")]
	for _, want := range []string{">Retiré<", ">Signataire<", ">Partie<", ">Pas de données<"} {
		if !strings.Contains(legend, want) {
			t.Errorf("SVG legend lacks %q: %s", want, legend)
		}
	}
	if strings.Contains(legend, "–") {
		t.Errorf("SVG legend shows value ranges: %s", legend)
	}
	if strings.Contains(body, "<style") || strings.Contains(body, "style=") {
		t.Error("the map has inline styles (the CSP forbids them)")
	}
}
