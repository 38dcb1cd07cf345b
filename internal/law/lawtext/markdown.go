package lawtext

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MarkdownMeta is the metadata ParseMarkdown cannot read from the text.
type MarkdownMeta struct {
	Title    string // default: the first "##" line
	Language string // ISO 639-1 or 639-2 code, e.g. "en", "nl"
	Country  string // FRBR country, e.g. "nl", "aa-un"
	DocType  string // default "act"
	Name     string // document name attribute, e.g. "protocol"
	SubType  string
	Number   string // FRBR number, e.g. the BWB id
	Date     string // work date YYYY-MM-DD
	DateName string // name of the work date, e.g. "adoption"; default "generation"
	// ExpressionDate is the version date (default Date).
	ExpressionDate string
	Author         string // FRBRauthor href, e.g. "#unga"
	// DropTranslation drops the second-language block of bilingual files
	// (the Dutch treaty register files hold the English text followed by
	// the Dutch translation). By default the block is kept as an
	// hcontainer named "translation" (eId "translation_nld").
	DropTranslation bool
}

// maxMarkdownLine bounds one line of Markdown input.
const maxMarkdownLine = 4 << 20

// ParseMarkdown reads a law text in the Markdown dialect of the
// statengeneraal/laws-markdown mirror (see shared/data/nl-bwb-migration-md):
//
//   - "##Title" — the document title (first one);
//   - "### Article N" / "### Artikel N" — an article; "### Chapter|Hoofdstuk N",
//     "### Part|Deel N", "### Afdeling N" (division), "### Paragraaf N" or
//     "### § N" (Dutch grouping, mapped to section), "### Section N", a bare Roman numeral
//     ("###IV Final provisions") — containers; "### Annex|Schedule|Bijlage" —
//     annexes (eIds att_1, att_2… in file order); "###Paragraph N" (inside a
//     schedule) — paragraphs; "### 1" — a numbered item of the current
//     provision; any other "###" line — an hcontainer named "group";
//   - "####Heading" right after one of those — its heading; elsewhere a
//     cross heading (hcontainer named "crossheading"), or a subtitle alias
//     before the first provision;
//   - in the text: "1." starts a numbered paragraph of an article; "(a)",
//     "a.", "a)", "(i)", "1°", "(1)" start points, nested by marker style;
//     other lines are paragraph text (an unnumbered paragraph "para_nn_K"
//     when they stand alone in an article). Text before the first provision
//     is the preamble.
//
// Inline Markdown is reduced to plain text (links keep their text, images
// and emphasis marks are dropped). eIds are generated with GenerateEIDs, so
// the result always passes Validate.
func ParseMarkdown(r io.Reader, meta MarkdownMeta) (*Document, error) {
	p := newMDParser(meta)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxMarkdownLine)
	for sc.Scan() {
		line := sc.Text()
		if !utf8.ValidString(line) {
			line = strings.ToValidUTF8(line, "\uFFFD")
		}
		p.line(line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("lawtext: reading markdown: %w", err)
	}
	return p.finish(), nil
}

type mdParser struct {
	meta        MarkdownMeta
	doc         *Document
	preamble    *Node
	seenStruct  bool
	stack       []mdLevel // open structural nodes, outermost first
	root        *Node     // content root: the latest structural node
	pendingHead bool      // a "####" line now is the root's heading
	markers     []mdMarker
	firstLang   string
	translation *Node // second-language block, once seen
	annexes     int
	cross       int
}

type mdLevel struct {
	node *Node
	rank int
}

type mdMarker struct {
	key   string // style + class: ".num", "(lower", "deg"…; "para" for article paragraphs
	label string // the marker label, e.g. "a", "iv", "2"
	node  *Node
}

