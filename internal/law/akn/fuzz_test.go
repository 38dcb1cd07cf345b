package akn

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"corridor/internal/law/lawtext"
)

// FuzzImport: Import never panics; what it accepts has a valid tree within
// the import limits (depth, provisions, eId length, a model and an export
// bounded by a multiple of the input), round-trips byte for byte, and,
// re-exported from the model, imports again with the same number of
// provisions. Seeds: testdata/akn/*.xml (the real 1967 Protocol example
// among them), the corpus in testdata/fuzz/FuzzImport and small hostile
// documents. Run it with a memory ceiling (ulimit -v) so that a blow-up
// fails rather than swaps.
func FuzzImport(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "akn", "*.xml"))
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act name="a"><body><article eId="a"/><article eId="a"/></body></act></akomaNtoso>`))
	f.Add([]byte(`<x/>`))
	f.Add(nested(`<level>`, `</level>`, MaxDepth, ""))
	f.Add(wrapBody(`<article eId="` + strings.Repeat("a", MaxEIDLength) + `">` + strings.Repeat(`<point><num>1</num></point>`, 30) + `</article>`))
	f.Add(wrapBody(`<hcontainer name="` + strings.Repeat("é", 100) + `"><subheading>a</subheading><subheading>b</subheading><p>x</p><p/><p>y</p></hcontainer>`))
	f.Fuzz(checkImport)
}

// checkImport is FuzzImport's check of one input.
func checkImport(t *testing.T, raw []byte) {
	d, got, err := Import(bytes.NewReader(raw))
	if err != nil {
		return
	}
	if !bytes.Equal(got, raw) {
		t.Fatal("raw bytes not kept")
	}
	if err := d.Validate(); err != nil {
		t.Fatalf("accepted document has an invalid tree: %v", err)
	}
	checkWithinLimits(t, d, len(raw))
	out, err := Export(d)
	if err != nil || !bytes.Equal(out, raw) {
		t.Fatalf("unchanged document did not round-trip (err %v)", err)
	}
	d.Source = nil
	if d.Date == "" && d.Work.Date == "" {
		d.Date = "2000-01-01"
	}
	if d.Language.AKN == "" {
		d.Language = lawtext.LangFromCode("en")
	}
	out, err = Export(d)
	if err != nil {
		return // e.g. a work date that is not YYYY-MM-DD
	}
	if most := maxExportFactor*len(raw) + 1<<16; len(out) > most {
		t.Fatalf("export of %d input bytes is %d bytes, more than %d", len(raw), len(out), most)
	}
	back, _, err := Import(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("export of an imported document does not import: %v\n%s", err, out)
	}
	count := func(x *lawtext.Document) (n int) {
		x.Walk(func(*lawtext.Node, []*lawtext.Node) bool { n++; return true })
		return n
	}
	// an empty body is exported with the placeholder the schema needs
	placeholder := count(d) == 0 && count(back) == 1 && back.Body[0].EID == "hcontainer_empty"
	if count(back) != count(d) && !placeholder {
		t.Fatalf("re-import has %d nodes, model %d", count(back), count(d))
	}
}

// maxExportFactor bounds an export from the model against the imported
// file: markup for each provision (at least 7 input bytes) and the eIds.
const maxExportFactor = 40

// checkWithinLimits fails when an accepted document breaks an import limit.
func checkWithinLimits(t *testing.T, d *lawtext.Document, inputSize int) {
	t.Helper()
	provisions, deepest := 0, 0
	d.Walk(func(n *lawtext.Node, path []*lawtext.Node) bool {
		provisions++
		deepest = max(deepest, len(path)+1)
		if len(n.EID) > MaxEIDLength {
			t.Fatalf("eId of %d bytes", len(n.EID))
		}
		return true
	})
	if provisions > MaxProvisions || deepest > MaxDepth {
		t.Fatalf("%d provisions, %d deep", provisions, deepest)
	}
	if size, most := modelSize(d), MaxModelFactor*inputSize+modelSlack; size > most {
		t.Fatalf("model of %d bytes from %d input bytes, more than %d", size, inputSize, most)
	}
}

func BenchmarkImportExample(b *testing.B) {
	raw := readExample(b)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Import(bytes.NewReader(raw)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExportExample writes the example from the model (the document
// is marked changed so the original bytes are not reused).
func BenchmarkExportExample(b *testing.B) {
	d, _, err := Import(bytes.NewReader(readExample(b)))
	if err != nil {
		b.Fatal(err)
	}
	d.Source = nil
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Export(d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExportUnchanged is the lossless path: fingerprint + copy.
func BenchmarkExportUnchanged(b *testing.B) {
	d, _, err := Import(bytes.NewReader(readExample(b)))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Export(d); err != nil {
			b.Fatal(err)
		}
	}
}
