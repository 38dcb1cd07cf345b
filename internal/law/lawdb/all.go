package lawdb

// Whole-table listings, for the bulk export (internal/law/lawexport).

import (
	"context"

	"corridor/internal/law/treaty"
)

// AllInstruments lists every instrument with its identifiers, by slug.
func (s *Store) AllInstruments(ctx context.Context) (_ []*Instrument, err error) {
	defer wrapErr(&err, "list all instruments")
	rows, err := s.DB.QueryContext(ctx, `SELECT `+instrumentCols+` FROM law_instruments ORDER BY slug`)
	if err != nil {
		return nil, err
	}
	var out []*Instrument
	byID := map[int64]*Instrument{}
	for rows.Next() {
		in, err := scanInstrument(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, in)
		byID[in.ID] = in
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ids, err := s.DB.QueryContext(ctx, `SELECT instrument_id, scheme, value FROM law_identifiers WHERE scheme <> 'corridor' ORDER BY instrument_id, id`)
	if err != nil {
		return nil, err
	}
	defer ids.Close()
	for ids.Next() {
		var id int64
		var i Identifier
		if err := ids.Scan(&id, &i.Scheme, &i.Value); err != nil {
			return nil, err
		}
		if in := byID[id]; in != nil {
			in.Identifiers = append(in.Identifiers, i)
		}
	}
	if out == nil {
		out = []*Instrument{}
	}
	return out, ids.Err()
}

// AllActions lists every treaty action, by instrument slug and then in
// the order they were recorded.
func (s *Store) AllActions(ctx context.Context) (_ []treaty.Action, err error) {
	defer wrapErr(&err, "list all treaty actions")
	out, err := s.queryActions(ctx, actionSelect+`ORDER BY i.slug, a.id`)
	if out == nil && err == nil {
		out = []treaty.Action{}
	}
	return out, err
}