func newMDParser(meta MarkdownMeta) *mdParser {
	d := &Document{
		Title:    strings.TrimSpace(meta.Title),
		Language: LangFromCode(meta.Language),
		Date:     meta.Date,
		Country:  meta.Country,
		DocType:  meta.DocType,
		Name:     meta.Name,
		SubType:  meta.SubType,
		Number:   meta.Number,
	}
	if d.DocType == "" {
		d.DocType = "act"
	}
	d.Work.Date, d.Work.DateName, d.Work.Author = meta.Date, meta.DateName, meta.Author
	if d.Work.DateName == "" {
		d.Work.DateName = "generation"
	}
	d.Expression.Date = meta.ExpressionDate
	if d.Expression.Date == "" {
		d.Expression.Date = meta.Date
	}
	d.Expression.DateName, d.Expression.Author = d.Work.DateName, meta.Author
	return &mdParser{meta: meta, doc: d}
}

var (
	mdHeadingRe = regexp.MustCompile(`^(#{1,6})\s*(.*?)\s*$`)
	mdImageRe   = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	mdLinkRe    = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	romanRe     = regexp.MustCompile(`^[IVXLC]+$`)
	mdBareNumRe = regexp.MustCompile(`^\d+[a-z]?\.?$`)
	mdDegreeRe  = regexp.MustCompile(`^(\d+[a-z]?)°\.?\s*(.*)$`)
	mdNumDotRe  = regexp.MustCompile(`^(\d+[a-z]?)\.\s+(\S.*)$`)
	mdParenRe   = regexp.MustCompile(`^\((\d+[a-z]?|[a-zA-Z]{1,5})\)\s*(.*)$`)
	mdLetDotRe  = regexp.MustCompile(`^([a-z]{1,2})\.\s+(\S.*)$`)
	mdLetParRe  = regexp.MustCompile(`^([a-z]{1,2})\)\s+(\S.*)$`)
	// mdLetDotTightRe is a letter marker the source ran into its text
	// ("e.indien"); it is taken as a marker only where a list expects it.
	mdLetDotTightRe = regexp.MustCompile(`^([a-z])\.(\p{L}{2,}.*)$`)
)

// cleanInline reduces inline Markdown to plain text and collapses spaces.
func cleanInline(s string) string {
	if strings.ContainsRune(s, '[') {
		s = mdImageRe.ReplaceAllString(s, "")
		s = mdLinkRe.ReplaceAllString(s, "$1")
	}
	s = strings.ReplaceAll(s, "*", "")
	return strings.Join(strings.Fields(s), " ")
}

type structKind struct {
	kind Kind
	rank int
	lang string // language the keyword belongs to, "" if neutral
}

var structKeywords = map[string]structKind{
	"article":   {KindArticle, 50, "en"},
	"artikel":   {KindArticle, 50, "nl"},
	"chapter":   {KindChapter, 20, "en"},
	"hoofdstuk": {KindChapter, 20, "nl"},
	"part":      {KindPart, 10, "en"},
	"deel":      {KindPart, 10, "nl"},
	"titel":     {"title", 15, "nl"},
	"afdeling":  {KindDivision, 30, "nl"},
	"paragraaf": {KindSection, 40, "nl"},
	"§":         {KindSection, 40, ""}, // "### §  I" (a Dutch paragraaf)
	"section":   {KindSection, 40, "en"},
	"paragraph": {KindParagraph, 50, "en"},
	"annex":     {KindAnnex, 1, "en"},
	"schedule":  {KindAnnex, 1, "en"},
	"bijlage":   {KindAnnex, 1, "nl"},
}

func (p *mdParser) line(raw string) {
	t := strings.TrimSpace(raw)
	if t == "" {
		return
	}
	if strings.HasPrefix(t, "<") && strings.HasSuffix(t, ">") {
		return // <meta http-equiv…> and similar HTML lines
	}
	if m := mdHeadingRe.FindStringSubmatch(t); m != nil {
		level := len(m[1])
		text := cleanInline(m[2])
		if text == "" {
			return
		}
		switch {
		case level <= 2:
			p.title(text)
		case level == 3:
			p.structural(text)
		default:
			p.heading4(text)
		}
		return
	}
	text := cleanInline(t)
	if text == "" {
		return
	}
	p.text(text)
}

