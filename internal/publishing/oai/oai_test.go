package oai

import (
	"context"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"corridor/internal/testutil"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

// fakeRepo is an in-memory Repository: records kept in a slice and
// filtered the way the publishing domain's SQL will.
type fakeRepo struct {
	mu   sync.Mutex
	info Info
	sets []Set
	recs map[string]Record
}

func (f *fakeRepo) Identify(context.Context) (Info, error) { return f.info, nil }
func (f *fakeRepo) Sets(context.Context) ([]Set, error)    { return f.sets, nil }

func (f *fakeRepo) Record(_ context.Context, id string) (Record, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r, ok := f.recs[id]
	if !ok {
		return Record{}, ErrNotFound
	}
	return r, nil
}

func inSet(specs []string, set string) bool {
	for _, s := range specs {
		if s == set || strings.HasPrefix(s, set+":") {
			return true
		}
	}
	return false
}

func (f *fakeRepo) Records(_ context.Context, q Query) ([]Record, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Record
	for _, r := range f.recs {
		d := r.Datestamp
		if !q.From.IsZero() && d.Before(q.From) || !q.Until.IsZero() && d.After(q.Until) {
			continue
		}
		if q.Set != "" && !inSet(r.SetSpecs, q.Set) {
			continue
		}
		if q.After != nil && (d.Before(q.After.Datestamp) || d.Equal(q.After.Datestamp) && r.Identifier <= q.After.Identifier) {
			continue
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Datestamp.Equal(out[j].Datestamp) {
			return out[i].Datestamp.Before(out[j].Datestamp)
		}
		return out[i].Identifier < out[j].Identifier
	})
	if len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out, nil
}

func (f *fakeRepo) put(r Record) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.recs[r.Identifier] = r
}

var base = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// newFake holds 250 records across three sets (two series and a type),
// every tenth one deleted, several sharing a datestamp so the identifier
// breaks ties.
func newFake() *fakeRepo {
	f := &fakeRepo{
		info: Info{RepositoryName: "Corridor <research> & co", BaseURL: "http://corridor.example.org/oai",
			AdminEmails: []string{"oai@corridor.example.org"}, EarliestDatestamp: base},
		sets: []Set{
			{Spec: "series", Name: "Series"},
			{Spec: "series:migration-research-series", Name: "Migration Research Series"},
			{Spec: "series:policy-briefs", Name: "Policy briefs"},
			{Spec: "type:report", Name: "Reports"},
		},
		recs: map[string]Record{},
	}
	for i := 0; i < 250; i++ {
		sets := []string{"series:migration-research-series"}
		if i%3 == 1 {
			sets = []string{"series:policy-briefs"}
		} else if i%3 == 2 {
			sets = []string{"type:report"}
		}
		f.put(Record{
			Header: Header{
				Identifier: fmt.Sprintf("oai:corridor.example.org:pub-%03d", i),
				Datestamp:  base.Add(time.Duration(i/4) * time.Hour), // four per datestamp
				SetSpecs:   sets,
				Deleted:    i%10 == 9,
			},
			Metadata: DC{
				Title:       []Value{{Text: fmt.Sprintf("Remittances & <corridors> %d", i), Lang: "en"}, {Text: fmt.Sprintf("Envois de fonds « %d »", i), Lang: "fr"}},
				Creator:     []Value{{Text: "Doe, Jane"}},
				Subject:     []Value{{Text: "migration", Lang: "en"}},
				Description: []Value{{Text: "Line one\nline \"two\"\x01", Lang: "en"}},
				Publisher:   []Value{{Text: "Corridor Institute"}},
				Contributor: []Value{{Text: "Roe, Richard"}},
				Date:        []Value{{Text: "2025-06-30"}},
				Type:        []Value{{Text: "Text"}},
				Format:      []Value{{Text: "application/pdf"}},
				Identifier:  []Value{{Text: fmt.Sprintf("https://corridor.example.org/pub/%d?a=1&b=2", i)}},
				Source:      []Value{{Text: "Survey"}},
				Language:    []Value{{Text: "en"}},
				Relation:    []Value{{Text: "Migration Research Series No. 42"}},
				Coverage:    []Value{{Text: "Sénégal", Lang: "fr"}},
				Rights:      []Value{{Text: "https://creativecommons.org/licenses/by/4.0/"}, {Text: "bad lang", Lang: "not a tag!"}},
			},
		})
	}
	return f
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

func newHandler(f *fakeRepo, pageSize int) (http.Handler, *clock) {
	c := &clock{t: base.Add(30 * 24 * time.Hour)}
	return Handler(f, Options{Key: testKey, PageSize: pageSize, Now: c.now, TokenLifetime: time.Hour}), c
}

func get(t testing.TB, h http.Handler, query string) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/oai?"+query, nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET ?%s: HTTP %d, want 200 (OAI errors travel in the body)", query, rec.Code)
	}
	return rec.Body.String()
}

