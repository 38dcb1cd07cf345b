package cite

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

// roundTripWorks covers every kind, non-ASCII and organisation authors,
// and the characters BibTeX treats as syntax.
func roundTripWorks() []Work {
	mrs := mrs12()
	art := article()
	art.DOI = "10.1177/0197918321999999"
	return []Work{
		mrs, art,
		{Key: "wb-2019", Kind: Book, Title: "Leveraging Economic Migration for Development",
			Authors: []Person{{Family: "World Bank", Org: true}}, Publisher: "World Bank", Place: "Washington, DC",
			Series: "KNOMAD Studies", SeriesNumber: "4", Edition: "2", ISBN: "978-1-4648-1234-5", Year: 2019, Month: 11},
		{Key: "ch-2020", Kind: Chapter, Title: "Return & reintegration: 50% of cases, $ costs, #tags, under_scores",
			Authors:   []Person{{Family: "García Márquez", Given: "José"}, {Family: "Øster-Łukasz", Given: "Ærin"}},
			Container: "Handbook of Return Migration", Publisher: "Edward Elgar", Pages: "112-130", Year: 2020,
			Abstract: "We study braces {like these} and a backslash \\ and tilde ~ and caret ^.", Language: "es"},
		{Key: "pb-7", Kind: PolicyBrief, Title: "Smuggling of migrants on the Central Mediterranean route",
			Authors: []Person{{Family: "Ndiaye", Given: "Awa"}}, Publisher: "International Organization for Migration",
			Series: "Migration Policy Practice", SeriesNumber: "7", Year: 2024, Month: 2,
			Keywords: []string{"smuggling", "Mediterranean"}},
		{Key: "dn-3", Kind: DataNote, Title: "Flows from stocks: a note", Authors: []Person{{Family: "Abel", Given: "Guy J."}},
			Publisher: "Corridor", SeriesNumber: "3", Year: 2025},
		{Key: "undesa-2019", Kind: Dataset, Title: "International Migrant Stock 2019",
			Authors:   []Person{{Family: "United Nations, Department of Economic and Social Affairs", Org: true}},
			Publisher: "United Nations", Year: 2019, URL: "https://example.org/data?x=1&y=2"},
	}
}

// comparable drops what a format does not carry, so the rest must survive.
func comparable(w Work, format string) Work {
	w.Titles, w.Licence = nil, ""
	for i := range w.Authors {
		w.Authors[i].ORCID = ""
	}
	switch format {
	case "bibtex":
		w.Day = 0
	case "ris":
		if w.Kind.reportLike() && w.SeriesNumber != "" {
			w.ISSN = "" // RIS has one SN: the report number wins
		}
		if !w.Kind.reportLike() {
			w.SeriesNumber = "" // RIS has no tag for it outside reports
		}
		for i, p := range w.Authors {
			// RIS marks no organisation: one whose name holds a comma reads back as a person.
			if family, given, ok := strings.Cut(p.Family, ", "); ok && p.Org {
				w.Authors[i] = Person{Family: family, Given: given}
			}
		}
	}
	return w
}

func TestBibTeXRoundTrip(t *testing.T) {
	testRoundTrip(t, "bibtex", BibTeX, ParseBibTeX)
}

func TestRISRoundTrip(t *testing.T) {
	testRoundTrip(t, "ris", RIS, ParseRIS)
}