func (p *mdParser) title(text string) {
	if p.doc.Title == "" {
		p.doc.Title = text
		return
	}
	if text != p.doc.Title {
		p.doc.Aliases = append(p.doc.Aliases, Alias{Name: "originalTitle", Value: text})
	}
}

func (p *mdParser) heading4(text string) {
	switch {
	case p.pendingHead && p.root != nil:
		if p.root.Heading == "" {
			p.root.Heading = text
		} else {
			p.root.Heading += " — " + text
		}
		p.pendingHead = false
	case !p.seenStruct && p.preamble == nil:
		p.doc.Aliases = append(p.doc.Aliases, Alias{Name: "subtitle", Value: text})
	default:
		p.cross++
		n := &Node{Kind: KindHcontainer, Name: "crossheading", Heading: text}
		p.open(n, 50)
		p.pendingHead = false
	}
}

func (p *mdParser) structural(text string) {
	fields := strings.Fields(text)
	if len(fields) == 1 && p.root != nil && mdBareNumRe.MatchString(fields[0]) {
		// "### 1" inside a schedule paragraph: a numbered sub-paragraph
		key := ".num"
		if p.root.Kind == KindArticle {
			key = "para"
		}
		p.pendingHead = false
		p.addMarked(key, strings.TrimSuffix(fields[0], "."), "")
		return
	}
	first := strings.ToLower(strings.TrimRight(fields[0], ".:"))
	sk, ok := structKeywords[first]
	var n *Node
	switch {
	case ok:
		num, heading := fields[0], ""
		if len(fields) > 1 {
			num += " " + fields[1]
			heading = strings.Join(fields[2:], " ")
		}
		if sk.kind == KindAnnex && len(fields) > 1 && !looksLikeNum(fields[1]) {
			num, heading = fields[0], strings.Join(fields[1:], " ")
		}
		n = &Node{Kind: sk.kind, Num: num, Heading: heading}
	case romanRe.MatchString(fields[0]):
		sk = structKind{KindChapter, 20, ""}
		n = &Node{Kind: KindChapter, Num: fields[0], Heading: strings.Join(fields[1:], " ")}
	default:
		sk = structKind{KindHcontainer, 50, ""}
		n = &Node{Kind: KindHcontainer, Name: "group", Heading: text}
	}
	if sk.lang != "" {
		if p.firstLang == "" {
			p.firstLang = sk.lang
		} else if sk.lang != p.firstLang && p.translation == nil {
			p.startTranslation(sk.lang)
		}
	}
	if n.Kind == KindAnnex {
		p.annexes++
		prefix := ""
		if p.translation != nil {
			prefix = p.translation.EID + "__"
		}
		n.EID = fmt.Sprintf("%satt_%d", prefix, p.annexes)
		n.Name = "annex"
	}
	p.open(n, sk.rank)
	p.pendingHead = true
}

func looksLikeNum(s string) bool {
	s = strings.Trim(s, ".:()")
	if s == "" {
		return false
	}
	if romanRe.MatchString(s) {
		return true
	}
	_, err := strconv.Atoi(strings.TrimRight(s, "abcdefghijklmnopqrstuvwxyz"))
	return err == nil || (len(s) == 1 && s[0] >= 'A' && s[0] <= 'Z')
}

// startTranslation opens the second-language block. A trailing top-level
// container that holds no article yet (e.g. the "###I" that precedes
// "Artikel 1") is moved into it.
func (p *mdParser) startTranslation(lang string) {
	l := LangFromCode(lang)
	code := l.AKN
	if code == "" {
		code = lang
	}
	tr := &Node{Kind: KindHcontainer, Name: "translation", EID: "translation_" + code,
		Heading: "Translation (" + code + ")"}
	// a cross heading just before the switch is the translation's title
	if n := len(p.stack); n > 0 {
		last := p.stack[n-1].node
		if last.Kind == KindHcontainer && last.Name == "crossheading" {
			siblings := &p.doc.Body
			if n > 1 {
				siblings = &p.stack[n-2].node.Children
			}
			if k := len(*siblings); k > 0 && (*siblings)[k-1] == last {
				*siblings = (*siblings)[:k-1]
				tr.Children = append(tr.Children, last)
				p.stack = p.stack[:n-1]
			}
		}
	}
	if len(p.stack) > 0 {
		top := p.stack[0].node
		if top.Kind != KindAnnex && top.Kind != KindArticle && !hasArticle(top) && len(p.doc.Body) > 0 && p.doc.Body[len(p.doc.Body)-1] == top {
			p.doc.Body = p.doc.Body[:len(p.doc.Body)-1]
			// and the cross heading that closed the previous container
			if ch := popTrailingCrossheading(p.doc.Body); ch != nil {
				tr.Children = append(tr.Children, ch)
			}
			tr.Children = append(tr.Children, top)
			p.stack = p.stack[:1]
			p.translation = tr
			p.attachTranslation()
			return
		}
	}
	p.stack = nil
	p.translation = tr
	p.attachTranslation()
}