// parsed is the part of a response the tests look at.
type parsed struct {
	Request struct {
		Attrs []xml.Attr `xml:",any,attr"`
	} `xml:"request"`
	Errors []struct {
		Code string `xml:"code,attr"`
		Text string `xml:",chardata"`
	} `xml:"error"`
	Headers []Header2 `xml:"ListIdentifiers>header"`
	Records []struct {
		Header Header2 `xml:"header"`
		Titles []struct {
			Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
			Text string `xml:",chardata"`
		} `xml:"metadata>dc>title"`
	} `xml:"ListRecords>record"`
	Token *struct {
		Text   string `xml:",chardata"`
		Cursor string `xml:"cursor,attr"`
	} `xml:"ListIdentifiers>resumptionToken"`
	RecordsToken *struct {
		Text string `xml:",chardata"`
	} `xml:"ListRecords>resumptionToken"`
}

type Header2 struct {
	Status     string `xml:"status,attr"`
	Identifier string `xml:"identifier"`
	Datestamp  string `xml:"datestamp"`
}

func parse(t testing.TB, body string) parsed {
	t.Helper()
	var p parsed
	if err := xml.Unmarshal([]byte(body), &p); err != nil {
		t.Fatalf("response is not well-formed XML: %v\n%s", err, body)
	}
	return p
}

func errorCodes(p parsed) string {
	var codes []string
	for _, e := range p.Errors {
		codes = append(codes, e.Code)
	}
	return strings.Join(codes, ",")
}

// required turns a missing tool into a failure when CORRIDOR_E2E_REQUIRED=1
// and a loud skip otherwise.
func required(t *testing.T, msg string) {
	t.Helper()
	if os.Getenv("CORRIDOR_E2E_REQUIRED") == "1" {
		t.Fatal(msg + " — CORRIDOR_E2E_REQUIRED=1, so this is a failure")
	}
	t.Skip("SKIPPED: " + msg)
}

func schemaPath(t *testing.T) string {
	t.Helper()
	testutil.SharedData(t) // skips loudly when the shared folder is absent
	path := filepath.Join(filepath.Dir(testutil.SharedDataRoot()), "schemas", "oai-pmh", "validate-oai_dc.xsd")
	if _, err := os.Stat(path); err != nil {
		required(t, "OAI-PMH schemas not found: "+err.Error())
	}
	if _, err := exec.LookPath("xmllint"); err != nil {
		required(t, "xmllint not installed (Debian package libxml2-utils)")
	}
	return path
}

func validate(t *testing.T, schema, name, body string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "response.xml")
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("xmllint", "--noout", "--schema", schema, file).CombinedOutput()
	if err != nil {
		t.Errorf("%s: response fails the OAI-PMH/oai_dc schema: %v\n%s\n%s", name, err, out, body)
	}
}

