package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"sort"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
)

// draftRows is where an unpublished estimate's values wait: a table no
// view, export, total or API reads, so a draft cannot leak into them.
var draftRows = insertTarget{"data_draft_values", "dataset_id"}

// valueTable is the table holding a dataset's values.
func valueTable(d *Dataset) string {
	if d.Public() {
		return observationRows.table
	}
	return draftRows.table
}

// publicOnly is the condition that keeps drafts out of a list of
// datasets, unless drafts are wanted.
func publicOnly(drafts bool) string {
	if drafts {
		return ""
	}
	return ` AND status = 'published'`
}

// estimateBasis names what an estimate was made from: one estimate per
// basis is published at a time.
func estimateBasis(source int64, from, to int) string {
	return fmt.Sprintf("dataset %d, %d–%d", source, from, to)
}

// PublishEstimate publishes a draft (or superseded) estimate: its values
// join the public tables and, if another estimate of the same table and
// years was published, that one leaves them ("superseded") in the same
// transaction, so readers see one or the other, never both or neither. It
// returns the estimate it replaced, if any.
func (s *Service) PublishEstimate(ctx context.Context, id int64) (replaced *Dataset, err error) {
	defer errs.Wrap(&err, "data: publish estimate %d", id)
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		replaced, err = s.publishTx(ctx, tx, id)
		return err
	})
	return replaced, err
}

func (s *Service) publishTx(ctx context.Context, tx db.Tx, id int64) (*Dataset, error) {
	d, err := s.estimateIn(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if d.Public() {
		return nil, nil
	}
	// Lock every estimate of the basis (a row lock on PostgreSQL; SQLite
	// has one writer) so two curators publishing at once cannot leave two
	// published.
	if _, err := tx.ExecContext(ctx, `UPDATE data_datasets SET basis = basis WHERE basis = $1`, d.Basis); err != nil {
		return nil, err
	}
	var replaced *Dataset
	if d.Basis != "" {
		prev, err := scanDataset(tx.QueryRowContext(ctx, `SELECT `+datasetCols+` FROM data_datasets
			WHERE basis = $1 AND status = 'published' AND id <> $2 ORDER BY id DESC LIMIT 1`, d.Basis, id))
		if err == nil {
			if err := moveValues(ctx, tx, prev.ID, observationRows.table, draftRows.table, StatusSuperseded); err != nil {
				return nil, err
			}
			replaced = prev
		} else if !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
	}
	if err := moveValues(ctx, tx, id, draftRows.table, observationRows.table, StatusPublished); err != nil {
		return nil, err
	}
	after := map[string]any{"status": StatusPublished}
	if replaced != nil {
		after["replaced"] = replaced.ID
	}
	return replaced, audit.Record(ctx, tx, "data.estimate.publish", "dataset", id, map[string]any{"status": d.Status}, after)
}

// WithdrawEstimate takes a published estimate out of the public tables
// (back to a draft) without publishing another in its place.
func (s *Service) WithdrawEstimate(ctx context.Context, id int64) (err error) {
	defer errs.Wrap(&err, "data: withdraw estimate %d", id)
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		d, err := s.estimateIn(ctx, tx, id)
		if err != nil {
			return err
		}
		if !d.Public() {
			return nil
		}
		if err := moveValues(ctx, tx, id, observationRows.table, draftRows.table, StatusDraft); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "data.estimate.withdraw", "dataset", id, map[string]any{"status": d.Status}, map[string]any{"status": StatusDraft})
	})
}