// popTrailingCrossheading removes and returns the cross heading that ends
// the last of nodes (searching down the last children), if any.
func popTrailingCrossheading(nodes []*Node) *Node {
	if len(nodes) == 0 {
		return nil
	}
	last := nodes[len(nodes)-1]
	k := len(last.Children)
	if k == 0 {
		return nil
	}
	c := last.Children[k-1]
	if c.Kind == KindHcontainer && c.Name == "crossheading" {
		last.Children = last.Children[:k-1]
		return c
	}
	return popTrailingCrossheading(last.Children)
}

func (p *mdParser) attachTranslation() {
	if !p.meta.DropTranslation {
		p.doc.Body = append(p.doc.Body, p.translation)
	}
}

// open adds a structural node under the innermost open node of lower rank.
func (p *mdParser) open(n *Node, rank int) {
	p.seenStruct = true
	for len(p.stack) > 0 && p.stack[len(p.stack)-1].rank >= rank {
		p.stack = p.stack[:len(p.stack)-1]
	}
	switch {
	case len(p.stack) > 0:
		parent := p.stack[len(p.stack)-1].node
		parent.Children = append(parent.Children, n)
	case p.translation != nil:
		p.translation.Children = append(p.translation.Children, n)
	default:
		p.doc.Body = append(p.doc.Body, n)
	}
	p.stack = append(p.stack, mdLevel{node: n, rank: rank})
	p.root = n
	p.markers = p.markers[:0]
}

func appendText(n *Node, text string) {
	if n.Text == "" {
		n.Text = text
	} else {
		n.Text += "\n" + text
	}
}

func (p *mdParser) text(text string) {
	p.pendingHead = false
	if p.root == nil {
		if p.preamble == nil {
			p.preamble = &Node{Kind: KindPreamble}
			p.doc.Body = append(p.doc.Body, p.preamble)
		}
		appendText(p.preamble, text)
		return
	}
	if key, label, rest, ok := p.marker(text); ok {
		p.addMarked(key, label, rest)
		return
	}
	isArticle := p.root.Kind == KindArticle
	if len(p.markers) == 0 {
		if isArticle {
			p.newPara("", text)
		} else {
			appendText(p.root, text)
		}
		return
	}
	top := p.markers[len(p.markers)-1]
	switch {
	case isArticle && top.key == "para" && len(top.node.Children) == 0 && top.node.Num != "":
		appendText(top.node, text) // continuation of a numbered paragraph
	case isArticle:
		p.newPara("", text)
	default:
		appendText(top.node, text)
	}
}

func (p *mdParser) newPara(num, text string) {
	n := &Node{Kind: KindParagraph, Num: num, Text: text}
	p.root.Children = append(p.root.Children, n)
	p.markers = append(p.markers[:0], mdMarker{key: "para", label: strings.TrimSuffix(num, "."), node: n})
}

