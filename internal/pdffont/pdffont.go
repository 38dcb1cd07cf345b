// Package pdffont holds the one copy of the font Corridor's PDFs are
// written in (certificates, event badges and name lists), so each PDF
// maker registers it without embedding a second copy.
//
// DejaVu Sans covers Latin with every European accent, Vietnamese, Greek
// and Cyrillic; it is embedded so the binary needs no system fonts
// (licence in fonts/LICENSE-DejaVu.txt). fpdf does not shape joined or
// right-to-left scripts (Arabic, Hebrew) nor does DejaVu Sans have CJK
// glyphs: such names print as missing glyphs.
package pdffont

import (
	_ "embed"

	"codeberg.org/go-pdf/fpdf"
)

var (
	//go:embed fonts/DejaVuSans.ttf
	regular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	bold []byte
)

// Family is the name Add registers the font under, for SetFont.
const Family = "dejavu"

// Add registers DejaVu Sans, regular ("") and bold ("B"), in f.
func Add(f *fpdf.Fpdf) {
	f.AddUTF8FontFromBytes(Family, "", regular)
	f.AddUTF8FontFromBytes(Family, "B", bold)
}
