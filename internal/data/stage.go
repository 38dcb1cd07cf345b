package data

import (
	"context"
	"fmt"
	"time"

	"corridor/internal/db"
)

// stage holds an import's rows on their way into data_observations.
//
// Rows are written in short transactions of stageTxRows, never in the one
// that publishes the dataset: on SQLite there is one write connection, and
// a transaction that parsed a whole file while holding it stopped every
// login and edit (and the job's own heartbeat) until it ended. publish then
// moves the rows in one statement inside the dataset's transaction, so
// readers see all of an import or nothing of it.
type stage struct {
	d     *db.DB
	ctx   context.Context
	id    int64
	tx    db.Tx
	w     *obsInserter
	inTx  int   // rows written in the open transaction
	total int64 // rows written in all
}

// stageTxRows is how many rows one staging transaction writes: big enough
// that commits cost little, small enough that a waiting login gets the
// writer within a few milliseconds.
const stageTxRows = 2000

// stageTTL is how long a stage may live: one older belongs to a process
// that died mid-import.
const stageTTL = 24 * time.Hour

// newStage opens an empty stage.
func newStage(ctx context.Context, d *db.DB) (*stage, error) {
	st := &stage{d: d, ctx: ctx}
	if err := d.QueryRowContext(ctx, `INSERT INTO data_import_stages (created_at) VALUES ($1) RETURNING id`, db.Now()).Scan(&st.id); err != nil {
		return nil, fmt.Errorf("data: open import stage: %w", err)
	}
	return st, nil
}

// add stages one observation (its DatasetID is ignored: the dataset is
// created only when the stage is published).
func (st *stage) add(o Observation) error {
	if st.tx == nil {
		tx, err := st.d.BeginTx(st.ctx, nil)
		if err != nil {
			return fmt.Errorf("data: stage rows: begin: %w", err)
		}
		st.tx = tx
		st.w = newInserter(st.ctx, tx, st.d.Engine, stagedRows)
	}
	o.DatasetID = st.id
	if err := st.w.add(o); err != nil {
		return err
	}
	st.inTx++
	if st.inTx >= stageTxRows {
		return st.commit()
	}
	return nil
}

// commit ends the open staging transaction, freeing the writer; once the
// last rows are committed the stage is ready to publish.
func (st *stage) commit() error {
	if st.tx == nil {
		return nil
	}
	tx, w := st.tx, st.w
	st.tx, st.w = nil, nil
	err := w.flush()
	w.close()
	if err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("data: stage rows: commit: %w", err)
	}
	st.total += int64(st.inTx)
	st.inTx = 0
	return nil
}

// publish moves the staged rows into data_observations as dataset id,
// inside the caller's transaction, and returns how many it moved.
func (st *stage) publish(ctx context.Context, tx db.Tx, datasetID int64) (int64, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO data_observations (dataset_id, measure, origin, destination, year, sex, value, flag)
		SELECT $1, measure, origin, destination, year, sex, value, flag FROM data_import_rows WHERE stage_id = $2 ORDER BY id`, datasetID, st.id)
	if err != nil {
		return 0, fmt.Errorf("data: publish import stage %d: %w", st.id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("data: publish import stage %d: %w", st.id, err)
	}
	return n, nil
}

// drop deletes the stage's rows in short transactions (after a publish or a
// failure alike), so dropping a big stage does not hold the writer either.
// A stage it fails to drop is swept later.
func (st *stage) drop() error {
	if st.tx != nil {
		st.w.close()
		st.tx.Rollback()
		st.tx, st.w = nil, nil
	}
	return dropStage(context.WithoutCancel(st.ctx), st.d, st.id)
}

// dropStage deletes a stage, its rows a batch at a time.
func dropStage(ctx context.Context, d *db.DB, id int64) error {
	for {
		res, err := d.ExecContext(ctx, `DELETE FROM data_import_rows WHERE id IN (SELECT id FROM data_import_rows WHERE stage_id = $1 ORDER BY id LIMIT 5000)`, id)
		if err != nil {
			return fmt.Errorf("data: drop import stage %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			break
		}
	}
	if _, err := d.ExecContext(ctx, `DELETE FROM data_import_stages WHERE id = $1`, id); err != nil {
		return fmt.Errorf("data: drop import stage %d: %w", id, err)
	}
	return nil
}

// sweepStages drops the stages left by processes that died mid-import.
func sweepStages(ctx context.Context, d *db.DB, now time.Time) (int, error) {
	rows, err := d.QueryContext(ctx, `SELECT id FROM data_import_stages WHERE created_at < $1 ORDER BY id`, now.Add(-stageTTL).Unix())
	if err != nil {
		return 0, fmt.Errorf("data: list stale import stages: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, id := range ids {
		if err := dropStage(ctx, d, id); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}