func TestEveryResponseValidates(t *testing.T) {
	schema := schemaPath(t)
	f := newFake()
	h, _ := newHandler(f, 20)
	first := parse(t, get(t, h, "verb=ListIdentifiers&metadataPrefix=oai_dc"))
	if first.Token == nil {
		t.Fatal("first ListIdentifiers page has no resumption token")
	}
	tok := url.QueryEscape(first.Token.Text)
	cases := []struct {
		query, errs, contains string
		echoed                bool
	}{
		{"verb=Identify", "", "<deletedRecord>persistent</deletedRecord>", true},
		{"verb=ListMetadataFormats", "", "<metadataPrefix>oai_dc</metadataPrefix>", true},
		{"verb=ListMetadataFormats&identifier=oai:corridor.example.org:pub-009", "", "oai_dc", true},
		{"verb=ListMetadataFormats&identifier=oai:nope", "idDoesNotExist", "", true},
		{"verb=ListSets", "", "<setSpec>series:policy-briefs</setSpec>", true},
		{"verb=ListSets&resumptionToken=x", "badResumptionToken", "", true},
		{"verb=GetRecord&identifier=oai:corridor.example.org:pub-001&metadataPrefix=oai_dc", "", `<dc:title xml:lang="fr">`, true},
		{"verb=GetRecord&identifier=oai:corridor.example.org:pub-009&metadataPrefix=oai_dc", "", `<header status="deleted">`, true},
		{"verb=GetRecord&identifier=oai:x%20%3C%22%26%01&metadataPrefix=oai_dc", "idDoesNotExist", "", true},
		{"verb=GetRecord&identifier=oai:corridor.example.org:pub-001&metadataPrefix=marc", "cannotDisseminateFormat", "", true},
		{"verb=GetRecord&identifier=oai:corridor.example.org:pub-001", "badArgument", "", false},
		{"verb=ListRecords&metadataPrefix=oai_dc", "", "<resumptionToken", true},
		{"verb=ListRecords&metadataPrefix=oai_dc&set=series", "", "series:policy-briefs", true},
		{"verb=ListRecords&metadataPrefix=oai_dc&set=type:report&from=2025-01-03&until=2025-01-04", "", "type:report", true},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&from=2025-01-02T00:00:00Z&until=2025-01-02T05:00:00Z", "", "pub-115", true},
		{"verb=ListIdentifiers&resumptionToken=" + tok, "", "<resumptionToken", true},
		{"verb=ListRecords&resumptionToken=" + tok, "badResumptionToken", "", true},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&set=nosuchset", "noRecordsMatch", "", true},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&from=2030-01-01", "noRecordsMatch", "", true},
		{"verb=ListIdentifiers&metadataPrefix=marc", "cannotDisseminateFormat", "", true},
		{"verb=ListIdentifiers", "badArgument", "", false},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&resumptionToken=" + tok, "badArgument", "", false},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&from=2025-01-01&until=2025-01-02T00:00:00Z", "badArgument", "", false},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&from=2025-13-01", "badArgument", "", false},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&from=2025-01-01T00:00:00", "badArgument", "", false},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&from=2025-01-01T00:00:00.5Z", "badArgument", "", false},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&from=2025-02-01&until=2025-01-01", "badArgument", "", false},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&set=bad%20set", "badArgument", "", false},
		{"verb=ListIdentifiers&metadataPrefix=oai%20dc", "badArgument", "", false},
		{"verb=Identify&metadataPrefix=oai_dc", "badArgument", "", false},
		{"verb=Identify&color=blue", "badArgument", "", false},
		{"verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument", "", false},
		{"verb=ListRecords&metadataPrefix=%zz", "badArgument", "", false},
		{"verb=Nope", "badVerb", "", false},
		{"", "badVerb", "", false},
		{"verb=Identify&verb=Identify", "badVerb", "", false},
		{"verb=ListRecords&resumptionToken=forged", "badResumptionToken", "", true},
	}
	for _, c := range cases {
		body := get(t, h, c.query)
		validate(t, schema, c.query, body)
		p := parse(t, body)
		if got := errorCodes(p); got != c.errs {
			t.Errorf("?%s: errors %q, want %q\n%s", c.query, got, c.errs, body)
		}
		if c.contains != "" && !strings.Contains(body, c.contains) {
			t.Errorf("?%s: response lacks %q\n%s", c.query, c.contains, body)
		}
		if echoed := len(p.Request.Attrs) > 0; echoed != c.echoed {
			t.Errorf("?%s: request arguments echoed = %v, want %v (only valid arguments are echoed)", c.query, echoed, c.echoed)
		}
	}
}

