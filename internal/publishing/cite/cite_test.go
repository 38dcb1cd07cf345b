package cite

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

// mrs12 is a paper of a numbered research series, shaped like IOM's
// Migration Research Series No. 12, with authors whose names are not ASCII.
func mrs12() Work {
	return Work{
		Key:    "mrs-12",
		Kind:   WorkingPaper,
		Title:  "Remittances and return in Mexico and Viet Nam",
		Titles: map[string]string{"fr": "Envois de fonds et retour au Mexique et au Viet Nam"},
		Authors: []Person{
			{Family: "Müller", Given: "Anna", ORCID: "0000-0002-1825-0097"},
			{Family: "Ñúñez", Given: "Bernardo"},
			{Family: "Nguyễn", Given: "Thị Chi"},
		},
		Publisher:    "International Organization for Migration",
		Place:        "Geneva",
		Series:       "Migration Research Series",
		SeriesNumber: "12",
		ISSN:         "1607-338X",
		Year:         2003, Month: 6,
		DOI:      "10.1234/mrs.12",
		URL:      "https://publications.example.org/mrs-12",
		Language: "en",
		Keywords: []string{"remittances", "return migration"},
	}
}

func article() Work {
	return Work{
		Key: "nguyen-2021", Kind: JournalArticle,
		Title:     "Who sends money home?",
		Authors:   []Person{{Family: "Nguyễn", Given: "Thị Chi"}, {Family: "Müller", Given: "Jean-Pierre"}},
		Container: "International Migration Review", Volume: "55", Issue: "3", Pages: "45-67",
		Year: 2021, DOI: "https://doi.org/10.1177/0197918321999999",
	}
}

// The expected texts below are written from the notes' spec points
// (BibTeX §2.3, RIS §2.4, CSL-JSON §2.5) and the APA 7 / Chicago 17 rules,
// not copied from the writers' output.

func TestBibTeXSeriesPaper(t *testing.T) {
	var b bytes.Buffer
	if err := BibTeX(&b, mrs12()); err != nil {
		t.Fatal(err)
	}
	want := `@techreport{mrs-12,
  author = {Müller, Anna and Ñúñez, Bernardo and Nguyễn, Thị Chi},
  title = {Remittances and return in {Mexico} and {Viet} {Nam}},
  institution = {International Organization for Migration},
  type = {Working Paper},
  number = {12},
  series = {Migration Research Series},
  address = {Geneva},
  year = {2003},
  month = jun,
  issn = {1607-338X},
  doi = {10.1234/mrs.12},
  url = {https://publications.example.org/mrs-12},
  language = {en},
  keywords = {remittances, return migration}
}

`
	if b.String() != want {
		t.Errorf("BibTeX:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestBibTeXArticleAndOrganisation(t *testing.T) {
	a := article()
	a.Authors = append(a.Authors, Person{Family: "Food and Agriculture Organization", Org: true})
	var b bytes.Buffer
	if err := BibTeX(&b, a); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"@article{nguyen-2021,",
		"  author = {Nguyễn, Thị Chi and Müller, Jean-Pierre and {Food and Agriculture Organization}},",
		"  title = {Who sends money home?},",
		"  journal = {International Migration Review},",
		"  volume = {55},",
		"  number = {3},",
		"  pages = {45--67},",
		"  doi = {10.1177/0197918321999999}",
	} {
		if !strings.Contains(b.String(), line+"\n") && !strings.Contains(b.String(), line+",\n") {
			t.Errorf("BibTeX lacks %q:\n%s", line, b.String())
		}
	}
}

func TestRISSeriesPaper(t *testing.T) {
	var b bytes.Buffer
	if err := RIS(&b, mrs12()); err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"TY  - RPRT",
		"ID  - mrs-12",
		"AU  - Müller, Anna",
		"AU  - Ñúñez, Bernardo",
		"AU  - Nguyễn, Thị Chi",
		"TI  - Remittances and return in Mexico and Viet Nam",
		"T3  - Migration Research Series",
		"PY  - 2003",
		"DA  - 2003/06//",
		"PB  - International Organization for Migration",
		"CY  - Geneva",
		"M3  - Working Paper",
		"SN  - 12",
		"DO  - 10.1234/mrs.12",
		"UR  - https://publications.example.org/mrs-12",
		"LA  - en",
		"KW  - remittances",
		"KW  - return migration",
		"ER  - ",
		"", "",
	}, "\r\n")
	if b.String() != want {
		t.Errorf("RIS:\n%q\nwant:\n%q", b.String(), want)
	}
}

