package lawexport

import (
	"io"
	"strconv"
	"strings"
	"time"

	"corridor/internal/cellsafe"
	"corridor/internal/law/lawdb"
	"corridor/internal/law/treaty"
)

// PolicyCSV writes policy changes in lawdb.PolicyColumns, the format
// lawdb.Store.ImportPolicyCSV reads back.
func PolicyCSV(w io.Writer, ps []lawdb.PolicyChange) error {
	cw := cellsafe.NewCSVWriter(w)
	if err := cw.Write(lawdb.PolicyColumns); err != nil {
		return err
	}
	for _, p := range ps {
		if err := cw.Write([]string{p.Country, p.Date, p.Instrument, p.ArticleEID, p.Area, p.Tool, p.TargetGroup, p.OriginGroup,
			strconv.Itoa(p.Restrictiveness), strconv.Itoa(p.Magnitude), p.Summary, p.Source}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Day writes a date as YYYY-MM-DD ("" for the zero time).
func Day(t time.Time) string { return treaty.FormatISODate(t) }

// StatusColumns are the CSV columns of StatusCSV.
var StatusColumns = append(append([]string{}, treaty.StatusColumns...), "statements", "as_of", "after_as_of")

// StatusCSV writes treaty.WriteStatusCSV's columns, a
// "statements" column, "as_of" (the date of the latest information the
// status rests on) and "after_as_of" (yes when the date asked is later): one entry per statement, separated by " | ", as
// "kind [eIds] made_on at action action_date" (an objection adds "to STATE").
func StatusCSV(w io.Writer, rows []lawdb.StatusRow) error {
	cw := cellsafe.NewCSVWriter(w)
	if err := cw.Write(StatusColumns); err != nil {
		return err
	}
	for _, r := range rows {
		var parts []string
		for _, st := range r.Statements {
			p := st.Kind
			if st.ObjectsToState != "" {
				p += " to " + st.ObjectsToState
			}
			if len(st.EIDs) > 0 {
				p += " [" + strings.Join(st.EIDs, " ") + "]"
			}
			if st.MadeOn != "" {
				p += " " + st.MadeOn
			}
			if st.ActionKind != "" {
				p += " at " + st.ActionKind + " " + st.ActionDate
			}
			if len(st.WithdrawnEIDs) > 0 {
				p += " (withdrawn " + st.PartlyWithdrawnOn + ": " + strings.Join(st.WithdrawnEIDs, " ") + ")"
			}
			parts = append(parts, p)
		}
		s := r.StateStatus
		after := "no"
		if r.AfterAsOf {
			after = "yes"
		}
		if err := cw.Write([]string{s.State, s.Name, string(s.Status), string(s.Action), treaty.FormatISODate(s.ActionDate), treaty.FormatISODate(s.EffectiveDate), strings.Join(parts, " | "), r.AsOf, after}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
