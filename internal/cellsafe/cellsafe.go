// Package cellsafe keeps exported text from being run as a spreadsheet
// formula. Excel, LibreOffice and Google Sheets evaluate a CSV field, or a
// typed-over cell, that begins with = + - @ (or a tab or carriage return
// before one), so a country name or note such as =HYPERLINK(...) in the
// data would act when a researcher opens the download. Such text is
// written with a leading apostrophe, which spreadsheets show as text;
// numbers, negative ones included, are left as they are.
package cellsafe

import (
	"encoding/csv"
	"io"
)

// Text returns s as it is safe to write in a spreadsheet cell.
func Text(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '@', '\t', '\r':
		return "'" + s
	case '+', '-':
		if len(s) == 1 || isDecimal(s) {
			return s // a lone dash is a missing-value marker, "-2.5" a number
		}
		return "'" + s
	}
	return s
}

// isDecimal tells a plain decimal number: an optional sign, digits with an
// optional fraction, and an optional exponent. Nothing else passes, not
// "Inf", "0x1p3" nor "1+2".
func isDecimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// CSVWriter is a csv.Writer that passes every field through Text.
type CSVWriter struct {
	*csv.Writer
	buf []string
}

// NewCSVWriter returns a CSVWriter writing to w.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{Writer: csv.NewWriter(w)} }

// Write writes one record, its fields made safe.
func (w *CSVWriter) Write(record []string) error {
	w.buf = w.buf[:0]
	for _, f := range record {
		w.buf = append(w.buf, Text(f))
	}
	return w.Writer.Write(w.buf)
}

// WriteAll writes records and flushes.
func (w *CSVWriter) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}
