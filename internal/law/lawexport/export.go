// Package lawexport writes the law database's data out as files: the bulk
// export (instruments, treaty actions or policy changes as JSON or CSV),
// the policy-change CSV and the treaty status CSV. lawdb returns the rows;
// this package only formats them, for the web layer and the command line
// alike.
package lawexport

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"corridor/internal/cellsafe"
	"corridor/internal/errs"
	"corridor/internal/law/lawdb"
	"corridor/internal/law/treaty"
)

// Bulk export: what and in which formats (docs/law.md, "Bulk export").
var (
	What    = []string{"instruments", "actions", "policy"}
	Formats = []string{"json", "csv"}
)

// InstrumentColumns are the CSV columns of the instrument export; lists
// (languages, topics, target groups) are separated by ";", identifiers are
// "scheme:value" separated by ";". ends_on is the explicit end of validity,
// ended_on the day the instrument ceased to be in force (that or a repeal),
// in_force "yes"/"no" on the day of the export (Instrument.InForceAt).
var InstrumentColumns = []string{"id", "title", "level", "type", "jurisdiction", "issuing_body", "adopted_on", "signed_on", "in_force_on", "languages", "topics", "target_groups", "url", "identifiers",
	"ends_on", "ended_on", "in_force"}

// actionJSON is a treaty action in the JSON export: the CSV columns.
type actionJSON struct {
	Treaty        string  `json:"treaty"`
	State         string  `json:"state"`
	StateName     string  `json:"state_name"`
	Kind          string  `json:"kind"`
	ActionDate    string  `json:"action_date"`
	EffectiveDate *string `json:"effective_date"`
	Source        string  `json:"source"`
	Notes         string  `json:"notes"`
}

// Check validates what and format.
func Check(what, format string) error {
	if !slices.Contains(What, what) {
		return &errs.Error{Kind: errs.Invalid, Message: "law.error.bad_export", Fields: map[string]string{"what": "law.error.bad_export"}}
	}
	if !slices.Contains(Formats, format) {
		return &errs.Error{Kind: errs.Invalid, Message: "law.error.bad_export", Fields: map[string]string{"format": "law.error.bad_export"}}
	}
	return nil
}

// Write writes every instrument, treaty action or policy change as JSON
// (an array) or CSV. The actions CSV is FORMAT.md's action format, which
// `law import --format actions-csv` reads back; it leaves out the actions
// of instruments without a UNTC number (those are in the JSON).
func Write(ctx context.Context, s *lawdb.Store, w io.Writer, what, format string) error {
	if err := Check(what, format); err != nil {
		return err
	}
	var v any
	switch what {
	case "instruments":
		ins, err := s.AllInstruments(ctx)
		if err != nil {
			return err
		}
		if format == "csv" {
			return writeInstrumentsCSV(w, ins)
		}
		v = ins
	case "actions":
		acts, err := s.AllActions(ctx)
		if err != nil {
			return err
		}
		if format == "csv" {
			var untc []treaty.Action
			for _, a := range acts {
				if _, err := treaty.ParseChapterID(a.Treaty); err == nil {
					untc = append(untc, a)
				}
			}
			return treaty.WriteActionsCSV(w, untc)
		}
		out := make([]actionJSON, 0, len(acts))
		for _, a := range acts {
			j := actionJSON{Treaty: a.Treaty, State: a.State, StateName: a.StateName, Kind: string(a.Kind), ActionDate: treaty.FormatISODate(a.ActionDate), Source: a.Source, Notes: a.Notes}
			if !a.EffectiveDate.IsZero() {
				ed := treaty.FormatISODate(a.EffectiveDate)
				j.EffectiveDate = &ed
			}
			out = append(out, j)
		}
		v = out
	case "policy":
		ps, err := s.PolicyChanges(ctx, "")
		if err != nil {
			return err
		}
		if format == "csv" {
			return PolicyCSV(w, ps)
		}
		if ps == nil {
			ps = []lawdb.PolicyChange{}
		}
		v = ps
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(v)
}

func writeInstrumentsCSV(w io.Writer, ins []*lawdb.Instrument) error {
	cw := cellsafe.NewCSVWriter(w)
	if err := cw.Write(InstrumentColumns); err != nil {
		return err
	}
	for _, in := range ins {
		var ids []string
		for _, i := range in.Identifiers {
			ids = append(ids, i.Scheme+":"+i.Value)
		}
		if err := cw.Write([]string{in.Slug, in.Title, in.Level, in.Type, in.Jurisdiction, in.IssuingBody, in.AdoptedOn, in.SignedOn, in.InForceOn,
			strings.Join(in.Languages, ";"), strings.Join(in.Topics, ";"), strings.Join(in.TargetGroups, ";"), in.URL, strings.Join(ids, ";"), in.EndsOn, in.EndedOn, yesNo(in.InForce)}); err != nil {
			return fmt.Errorf("lawexport: instrument %s: %w", in.Slug, err)
		}
	}
	cw.Flush()
	return cw.Error()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