// marker recognises a list or paragraph marker at the start of a line.
func (p *mdParser) marker(text string) (key, label, rest string, ok bool) {
	if !mayBeMarker(text) {
		return "", "", "", false
	}
	if m := mdDegreeRe.FindStringSubmatch(text); m != nil {
		return "deg", m[1], m[2], true
	}
	if m := mdNumDotRe.FindStringSubmatch(text); m != nil {
		if p.root.Kind == KindArticle {
			return "para", m[1], m[2], true
		}
		return ".num", m[1], m[2], true
	}
	if m := mdParenRe.FindStringSubmatch(text); m != nil {
		return "(" + p.class(m[1], "("), m[1], m[2], true
	}
	if m := mdLetDotRe.FindStringSubmatch(text); m != nil {
		return "." + p.class(m[1], "."), m[1], m[2], true
	}
	if m := mdLetParRe.FindStringSubmatch(text); m != nil {
		return ")" + p.class(m[1], ")"), m[1], m[2], true
	}
	if m := mdLetDotTightRe.FindStringSubmatch(text); m != nil && p.expectsLetter(m[1]) {
		return ".lower", m[1], m[2], true
	}
	return "", "", "", false
}

// expectsLetter reports whether a "x." letter marker without a space after
// it fits the open lists: it continues an open "a.", "b."… list, or it is
// "a." starting one. Elsewhere such a line is text ("o.a.", "z.i.").
func (p *mdParser) expectsLetter(label string) bool {
	if label == "a" {
		return true
	}
	for i := len(p.markers) - 1; i >= 0; i-- {
		m := p.markers[i]
		if m.key == ".lower" && len(m.label) == 1 && m.label[0]+1 == label[0] {
			return true
		}
	}
	return false
}

// mayBeMarker is a cheap pre-check before the marker regexps: a marker
// starts with a digit, "(", or one or two letters followed by "." or ")".
func mayBeMarker(s string) bool {
	if s == "" {
		return false
	}
	c := s[0]
	if c == '(' || (c >= '0' && c <= '9') {
		return true
	}
	if c < 'a' || c > 'z' {
		return false
	}
	for i := 1; i < len(s) && i <= 2; i++ {
		if s[i] == '.' || s[i] == ')' {
			return true
		}
	}
	return false
}

// class classifies a marker label: num, lower, upper, lroman, uroman.
// Letters that are also Roman numerals (i, v, x, …) are resolved from the
// open lists: "(i)" after "(h)" is a letter, "(ii)" after "(i)" a numeral.
func (p *mdParser) class(label, style string) string {
	if label[0] >= '0' && label[0] <= '9' {
		return "num"
	}
	upper := strings.ToUpper(label) == label
	letter, roman := "lower", "lroman"
	if upper {
		letter, roman = "upper", "uroman"
	}
	rv := romanValue(strings.ToUpper(label))
	if rv == 0 {
		return letter
	}
	for i := len(p.markers) - 1; i >= 0; i-- {
		m := p.markers[i]
		if m.key == style+roman && romanValue(strings.ToUpper(m.label)) == rv-1 {
			return roman
		}
		if m.key == style+letter && len(label) == 1 && len(m.label) == 1 && m.label[0]+1 == label[0] {
			return letter
		}
	}
	if rv == 1 || len(label) > 1 {
		return roman
	}
	return letter
}

