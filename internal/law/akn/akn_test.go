package akn

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"corridor/internal/law/lawtext"
	"corridor/internal/testutil"
)

const exampleFile = "protocol-status-refugees-1967.eng.akn.xml"

func examplePath(t testing.TB) string {
	return testutil.SharedData(t, "akn-example-1967-protocol", exampleFile)
}

func readExample(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(examplePath(t))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func schemaPath(t testing.TB) string {
	testutil.SharedData(t) // skips when the shared data is absent
	return filepath.Join(filepath.Dir(testutil.SharedDataRoot()), "schemas", "akn", "akomantoso30.xsd")
}

// xsdValidate runs xmllint --schema over the files; it skips the test when
// xmllint is not installed.
func xsdValidate(t *testing.T, files ...string) {
	t.Helper()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not found (Debian package libxml2-utils): XSD validation of exports skipped")
	}
	schema := schemaPath(t)
	if _, err := os.Stat(schema); err != nil {
		t.Fatalf("schema: %v", err)
	}
	args := append([]string{"--noout", "--schema", schema}, files...)
	out, err := exec.Command(xmllint, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("xmllint: %v\n%s", err, out)
	}
	for _, f := range files {
		if !bytes.Contains(out, []byte(f+" validates")) {
			t.Errorf("%s does not validate:\n%s", f, out)
		}
	}
}

func writeTemp(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// independent view of the example: element counts and eIds from the token
// stream, and p texts by eId from a regexp
func scanExample(t *testing.T, b []byte) (counts map[string]int, eids []string) {
	counts = map[string]int{}
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			counts[se.Name.Local]++
			for _, a := range se.Attr {
				if a.Name.Local == "eId" {
					switch se.Name.Local {
					case "article", "paragraph", "point":
						eids = append(eids, a.Value)
					}
				}
			}
		}
	}
	return counts, eids
}

func TestImportExample(t *testing.T) {
	raw := readExample(t)
	d, got, err := Import(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, raw) {
		t.Fatal("Import did not return the original bytes")
	}
	counts, eids := scanExample(t, raw)
	for _, k := range []lawtext.Kind{lawtext.KindArticle, lawtext.KindParagraph, lawtext.KindPoint} {
		if d.Count(k) != counts[string(k)] {
			t.Errorf("%s: model %d, XML %d", k, d.Count(k), counts[string(k)])
		}
	}
	// the numbers the shared notes give for this example
	if counts["article"] != 11 || counts["paragraph"] != 19 || counts["point"] != 6 {
		t.Errorf("example counts changed: %v", counts)
	}
	var modelEIDs []string
	d.Walk(func(n *lawtext.Node, _ []*lawtext.Node) bool {
		switch n.Kind {
		case lawtext.KindArticle, lawtext.KindParagraph, lawtext.KindPoint:
			modelEIDs = append(modelEIDs, n.EID)
		}
		return true
	})
	if strings.Join(modelEIDs, " ") != strings.Join(eids, " ") {
		t.Errorf("eIds differ:\nmodel %v\n  xml %v", modelEIDs, eids)
	}
	// texts, read from the XML with a regexp
	flat := strings.ReplaceAll(regexp.MustCompile(`\s+`).ReplaceAllString(string(raw), " "), "> <", "><")
	re := regexp.MustCompile(`<(paragraph|point) eId="([^"]+)">(?:<num>[^<]*</num>)?<content><p>([^<]*)</p></content>`)
	ms := re.FindAllStringSubmatch(flat, -1)
	if len(ms) < 15 {
		t.Fatalf("only %d content probes found", len(ms))
	}
	for _, m := range ms {
		n := d.Find(m[2])
		want := strings.NewReplacer("&quot;", `"`, "&amp;", "&").Replace(m[3])
		if n == nil || n.Text != want {
			t.Errorf("%s: %+v, want text %q", m[2], n, want)
		}
	}
	if n := d.Find("art_II__para_2"); n == nil || !strings.HasPrefix(n.Text, "In order to enable the Office") || len(n.Children) != 3 {
		t.Errorf("list intro not read into art_II__para_2: %+v", n)
	}
	if n := d.Find("art_VII"); n.Num != "Article VII" || n.Heading != "Reservations and declarations" {
		t.Errorf("art_VII = %+v", n)
	}
	// metadata
	if d.Title != "Protocol relating to the Status of Refugees" || d.DocType != "act" || d.Name != "protocol" {
		t.Errorf("title %q type %q name %q", d.Title, d.DocType, d.Name)
	}
	if d.Language != (lawtext.Lang{Code: "en", AKN: "eng"}) || d.Country != "aa-un" || d.Date != "1967-01-31" || d.SubType != "protocol" || d.Number != "status-of-refugees" {
		t.Errorf("meta %+v", d)
	}
	if d.Work.URI != "/akn/aa-un/act/protocol/1967-01-31/status-of-refugees" ||
		d.Expression.URI != "/akn/aa-un/act/protocol/1967-01-31/status-of-refugees/eng@1967-01-31" || d.Work.Author != "#unga" {
		t.Errorf("FRBR %+v %+v", d.Work, d.Expression)
	}
	var aliases []string
	for _, a := range d.Aliases {
		aliases = append(aliases, a.Name+"="+a.Value)
	}
	if strings.Join(aliases, ";") != "officialTitle=Protocol relating to the Status of Refugees;UNTS=606 UNTS 267;MTDSG=V-5" {
		t.Errorf("aliases %v", aliases)
	}
	if p := d.Body[0]; p.Kind != lawtext.KindPreamble || !strings.HasPrefix(p.Text, "The States Parties to the present Protocol, Considering") {
		t.Errorf("preamble %+v", p)
	}
	if c := d.Body[len(d.Body)-1]; c.Kind != lawtext.KindConclusions || !strings.Contains(c.Text, "U. THANT") {
		t.Errorf("conclusions %+v", c)
	}
	if err := d.Validate(); err != nil {
		t.Error(err)
	}
}

