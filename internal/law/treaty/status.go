package treaty

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"corridor/internal/cellsafe"
)

// Status is a State's standing towards a treaty on a date.
type Status string

// Statuses.
const (
	// StatusParty: the State has expressed consent to be bound
	// (ratification, accession, succession, acceptance, approval, definitive
	// signature or formal confirmation) and not denounced since.
	StatusParty Status = "party"
	// StatusSignatory: the State has signed (or succeeded to a signature)
	// but not expressed consent to be bound.
	StatusSignatory Status = "signatory"
	// StatusWithdrawn: the State's denunciation/withdrawal has taken
	// effect, or it withdrew its signature before becoming a party.
	StatusWithdrawn Status = "withdrawn"
	// StatusOther: the State's only acts so far are ones that do not by
	// themselves make it a signatory or party (territorial application).
	StatusOther Status = "other"
)

// StateStatus is one State's status on a date and the action that made it so.
type StateStatus struct {
	State         string    // alpha-3
	Name          string    // StateName of the deciding action
	Status        Status    //
	Action        Kind      // the action that gave the status
	ActionDate    time.Time // its date
	EffectiveDate time.Time // its effective date; zero when unknown
}

// Basis chooses which date of an action counts in StatusOnWith.
type Basis int

const (
	// ByActionDate counts an action from its ActionDate: a State is a party
	// from the day its instrument was deposited, as UNTC status tables list
	// it. A denunciation still counts from its EffectiveDate when known: the
	// State remains a party until the denunciation takes effect. This is
	// StatusOn's rule.
	ByActionDate Basis = iota
	// ByEffectiveDate counts an action from its EffectiveDate (the treaty
	// is in force for the State / the denunciation has taken effect); where
	// the EffectiveDate is zero (unknown) the ActionDate is used.
	ByEffectiveDate
)

// StatusOn returns, for every State with an action on or before the calendar
// date of on, its status then; sorted by State code.
//
// Rules (see FORMAT.md §3): consent and signatures count from their
// ActionDate (the deposit, as UNTC lists it); a denunciation counts from its
// EffectiveDate when known (the State stays a party until the denunciation
// takes effect), else from its ActionDate. Actions are taken in date order
// (on the same day: signature, then consent, then territorial application,
// then denunciation and withdrawal of signature). A signature makes a State
// a signatory unless it is already a party; any consent kind makes it a
// party; a denunciation makes it withdrawn, unless the State expressed
// consent again on or after the day the denunciation was notified (a
// re-accession outlives the earlier denunciation); a withdrawal of signature
// makes a signatory withdrawn; a territorial application alone gives
// StatusOther and otherwise changes nothing. The reported action is the one
// that set the current status.
func StatusOn(actions []Action, on time.Time) []StateStatus {
	return StatusOnWith(actions, on, ByActionDate)
}

func kindRank(k Kind) int {
	switch {
	case k.IsSignature():
		return 0
	case k.IsConsent():
		return 1
	case k == TerritorialApp:
		return 2
	case k == Denunciation, k == SignatureWithdrawal:
		return 3
	}
	return 4
}