func TestRISArticlePages(t *testing.T) {
	var b bytes.Buffer
	if err := RIS(&b, article()); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"TY  - JOUR\r\n", "T2  - International Migration Review\r\n", "VL  - 55\r\n", "IS  - 3\r\n", "SP  - 45\r\n", "EP  - 67\r\n", "DA  - 2021///\r\n"} {
		if !strings.Contains(b.String(), line) {
			t.Errorf("RIS lacks %q:\n%s", line, b.String())
		}
	}
}

func TestCSLJSONSeriesPaper(t *testing.T) {
	var b bytes.Buffer
	if err := CSLJSON(&b, mrs12(), article()); err != nil {
		t.Fatal(err)
	}
	want := `[
	{"id": "mrs-12", "type": "report", "title": "Remittances and return in Mexico and Viet Nam",
	 "author": [{"family": "Müller", "given": "Anna"}, {"family": "Ñúñez", "given": "Bernardo"}, {"family": "Nguyễn", "given": "Thị Chi"}],
	 "issued": {"date-parts": [[2003, 6]]},
	 "collection-title": "Migration Research Series", "collection-number": "12",
	 "genre": "Working Paper", "publisher": "International Organization for Migration", "publisher-place": "Geneva",
	 "DOI": "10.1234/mrs.12", "URL": "https://publications.example.org/mrs-12", "ISSN": "1607-338X",
	 "language": "en", "keyword": "remittances, return migration"},
	{"id": "nguyen-2021", "type": "article-journal", "title": "Who sends money home?",
	 "author": [{"family": "Nguyễn", "given": "Thị Chi"}, {"family": "Müller", "given": "Jean-Pierre"}],
	 "issued": {"date-parts": [[2021]]},
	 "container-title": "International Migration Review", "volume": "55", "issue": "3", "page": "45-67",
	 "DOI": "10.1177/0197918321999999"}
]`
	var got, exp any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("CSL-JSON is not JSON: %v\n%s", err, b.String())
	}
	if err := json.Unmarshal([]byte(want), &exp); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, exp) {
		t.Errorf("CSL-JSON:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestCSLJSONEmptyList(t *testing.T) {
	var b bytes.Buffer
	if err := CSLJSON(&b); err != nil {
		t.Fatal(err)
	}
	var got []any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil || len(got) != 0 {
		t.Errorf("empty export = %q (%v), want an empty array", b.String(), err)
	}
}

func TestFormat(t *testing.T) {
	org := Work{Key: "iom-2024", Kind: Report, Title: "World migration report 2024",
		Authors:   []Person{{Family: "International Organization for Migration", Org: true}},
		Publisher: "International Organization for Migration", Place: "Geneva", Year: 2024}
	book := Work{Kind: Book, Title: "The age of migration", Edition: "6",
		Authors:   []Person{{Family: "de Haas", Given: "Hein"}, {Family: "Castles", Given: "Stephen"}, {Family: "Miller", Given: "Mark J."}},
		Publisher: "Bloomsbury", Place: "London", Year: 2020}
	chapter := Work{Kind: Chapter, Title: "Counting migrants", Container: "Handbook of migration data",
		Authors: []Person{{Family: "Ñúñez", Given: "Bernardo"}}, Pages: "1--20", Publisher: "Corridor Institute", Place: "Geneva"}
	cases := []struct {
		style Style
		w     Work
		lang  string
		want  string
	}{
		{APA, mrs12(), "en", "Müller, A., Ñúñez, B., & Nguyễn, T. C. (2003). Remittances and return in Mexico and Viet Nam (Migration Research Series No. 12). International Organization for Migration. https://doi.org/10.1234/mrs.12"},
		{APA, mrs12(), "fr", "Müller, A., Ñúñez, B., & Nguyễn, T. C. (2003). Envois de fonds et retour au Mexique et au Viet Nam (Migration Research Series no 12). International Organization for Migration. https://doi.org/10.1234/mrs.12"},
		{Chicago, mrs12(), "en", "Müller, Anna, Bernardo Ñúñez, and Thị Chi Nguyễn. 2003. Remittances and return in Mexico and Viet Nam. Migration Research Series 12. Geneva: International Organization for Migration. https://doi.org/10.1234/mrs.12"},
		{APA, article(), "en", "Nguyễn, T. C., & Müller, J.-P. (2021). Who sends money home? International Migration Review, 55(3), 45–67. https://doi.org/10.1177/0197918321999999"},
		{Chicago, article(), "en", "Nguyễn, Thị Chi, and Jean-Pierre Müller. 2021. “Who sends money home?” International Migration Review 55 (3): 45–67. https://doi.org/10.1177/0197918321999999"},
		{APA, org, "en", "International Organization for Migration. (2024). World migration report 2024."},
		{APA, book, "en", "de Haas, H., Castles, S., & Miller, M. J. (2020). The age of migration (6th ed.). Bloomsbury."},
		{Chicago, book, "en", "de Haas, Hein, Stephen Castles, and Mark J. Miller. 2020. The age of migration. 6th ed. London: Bloomsbury."},
		{APA, chapter, "es", "Ñúñez, B. (s.f.). Counting migrants. En Handbook of migration data (pp. 1–20). Corridor Institute."},
		{Chicago, chapter, "en", "Ñúñez, Bernardo. n.d. “Counting migrants.” In Handbook of migration data, 1–20. Geneva: Corridor Institute."},
	}
	for _, c := range cases {
		got, err := Format(c.style, c.w, c.lang)
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s %s %s:\n got %s\nwant %s", c.style, c.w.Title, c.lang, got, c.want)
		}
	}
	if _, err := Format("MLA", mrs12(), "en"); err == nil || !strings.Contains(err.Error(), "MLA") {
		t.Errorf("unknown style: err = %v, want one naming it", err)
	}
}