func TestRoundTripByteForByte(t *testing.T) {
	raw := readExample(t)
	d, _, err := Import(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	out, err := Export(d)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, raw) {
		t.Fatal("unchanged document did not round-trip byte for byte")
	}
	// and again through a second import
	d2, _, err := Import(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	out2, err := Export(d2)
	if err != nil || !bytes.Equal(out2, raw) {
		t.Fatalf("second round trip differs (err %v)", err)
	}
	// Export must hand out a copy
	out[0] = 'X'
	if d.Source.Bytes[0] == 'X' {
		t.Error("Export returned the document's own buffer")
	}
}

// A changed document is written afresh: it validates against the XSD and
// imports back to the same model.
func TestExportChangedExampleValidates(t *testing.T) {
	raw := readExample(t)
	d, _, err := Import(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	d.Find("art_IX").Heading = "Denunciation & withdrawal <edited>"
	out, err := Export(d)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(out, raw) {
		t.Fatal("a changed document was exported as the original bytes")
	}
	dir := t.TempDir()
	xsdValidate(t, writeTemp(t, dir, "changed.xml", out))

	back, _, err := Import(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	assertSameText(t, d, back)
	if back.Find("art_IX").Heading != "Denunciation & withdrawal <edited>" {
		t.Errorf("heading %q", back.Find("art_IX").Heading)
	}
	if back.Work.URI != d.Work.URI || back.Expression.URI != d.Expression.URI || back.Title != d.Title || back.Language != d.Language {
		t.Errorf("identity changed: %+v / %+v", back.Work, back.Expression)
	}
}

// assertSameText compares two documents provision by provision.
func assertSameText(t *testing.T, a, b *lawtext.Document) {
	t.Helper()
	type row struct{ eid, kind, num, heading, text string }
	flat := func(d *lawtext.Document) []row {
		var out []row
		// Export writes the top level in Akoma Ntoso order
		rank := func(n *lawtext.Node) int {
			switch n.Kind {
			case lawtext.KindPreamble:
				return 0
			case lawtext.KindConclusions:
				return 2
			case lawtext.KindAnnex:
				return 3
			}
			return 1
		}
		body := append([]*lawtext.Node(nil), d.Body...)
		sort.SliceStable(body, func(i, j int) bool { return rank(body[i]) < rank(body[j]) })
		lawtext.WalkNodes(body, func(n *lawtext.Node, _ []*lawtext.Node) bool {
			out = append(out, row{n.EID, string(n.Kind), n.Num, n.Heading, n.Text})
			return true
		})
		return out
	}
	ra, rb := flat(a), flat(b)
	if len(ra) != len(rb) {
		t.Fatalf("%d nodes vs %d", len(ra), len(rb))
	}
	for i := range ra {
		if ra[i] != rb[i] {
			t.Fatalf("node %d differs:\n%+v\n%+v", i, ra[i], rb[i])
		}
	}
}

// Every Markdown version in the shared data set exports to valid AKN that
// imports back to the same tree.
func TestExportMarkdownValidates(t *testing.T) {
	dir := testutil.SharedData(t, "nl-bwb-migration-md")
	vs, err := lawtext.LoadVersions(dir)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for id := range vs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	tmp := t.TempDir()
	var files []string
	for _, id := range ids {
		for _, v := range vs[id] {
			d, err := lawtext.LoadMarkdownVersion(v, lawtext.MarkdownMeta{})
			if err != nil {
				t.Fatal(err)
			}
			out, err := Export(d)
			if err != nil {
				t.Fatalf("%s %s: %v", id, v.Date, err)
			}
			back, _, err := Import(bytes.NewReader(out))
			if err != nil {
				t.Fatalf("%s %s: re-import: %v", id, v.Date, err)
			}
			assertSameText(t, d, back)
			files = append(files, writeTemp(t, tmp, fmt.Sprintf("%s-%s.xml", id, v.Date), out))
		}
	}
	t.Logf("%d Markdown versions exported", len(files))
	xsdValidate(t, files...)
}

func TestExportOpenTreatiesValidates(t *testing.T) {
	dir := testutil.SharedData(t, "open-treaties-text", "data")
	vocab, err := lawtext.OpenTreatyVocabulary(dir)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range lawtext.OpenTreatyDates {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	tmp := t.TempDir()
	var files []string
	for _, k := range keys {
		for _, lang := range []string{"en", "zh"} {
			f, err := os.Open(filepath.Join(dir, k+".json"))
			if err != nil {
				t.Fatal(err)
			}
			d, err := lawtext.ParseOpenTreaty(f, lawtext.OpenTreatyOptions{Key: k, Language: lang, FixGlued: true, Vocab: vocab})
			f.Close()
			if err != nil {
				t.Fatalf("%s/%s: %v", k, lang, err)
			}
			out, err := Export(d)
			if err != nil {
				t.Fatalf("%s/%s: %v", k, lang, err)
			}
			back, _, err := Import(bytes.NewReader(out))
			if err != nil {
				t.Fatalf("%s/%s: re-import: %v", k, lang, err)
			}
			assertSameText(t, d, back)
			files = append(files, writeTemp(t, tmp, k+"."+lang+".xml", out))
		}
	}
	xsdValidate(t, files...)
}

// The exported example also validates when it has annexes, hcontainers
// and points directly under an article.
func TestExportSyntheticValidates(t *testing.T) {
	d := &lawtext.Document{
		Title: "Synthetic act", Language: lawtext.LangFromCode("fr"), Date: "2020-02-29", Country: "fr", Number: "1",
		Aliases: []lawtext.Alias{{Name: "ELI", Value: "/eli/x/2020/1"}},
		Body: []*lawtext.Node{
			{Kind: lawtext.KindPreamble, Text: "Line one\nLine two"},
			{Kind: lawtext.KindPart, Num: "Part 1", Text: "Part intro", Children: []*lawtext.Node{
				{Kind: lawtext.KindArticle, Num: "Art. 1", Heading: "Points only", Text: "Intro:", Children: []*lawtext.Node{
					{Kind: lawtext.KindPoint, Num: "a)", Text: "one", Children: []*lawtext.Node{{Kind: lawtext.KindPoint, Num: "i)", Text: "deep"}}},
					{Kind: lawtext.KindPoint, Num: "b)"},
				}},
				{Kind: lawtext.KindArticle, Num: "Art. 2", Children: []*lawtext.Node{
					{Kind: lawtext.KindParagraph, Num: "1"},
					{Kind: lawtext.KindPoint, Num: "x"},
					{Kind: lawtext.KindParagraph, Num: "2", Text: "\x01 control char"},
				}},
				{Kind: "recital", Text: "unknown kind becomes hcontainer"},
			}},
			{Kind: lawtext.KindConclusions, Text: "Done."},
			{Kind: lawtext.KindAnnex, Num: "Annex 1", Heading: "Forms", Text: "Annex text", Children: []*lawtext.Node{
				{Kind: lawtext.KindParagraph, Num: "1.", Text: "p"}, {Kind: lawtext.KindPoint, Num: "(a)", Text: "pt"}}},
			{Kind: lawtext.KindAnnex},
		},
	}
	lawtext.GenerateEIDs(d, false)
	out, err := Export(d)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	files := []string{writeTemp(t, tmp, "synthetic.xml", out)}
	back, _, err := Import(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if back.Find("art_1__list_1__point_a__list_1__point_i") == nil || back.Find("att_1") == nil || back.Find("att_1").Heading != "Forms" {
		t.Errorf("re-import lost structure")
	}
	// bill and doc types
	for _, typ := range []string{"bill", "doc", "statement", "judgment"} {
		d.DocType, d.Work, d.Expression = typ, lawtext.FRBR{}, lawtext.FRBR{}
		out, err := Export(d)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, writeTemp(t, tmp, typ+".xml", out))
	}
	xsdValidate(t, files...)
}

func TestExportErrors(t *testing.T) {
	d := &lawtext.Document{Language: lawtext.LangFromCode("en"), Date: "2020", Body: []*lawtext.Node{{Kind: lawtext.KindArticle, EID: "art_1"}}}
	if _, err := Export(d); err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD") {
		t.Errorf("bad date: %v", err)
	}
	d.Date = "2020-01-01"
	d.Body = append(d.Body, &lawtext.Node{Kind: lawtext.KindArticle, EID: "art_1"})
	var dup *lawtext.DuplicateEIDError
	if _, err := Export(d); !errors.As(err, &dup) {
		t.Errorf("duplicate eIds: %v", err)
	}
	if _, err := Export(nil); err == nil {
		t.Error("nil document accepted")
	}
}

func TestImportRejects(t *testing.T) {
	ok := `<?xml version="1.0"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <act name="x"><meta/><body>
    <article eId="art_1"><num>1</num><content><p>a</p></content></article>
    <article eId="ART"><num>2</num><content><p>b</p></content></article>
  </body></act>
</akomaNtoso>`
	if _, _, err := Import(strings.NewReader(ok)); err != nil {
		t.Fatalf("baseline: %v", err)
	}
	cases := []struct {
		name, src string
		kind      error
		line      int
		msg       string
	}{
		{"truncated", ok[:200], ErrInvalidXML, 0, ""},
		{"mismatched tag", strings.Replace(ok, "</num>", "</nmu>", 1), ErrInvalidXML, 4, ""},
		{"bad entity", strings.Replace(ok, ">a<", ">&nbsp;<", 1), ErrInvalidXML, 4, ""},
		{"garbage", "not xml at all", ErrInvalidXML, 0, ""},
		{"empty", "", ErrInvalidXML, 0, "no root"},
		{"two roots", ok + "<akomaNtoso/>", ErrInvalidXML, 0, "after the root"},
		{"html root", "<html><body/></html>", ErrNotAKN, 1, "<html>"},
		{"no namespace", strings.Replace(ok, ` xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"`, "", 1), ErrNotAKN, 2, "no namespace"},
		{"AKN 2.0 namespace", strings.Replace(ok, "ns/akn/3.0", "ns/akn/2.0", 1), ErrNotAKN, 2, "namespace"},
		{"no document type", `<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"/>`, ErrNotAKN, 0, "no document type"},
		{"unknown document type", strings.Replace(strings.Replace(ok, "<act ", "<novel ", 1), "</act>", "</novel>", 1), ErrNotAKN, 3, "novel"},
		{"duplicate eId", strings.Replace(ok, `eId="ART"`, `eId="art_1"`, 1), ErrDuplicateEID, 5, "already used at line 4"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Import(strings.NewReader(c.src))
			if !errors.Is(err, c.kind) {
				t.Fatalf("got %v, want %v", err, c.kind)
			}
			var ie *ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("not an *ImportError: %T", err)
			}
			if c.line > 0 && ie.Line != c.line {
				t.Errorf("line %d, want %d (%v)", ie.Line, c.line, err)
			}
			if c.msg != "" && !strings.Contains(err.Error(), c.msg) {
				t.Errorf("%q lacks %q", err.Error(), c.msg)
			}
		})
	}
	// the duplicate-eId example from the shared data: break the example
	raw := readExample(t)
	bad := bytes.Replace(raw, []byte(`eId="art_IX__para_2"`), []byte(`eId="art_IX__para_1"`), 1)
	_, _, err := Import(bytes.NewReader(bad))
	if !errors.Is(err, ErrDuplicateEID) || !strings.Contains(err.Error(), `"art_IX__para_1"`) {
		t.Errorf("duplicate in example: %v", err)
	}
}

// Elements without eIds (allowed by the lenient schema) get generated ones.
func TestImportGeneratesMissingEIDs(t *testing.T) {
	src := `<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><doc name="note"><meta/><mainBody>
<p>loose</p><hcontainer name="part"><num>1</num><content><p>x</p></content></hcontainer>
<attachments><attachment><doc name="annex"><meta/><preface><longTitle><p><docNumber>A</docNumber> <docTitle>T</docTitle></p></longTitle></preface><mainBody><p>annex</p></mainBody></doc></attachment></attachments>
</mainBody></doc></akomaNtoso>`
	d, _, err := Import(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	if n := d.Find("part_1"); n == nil || n.Text != "x" {
		t.Errorf("hcontainer: %+v", d.Body)
	}
}
