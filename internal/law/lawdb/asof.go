package lawdb

import (
	"context"
	"fmt"
	"time"

	"corridor/internal/db"
	"corridor/internal/law/treaty"
)

// StatusBasis says what a treaty status answer rests on, so that old
// information is never presented as current.
type StatusBasis struct {
	// AsOf is the date of the latest information the status rests on: the
	// later of SourceDate and LatestAction (zero when there is neither).
	AsOf time.Time
	// Source names where the status table came from, as a key of
	// StatusSources ("" when every action was recorded by hand).
	Source string
	// SourceDate is the date of that source (zero when unknown).
	SourceDate time.Time
	// LatestAction is the date of the latest action recorded (imported or
	// by hand).
	LatestAction time.Time
}

// After reports whether day is later than the information the status
// rests on: the answer then shows the last known status, and later
// actions are not reflected.
func (b StatusBasis) After(day time.Time) bool {
	return !b.AsOf.IsZero() && day.After(b.AsOf)
}

// StatusAnswer is an instrument's treaty status on a date with what it
// rests on.
type StatusAnswer struct {
	On    time.Time
	Basis StatusBasis
	Rows  []StatusRow
}

// untcSource is the key of the UN Treaty Collection snapshot a status
// table was imported from.
const untcSource = "untc-snapshot"

// StatusSources describes the sources of status tables by key, in
// English (the pages translate them: law.status.source.<key>).
var StatusSources = map[string]string{
	untcSource: "UN Treaty Collection, Multilateral Treaties Deposited with the Secretary-General, scraped copy of the status table",
}

// SourceName describes what the status rests on, in English.
func (b StatusBasis) SourceName() string {
	if b.Source == "" {
		return "actions recorded in Corridor"
	}
	if name, ok := StatusSources[b.Source]; ok {
		return name
	}
	return b.Source
}

// setStatusSource records the source and date of an instrument's imported
// status table.
func setStatusSource(ctx context.Context, q db.Querier, instrumentID int64, source string, date time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE law_instruments SET status_source = $1, status_source_date = $2 WHERE id = $3`,
		source, dateStr(date), instrumentID)
	return err
}

// statusBasis reads what the status of an instrument rests on, given its
// actions.
func (s *Store) statusBasis(ctx context.Context, instrumentID int64, acts []treaty.Action) (StatusBasis, error) {
	var b StatusBasis
	var date string
	if err := s.DB.QueryRowContext(ctx, `SELECT status_source, status_source_date FROM law_instruments WHERE id = $1`, instrumentID).Scan(&b.Source, &date); err != nil {
		return b, fmt.Errorf("status source of instrument %d: %w", instrumentID, err)
	}
	if date != "" {
		b.SourceDate, _ = time.Parse(time.DateOnly, date)
	}
	for _, a := range acts {
		if a.ActionDate.After(b.LatestAction) {
			b.LatestAction = a.ActionDate
		}
	}
	b.AsOf = b.SourceDate
	if b.LatestAction.After(b.AsOf) {
		b.AsOf = b.LatestAction
	}
	return b, nil
}
