package i18n

import (
	"fmt"
	"time"
)

var monthNames = map[string][12]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	"es": {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
}

// LongDate writes a date as people read it in lang: "2 December 2026",
// "2 décembre 2026" ("1er" for the first of the month), "2 de diciembre
// de 2026". A zero time gives "".
func LongDate(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	names, ok := monthNames[lang]
	if !ok {
		lang, names = "en", monthNames["en"]
	}
	month := names[t.Month()-1]
	switch lang {
	case "fr":
		day := fmt.Sprint(t.Day())
		if t.Day() == 1 {
			day = "1er"
		}
		return fmt.Sprintf("%s %s %d", day, month, t.Year())
	case "es":
		return fmt.Sprintf("%d de %s de %d", t.Day(), month, t.Year())
	}
	return fmt.Sprintf("%d %s %d", t.Day(), month, t.Year())
}
