package treaty

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"corridor/internal/cellsafe"
)

// ActionColumns are the columns of Corridor's action CSV format, in the
// order WriteActionsCSV writes them. See FORMAT.md.
var ActionColumns = []string{"treaty", "state", "state_name", "kind", "action_date", "effective_date", "source", "notes"}

var requiredActionColumns = map[string]bool{"treaty": true, "state": true, "kind": true, "action_date": true}

// WriteActionsCSV writes actions in Corridor's action CSV format: a header
// row (ActionColumns) and one row per action, dates as YYYY-MM-DD, an
// unknown effective date as an empty cell, treaty numbers in UNTC form.
func WriteActionsCSV(w io.Writer, actions []Action) error {
	cw := cellsafe.NewCSVWriter(w)
	if err := cw.Write(ActionColumns); err != nil {
		return err
	}
	for i, a := range actions {
		tr := a.Treaty
		if cid, err := ParseChapterID(tr); err == nil {
			tr = cid.UNTC()
		} else {
			return fmt.Errorf("action %d: %w", i+1, err)
		}
		if a.ActionDate.IsZero() {
			return fmt.Errorf("action %d (%s %s): no action date", i+1, a.State, a.Kind)
		}
		rec := []string{tr, a.State, a.StateName, string(a.Kind), FormatISODate(a.ActionDate), FormatISODate(a.EffectiveDate), a.Source, a.Notes}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ReadActionsCSV reads Corridor's action CSV format (see FORMAT.md). name is
// used in errors, which are *InputError values giving row and column. The
// header must name the required columns (treaty, state, kind, action_date);
// the others are optional and columns may come in any order.
func ReadActionsCSV(r io.Reader, name string) ([]Action, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &InputError{File: name, Row: 1, Err: errors.New("empty file: want a header row")}
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	cr.FieldsPerRecord = len(header)
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		known := false
		for _, c := range ActionColumns {
			known = known || c == h
		}
		if !known {
			return nil, &InputError{File: name, Row: 1, Column: i + 1, Value: header[i], Err: errors.New("unknown column")}
		}
		if _, dup := col[h]; dup {
			return nil, &InputError{File: name, Row: 1, Column: i + 1, Value: header[i], Err: errors.New("column listed twice")}
		}
		col[h] = i
	}
	for _, c := range ActionColumns {
		if _, ok := col[c]; !ok && requiredActionColumns[c] {
			return nil, &InputError{File: name, Row: 1, Err: fmt.Errorf("missing required column %q", c)}
		}
	}
	var out []Action
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		row, _ := cr.FieldPos(0)
		get := func(c string) (string, int) {
			if i, ok := col[c]; ok {
				return rec[i], i + 1
			}
			return "", 0
		}
		bad := func(c string, err error) error {
			v, i := get(c)
			return &InputError{File: name, Row: row, Column: i, Header: c, Value: v, Err: err}
		}
		for _, c := range []string{"state_name", "source", "notes"} {
			if v, _ := get(c); !cleanText(v) {
				return nil, bad(c, errors.New("invalid UTF-8 or control character"))
			}
		}
		var a Action
		v, _ := get("treaty")
		cid, err := ParseChapterID(v)
		if err != nil {
			return nil, bad("treaty", err)
		}
		a.Treaty = cid.UNTC()
		v, _ = get("state")
		a.State = strings.TrimSpace(v)
		if !isAlpha3(a.State) {
			return nil, bad("state", errors.New("want an ISO 3166-1 alpha-3 code (three capital letters)"))
		}
		a.StateName, _ = get("state_name")
		v, _ = get("kind")
		if a.Kind, err = ParseKind(v); err != nil {
			return nil, bad("kind", err)
		}
		v, _ = get("action_date")
		if strings.TrimSpace(v) == "" {
			return nil, bad("action_date", errors.New("action date is required"))
		}
		if a.ActionDate, err = ParseISODate(strings.TrimSpace(v)); err != nil {
			return nil, bad("action_date", err)
		}
		v, _ = get("effective_date")
		if a.EffectiveDate, err = ParseISODate(strings.TrimSpace(v)); err != nil {
			return nil, bad("effective_date", err)
		}
		a.Source, _ = get("source")
		a.Notes, _ = get("notes")
		out = append(out, a)
	}
	return out, nil
}

func isAlpha3(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// cleanText accepts valid UTF-8 without control characters other than tab
// and newline.
func cleanText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' || r == 0x7f {
			return false
		}
	}
	return true
}
