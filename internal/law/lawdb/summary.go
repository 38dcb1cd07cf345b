package lawdb

// The summaries of law events in the reader's language. An event keeps
// its parts (law_events.summary_parts, migration 0221): what changed, the
// instrument or country and the items (State, kind, date…), so a digest
// or a feed writes them with the catalogs in the language of its reader;
// the English text (summary) stays for events recorded before and as a
// fallback.

import (
	"encoding/json"
	"strings"

	"corridor/internal/i18n"
)

// SummaryParts are the parts of an event's summary.
type SummaryParts struct {
	// Subject is the instrument's slug or the country's code.
	Subject string        `json:"subject"`
	Count   int           `json:"count"`
	Items   []SummaryItem `json:"items,omitempty"`
	// Versions: the language, date and title of the new version.
	Lang      string `json:"lang,omitempty"`
	ValidFrom string `json:"valid_from,omitempty"`
	Title     string `json:"title,omitempty"`
}

// SummaryItem is one action, statement or policy change of an event.
type SummaryItem struct {
	State string `json:"state,omitempty"`
	// Kind is an action kind (law.kind.*), a statement kind (law.stmt.*)
	// or a policy area (law.area.*), by the event's kind.
	Kind string `json:"kind,omitempty"`
	Date string `json:"date,omitempty"`
	// Policy changes: restrictiveness (signed) and the coder's summary,
	// which stays as entered.
	Change string `json:"change,omitempty"`
	Note   string `json:"note,omitempty"`
}

// itemKeys are the catalog prefixes of the items' kinds by event kind.
var itemKeys = map[string]string{"action": "law.kind.", "statement": "law.stmt.", "policy": "law.area."}

// maxSummaryItems bounds the items written out, by event kind.
var maxSummaryItems = map[string]int{"action": 12, "statement": 12, "policy": 8}

// Text is the event's summary in lang: from its parts when it has them,
// else the stored English summary.
func (e Event) Text(lang string) string {
	if e.Parts == nil {
		return e.Summary
	}
	c, p := i18n.Default, e.Parts
	if e.Kind == "version" {
		return c.T(lang, "law.summary.version", p.Subject, p.Lang, p.ValidFrom, p.Title)
	}
	var items []string
	for _, it := range p.Items {
		words := []string{it.State, c.T(lang, itemKeys[e.Kind]+it.Kind), it.Date, it.Change, it.Note}
		if e.Kind == "policy" {
			words = []string{it.Date, c.T(lang, itemKeys[e.Kind]+it.Kind), it.Change, it.Note}
		}
		items = append(items, strings.Join(strings.Fields(strings.Join(words, " ")), " "))
	}
	list := strings.Join(items, "; ")
	if max := maxSummaryItems[e.Kind]; len(items) > max {
		list = strings.Join(items[:max], "; ") + "; " + c.T(lang, "law.summary.more", len(items)-max)
	}
	return c.N(lang, "law.summary."+e.Kind, p.Count, p.Subject, list)
}

// partsJSON encodes an event's parts for law_events.summary_parts ("" when none).
func partsJSON(p *SummaryParts) string {
	if p == nil {
		return ""
	}
	b, err := json.Marshal(p)
	if err != nil {
		return ""
	}
	return string(b)
}

// parseParts decodes law_events.summary_parts; nil when empty or unreadable.
func parseParts(s string) *SummaryParts {
	if s == "" {
		return nil
	}
	var p SummaryParts
	if json.Unmarshal([]byte(s), &p) != nil {
		return nil
	}
	return &p
}
