package chart

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"math"
	"strconv"
	"strings"
)

// Common holds the options shared by every chart.
type Common struct {
	// Title is the accessible name (<title>); it is also drawn above the
	// chart when ShowTitle is set.
	Title string
	// Desc is the accessible description (<desc>). When empty, a summary of
	// the data (largest values) is generated.
	Desc string
	// Lang is a BCP 47 language tag for number formatting ("en", "fr", "es").
	Lang string
	// ID prefixes the element ids (title, desc, map countries). It must be
	// unique within an HTML page; the default is derived from the title.
	ID string
	// Width of the viewBox in user units (pixels at 100 %); each chart has a
	// default. Heights follow from the content.
	Width float64
	// ShowTitle draws the title as visible text at the top.
	ShowTitle bool
	// Decimals for value labels; 0 means automatic (none for whole numbers
	// and values ≥ 100, else two significant digits).
	Decimals int
	// Unit is appended to value labels, e.g. "%" or " k".
	Unit string
}

const (
	fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
	fontSize   = 12.0 // labels
	smallFont  = 11.0 // minimum, for tick labels
	titleFont  = 15.0
	textColour = "#222222"
	axisColour = "#555555"
	gridColour = "#e3e3e3"
)

func (c *Common) id(kind string) string {
	if c.ID != "" {
		return c.ID
	}
	h := fnv.New32a()
	h.Write([]byte(kind + "\x00" + c.Title))
	return fmt.Sprintf("%s-%08x", kind, h.Sum32())
}

// defaultTitles name untitled charts (a title is required for role="img").
var defaultTitles = map[string]string{"line": "Line chart", "bar": "Bar chart", "chord": "Chord diagram", "map": "World map"}

// svgWriter accumulates SVG markup.
type svgWriter struct {
	bytes.Buffer
}

// num formats a coordinate with at most 2 decimals and no trailing zeros.
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	s := strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
	if s == "-0" {
		s = "0"
	}
	return s
}

var attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\n", "&#10;", "\t", "&#9;")

func esc(s string) string { return attrEscaper.Replace(s) }

// open writes the root element with its accessible title and description.
func (w *svgWriter) open(c *Common, kind string, width, height float64, desc string) {
	id := c.id(kind)
	if c.Desc != "" {
		desc = c.Desc
	}
	fmt.Fprintf(&w.Buffer, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="%s-title %s-desc" font-family="%s" font-size="%s" fill="%s" class="chart chart-%s"`,
		num(width), num(height), num(width), num(height), id, id, esc(fontFamily), num(fontSize), textColour, kind)
	if c.Lang != "" {
		fmt.Fprintf(&w.Buffer, ` lang="%s"`, esc(c.Lang))
	}
	title := c.Title
	if title == "" {
		title = defaultTitles[kind]
	}
	fmt.Fprintf(&w.Buffer, ">\n<title id=\"%s-title\">%s</title>\n<desc id=\"%s-desc\">%s</desc>\n", id, esc(title), id, esc(desc))
	if c.ShowTitle && c.Title != "" {
		w.text(10, 20, c.Title, `font-size="`+num(titleFont)+`" font-weight="bold"`)
	}
}

func (w *svgWriter) close() { w.WriteString("</svg>\n") }

// text writes a <text> element; extra is raw attribute markup.
func (w *svgWriter) text(x, y float64, s, extra string) {
	fmt.Fprintf(&w.Buffer, `<text x="%s" y="%s"`, num(x), num(y))
	if extra != "" {
		w.WriteString(" " + extra)
	}
	w.WriteString(">" + esc(s) + "</text>\n")
}

func (w *svgWriter) line(x1, y1, x2, y2 float64, stroke string, width float64) {
	fmt.Fprintf(&w.Buffer, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"/>`+"\n",
		num(x1), num(y1), num(x2), num(y2), stroke, num(width))
}

// titleTop returns the y offset below the optional visible title.
func (c *Common) titleTop() float64 {
	if c.ShowTitle && c.Title != "" {
		return 30
	}
	return 0
}

// textWidth estimates the rendered width of s in a proportional sans-serif
// font (about 0.56 em per character).
func textWidth(s string, size float64) float64 {
	n := 0.0
	for _, r := range s {
		switch {
		case r == ' ' || r == '.' || r == ',' || r == 'i' || r == 'l' || r == '\u202f':
			n += 0.3
		case r == '—' || r == '→':
			n += 1.0
		case r >= 'A' && r <= 'Z', r == 'm', r == 'w':
			n += 0.7
		default:
			n += 0.56
		}
	}
	return n * size
}

// wrapText breaks s at spaces into lines no wider than width at the given
// size, with the slack the legend allows for the browser's wider fonts. A
// word wider than the line keeps a line of its own.
func wrapText(s string, size, width float64) []string {
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		next := word
		if cur != "" {
			next = cur + " " + word
		}
		if cur != "" && textWidth(next, size)*legendSlack > width {
			lines = append(lines, cur)
			next = word
		}
		cur = next
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

// summary lists up to three labelled values, largest first, for <desc>.
func listTop(c *Common, names []string, vals []float64, k int) string {
	idx := make([]int, 0, len(vals))
	for i, v := range vals {
		if !math.IsNaN(v) {
			idx = append(idx, i)
		}
	}
	sortIdx(idx, func(a, b int) bool {
		if vals[a] != vals[b] {
			return vals[a] > vals[b]
		}
		return a < b
	})
	if len(idx) > k {
		idx = idx[:k]
	}
	parts := make([]string, len(idx))
	for i, j := range idx {
		parts[i] = names[j] + " " + c.fmtValue(vals[j])
	}
	return strings.Join(parts, ", ")
}
