package akn

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"corridor/internal/law/lawtext"
)

// Hostile documents are generated here rather than stored: a few of them
// are megabytes.

const aknOpen = `<akomaNtoso xmlns="` + Namespace + `"><act name="x"><meta/><body>`
const aknClose = `</body></act></akomaNtoso>`

// wrapBody puts body content into a minimal act.
func wrapBody(body string) []byte { return []byte(aknOpen + body + aknClose) }

// nested opens the element depth times, innermost content inside.
func nested(open, close string, depth int, inner string) []byte {
	return wrapBody(strings.Repeat(open, depth) + inner + strings.Repeat(close, depth))
}

// importCost imports raw and returns the error, the bytes allocated during
// the import and the heap the result keeps.
func importCost(raw []byte) (allocated, retained uint64, err error) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	d, _, err := Import(bytes.NewReader(raw))
	runtime.ReadMemStats(&after)
	allocated = after.TotalAlloc - before.TotalAlloc
	runtime.GC()
	runtime.ReadMemStats(&after)
	if after.HeapAlloc > before.HeapAlloc {
		retained = after.HeapAlloc - before.HeapAlloc
	}
	runtime.KeepAlive(d)
	return allocated, retained, err
}

// allocBound is the most an import of n bytes may allocate in all, garbage
// included, which bounds its peak heap. Generous: the real example takes
// about 11 times its size, a file of empty provisions (8 bytes each, the
// worst case) about 80 times.
func allocBound(n int) uint64 { return 100*uint64(n) + 1<<20 }

// keptBound is the most the document imported from n bytes may keep; the
// worst case, empty provisions, keeps about 27 times its size.
func keptBound(n int) uint64 { return 40*uint64(n) + 1<<20 }

func wantImportError(t *testing.T, err error, kind error, line bool, parts ...string) {
	t.Helper()
	var ie *ImportError
	if !errors.Is(err, kind) || !errors.As(err, &ie) {
		t.Fatalf("got %v, want an *ImportError %v", err, kind)
	}
	if line && ie.Line <= 0 {
		t.Errorf("no line in %v", err)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("%q lacks %q", err.Error(), p)
		}
	}
}

// Elements without eId used to get eIds built from all their ancestors, so
// a file of ~200 KB nested 13,000 levels deep took half a gigabyte. Such a
// file is refused at the element that is too deep, having allocated a
// bounded multiple of its size.
func TestImportRefusesDeepNesting(t *testing.T) {
	cases := map[string][]byte{
		"provisions":        nested(`<level>`, `</level>`, 13_000, ""),
		"numbered":          nested(`<level><num>1</num>`, `</level>`, 7_000, ""),
		"inline":            nested(`<b>`, `</b>`, 50_000, "")[:0],
		"foreign namespace": nested(`<x:a xmlns:x="urn:x">`, `</x:a>`, 5_000, ""),
	}
	cases["inline"] = wrapBody(`<article eId="a"><content><p>` + strings.Repeat(`<b>`, 50_000) + strings.Repeat(`</b>`, 50_000) + `</p></content></article>`)
	for name, raw := range cases {
		t.Run(name, func(t *testing.T) {
			allocated, _, err := importCost(raw)
			wantImportError(t, err, ErrTooComplex, true, fmt.Sprintf("more than %d elements deep", MaxDepth))
			if allocated > allocBound(len(raw)) {
				t.Errorf("refusing %d bytes allocated %d bytes", len(raw), allocated)
			}
		})
	}
	// the limit itself is accepted, one more is not
	inner := MaxDepth - 3 // akomaNtoso, act, body
	if _, _, err := Import(bytes.NewReader(nested(`<level>`, `</level>`, inner, ""))); err != nil {
		t.Errorf("%d levels: %v", inner, err)
	}
	_, _, err := Import(bytes.NewReader(nested(`<level>`, `</level>`, inner+1, "")))
	wantImportError(t, err, ErrTooComplex, true, "<level>")
}

