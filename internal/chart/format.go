package chart

import (
	"math"
	"strconv"
	"strings"
)

// numberStyle holds the CLDR decimal symbols of a language.
type numberStyle struct {
	group, decimal string
	// minGroup is CLDR's minimumGroupingDigits: with 2, four-digit numbers
	// are not grouped ("1234" in Spanish, but "12.345").
	minGroup int
}

var numberStyles = map[string]numberStyle{
	"en": {",", ".", 1},
	"fr": {"\u202f", ",", 1}, // narrow no-break space
	"es": {".", ",", 2},
	"de": {".", ",", 1},
	"pt": {".", ",", 1},
	"it": {".", ",", 1},
}

func styleFor(lang string) numberStyle {
	base := strings.ToLower(lang)
	if i := strings.IndexAny(base, "-_"); i >= 0 {
		base = base[:i]
	}
	if s, ok := numberStyles[base]; ok {
		return s
	}
	return numberStyles["en"]
}

// FormatNumber formats v with the given number of decimals and the digit
// grouping and decimal separator of lang (a BCP 47 tag such as "en", "fr",
// "es-MX"; unknown languages use English): en "1,234,567.5",
// fr "1 234 567,5" (narrow no-break space U+202F), es "1.234.567,5".
// Spanish follows CLDR and leaves four-digit numbers ungrouped ("1234").
// NaN and infinities are returned as "–".
func FormatNumber(v float64, decimals int, lang string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	if decimals < 0 {
		decimals = 0
	}
	st := styleFor(lang)
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
	}
	neg := v < 0 && strings.Trim(s, "0.") != ""
	var b strings.Builder
	if neg {
		b.WriteString("−") // U+2212 minus sign
	}
	if len(intPart) >= 4 && len(intPart)-3 >= st.minGroup {
		head := len(intPart) % 3
		if head > 0 {
			b.WriteString(intPart[:head])
		}
		for i := head; i < len(intPart); i += 3 {
			if i > 0 {
				b.WriteString(st.group)
			}
			b.WriteString(intPart[i : i+3])
		}
	} else {
		b.WriteString(intPart)
	}
	if frac != "" {
		b.WriteString(st.decimal)
		b.WriteString(frac)
	}
	return b.String()
}

// autoDecimals picks the decimals for a data value: none for whole numbers
// and values of 100 or more, otherwise enough for two significant digits
// (at most 3).
func autoDecimals(v float64) int {
	a := math.Abs(v)
	if a == math.Trunc(a) || a >= 100 || a == 0 {
		return 0
	}
	d := 1 - int(math.Floor(math.Log10(a)))
	return max(0, min(d, 3))
}

// stepDecimals is the number of decimals needed to print multiples of step.
func stepDecimals(step float64) int {
	if step <= 0 || step >= 1 {
		return 0
	}
	d := int(math.Ceil(-math.Log10(step) - 1e-9))
	for d < 6 && math.Abs(step*math.Pow10(d)-math.Round(step*math.Pow10(d))) > 1e-6 {
		d++
	}
	return d
}

func (c *Common) fmtValue(v float64) string {
	d := c.Decimals
	if d <= 0 {
		d = autoDecimals(v)
	}
	return FormatNumber(v, d, c.Lang) + c.Unit
}

// plainNumber formats v without digit grouping (for years), with the
// decimal separator of lang.
func plainNumber(v float64, decimals int, lang string) string {
	s := strconv.FormatFloat(v, 'f', max(decimals, 0), 64)
	if sep := styleFor(lang).decimal; sep != "." {
		s = strings.Replace(s, ".", sep, 1)
	}
	return strings.Replace(s, "-", "−", 1)
}
