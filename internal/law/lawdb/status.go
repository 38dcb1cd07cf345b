package lawdb

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/geo"
	"corridor/internal/law/treaty"
)

// actionSelect selects treaty actions with their instrument's slug, in
// the columns queryActions scans; a WHERE or ORDER BY clause follows.
const actionSelect = `SELECT a.state, a.state_name, a.kind, a.action_date, a.effective_date, a.source, a.notes, i.slug
		FROM law_treaty_actions a JOIN law_instruments i ON i.id = a.instrument_id `

// Actions returns an instrument's treaty actions in the order they were
// recorded (the order StatusOn breaks same-day ties with).
func (s *Store) Actions(ctx context.Context, instrumentID int64) (_ []treaty.Action, err error) {
	defer wrapErr(&err, "treaty actions of instrument %d", instrumentID)
	return s.queryActions(ctx, actionSelect+`WHERE a.instrument_id = $1 ORDER BY a.id`, instrumentID)
}

// queryActions runs an actionSelect query and scans its rows.
func (s *Store) queryActions(ctx context.Context, query string, args ...any) ([]treaty.Action, error) {
	return queryList(ctx, s.DB, func(rows *sql.Rows) (treaty.Action, error) {
		var a treaty.Action
		var kind, ad, ed string
		if err := rows.Scan(&a.State, &a.StateName, &kind, &ad, &ed, &a.Source, &a.Notes, &a.Treaty); err != nil {
			return a, err
		}
		a.Kind = treaty.Kind(kind)
		a.ActionDate, _ = time.Parse(time.DateOnly, ad)
		if ed != "" {
			a.EffectiveDate, _ = time.Parse(time.DateOnly, ed)
		}
		return a, nil
	}, query, args...)
}

// refActions finds the instrument ref names and returns its id and
// Actions.
func (s *Store) refActions(ctx context.Context, ref string) (int64, []treaty.Action, error) {
	id, err := s.FindID(ctx, ref)
	if err != nil {
		return 0, nil, err
	}
	acts, err := s.Actions(ctx, id)
	if err != nil {
		return 0, nil, err
	}
	return id, acts, nil
}

// StatusOn returns every State's status towards the instrument on a date,
// read from the database, in the shape of treaty.StateStatus.
func (s *Store) StatusOn(ctx context.Context, ref string, on time.Time) ([]treaty.StateStatus, error) {
	_, acts, err := s.refActions(ctx, ref)
	if err != nil {
		return nil, err
	}
	out := treaty.StatusOn(acts, on)
	if out == nil {
		out = []treaty.StateStatus{}
	}
	return out, nil
}

// Relation is a relationship seen from one instrument.
type Relation struct {
	ID       int64
	Kind     string // amends, protocol-to, …
	Incoming bool   // the other instrument points at this one
	Slug     string
	Title    string
	FromEID  string
	ToEID    string
	// EffectiveOn is the date recorded on the relationship ("" when none).
	EffectiveOn string
}

// Relations lists an instrument's relationships both ways.
func (s *Store) Relations(ctx context.Context, instrumentID int64) (_ []Relation, err error) {
	defer wrapErr(&err, "relationships of instrument %d", instrumentID)
	return queryList(ctx, s.DB, func(rows *sql.Rows) (Relation, error) {
		var r Relation
		var in int
		if err := rows.Scan(&r.ID, &r.Kind, &in, &r.Slug, &r.Title, &r.FromEID, &r.ToEID, &r.EffectiveOn); err != nil {
			return r, err
		}
		r.Incoming = in == 1
		return r, nil
	}, `SELECT r.id, r.kind, 0, i.slug, i.title, r.from_eid, r.to_eid, r.effective_on FROM law_relationships r JOIN law_instruments i ON i.id = r.to_id WHERE r.from_id = $1
		UNION ALL
		SELECT r.id, r.kind, 1, i.slug, i.title, r.from_eid, r.to_eid, r.effective_on FROM law_relationships r JOIN law_instruments i ON i.id = r.from_id WHERE r.to_id = $1
		ORDER BY 3, 2, 4, 1`, instrumentID)
}

// Binding is an instrument a State is party to or has signed on a date.
type Binding struct {
	Slug, Title string
	Status      treaty.StateStatus
}

