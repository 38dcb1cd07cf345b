package lawtext

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"corridor/internal/testutil"
)

// FuzzParseMarkdown: any input parses, and the result always has unique,
// non-empty eIds and no nil nodes. Seeds: testdata/markdown/*.md and the
// go-fuzz corpus in testdata/fuzz/FuzzParseMarkdown.
func FuzzParseMarkdown(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "markdown", "*.md"))
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("### Article 1\n1. a\n(a) b\n(i) c\n(ii) d\n(b) e\n2. f\n")
	f.Add("### Artikel 1\n### Article 1\n### ANNEX\n### Paragraph 1\n### 1\ntext\n####X\n")
	f.Fuzz(func(t *testing.T, src string) {
		d, err := ParseMarkdown(strings.NewReader(src), MarkdownMeta{Language: "en"})
		if err != nil {
			if strings.Contains(err.Error(), "token too long") {
				return
			}
			t.Fatal(err)
		}
		if err := d.Validate(); err != nil {
			t.Fatalf("invalid tree: %v", err)
		}
		_ = d.Articles()
		_ = Diff(d, d)
	})
}

// BenchmarkParseMarkdownLargest parses the largest national act version
// (Aliens Act 2000, 2015-07-21, about 200 KiB).
func BenchmarkParseMarkdownLargest(b *testing.B) {
	path := testutil.SharedData(b, "nl-bwb-migration-md", "national", "BWBR0011823-vreemdelingenwet-2000", "2015-07-21.md")
	src, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseMarkdown(strings.NewReader(string(src)), MarkdownMeta{Language: "nl"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDiffAliensAct diffs two consecutive versions of the Aliens Act.
func BenchmarkDiffAliensAct(b *testing.B) {
	vs, err := LoadVersions(testutil.SharedData(b, "nl-bwb-migration-md"))
	if err != nil {
		b.Fatal(err)
	}
	list := vs[aliensAct]
	x, err := LoadMarkdownVersion(list[len(list)-2], MarkdownMeta{})
	if err != nil {
		b.Fatal(err)
	}
	y, err := LoadMarkdownVersion(list[len(list)-1], MarkdownMeta{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		Diff(x, y)
	}
}