// estimateIn reads dataset id in tx and checks that it is an estimate:
// published tables from a publisher are never drafts.
func (s *Service) estimateIn(ctx context.Context, tx db.Tx, id int64) (*Dataset, error) {
	d, err := scanDataset(tx.QueryRowContext(ctx, `SELECT `+datasetCols+` FROM data_datasets WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "data.error.no_dataset")
	}
	if err != nil {
		return nil, err
	}
	if d.Source != "estimate" {
		return nil, errs.New(errs.Invalid, "data.error.not_estimate")
	}
	return d, nil
}

// moveValues moves a dataset's values from one table to the other and sets
// its status.
func moveValues(ctx context.Context, tx db.Tx, id int64, from, to, status string) error {
	const cols = `dataset_id, measure, origin, destination, year, sex, value, flag`
	if _, err := tx.ExecContext(ctx, `INSERT INTO `+to+` (`+cols+`) SELECT `+cols+` FROM `+from+` WHERE dataset_id = $1 ORDER BY id`, id); err != nil {
		return fmt.Errorf("move values of dataset %d to %s: %w", id, to, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM `+from+` WHERE dataset_id = $1`, id); err != nil {
		return fmt.Errorf("move values of dataset %d out of %s: %w", id, from, err)
	}
	_, err := tx.ExecContext(ctx, `UPDATE data_datasets SET status = $1 WHERE id = $2`, status, id)
	return err
}

// EstimateComparison is what publishing a draft would change: the draft
// beside the estimate of the same basis readers see now.
type EstimateComparison struct {
	Draft     Dataset
	Published *Dataset // nil: nothing of this basis is published
	// Totals and corridor counts (flows above zero) of each, in people.
	DraftTotal, PublishedTotal         float64
	DraftCorridors, PublishedCorridors int
	// Changes are the corridors whose flow changes most, largest first.
	Changes []FlowChange
}

// FlowChange is one corridor's flow in the published estimate and the draft.
type FlowChange struct {
	Origin, Destination string
	Year                int
	Published, Draft    float64
}

// Difference is the draft's flow minus the published one.
func (c FlowChange) Difference() float64 { return c.Draft - c.Published }

// CompareEstimate compares a draft (or superseded) estimate with the
// published estimate of its basis, listing the top corridors by change.
func (s *Service) CompareEstimate(ctx context.Context, id int64, top int) (_ *EstimateComparison, err error) {
	defer errs.Wrap(&err, "data: compare estimate %d", id)
	d, err := s.Dataset(ctx, id)
	if err != nil {
		return nil, err
	}
	c := &EstimateComparison{Draft: *d}
	type cell struct {
		o, d string
		y    int
	}
	load := func(ds *Dataset) (map[cell]float64, error) {
		rows, err := s.DB.QueryContext(ctx, `SELECT origin, destination, year, value FROM `+valueTable(ds)+`
			WHERE dataset_id = $1 AND measure = 'flow' AND sex = 'total' AND value IS NOT NULL`, ds.ID)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		m := map[cell]float64{}
		for rows.Next() {
			var k cell
			var v float64
			if err := rows.Scan(&k.o, &k.d, &k.y, &v); err != nil {
				return nil, err
			}
			m[k] = v
		}
		return m, rows.Err()
	}
	draft, err := load(d)
	if err != nil {
		return nil, err
	}
	c.DraftTotal, c.DraftCorridors = flowTotal(draft)
	if d.Public() || d.Basis == "" {
		return c, nil
	}
	pub, err := scanDataset(s.DB.QueryRowContext(ctx, `SELECT `+datasetCols+` FROM data_datasets
		WHERE basis = $1 AND status = 'published' ORDER BY id DESC LIMIT 1`, d.Basis))
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	c.Published = pub
	old, err := load(pub)
	if err != nil {
		return nil, err
	}
	c.PublishedTotal, c.PublishedCorridors = flowTotal(old)
	for k, v := range draft {
		if v != old[k] {
			c.Changes = append(c.Changes, FlowChange{Origin: k.o, Destination: k.d, Year: k.y, Published: old[k], Draft: v})
		}
	}
	for k, v := range old {
		if _, ok := draft[k]; !ok && v != 0 {
			c.Changes = append(c.Changes, FlowChange{Origin: k.o, Destination: k.d, Year: k.y, Published: v})
		}
	}
	sort.Slice(c.Changes, func(i, j int) bool {
		a, b := math.Abs(c.Changes[i].Difference()), math.Abs(c.Changes[j].Difference())
		if a != b {
			return a > b
		}
		x, y := c.Changes[i], c.Changes[j]
		return x.Origin+x.Destination < y.Origin+y.Destination
	})
	if len(c.Changes) > top {
		c.Changes = c.Changes[:top]
	}
	return c, nil
}

// flowTotal sums flows and counts the corridors with a flow above zero.
func flowTotal[K comparable](m map[K]float64) (total float64, corridors int) {
	for _, v := range m {
		total += v
		if v > 0 {
			corridors++
		}
	}
	return total, corridors
}