// CountryOn lists the instruments with an action of the State (alpha-3)
// and the State's status towards each on a date.
func (s *Store) CountryOn(ctx context.Context, state string, on time.Time) (_ []Binding, err error) {
	defer wrapErr(&err, "instruments binding %s", state)
	rows, err := s.DB.QueryContext(ctx, `SELECT DISTINCT i.id, i.slug, i.title FROM law_treaty_actions a JOIN law_instruments i ON i.id = a.instrument_id WHERE a.state = $1 ORDER BY i.slug`, state)
	if err != nil {
		return nil, err
	}
	type inst struct {
		id          int64
		slug, title string
	}
	var ins []inst
	for rows.Next() {
		var x inst
		if err := rows.Scan(&x.id, &x.slug, &x.title); err != nil {
			rows.Close()
			return nil, err
		}
		ins = append(ins, x)
	}
	rows.Close()
	var out []Binding
	for _, x := range ins {
		acts, err := s.Actions(ctx, x.id)
		if err != nil {
			return nil, err
		}
		var mine []treaty.Action
		for _, a := range acts {
			if a.State == state {
				mine = append(mine, a)
			}
		}
		for _, st := range treaty.StatusOn(mine, on) {
			out = append(out, Binding{Slug: x.slug, Title: x.title, Status: st})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Status.Status < out[j].Status.Status })
	return out, nil
}

// NewAction is a treaty action entered by a legal officer.
type NewAction struct {
	Instrument, State, Kind, ActionDate, EffectiveDate, Notes string
}

// AddAction validates and stores one treaty action with its audit entry.
// Unknown State, unknown kind, a malformed date or a date before the
// instrument's adoption are field errors and nothing is stored.
func (s *Store) AddAction(ctx context.Context, in NewAction) (_ int64, err error) {
	defer wrapErr(&err, "add treaty action to %s", in.Instrument)
	f := errs.Fields{}
	id, err := s.FindID(ctx, in.Instrument)
	if err != nil {
		return 0, NotFound(err)
	}
	var adopted, slug string
	if err := s.DB.QueryRowContext(ctx, `SELECT adopted_on, slug FROM law_instruments WHERE id = $1`, id).Scan(&adopted, &slug); err != nil {
		return 0, err
	}
	state := strings.ToUpper(strings.TrimSpace(in.State))
	c, ok := geo.ByCode(state)
	if !ok || len(state) != 3 {
		f.Add("state", "law.error.unknown_state")
	}
	kind, err := treaty.ParseKind(in.Kind)
	if err != nil {
		f.Add("kind", "law.error.unknown_kind")
	}
	ad, err := treaty.ParseISODate(strings.TrimSpace(in.ActionDate))
	if err != nil {
		f.Add("action_date", "law.error.bad_date")
	} else if adopted != "" && ad.Format(time.DateOnly) < adopted {
		f.Add("action_date", "law.error.before_adoption")
	} else if ad.After(time.Now().UTC()) {
		f.Add("action_date", "law.error.future_date")
	}
	var ed time.Time
	if strings.TrimSpace(in.EffectiveDate) != "" {
		if ed, err = treaty.ParseISODate(strings.TrimSpace(in.EffectiveDate)); err != nil {
			f.Add("effective_date", "law.error.bad_date")
		} else if err == nil && !ad.IsZero() && ed.Before(ad) {
			f.Add("effective_date", "law.error.effective_before_action")
		}
	}
	if len(in.Notes) > 2000 {
		f.Add("notes", "law.error.too_long")
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	a := treaty.Action{Treaty: slug, State: state, StateName: c.Name, Kind: kind, ActionDate: ad, EffectiveDate: ed, Notes: strings.TrimSpace(in.Notes), Source: "corridor:manual"}
	var newID int64
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO law_treaty_actions (instrument_id, state, state_name, kind, action_date, effective_date, source, notes, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			id, a.State, a.StateName, string(a.Kind), dateStr(a.ActionDate), dateStr(a.EffectiveDate), a.Source, a.Notes, db.Now()).Scan(&newID); err != nil {
			return err
		}
		if err := actionEvent(ctx, tx, id, []actionKey{keyOfAction(a)}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "law.treaty_action.create", "law_treaty_action", newID, nil,
			map[string]string{"instrument": slug, "state": a.State, "kind": string(a.Kind), "action_date": dateStr(a.ActionDate), "effective_date": dateStr(a.EffectiveDate)})
	})
	if err != nil {
		return 0, fmt.Errorf("lawdb: add action: %w", err)
	}
	return newID, nil
}
