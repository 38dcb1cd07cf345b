package lawweb

// The status table as the UN Treaty Collection lays it out: a signature
// column and an action column whose dates carry the action's kind as UNTC
// marks it (a accession, d succession, A acceptance, AA approval, c formal
// confirmation, s definitive signature; none for ratification), sortable by
// every column; and reservation texts split where the imported copy lost
// its paragraph breaks.

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"corridor/internal/law/treaty"
)

// kindMark is UNTC's mark of a consent or signature kind after its date.
func kindMark(k treaty.Kind) string {
	switch k {
	case treaty.Accession:
		return "a"
	case treaty.Succession, treaty.SuccessionToSignature:
		return "d"
	case treaty.Acceptance:
		return "A"
	case treaty.Approval:
		return "AA"
	case treaty.FormalConfirmation:
		return "c"
	case treaty.DefinitiveSignature:
		return "s"
	}
	return ""
}

// untcActions are the recorded dates of one State up to a day: its
// signature and its consent to be bound, as UNTC's two columns list them.
type untcActions struct {
	Signature, Consent         string // dates, ISO
	SignatureKind, ConsentKind treaty.Kind
	SignatureMark, ConsentMark string
}

// actionsByState picks, for each State, the latest signature and the
// latest consent on or before day.
func actionsByState(acts []treaty.Action, day time.Time) map[string]untcActions {
	out := map[string]untcActions{}
	end := day.AddDate(0, 0, 1)
	for _, a := range acts {
		if !a.ActionDate.Before(end) {
			continue
		}
		u := out[a.State]
		d := treaty.FormatISODate(a.ActionDate)
		switch {
		case a.Kind.IsSignature() && d >= u.Signature:
			u.Signature, u.SignatureKind, u.SignatureMark = d, a.Kind, kindMark(a.Kind)
		case a.Kind.IsConsent() && d >= u.Consent:
			u.Consent, u.ConsentKind, u.ConsentMark = d, a.Kind, kindMark(a.Kind)
		}
		out[a.State] = u
	}
	return out
}

// statusSorts are the table's sort keys, the first the default.
var statusSorts = []string{"state", "signature", "action", "effective", "status"}

var statusRank = map[treaty.Status]int{treaty.StatusParty: 0, treaty.StatusSignatory: 1, treaty.StatusWithdrawn: 2, treaty.StatusOther: 3}

// sortStatusRows orders rows by key ("state", …; "-key" descending); rows
// without the sorted date go last either way, ties by State name.
func sortStatusRows(rows []statusRow, key, lang string) (string, bool) {
	desc := strings.HasPrefix(key, "-")
	key = strings.TrimPrefix(key, "-")
	if !slices.Contains(statusSorts, key) {
		key, desc = "state", false
	}
	tag, _ := language.Parse(lang)
	names := collate.New(tag, collate.Loose)
	byName := func(a, b statusRow) int { return names.CompareString(a.Name, b.Name) }
	dated := func(get func(statusRow) string) func(a, b statusRow) int {
		return func(a, b statusRow) int {
			x, y := get(a), get(b)
			switch {
			case x == "" && y == "":
				return byName(a, b)
			case x == "":
				return 1
			case y == "":
				return -1
			}
			c := cmp.Compare(x, y)
			if desc {
				c = -c
			}
			if c == 0 {
				return byName(a, b)
			}
			return c
		}
	}
	var f func(a, b statusRow) int
	switch key {
	case "signature":
		f = dated(func(r statusRow) string { return r.UNTC.Signature })
	case "action":
		f = dated(func(r statusRow) string { return r.UNTC.Consent })
	case "effective":
		f = dated(func(r statusRow) string { return r.EffectiveDate })
	case "status":
		f = func(a, b statusRow) int {
			c := cmp.Compare(statusRank[a.Status], statusRank[b.Status])
			if desc {
				c = -c
			}
			if c == 0 {
				return byName(a, b)
			}
			return c
		}
	default:
		f = func(a, b statusRow) int {
			if desc {
				return byName(b, a)
			}
			return byName(a, b)
		}
	}
	slices.SortStableFunc(rows, f)
	return key, desc
}

// sortHeader is a sortable column heading: its link (the other direction
// when it is the current sort) and its aria-sort value.
type sortHeader struct {
	Key, Href, AriaSort string
}

func sortHeaders(slug, on, key string, desc bool) map[string]sortHeader {
	out := map[string]sortHeader{}
	for _, k := range statusSorts {
		h := sortHeader{Key: k, AriaSort: "none"}
		next := k
		if k == key {
			h.AriaSort = "ascending"
			if desc {
				h.AriaSort = "descending"
			} else {
				next = "-" + k
			}
		}
		h.Href = "/law/instruments/" + url.PathEscape(slug) + "/status?" + url.Values{"on": {on}, "sort": {next}}.Encode() + "#status-table"
		out[k] = h
	}
	return out
}