func TestFormatHTMLEscapes(t *testing.T) {
	w := mrs12()
	w.Title = `<script>alert("x")</script> & more`
	w.DOI = ""
	w.URL = `javascript:alert(1)`
	got, err := FormatHTML(APA, w, "en")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got, "<script") || strings.Contains(got, `href="javascript`) {
		t.Errorf("HTML not safe: %s", got)
	}
	if !strings.Contains(got, "<i>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; more</i>") {
		t.Errorf("title not escaped in italics: %s", got)
	}
	w = mrs12()
	got, _ = FormatHTML(Chicago, w, "en")
	if !strings.Contains(got, `<a href="https://doi.org/10.1234/mrs.12">https://doi.org/10.1234/mrs.12</a>`) {
		t.Errorf("DOI not a link: %s", got)
	}
}

func TestAPAManyAuthors(t *testing.T) {
	w := Work{Kind: Report, Title: "T", Year: 2020}
	for i := 0; i < 25; i++ {
		w.Authors = append(w.Authors, Person{Family: "A" + string(rune('a'+i)), Given: "Bo"})
	}
	got, _ := Format(APA, w, "en")
	if !strings.HasPrefix(got, "Aa, B., Ab, B.,") || !strings.Contains(got, "As, B., . . . Ay, B. (2020)") || strings.Contains(got, "At,") {
		t.Errorf("APA 21+ authors: %s", got)
	}
	got, _ = Format(Chicago, w, "en")
	if !strings.Contains(got, "Bo Ag et al. 2020.") || strings.Contains(got, "Ah") {
		t.Errorf("Chicago 11+ authors: %s", got)
	}
}

func TestKeysUniqueAndASCII(t *testing.T) {
	a, b := mrs12(), mrs12()
	c := mrs12()
	c.Key = "mrs-12-2" // a real key that the suffixing must not reuse
	d := mrs12()
	d.Key = ""
	e := d
	e.Authors = []Person{{Family: "Organisation für Migration", Org: true}}
	var out bytes.Buffer
	if err := BibTeX(&out, a, c, b, d, e); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, "@") {
			keys = append(keys, line[strings.Index(line, "{")+1:len(line)-1])
		}
	}
	want := []string{"mrs-12", "mrs-12-2", "mrs-12-3", "Muller2003", "Organisation2003"}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("keys = %q, want %q", keys, want)
	}
}

// Hostile text must never break out of a field or a line in any format.
func TestHostileInput(t *testing.T) {
	w := mrs12()
	w.Title = "Bad }{ title \\ with % & $ # _ ~ ^ and\nnew line\r\x00\x1b[31m\u2028end {"
	w.Authors = append(w.Authors, Person{Family: "Smith, Jr.", Given: "Bob and Alice"})
	w.Abstract = "line one\nER  - \nTY  - JOUR"
	w.URL = "https://example.org/a b}{\\"
	w.Keywords = []string{"a}", "b\n"}

	var b bytes.Buffer
	if err := BibTeX(&b, w); err != nil {
		t.Fatal(err)
	}
	bib := b.String()
	depth := 0
	for i, r := range bib { // classic BibTeX counts every brace, escaped or not
		switch r {
		case '{':
			depth++
		case '}':
			depth--
		}
		if depth < 0 {
			t.Fatalf("BibTeX braces unbalanced at byte %d:\n%s", i, bib)
		}
	}
	if depth != 0 {
		t.Errorf("BibTeX braces end at depth %d:\n%s", depth, bib)
	}
	for _, bad := range []string{"\x00", "\x1b", "\r", "\u2028", " % ", " & "} {
		if strings.Contains(bib, bad) {
			t.Errorf("BibTeX holds %q:\n%s", bad, bib)
		}
	}
	if !strings.Contains(bib, `author = {Müller, Anna and Ñúñez, Bernardo and Nguyễn, Thị Chi and {Smith, Jr.}, {Bob and Alice}}`) {
		t.Errorf("a name with a comma or \"and\" is not braced:\n%s", bib)
	}
	if strings.Count(bib, "\n  ") != strings.Count(bib, " = ") {
		t.Errorf("a field spans lines:\n%s", bib)
	}

	b.Reset()
	if err := RIS(&b, w); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\r\n\r\n"), "\r\n")
	for _, l := range lines {
		if len(l) < 6 || l[2:6] != "  - " {
			t.Errorf("RIS line %q is not TAG  - value", l)
		}
	}
	if n := strings.Count(b.String(), "ER  - "); n != 1 || lines[len(lines)-1] != "ER  - " {
		t.Errorf("RIS record ends wrongly (%d ER):\n%s", n, b.String())
	}

	b.Reset()
	if err := CSLJSON(&b, w); err != nil {
		t.Fatal(err)
	}
	var items []map[string]any
	if err := json.Unmarshal(b.Bytes(), &items); err != nil {
		t.Fatalf("CSL-JSON invalid: %v", err)
	}
	if got := items[0]["title"]; got != "Bad }{ title \\ with % & $ # _ ~ ^ and new line [31m end {" {
		t.Errorf("CSL title = %q", got)
	}
}