func testRoundTrip(t *testing.T, format string, write func(io.Writer, ...Work) error, parse func(io.Reader) ([]Work, error)) {
	works := roundTripWorks()
	var b bytes.Buffer
	if err := write(&b, works...); err != nil {
		t.Fatal(err)
	}
	got, err := parse(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if len(got) != len(works) {
		t.Fatalf("%d works back, want %d", len(got), len(works))
	}
	for i := range works {
		want := comparable(works[i], format)
		if !reflect.DeepEqual(got[i], want) {
			t.Errorf("%s round trip of %s:\n got %+v\nwant %+v", format, works[i].Key, got[i], want)
		}
	}
}

// A .bib file as JabRef and Zotero write one: @string macros, #
// concatenation, quoted values, LaTeX accents in each form, "First Last"
// and "von Last" names, month macros, biblatex dates, comments.
const realWorldBib = `% Encoding: UTF-8
This line is outside any entry and is a comment; write to biblio@example.org.

@String{iom = "International Organization for Migration"}
@STRING( mrs = {Migration Research Series} )

@Comment{jabref-meta: databaseType:bibtex;}

@TechReport{Castles2003,
  author      = {St{\"o}hr, Katrin and Jos{\'e} Ni{\~n}o and Ludwig van Beethoven and {\O}rsted, Hans Christian and {International Labour Organization}},
  title       = "The {\'E}migr{\'e}s of {\c C}ura{\c{c}}ao and {S}{\~a}o {Paulo}",
  institution = iom,
  year        = 2003,
  month       = jun,
  series      = mrs # " (" # "IOM" # ")",
  number      = {12},
  type        = {Working Paper},
  address     = {Gen\` + "`" + `eve},
  pages       = {1--45},
  keywords    = {migration; remittances, {\'e}tudes},
}

@article{nguyen_who_2021,
	title = {Who sends money home? {Evidence} from {Viet} {Nam}},
	volume = {55},
	issn = {0197-9183},
	url = {https://doi.org/10.1177/0197918321999999},
	doi = {10.1177/0197918321999999},
	language = {en},
	number = {3},
	journaltitle = {International Migration Review},
	author = {Nguy{\~{\^e}}n, Th{\d i} Chi and M{\"u}ller, Jean-Pierre},
	date = {2021-09-14},
	pages = {45--67},
	abstract = {Remittances {\&} return\ldots{} in 50\% of cases.},
}

@book{unhcr_2023, author = {{UNHCR}}, title = {Global Trends}, publisher = {UNHCR}, location = {Geneva}, date = {2023}, langid = {french}}
`

func TestParseRealWorldBibTeX(t *testing.T) {
	works, err := ParseBibTeX(strings.NewReader(realWorldBib))
	if err != nil {
		t.Fatal(err)
	}
	if len(works) != 3 {
		t.Fatalf("%d works, want 3", len(works))
	}
	w := works[0]
	wantAuthors := []Person{
		{Family: "Stöhr", Given: "Katrin"}, {Family: "Niño", Given: "José"},
		{Family: "van Beethoven", Given: "Ludwig"}, {Family: "Ørsted", Given: "Hans Christian"},
		{Family: "International Labour Organization", Org: true},
	}
	if !reflect.DeepEqual(w.Authors, wantAuthors) {
		t.Errorf("authors = %+v\nwant %+v", w.Authors, wantAuthors)
	}
	check := func(field, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %q, want %q", field, got, want)
		}
	}
	check("key", w.Key, "Castles2003")
	check("kind", string(w.Kind), string(WorkingPaper))
	check("title", w.Title, "The Émigrés of Çuraçao and São Paulo")
	check("publisher", w.Publisher, "International Organization for Migration")
	check("series", w.Series, "Migration Research Series (IOM)")
	check("number", w.SeriesNumber, "12")
	check("place", w.Place, "Genève")
	check("pages", w.Pages, "1-45")
	check("keywords", strings.Join(w.Keywords, "|"), "migration|remittances|études")
	if w.Year != 2003 || w.Month != 6 {
		t.Errorf("date = %d-%d, want 2003-6", w.Year, w.Month)
	}
	a := works[1]
	check("article authors", a.Authors[0].Family+"|"+a.Authors[0].Given+"|"+a.Authors[1].Family, "Nguyễn|Thị Chi|Müller")
	check("journal", a.Container, "International Migration Review")
	check("issue", a.Issue, "3")
	check("abstract", a.Abstract, "Remittances & return… in 50% of cases.")
	check("title", a.Title, "Who sends money home? Evidence from Viet Nam")
	if a.Year != 2021 || a.Month != 9 || a.Day != 14 || a.Kind != JournalArticle || a.ISSN != "0197-9183" {
		t.Errorf("article = %+v", a)
	}
	b := works[2]
	if b.Kind != Book || len(b.Authors) != 1 || !b.Authors[0].Org || b.Authors[0].Family != "UNHCR" || b.Language != "fr" || b.Place != "Geneva" || b.Year != 2023 {
		t.Errorf("book = %+v", b)
	}
}

// A .ris file as Zotero and EndNote write one: LF endings, a byte-order
// mark, A1 and T1 tags, an old-style PY date, a wrapped abstract.
const realWorldRIS = "\uFEFFTY  - RPRT\n" +
	"TI  - Migrant smuggling on the Central Mediterranean route\n" +
	"AU  - Müller, Anna\nAU  - Ñúñez, Bernardo\nAU  - International Organization for Migration\n" +
	"T3  - Migration Research Series\nPY  - 2024/03/05/\nPB  - IOM\nCY  - Geneva\nSN  - 78\nM3  - Working Paper\n" +
	"AB  - First line of the abstract\nwrapped onto a second line.\nKW  - smuggling\nKW  - Libya\nLA  - en\nUR  - https://example.org/mrs-78\nER  - \n\n" +
	"TY  - JOUR\nT1  - Who sends money home?\nA1  - Nguyễn, Thị Chi\nJO  - International Migration Review\nY1  - 2021\nVL  - 55\nIS  - 3\nSP  - 45\nEP  - 67\nSN  - 0197-9183\nDO  - https://doi.org/10.1177/0197918321999999\nER  -\n"

func TestParseRealWorldRIS(t *testing.T) {
	works, err := ParseRIS(strings.NewReader(realWorldRIS))
	if err != nil {
		t.Fatal(err)
	}
	if len(works) != 2 {
		t.Fatalf("%d works, want 2", len(works))
	}
	w := works[0]
	want := Work{Kind: WorkingPaper, Title: "Migrant smuggling on the Central Mediterranean route",
		Authors: []Person{{Family: "Müller", Given: "Anna"}, {Family: "Ñúñez", Given: "Bernardo"}, {Family: "International Organization for Migration", Org: true}},
		Series:  "Migration Research Series", SeriesNumber: "78", Year: 2024, Month: 3, Day: 5, Publisher: "IOM", Place: "Geneva",
		Abstract: "First line of the abstract wrapped onto a second line.", Keywords: []string{"smuggling", "Libya"},
		Language: "en", URL: "https://example.org/mrs-78"}
	if !reflect.DeepEqual(w, want) {
		t.Errorf("got  %+v\nwant %+v", w, want)
	}
	a := works[1]
	if a.Kind != JournalArticle || a.Title != "Who sends money home?" || a.Container != "International Migration Review" ||
		a.Pages != "45-67" || a.ISSN != "0197-9183" || a.DOI != "10.1177/0197918321999999" || a.Year != 2021 || a.Authors[0].Family != "Nguyễn" {
		t.Errorf("article = %+v", a)
	}
}

func TestParseErrorsNameTheLine(t *testing.T) {
	cases := []struct {
		name, format, in string
		line             int
		msg              string
	}{
		{"unclosed brace", "bibtex", "@book{a,\n  title = {Open,\n  year = 2020\n}\n@book{b, title = {B}}\n", 2, "unclosed brace"},
		{"unclosed brace before an entry", "bibtex", "@book{a,\n  title = {Open\n@book{b, title = {B}}\n", 2, "not closed before the next entry (line 3)"},
		{"unclosed at end", "bibtex", "\n\n@book{a,\n  title = {Open and never closed\n", 4, "never closed"},
		{"unclosed quote", "bibtex", "@book{a,\n title = \"Open\n", 2, "quote"},
		{"missing =", "bibtex", "@book{a,\n title {x}}\n", 2, "expected ="},
		{"undefined macro", "bibtex", "@book{a,\n\n publisher = iom}\n", 3, "undefined macro \"iom\""},
		{"stray }", "bibtex", "@book{a, title = x}\n", 1, "undefined macro"},
		{"no entry type", "bibtex", "\n@{k, title = {T}}\n", 2, "not followed by an entry type"},
		{"no title", "bibtex", "@book{a,\n year = 2020}\n", 1, "title is empty"},
		{"missing ER", "ris", "TY  - JOUR\nTI  - A\nER  - \n\nTY  - BOOK\nTI  - B\n", 5, "no ER"},
		{"TY before ER", "ris", "TY  - JOUR\nTI  - A\nTY  - BOOK\n", 1, "no ER before the next TY on line 3"},
		{"tag before TY", "ris", "\nTI  - A\n", 2, "before the record's TY"},
		{"not RIS", "ris", "<html>\n", 1, "not a RIS line"},
	}
	for _, c := range cases {
		parse := ParseBibTeX
		if c.format == "ris" {
			parse = ParseRIS
		}
		works, err := parse(strings.NewReader(c.in))
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line != c.line || !strings.Contains(pe.Msg, c.msg) || works != nil {
			t.Errorf("%s: %v (works %d); want line %d with %q", c.name, err, len(works), c.line, c.msg)
		}
	}
}

// Hostile sizes end in an error naming a line, quickly and without
// holding the input many times over.
func TestParseLimits(t *testing.T) {
	var entries strings.Builder
	for i := 0; i < MaxImportEntries+10; i++ {
		entries.WriteString("@misc{k,title={T}}\n")
	}
	var records strings.Builder
	for i := 0; i < MaxImportEntries+10; i++ {
		records.WriteString("TY  - GEN\nTI  - T\nER  - \n")
	}
	macroBomb := "@string{a = {" + strings.Repeat("x", 60000) + "}}\n"
	for i := 0; i < 40; i++ {
		macroBomb += "@string{a" + strings.Repeat("b", i+1) + " = a}\n"
	}
	cases := []struct {
		name, format string
		in           []byte
		line         int
		msg          string
	}{
		{"10 MB of nesting", "bibtex", []byte("@book{a, title = " + strings.Repeat("{", 10<<20)), 1, "nested over"},
		{"a million entries", "bibtex", []byte(strings.Repeat("@misc{k,title={T}}\n", 1000000)), MaxImportEntries + 1, "more than"},
		{"33 MiB", "bibtex", []byte("@misc{k,title={T}}\n" + strings.Repeat(" ", 33<<20)), 1, "over 32 MiB"},
		{"value concatenated over the limit", "bibtex", []byte("@string{a = {" + strings.Repeat("x", 40000) + "}}\n@misc{k,\n title = a # a}"), 3, "over 64 KiB"},
		{"entries over the limit", "bibtex", []byte(entries.String()), MaxImportEntries + 1, "more than"},
		{"records over the limit", "ris", []byte(records.String()), 3*MaxImportEntries + 1, "more than"},
		{"a million records", "ris", bytes.Repeat([]byte("TY  - GEN\nTI  - T\nER  - \n"), 1000000), 3*MaxImportEntries + 1, "more than"},
		{"33 MiB of RIS", "ris", append([]byte("TY  - GEN\nTI  - T\nER  - \n"), bytes.Repeat([]byte("\n"), 33<<20)...), 0, "over 32 MiB"},
		{"macro bomb", "bibtex", []byte(macroBomb), 18, "macros hold over"},
		{"long line", "ris", []byte("TY  - GEN\nTI  - " + strings.Repeat("x", 1<<20) + "\n"), 2, "limit"},
	}
	for _, c := range cases {
		parse := ParseBibTeX
		if c.format == "ris" {
			parse = ParseRIS
		}
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		start := cpuTime()
		works, err := parse(bytes.NewReader(c.in))
		took := cpuTime() - start
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		var pe *ParseError
		if !errors.As(err, &pe) || !strings.Contains(pe.Msg, c.msg) || (c.line > 0 && pe.Line != c.line) || works != nil {
			t.Errorf("%s: %v; want line %d with %q", c.name, err, c.line, c.msg)
		}
		if took > 10*time.Second { // CPU time, garbage collection included
			t.Errorf("%s: took %s of CPU", c.name, took)
		}
		// Everything allocated along the way, garbage included.
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4*uint64(len(c.in))+256<<20 {
			t.Errorf("%s: allocated %d MiB for %d MiB of input", c.name, alloc>>20, len(c.in)>>20)
		}
	}
}

// What the writer escapes, the parser reads back as it was.
func TestBibTeXRoundTripSyntaxInText(t *testing.T) {
	w := mrs12()
	w.Title = `Bad }{ title \ with % & $ # _ ~ ^ -- and {COVID-19}`
	w.Authors = append(w.Authors, Person{Family: "Smith, Jr.", Given: "Bob and Alice"})
	var b bytes.Buffer
	if err := BibTeX(&b, w); err != nil {
		t.Fatal(err)
	}
	got, err := ParseBibTeX(&b)
	if err != nil {
		t.Fatal(err)
	}
	// "--" is LaTeX for an en dash, which the writer leaves as it is.
	if want := `Bad }{ title \ with % & $ # _ ~ ^ – and {COVID-19}`; got[0].Title != want {
		t.Errorf("title = %q, want %q", got[0].Title, want)
	}
	if p := got[0].Authors[3]; p != (Person{Family: "Smith, Jr.", Given: "Bob and Alice"}) {
		t.Errorf("author = %+v", p)
	}
}

// Some exporters write one space before the dash, and CR LF endings.
func TestParseRISLineVariants(t *testing.T) {
	works, err := ParseRIS(strings.NewReader("TY - BOOK\r\nTI - One space\r\nAU  - Doe, Jane\r\nER -\r\n"))
	if err != nil || len(works) != 1 || works[0].Title != "One space" || works[0].Kind != Book || works[0].Authors[0].Given != "Jane" {
		t.Fatalf("%+v %v", works, err)
	}
	if _, err := ParseRIS(strings.NewReader("TY  - BOOK\nTI  -x\nER  - \n")); err == nil {
		t.Error(`"TI  -x" (no space after the dash) read as a tag`)
	}
}
