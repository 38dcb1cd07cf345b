package events

import (
	"bytes"
	"fmt"
	"sort"

	"corridor/internal/pdffont"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// BadgeText is the badges PDF's wording in the organiser's language.
type BadgeText struct {
	ListTitle string // "Confirmed participants"
	Count     string // "%d participants"
	Name      string // column heading
	Email     string // column heading
}

// Badge sizes: eight 90 × 60 mm badges to an A4 page, cut along the
// grey lines.
const (
	badgeW, badgeH       = 90.0, 60.0
	badgeCols, badgeRows = 2, 4
)

// BadgesPDF writes an event's confirmed participants as a PDF: a name
// list (by name, with e-mail, for the desk), then one badge each (name,
// event title, date). when is the event's date as pages show it. The
// file depends only on its inputs (the event's last change dates it).
func BadgesPDF(e Event, when string, ps []Participant, t BadgeText) ([]byte, error) {
	var conf []Participant
	for _, p := range ps {
		if p.Status == Confirmed {
			conf = append(conf, p)
		}
	}
	// By name as a reader sorts them: Çağla among the C's, not after Z.
	col := collate.New(language.Und, collate.IgnoreCase)
	sort.SliceStable(conf, func(i, j int) bool { return col.CompareString(conf[i].Name, conf[j].Name) < 0 })
	title := e.TitleIn("en")
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCreationDate(e.Updated.UTC())
	f.SetModificationDate(e.Updated.UTC())
	f.SetTitle(t.ListTitle+" — "+title, true)
	pdffont.Add(f)
	f.SetMargins(15, 15, 15)
	f.SetAutoPageBreak(true, 15)

	// The name list.
	f.AddPage()
	f.SetFont(pdffont.Family, "B", 15)
	f.MultiCell(0, 7, title, "", "L", false)
	f.SetFont(pdffont.Family, "", 10)
	f.MultiCell(0, 5, when+" · "+fmt.Sprintf(t.Count, len(conf)), "", "L", false)
	f.Ln(3)
	f.SetFont(pdffont.Family, "B", 11)
	f.CellFormat(0, 7, t.ListTitle, "", 1, "L", false, 0, "")
	f.SetFont(pdffont.Family, "B", 9)
	f.CellFormat(10, 6, "#", "B", 0, "R", false, 0, "")
	f.CellFormat(85, 6, t.Name, "B", 0, "L", false, 0, "")
	f.CellFormat(0, 6, t.Email, "B", 1, "L", false, 0, "")
	f.SetFont(pdffont.Family, "", 9)
	for i, p := range conf {
		f.CellFormat(10, 6, fmt.Sprint(i+1), "", 0, "R", false, 0, "")
		f.CellFormat(85, 6, fit(f, p.Name, 83), "", 0, "L", false, 0, "")
		f.CellFormat(0, 6, fit(f, p.Email, 83), "", 1, "L", false, 0, "")
	}

	// The badges.
	f.SetAutoPageBreak(false, 0)
	pw, ph := f.GetPageSize()
	x0, y0 := (pw-badgeCols*badgeW)/2, (ph-badgeRows*badgeH)/2
	for i, p := range conf {
		if i%(badgeCols*badgeRows) == 0 {
			f.AddPage()
		}
		k := i % (badgeCols * badgeRows)
		x, y := x0+float64(k%badgeCols)*badgeW, y0+float64(k/badgeCols)*badgeH
		f.SetDrawColor(190, 190, 190)
		f.SetLineWidth(0.2)
		f.Rect(x, y, badgeW, badgeH, "D")
		f.SetFillColor(31, 78, 121)
		f.Rect(x, y, badgeW, 4, "F")
		size := 18.0
		f.SetFont(pdffont.Family, "B", size)
		for size > 10 && f.GetStringWidth(p.Name) > badgeW-14 {
			size--
			f.SetFont(pdffont.Family, "B", size)
		}
		f.SetXY(x+5, y+18)
		f.MultiCell(badgeW-10, size*0.45, p.Name, "", "C", false)
		f.SetFont(pdffont.Family, "", 8)
		f.SetXY(x+5, y+badgeH-16)
		f.MultiCell(badgeW-10, 4, fit(f, title, 2*(badgeW-10)), "", "C", false)
		f.SetXY(x+5, y+badgeH-7)
		f.CellFormat(badgeW-10, 4, fit(f, when, badgeW-10), "", 0, "C", false, 0, "")
	}
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		return nil, fmt.Errorf("events: badges for event %d: %w", e.ID, err)
	}
	return b.Bytes(), nil
}

// fit shortens s with an ellipsis until it is at most w mm wide in the
// current font.
func fit(f *fpdf.Fpdf, s string, w float64) string {
	if f.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && f.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