// StatusOnWith is StatusOn with a choice of which date counts.
func StatusOnWith(actions []Action, on time.Time, basis Basis) []StateStatus {
	day := dateOnly(on)
	// item is pointer-free so sorting needs no write barriers.
	type item struct {
		when int64 // Unix seconds of the counted date
		rank int32
		i    int
	}
	items := make([]item, 0, len(actions))
	for i := range actions {
		a := &actions[i]
		w := a.ActionDate
		if (basis == ByEffectiveDate || a.Kind == Denunciation) && !a.EffectiveDate.IsZero() {
			w = a.EffectiveDate
		}
		w = dateOnly(w)
		if w.IsZero() || w.After(day) {
			continue
		}
		items = append(items, item{w.Unix(), int32(kindRank(a.Kind)), i})
	}
	// Order by State, then date, then kind rank, then input order.
	slices.SortFunc(items, func(a, b item) int {
		if c := strings.Compare(actions[a.i].State, actions[b.i].State); c != 0 {
			return c
		}
		if c := cmp.Compare(a.when, b.when); c != 0 {
			return c
		}
		if c := cmp.Compare(a.rank, b.rank); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	idx := make([]int, len(items))
	for n, it := range items {
		idx[n] = it.i
	}
	out := make([]StateStatus, 0, 16)
	for i := 0; i < len(idx); {
		state := actions[idx[i]].State
		var cur StateStatus
		for ; i < len(idx) && actions[idx[i]].State == state; i++ {
			a := &actions[idx[i]]
			set := func(s Status) {
				cur = StateStatus{State: a.State, Name: a.StateName, Status: s, Action: a.Kind,
					ActionDate: dateOnly(a.ActionDate), EffectiveDate: dateOnly(a.EffectiveDate)}
			}
			switch {
			case a.Kind.IsConsent():
				set(StatusParty)
			case a.Kind.IsSignature():
				if cur.Status != StatusParty {
					set(StatusSignatory)
				}
			case a.Kind == Denunciation:
				// A consent expressed on or after the notification day
				// (a re-accession) is not ended by this denunciation.
				renewed := cur.Status == StatusParty && !cur.ActionDate.Before(dateOnly(a.ActionDate))
				if !renewed {
					set(StatusWithdrawn)
				}
			case a.Kind == SignatureWithdrawal:
				if cur.Status == StatusSignatory || cur.Status == "" {
					set(StatusWithdrawn)
				}
			default:
				if cur.Status == "" {
					set(StatusOther)
				}
			}
		}
		out = append(out, cur)
	}
	return out
}

// StatusColumns are the JSON field names and CSV columns of a StateStatus.
var StatusColumns = []string{"state", "name", "status", "action", "action_date", "effective_date"}

type statusJSON struct {
	State         string  `json:"state"`
	Name          string  `json:"name"`
	Status        Status  `json:"status"`
	Action        Kind    `json:"action"`
	ActionDate    string  `json:"action_date"`
	EffectiveDate *string `json:"effective_date"`
}

// MarshalJSON writes {"state","name","status","action","action_date",
// "effective_date"}; dates are YYYY-MM-DD and an unknown effective_date is
// null.
func (s StateStatus) MarshalJSON() ([]byte, error) {
	j := statusJSON{State: s.State, Name: s.Name, Status: s.Status, Action: s.Action, ActionDate: FormatISODate(s.ActionDate)}
	if !s.EffectiveDate.IsZero() {
		e := FormatISODate(s.EffectiveDate)
		j.EffectiveDate = &e
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes; effective_date may be null,
// "" or absent.
func (s *StateStatus) UnmarshalJSON(b []byte) error {
	var j statusJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return err
	}
	ad, err := ParseISODate(j.ActionDate)
	if err != nil {
		return fmt.Errorf("action_date: %w", err)
	}
	var ed time.Time
	if j.EffectiveDate != nil {
		if ed, err = ParseISODate(*j.EffectiveDate); err != nil {
			return fmt.Errorf("effective_date: %w", err)
		}
	}
	*s = StateStatus{State: j.State, Name: j.Name, Status: j.Status, Action: j.Action, ActionDate: ad, EffectiveDate: ed}
	return nil
}

// WriteStatusCSV writes a header (StatusColumns) and one row per status;
// dates are YYYY-MM-DD and an unknown effective date is an empty cell.
func WriteStatusCSV(w io.Writer, ss []StateStatus) error {
	cw := cellsafe.NewCSVWriter(w)
	if err := cw.Write(StatusColumns); err != nil {
		return err
	}
	for _, s := range ss {
		if err := cw.Write([]string{s.State, s.Name, string(s.Status), string(s.Action), FormatISODate(s.ActionDate), FormatISODate(s.EffectiveDate)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