// Generated eIds keep to MaxEIDLength at any accepted depth and under a
// parent whose own eId is as long as accepted.
func TestImportGeneratedEIDsBounded(t *testing.T) {
	long := strings.Repeat("x", MaxEIDLength)
	raw := wrapBody(`<article eId="` + long + `">` +
		strings.Repeat(`<level><num>Level 123456789</num>`, MaxDepth-5) + strings.Repeat(`</level>`, MaxDepth-5) +
		`<hcontainer name="` + strings.Repeat("é", 500) + `"/>` + strings.Repeat(`<point/>`, 20) + `</article>`)
	d, _, err := Import(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	n := 0
	d.Walk(func(p *lawtext.Node, _ []*lawtext.Node) bool {
		n++
		if len(p.EID) > MaxEIDLength {
			t.Errorf("%s eId of %d bytes", p.Kind, len(p.EID))
		}
		return true
	})
	if n != 1+(MaxDepth-5)+1+20 {
		t.Errorf("%d provisions", n)
	}
	// deterministic: the same file gives the same eIds
	again, _, _ := Import(bytes.NewReader(raw))
	if d.Fingerprint() != again.Fingerprint() {
		t.Error("generated eIds differ between two imports")
	}
}

// Each of these used to take time or memory growing faster than the file;
// they now import, or are refused, within a bounded multiple of its size.
func TestImportCostBoundedByInput(t *testing.T) {
	cases := []struct {
		name string
		raw  []byte
		kind error // nil: accepted
		msg  string
	}{
		// every clash suffix was searched from "-2" up
		{"siblings with one number", wrapBody(strings.Repeat(`<article><num>1</num></article>`, 20_000)), nil, ""},
		// the text grew by copying for each block
		{"many blocks", wrapBody(`<article eId="a"><content>` + strings.Repeat(`<p>x</p>`, 100_000) + `</content></article>`), nil, ""},
		{"many subheadings", wrapBody(`<article eId="a">` + strings.Repeat(`<subheading>x</subheading>`, 40_000) + `</article>`), nil, ""},
		{"siblings without eId", wrapBody(strings.Repeat(`<point/>`, 90_000)), nil, ""},
		{"many inline elements with eIds", wrapBody(`<article eId="a"><content><p>` + manyEIDs(200_000) + `</p></content></article>`), nil, ""},
		{"huge attribute values", wrapBody(`<hcontainer eId="h" name="` + strings.Repeat("n", 2<<20) + `"><p>` + strings.Repeat("t", 2<<20) + `</p></hcontainer>`), nil, ""},
		{"huge generated component", wrapBody(`<hcontainer name="` + strings.Repeat("n", 1<<20) + `">` + strings.Repeat(`<hcontainer/>`, 1000) + `</hcontainer>`), nil, ""},
		{"long eId", wrapBody(`<article eId="` + strings.Repeat("a", 1<<20) + `"/>`), ErrTooComplex, fmt.Sprintf("more than the %d accepted", MaxEIDLength)},
		{"too many provisions", wrapBody(strings.Repeat(`<point/>`, MaxProvisions+1)), ErrTooComplex, fmt.Sprintf("more than the %d accepted", MaxProvisions)},
		{"long generated eIds", wrapBody(`<article eId="` + strings.Repeat("a", MaxEIDLength) + `">` + strings.Repeat(`<point/>`, 20_000) + `</article>`), ErrTooComplex, fmt.Sprintf("more than %d times the file's size", MaxModelFactor)},
		{"entity expansion", []byte(`<?xml version="1.0"?><!DOCTYPE akomaNtoso [<!ENTITY a "aaaaaaaaaa">` +
			`<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>` +
			string(wrapBody(`<article eId="a"><content><p>&d;&d;&d;&d;</p></content></article>`))), ErrInvalidXML, "entity"},
		{"invalid UTF-8", wrapBody("<article eId=\"a\"><content><p>caf\xe9</p></content></article>"), ErrInvalidXML, "UTF-8"},
		{"declared Latin-1", append([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?>`), wrapBody("<article eId=\"a\"/>")...), ErrInvalidXML, "ISO-8859-1"},
		{"truncated deep", nested(`<level>`, `</level>`, 50, "")[:60], ErrInvalidXML, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			allocated, retained, err := importCost(c.raw)
			if c.kind == nil && err != nil {
				t.Fatal(err)
			}
			if c.kind != nil {
				wantImportError(t, err, c.kind, false, c.msg)
			}
			if allocated > allocBound(len(c.raw)) {
				t.Errorf("%d bytes allocated %d bytes (%.0f×)", len(c.raw), allocated, float64(allocated)/float64(len(c.raw)))
			}
			if retained > keptBound(len(c.raw)) {
				t.Errorf("%d bytes keep %d bytes", len(c.raw), retained)
			}
			t.Logf("%d bytes: allocated %.1f×, kept %.1f×", len(c.raw), float64(allocated)/float64(len(c.raw)), float64(retained)/float64(len(c.raw)))
		})
	}
}

// manyEIDs is n empty inline elements, each with its own eId.
func manyEIDs(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `<i eId="i%d"/>`, i)
	}
	return b.String()
}