func romanValue(s string) int {
	if s == "" || !romanRe.MatchString(s) {
		return 0
	}
	vals := map[byte]int{'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100}
	total := 0
	for i := 0; i < len(s); i++ {
		v := vals[s[i]]
		if i+1 < len(s) && vals[s[i+1]] > v {
			total -= v
		} else {
			total += v
		}
	}
	return total
}

func (p *mdParser) addMarked(key, label, rest string) {
	num := label
	switch {
	case key == "para" || key == ".num" || strings.HasPrefix(key, "."):
		num = label + "."
	case key == "deg":
		num = label + "°"
	case strings.HasPrefix(key, "("):
		num = "(" + label + ")"
	case strings.HasPrefix(key, ")"):
		num = label + ")"
	}
	if key == "para" {
		p.newPara(num, rest)
		return
	}
	n := &Node{Kind: KindPoint, Num: num, Text: rest}
	idx := -1
	for i := len(p.markers) - 1; i >= 0; i-- {
		if p.markers[i].key == key {
			idx = i
			break
		}
	}
	if idx >= 0 {
		p.markers = p.markers[:idx]
	}
	parent := p.root
	if len(p.markers) > 0 {
		parent = p.markers[len(p.markers)-1].node
	}
	parent.Children = append(parent.Children, n)
	p.markers = append(p.markers, mdMarker{key: key, label: label, node: n})
}

func (p *mdParser) finish() *Document {
	GenerateEIDs(p.doc, false)
	return p.doc
}

// Version is one dated version of an act in a VERSIONS.csv manifest.
type Version struct {
	Kind         string // "treaties", "national", "amending"
	ActID        string // BWB id, e.g. "BWBR0011823"
	Title        string
	Date         string // version date YYYY-MM-DD
	File         string // path of the Markdown file (dir joined with the manifest's file column)
	SourceCommit string
	SourcePath   string
}

// LoadVersions reads dir/VERSIONS.csv (columns kind, bwb_id, title,
// version_date, source_commit, source_path, file) and returns the versions of
// each act, oldest first.
func LoadVersions(dir string) (map[string][]Version, error) {
	f, err := os.Open(filepath.Join(dir, "VERSIONS.csv"))
	if err != nil {
		return nil, fmt.Errorf("lawtext: %w", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("lawtext: VERSIONS.csv: %w", err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("lawtext: VERSIONS.csv is empty")
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.TrimSpace(h)] = i
	}
	for _, need := range []string{"kind", "bwb_id", "title", "version_date", "file"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("lawtext: VERSIONS.csv: missing column %q", need)
		}
	}
	get := func(r []string, name string) string {
		i, ok := col[name]
		if !ok || i >= len(r) {
			return ""
		}
		return strings.TrimSpace(r[i])
	}
	out := map[string][]Version{}
	for li, r := range rows[1:] {
		v := Version{
			Kind: get(r, "kind"), ActID: get(r, "bwb_id"), Title: get(r, "title"), Date: get(r, "version_date"),
			SourceCommit: get(r, "source_commit"), SourcePath: get(r, "source_path"),
		}
		file := get(r, "file")
		if v.ActID == "" || file == "" {
			return nil, fmt.Errorf("lawtext: VERSIONS.csv line %d: missing bwb_id or file", li+2)
		}
		if filepath.IsAbs(file) || strings.Contains(filepath.ToSlash(file), "../") {
			return nil, fmt.Errorf("lawtext: VERSIONS.csv line %d: file %q escapes the folder", li+2, file)
		}
		v.File = filepath.Join(dir, filepath.FromSlash(file))
		out[v.ActID] = append(out[v.ActID], v)
	}
	for _, vs := range out {
		sort.SliceStable(vs, func(i, j int) bool { return vs[i].Date < vs[j].Date })
	}
	return out, nil
}

// LoadMarkdownVersion parses one version listed by LoadVersions. meta is
// completed from the version where its fields are empty: title, FRBR number
// (the lower-cased BWB id), work and expression date (the version date: the
// data set does not give enactment dates), language ("nl" for national
// texts, "en" for treaties) and country ("nl"; "aa-un" for treaties, the
// project's convention for UN instruments: pass "aa-ilo" for ILO C097).
func LoadMarkdownVersion(v Version, meta MarkdownMeta) (*Document, error) {
	if meta.Title == "" {
		meta.Title = v.Title
	}
	if meta.Number == "" {
		meta.Number = strings.ToLower(v.ActID)
	}
	if meta.Language == "" {
		meta.Language = "nl"
		if v.Kind == "treaties" {
			meta.Language = "en"
		}
	}
	if meta.Country == "" {
		meta.Country = "nl"
		if v.Kind == "treaties" {
			meta.Country = "aa-un"
		}
	}
	if meta.ExpressionDate == "" {
		meta.ExpressionDate = v.Date
	}
	if meta.Date == "" {
		meta.Date = v.Date
	}
	f, err := os.Open(v.File)
	if err != nil {
		return nil, fmt.Errorf("lawtext: %w", err)
	}
	defer f.Close()
	return ParseMarkdown(f, meta)
}