func TestLimitsNameTheField(t *testing.T) {
	cases := map[string]func(*Work){
		"title is 2001 bytes":  func(w *Work) { w.Title = strings.Repeat("x", 2001) },
		"abstract is 20001":    func(w *Work) { w.Abstract = strings.Repeat("x", 20001) },
		"publisher is 2001":    func(w *Work) { w.Publisher = strings.Repeat("x", 2001) },
		"501 authors":          func(w *Work) { w.Authors = make([]Person, 501) },
		"title is empty":       func(w *Work) { w.Title = " \n\t" },
		"unknown kind":         func(w *Work) { w.Kind = "poem" },
		"month 13":             func(w *Work) { w.Month = 13 },
		"author 2 has no name": func(w *Work) { w.Authors[1] = Person{Given: "\n"} },
	}
	for want, breakIt := range cases {
		w := mrs12()
		breakIt(&w)
		for name, write := range map[string]func() error{
			"bibtex": func() error { return BibTeX(&bytes.Buffer{}, w) },
			"ris":    func() error { return RIS(&bytes.Buffer{}, w) },
			"csl":    func() error { return CSLJSON(&bytes.Buffer{}, w) },
			"apa":    func() error { _, err := Format(APA, w, "en"); return err },
		} {
			err := write()
			if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), `"mrs-12"`) {
				t.Errorf("%s with %s: err = %v", name, want, err)
			}
		}
	}
}

// A long list streams: 20,000 works sharing one key export in linear time.
// The bound is generous; quadratic key suffixing took minutes here.
func TestLongListIsLinear(t *testing.T) {
	w := mrs12()
	start := time.Now()
	var n countWriter
	bw, rw, cw := NewBibTeXWriter(&n), NewRISWriter(&n), NewCSLWriter(&n)
	for i := 0; i < 20000; i++ {
		if err := bw.Write(&w); err != nil {
			t.Fatal(err)
		}
		rw.Write(&w)
		cw.Write(&w)
	}
	bw.Flush()
	rw.Flush()
	cw.Close()
	if d := time.Since(start); d > time.Minute {
		t.Errorf("20,000 works took %v", d)
	}
	t.Logf("20,000 works in three formats: %d bytes in %v", int(n), time.Since(start))
}

type countWriter int

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

// A numbered paper outside any series: the number is the report number in
// CSL ("number", not "collection-number") and in the cite-as text.
func TestNumberedPaperWithoutSeries(t *testing.T) {
	w := Work{Key: "wp-42", Kind: WorkingPaper, Title: "Remittances and COVID-19",
		Authors: []Person{{Family: "Smith", Given: "Jane"}}, Publisher: "Corridor Institute", Place: "Geneva",
		SeriesNumber: "42", Year: 2025}
	var b bytes.Buffer
	if err := CSLJSON(&b, w); err != nil {
		t.Fatal(err)
	}
	var items []map[string]any
	if err := json.Unmarshal(b.Bytes(), &items); err != nil {
		t.Fatal(err)
	}
	if items[0]["number"] != "42" || items[0]["collection-number"] != nil {
		t.Errorf("CSL item = %v, want number 42 and no collection-number", items[0])
	}
	for style, want := range map[Style]string{
		APA:     "Smith, J. (2025). Remittances and COVID-19 (Working Paper No. 42). Corridor Institute.",
		Chicago: "Smith, Jane. 2025. Remittances and COVID-19. Working Paper 42. Geneva: Corridor Institute.",
	} {
		if got, _ := Format(style, w, "en"); got != want {
			t.Errorf("%s:\n got %s\nwant %s", style, got, want)
		}
	}
}
