package web

import (
	"bytes"
	"encoding/json"
	"sort"
	"unicode/utf8"

	"corridor/internal/audit"
)

// auditRow is an audit entry as the admin reads it: what changed, field by
// field, rather than two blobs of JSON.
type auditRow struct {
	audit.Entry
	Changes []auditChange
	// Raw is set when a side is not a JSON object; the page shows it as is.
	RawBefore, RawAfter string
}

// auditChange is one field of the object before and after the action;
// Changed is false for a field the action left as it was.
type auditChange struct {
	Field, Before, After string
	Changed              bool
}

// maxAuditValue bounds a value shown in the table; the whole entry stays
// in the database and the API.
const maxAuditValue = 300

func auditRows(entries []audit.Entry) []auditRow {
	out := make([]auditRow, 0, len(entries))
	for _, e := range entries {
		row := auditRow{Entry: e}
		before, okB := auditObject(e.Before)
		after, okA := auditObject(e.After)
		if !okB {
			row.RawBefore = e.Before
		}
		if !okA {
			row.RawAfter = e.After
		}
		keys := map[string]bool{}
		for k := range before {
			keys[k] = true
		}
		for k := range after {
			keys[k] = true
		}
		names := make([]string, 0, len(keys))
		for k := range keys {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			b, a := auditValue(before[k]), auditValue(after[k])
			row.Changes = append(row.Changes, auditChange{Field: k, Before: b, After: a, Changed: !bytes.Equal(before[k], after[k])})
		}
		out = append(out, row)
	}
	return out
}

// auditObject reads a side of an entry as a JSON object; empty is an
// empty object.
func auditObject(s string) (map[string]json.RawMessage, bool) {
	if s == "" || s == "null" {
		return nil, true
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, false
	}
	return m, true
}

// auditValue is a field's value for reading: strings without their quotes,
// anything else as compact JSON, cut at maxAuditValue characters.
func auditValue(raw json.RawMessage) string {
	if raw == nil {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		var buf bytes.Buffer
		if json.Compact(&buf, raw) == nil {
			s = buf.String()
		} else {
			s = string(raw)
		}
	}
	if utf8.RuneCountInString(s) > maxAuditValue {
		r := []rune(s)
		s = string(r[:maxAuditValue]) + "…"
	}
	return s
}
