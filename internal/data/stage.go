package data

import (
	"context"
	"fmt"
	"time"

	"corridor/internal/db"
)

// Import stages (data_import_stages, data_import_rows) held an import's
// rows on their way into data_observations in earlier versions; imports now
// keep them in memory (parsedRows). A stage a process left behind when it
// died mid-import is still swept after stageTTL.

// stageTTL is how long a stage may live: one older belongs to a process
// that died mid-import.
const stageTTL = 24 * time.Hour

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
	ids, err := db.QueryIDs(ctx, d, `SELECT id FROM data_import_stages WHERE created_at < $1 ORDER BY id`, now.Add(-stageTTL).Unix())
	if err != nil {
		return 0, fmt.Errorf("data: list stale import stages: %w", err)
	}
	for _, id := range ids {
		if err := dropStage(ctx, d, id); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}
