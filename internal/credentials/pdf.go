package credentials

import (
	"bytes"
	"fmt"
	"time"

	"corridor/internal/pdffont"

	"codeberg.org/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"
)

// PDFText is the certificate's wording in the reader's language.
type PDFText struct {
	Heading   string // "Certificate of completion"
	Certifies string // "This certifies that"
	Completed string // "has completed the programme"
	Issued    string // "Issued on %s" (a date)
	Expires   string // "Valid until %s"
	Code      string // "Certificate code"
	Verify    string // "Verify at"
	DateFmt   string // Go layout for dates
}

// PDF draws a certificate as a one-page A4 landscape PDF with a QR code of
// verifyURL. The file is the same for the same inputs (fixed dates), so it
// can be cached and compared.
func (s *Service) PDF(c Certificate, verifyURL string, t PDFText) ([]byte, error) {
	qr, err := qrcode.Encode(verifyURL, qrcode.Medium, 512)
	if err != nil {
		return nil, fmt.Errorf("credentials: pdf %s: qr: %w", c.Code, err)
	}
	f := fpdf.New("L", "mm", "A4", "")
	issued := time.Unix(c.IssuedAt, 0).UTC()
	f.SetCreationDate(issued)
	f.SetModificationDate(issued)
	f.SetTitle(t.Heading+" — "+c.LearnerName, true)
	f.SetAuthor(s.Issuer, true)
	pdffont.Add(f) // DejaVu Sans: accents, Greek and Cyrillic
	f.SetMargins(20, 20, 20)
	f.SetAutoPageBreak(false, 0)
	f.AddPage()
	w, h := f.GetPageSize()

	f.SetDrawColor(31, 78, 121)
	f.SetLineWidth(1.2)
	f.Rect(10, 10, w-20, h-20, "D")
	f.SetLineWidth(0.3)
	f.Rect(13, 13, w-26, h-26, "D")

	center := func(y float64, font string, size float64, text string) {
		f.SetFont("dejavu", font, size)
		f.SetXY(20, y)
		f.MultiCell(w-40, size*0.5, text, "", "C", false)
	}
	f.SetTextColor(31, 78, 121)
	center(28, "B", 14, s.Issuer)
	f.SetTextColor(20, 20, 20)
	center(45, "B", 30, t.Heading)
	center(70, "", 14, t.Certifies)
	center(84, "B", 26, c.LearnerName)
	center(104, "", 14, t.Completed)
	center(116, "B", 18, c.ProgrammeTitle)

	f.SetFont("dejavu", "", 11)
	f.SetXY(25, h-55)
	f.CellFormat(150, 7, fmt.Sprintf(t.Issued, issued.Format(t.DateFmt)), "", 2, "L", false, 0, "")
	if c.ExpiresAt != 0 {
		f.CellFormat(150, 7, fmt.Sprintf(t.Expires, time.Unix(c.ExpiresAt, 0).UTC().Format(t.DateFmt)), "", 2, "L", false, 0, "")
	}
	f.CellFormat(150, 7, t.Code+": "+c.Code, "", 2, "L", false, 0, "")
	f.SetFont("dejavu", "", 9)
	f.CellFormat(150, 6, t.Verify+" "+verifyURL, "", 2, "L", false, 0, verifyURL)

	f.RegisterImageOptionsReader("qr", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(qr))
	f.ImageOptions("qr", w-70, h-72, 45, 45, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, verifyURL)

	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("credentials: pdf %s: %w", c.Code, err)
	}
	return buf.Bytes(), nil
}

// EnglishPDFText is the wording in English, for tests and commands.
var EnglishPDFText = PDFText{
	Heading: "Certificate of completion", Certifies: "This certifies that", Completed: "has completed the programme",
	Issued: "Issued on %s", Expires: "Valid until %s", Code: "Certificate code", Verify: "Verify at", DateFmt: "2 January 2006",
}
