package charts

import (
	"encoding/xml"
	"strings"
	"testing"
)

// Every chart is well-formed SVG with role="img", aria-labelledby pointing
// at its <title> and <desc>, and no style attribute (the CSP blocks them).
func TestChartsAccessibleAndCSPSafe(t *testing.T) {
	line := Line{ID: "l", Title: "Immigrants <&>", Desc: "d", YLabel: "People", Series: []Series{
		{Name: "UN DESA 2020", Points: []Point{{1990, 100}, {2000, 250}, {2020, 900}}},
		{Name: "UN DESA 2020 — women", Points: []Point{{1990, 40}, {2020, 450}}},
	}}
	bars := Bars{ID: "b", Title: "Top origins", Desc: "d", Bars: []Bar{{"Mexico", 11e6}, {"India", 2e6}}}
	chord := Chord{ID: "c", Title: "Between regions", Desc: "d", Names: []string{"Africa", "Europe", "Asia"},
		Matrix: [][]float64{{10, 50, 5}, {20, 80, 10}, {30, 60, 90}}}
	for name, svg := range map[string]string{"line": string(line.SVG()), "bars": string(bars.SVG()), "chord": string(chord.SVG())} {
		if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
			t.Errorf("%s: not well-formed: %v", name, err)
		}
		for _, want := range []string{`role="img"`, `aria-labelledby="`, `<title id="`, `<desc id="`} {
			if !strings.Contains(svg, want) {
				t.Errorf("%s: no %s", name, want)
			}
		}
		if strings.Contains(svg, "style=") || strings.Contains(svg, "<script") {
			t.Errorf("%s: style attribute or script", name)
		}
	}
	if !strings.Contains(string(line.SVG()), "Immigrants &lt;&amp;&gt;") {
		t.Error("the title is not escaped")
	}
	if got := strings.Count(string(chord.SVG()), "fill-opacity"); got != 9 {
		t.Errorf("%d ribbons, want 9", got)
	}
}

func TestFormat(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 950: "950", 12345: "12.3k", 2500000: "2.5M", 3e9: "3B", 2.25: "2.2"} {
		if got := Format(v); got != want {
			t.Errorf("Format(%v) = %q, want %q", v, got, want)
		}
	}
}
