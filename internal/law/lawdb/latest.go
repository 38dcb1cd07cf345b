package lawdb

import (
	"context"
	"database/sql"
	"sort"
)

// Change is one dated change in the law database: a treaty action by a
// State or a version of an instrument taking effect.
type Change struct {
	// Kind is "action" or "version".
	Kind string
	// Date is the action's date or the version's first day (YYYY-MM-DD).
	Date       string
	Instrument string // slug
	Title      string // the instrument's title (the version's own, if any)
	// State, StateName and Action describe a treaty action.
	State, StateName, Action string
	// Language is a version's language.
	Language string
	Source   string
}

// LatestChanges returns the newest dated changes, newest first: up to
// perKind treaty actions by their date and as many versions by the day
// they took effect, none after today (YYYY-MM-DD). Each kind gets its
// share, as a busy year of national amendments would otherwise hide every
// ratification.
func (s *Store) LatestChanges(ctx context.Context, today string, perKind int) (_ []Change, err error) {
	defer wrapErr(&err, "latest changes")
	actions, err := queryList(ctx, s.DB, func(rows *sql.Rows) (Change, error) {
		c := Change{Kind: "action"}
		err := rows.Scan(&c.Date, &c.State, &c.StateName, &c.Action, &c.Instrument, &c.Title, &c.Source)
		return c, err
	}, `SELECT a.action_date, a.state, a.state_name, a.kind, i.slug, i.title, a.source
		FROM law_treaty_actions a JOIN law_instruments i ON i.id = a.instrument_id
		WHERE a.action_date <= $1 ORDER BY a.action_date DESC, a.id DESC LIMIT $2`, today, perKind)
	if err != nil {
		return nil, err
	}
	versions, err := queryList(ctx, s.DB, func(rows *sql.Rows) (Change, error) {
		c := Change{Kind: "version"}
		var title string
		err := rows.Scan(&c.Date, &c.Instrument, &c.Title, &title, &c.Language, &c.Source)
		if title != "" {
			c.Title = title
		}
		return c, err
	}, `SELECT v.valid_from, i.slug, i.title, v.title, v.language, v.source
		FROM law_versions v JOIN law_instruments i ON i.id = v.instrument_id
		WHERE v.valid_from <= $1 ORDER BY v.valid_from DESC, v.id DESC LIMIT $2`, today, perKind)
	if err != nil {
		return nil, err
	}
	out := append(actions, versions...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date > out[j].Date })
	return out, nil
}