func TestNoSetHierarchy(t *testing.T) {
	schema := schemaPath(t)
	f := newFake()
	f.sets = nil
	h, _ := newHandler(f, 20)
	for _, q := range []string{"verb=ListSets", "verb=ListRecords&metadataPrefix=oai_dc&set=series"} {
		body := get(t, h, q)
		validate(t, schema, q, body)
		if got := errorCodes(parse(t, body)); got != "noSetHierarchy" {
			t.Errorf("?%s: errors %q, want noSetHierarchy", q, got)
		}
	}
}

func TestEscapingAndLanguages(t *testing.T) {
	h, _ := newHandler(newFake(), 20)
	body := get(t, h, "verb=GetRecord&identifier=oai:corridor.example.org:pub-003&metadataPrefix=oai_dc")
	for _, want := range []string{
		`<dc:title xml:lang="en">Remittances &amp; &lt;corridors&gt; 3</dc:title>`,
		`<dc:title xml:lang="fr">Envois de fonds « 3 »</dc:title>`,
		"line \"two\"\uFFFD</dc:description>", // a control character cannot travel in XML 1.0
		`<dc:rights>bad lang</dc:rights>`,     // an invalid language tag is dropped, not sent
		`<dc:identifier>https://corridor.example.org/pub/3?a=1&amp;b=2</dc:identifier>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("GetRecord lacks %s\n%s", want, body)
		}
	}
}

// harvest follows resumption tokens to the end, calling between after each
// page, and returns the identifiers in the order received.
func harvest(t *testing.T, h http.Handler, query string, between func(page int)) []string {
	t.Helper()
	var ids []string
	for page := 0; ; page++ {
		p := parse(t, get(t, h, query))
		if len(p.Errors) > 0 {
			t.Fatalf("page %d of ?%s: %s %s", page, query, p.Errors[0].Code, p.Errors[0].Text)
		}
		for _, hd := range p.Headers {
			ids = append(ids, hd.Identifier)
		}
		if p.Token == nil || p.Token.Text == "" {
			return ids
		}
		if want := fmt.Sprint(len(ids) - len(p.Headers)); p.Token.Cursor != want {
			t.Errorf("page %d: cursor=%s, want %s (records sent before this page)", page, p.Token.Cursor, want)
		}
		if between != nil {
			between(page)
		}
		query = "verb=ListIdentifiers&resumptionToken=" + url.QueryEscape(p.Token.Text)
	}
}

func TestPagingSurvivesRecordsAddedBetweenPages(t *testing.T) {
	f := newFake()
	h, clk := newHandler(f, 7)
	start := clk.now()
	added := 0
	ids := harvest(t, h, "verb=ListIdentifiers&metadataPrefix=oai_dc", func(page int) {
		clk.add(time.Minute)
		// A new record, and an edit that bumps an unharvested record's
		// datestamp past the harvest's fixed until.
		f.put(Record{Header: Header{Identifier: fmt.Sprintf("oai:corridor.example.org:new-%d", page), Datestamp: clk.now()}})
		added++
		if page == 2 {
			r, _ := f.Record(context.Background(), "oai:corridor.example.org:pub-200")
			r.Datestamp = clk.now()
			f.put(r)
		}
	})
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			t.Errorf("%s harvested twice", id)
		}
		seen[id] = true
		if strings.Contains(id, ":new-") {
			t.Errorf("%s was added after the harvest began (until fixed at %s) yet was listed", id, start)
		}
	}
	for i := 0; i < 250; i++ {
		id := fmt.Sprintf("oai:corridor.example.org:pub-%03d", i)
		if !seen[id] && i != 200 {
			t.Errorf("%s was skipped", id)
		}
	}
	if len(ids) != 249 {
		t.Errorf("harvested %d records, want 249 (250 less the one edited past until)", len(ids))
	}
	// The next incremental harvest from the first response's date picks up
	// everything added or changed meanwhile.
	next := harvest(t, h, "verb=ListIdentifiers&metadataPrefix=oai_dc&from="+start.Format(layoutSeconds), nil)
	if len(next) != added+1 {
		t.Errorf("incremental harvest got %d records, want %d added + 1 edited", len(next), added)
	}
}

func TestSetAndDayGranularity(t *testing.T) {
	h, _ := newHandler(newFake(), 10)
	ids := harvest(t, h, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=series", nil)
	if len(ids) != 167 { // i%3 is 0 or 1 for 167 of 250
		t.Errorf("set=series gave %d records, want 167 (both series, hierarchy included)", len(ids))
	}
	// until=2025-01-01 with day granularity covers the whole day: 24 hours
	// of four records each.
	ids = harvest(t, h, "verb=ListIdentifiers&metadataPrefix=oai_dc&until=2025-01-01", nil)
	if len(ids) != 96 {
		t.Errorf("until=2025-01-01 gave %d records, want 96 (the whole day, inclusive)", len(ids))
	}
	ids = harvest(t, h, "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2025-01-01T01:00:00Z&until=2025-01-01T01:00:00Z", nil)
	if len(ids) != 4 {
		t.Errorf("from=until=01:00:00 gave %d records, want 4 (both bounds inclusive)", len(ids))
	}
}

func TestBadTokens(t *testing.T) {
	f := newFake()
	h, clk := newHandler(f, 20)
	p := parse(t, get(t, h, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=series"))
	tok := p.Token.Text
	payload, mac, _ := strings.Cut(tok, ".")
	// A harvester that rewrites the payload (here: drops the set filter)
	// keeps the old signature, which no longer matches.
	body, _ := decodeBase64(payload)
	altered := strings.Replace(string(body), `"s":"series",`, "", 1)
	otherKey := encodeToken([]byte("another key, another repository!"), token{Verb: "ListIdentifiers", Prefix: "oai_dc", Until: clk.now().Unix(), Expires: clk.now().Add(time.Hour).Unix()})
	cases := map[string]string{
		"altered payload": encodeBase64([]byte(altered)) + "." + mac,
		"other key":       otherKey,
		"no signature":    payload,
		"garbage":         "%%%not a token",
		"too long":        strings.Repeat("A", 5000),
		"empty":           "",
	}
	for name, bad := range cases {
		got := parse(t, get(t, h, "verb=ListIdentifiers&resumptionToken="+url.QueryEscape(bad)))
		if errorCodes(got) != "badResumptionToken" {
			t.Errorf("%s token: errors %q, want badResumptionToken", name, errorCodes(got))
		}
	}
	// Valid now, refused once its lifetime has passed.
	if got := parse(t, get(t, h, "verb=ListIdentifiers&resumptionToken="+url.QueryEscape(tok))); len(got.Errors) > 0 {
		t.Fatalf("fresh token refused: %s", got.Errors[0].Text)
	}
	clk.add(2 * time.Hour)
	got := parse(t, get(t, h, "verb=ListIdentifiers&resumptionToken="+url.QueryEscape(tok)))
	if errorCodes(got) != "badResumptionToken" || !strings.Contains(got.Errors[0].Text, "expired") {
		t.Errorf("expired token: %+v, want badResumptionToken saying it expired", got.Errors)
	}
}

func TestPost(t *testing.T) {
	schema := schemaPath(t)
	h, _ := newHandler(newFake(), 20)
	form := "verb=GetRecord&identifier=oai%3Acorridor.example.org%3Apub-001&metadataPrefix=oai_dc"
	req := httptest.NewRequest(http.MethodPost, "/oai", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Body.String() != get(t, h, form) {
		t.Errorf("POST answered %d and differs from GET:\n%s", rec.Code, rec.Body)
	}
	validate(t, schema, "POST", rec.Body.String())

	req = httptest.NewRequest(http.MethodPost, "/oai", strings.NewReader(`{"verb":"Identify"}`))
	req.Header.Set("Content-Type", "application/json")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnsupportedMediaType {
		t.Errorf("POST as JSON: HTTP %d, want 415", rec.Code)
	}
	req = httptest.NewRequest(http.MethodPost, "/oai", strings.NewReader("verb=Identify&x="+strings.Repeat("a", maxBody)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("POST of %d bytes: HTTP %d, want 413", maxBody+20, rec.Code)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodDelete, "/oai", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("DELETE: HTTP %d, want 405", rec.Code)
	}
}

func TestHandlerRefusesShortKey(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Handler accepted a 5-byte signing key")
		}
	}()
	Handler(newFake(), Options{Key: []byte("short")})
}

// TestHarvesterEndToEnd runs Debian's oai_pmh (HTTP::OAI, package
// libhttp-oai-perl) against the handler and checks it harvests every record
// of a set that spans many pages.
func TestHarvesterEndToEnd(t *testing.T) {
	bin, err := exec.LookPath("oai_pmh")
	if err != nil {
		required(t, "oai_pmh not installed (Debian package libhttp-oai-perl)")
	}
	f := newFake()
	srv := httptest.NewServer(Handler(f, Options{Key: testKey, PageSize: 9}))
	defer srv.Close()
	f.info.BaseURL = srv.URL + "/oai"
	out, err := exec.Command(bin, "-X", "ListRecords", "--metadataPrefix", "oai_dc", "--set", "series:migration-research-series", srv.URL+"/oai").CombinedOutput()
	if err != nil {
		t.Fatalf("oai_pmh failed: %v\n%s", err, out)
	}
	want := map[string]bool{}
	for i := 0; i < 250; i += 3 {
		want[fmt.Sprintf("oai:corridor.example.org:pub-%03d", i)] = true
	}
	got := map[string]int{}
	for _, line := range strings.Split(string(out), "\n") {
		if i := strings.Index(line, "oai:corridor.example.org:pub-"); i >= 0 {
			id := strings.Fields(line[i:])[0]
			got[id]++
		}
	}
	for id := range want {
		if got[id] == 0 {
			t.Errorf("oai_pmh did not harvest %s", id)
		}
	}
	for id := range got {
		if !want[id] {
			t.Errorf("oai_pmh harvested %s, which is outside the set", id)
		}
	}
	if len(want) < 9*5 {
		t.Fatalf("the set holds %d records: not enough to span several pages", len(want))
	}
	if testing.Verbose() {
		t.Logf("oai_pmh harvested %d records over %d pages", len(got), (len(want)+8)/9)
	}
}

// FuzzToken throws arbitrary query strings and tokens at the argument
// parser and token decoder: the answer must always be HTTP 200 with
// well-formed XML, and no unsigned token may be accepted.
func FuzzToken(f *testing.F) {
	h, clk := newHandler(newFake(), 5)
	good := parse(f, get(f, h, "verb=ListIdentifiers&metadataPrefix=oai_dc")).Token.Text
	for _, s := range []string{
		"verb=ListIdentifiers&resumptionToken=" + url.QueryEscape(good),
		"verb=ListRecords&metadataPrefix=oai_dc&from=2025-01-01&until=2025-01-02",
		"verb=GetRecord&identifier=%01%FF&metadataPrefix=oai_dc",
		"verb=Identify&verb=x&&=&%zz",
		good,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		// Only tokens this key signed decode: the fuzzer cannot forge an
		// HMAC, and strict base64 leaves no second spelling of good.
		if _, err := decodeToken(testKey, raw, clk.now()); err == nil && raw != good {
			t.Fatalf("decodeToken accepted %q, which this repository never issued", raw)
		}
		for _, q := range []string{raw, "verb=ListRecords&resumptionToken=" + url.QueryEscape(raw)} {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodGet, "/oai", nil)
			req.URL.RawQuery = q // as sent, even when no URL parser would produce it
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("?%q: HTTP %d", q, rec.Code)
			}
			dec := xml.NewDecoder(strings.NewReader(rec.Body.String()))
			for {
				_, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("?%q: response is not well-formed XML: %v\n%s", q, err, rec.Body)
				}
			}
		}
	})
}

func decodeBase64(s string) ([]byte, error) { return base64.RawURLEncoding.DecodeString(s) }
func encodeBase64(b []byte) string          { return base64.RawURLEncoding.EncodeToString(b) }

// BenchmarkListRecordsPage measures one full page of 100 oai_dc records.
func BenchmarkListRecordsPage(b *testing.B) {
	h, _ := newHandler(newFake(), 100)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/oai?verb=ListRecords&metadataPrefix=oai_dc", nil))
		b.SetBytes(int64(rec.Body.Len()))
	}
}
