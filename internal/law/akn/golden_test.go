package akn

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/golden from the current importer")

// moderatelyNested is a lenient document within every import limit whose
// provisions have no eIds: nested levels, repeated numbers (clash
// suffixes) and unnumbered siblings, so that the generated eIds are pinned.
func moderatelyNested() []byte {
	var b strings.Builder
	b.WriteString(`<akomaNtoso xmlns="` + Namespace + `"><act name="x"><meta/><body>`)
	for a := 1; a <= 3; a++ {
		fmt.Fprintf(&b, `<chapter><num>%d</num><article><num>1</num><heading>h</heading><subheading>s%d</subheading>`, a, a)
		for d := 0; d < 12; d++ {
			fmt.Fprintf(&b, `<level><num>(%d)</num><content><p>l%d</p><p>m</p></content>`, d%3, d)
		}
		for d := 0; d < 12; d++ {
			b.WriteString(`</level>`)
		}
		b.WriteString(`<paragraph><list><point><num>(a)</num></point><point/><point/><point><num>(a)</num></point></list></paragraph>`)
		b.WriteString(`<hcontainer name="crossHeading"/><hcontainer/></article></chapter>`)
	}
	b.WriteString(`</body></act></akomaNtoso>`)
	return []byte(b.String())
}

// TestImportUnchangedOnRealFiles pins what Import makes of the real
// example (as published and with every eId removed, so that all of them
// are generated), the test files and a nested lenient document: the import
// limits must not change the provisions or eIds of such files. Regenerate
// with -update only for an intended change.
func TestImportUnchangedOnRealFiles(t *testing.T) {
	example := readExample(t)
	inputs := map[string][]byte{
		"example":           example,
		"example-no-eids":   regexp.MustCompile(` eId="[^"]*"`).ReplaceAll(example, nil),
		"moderately-nested": moderatelyNested(),
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "akn", "*.xml"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[strings.TrimSuffix(filepath.Base(f), ".xml")] = b
	}
	for name, raw := range inputs {
		t.Run(name, func(t *testing.T) {
			d, _, err := Import(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(d, "", " ")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", name+".json")
			if *updateGolden {
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(append(got, '\n'), want) {
				t.Errorf("import of %s differs from %s:\n%s", name, golden, got)
			}
		})
	}
}
