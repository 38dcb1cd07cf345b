package db

import (
	"context"
	"errors"
	"fmt"
)

// ErrStale is returned by Bump when the record changed since the revision
// the caller read.
var ErrStale = errors.New("db: the record was changed by someone else since it was read")

// AnyRevision passed to Bump skips the check (a client that sent no
// revision); the revision is still raised.
const AnyRevision int64 = -1

// Revision returns the revision of a record (a kind of record, such as
// "law_instrument", and its id): 0 until its first checked edit.
func Revision(ctx context.Context, q Querier, record string, id int64) (int64, error) {
	var rev int64
	err := q.QueryRowContext(ctx, `SELECT revision FROM revisions WHERE record = $1 AND id = $2`, record, id).Scan(&rev)
	if IsNoRows(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("db: revision of %s %d: %w", record, id, err)
	}
	return rev, nil
}

// Bump raises a record's revision if it still is expected (or for
// AnyRevision) and returns the new one, or ErrStale. Call it in the
// transaction of the edit, which then either commits with the new
// revision or is refused. Each step is one conditional statement, so two
// edits from the same revision cannot both pass, whatever the engine: on
// PostgreSQL the second waits for the first's row lock and then sees the
// raised revision; SQLite has one writer.
func Bump(ctx context.Context, q Querier, record string, id, expected int64) (int64, error) {
	var rev int64
	query := `UPDATE revisions SET revision = revision + 1 WHERE record = $1 AND id = $2 AND revision = $3 RETURNING revision`
	args := []any{record, id, expected}
	if expected == AnyRevision {
		query = `UPDATE revisions SET revision = revision + 1 WHERE record = $1 AND id = $2 RETURNING revision`
		args = args[:2]
	}
	err := q.QueryRowContext(ctx, query, args...).Scan(&rev)
	if err == nil {
		return rev, nil
	}
	if !IsNoRows(err) {
		return 0, fmt.Errorf("db: revision of %s %d: %w", record, id, err)
	}
	if expected > 0 {
		return 0, ErrStale // raised by someone else, or never at this revision
	}
	// Never edited with a check: the first edit creates revision 1; of two
	// at once, the one that loses the insert is stale.
	err = q.QueryRowContext(ctx, `INSERT INTO revisions (record, id, revision) VALUES ($1, $2, 1) ON CONFLICT (record, id) DO NOTHING RETURNING revision`, record, id).Scan(&rev)
	if IsNoRows(err) {
		if expected == AnyRevision {
			return Bump(ctx, q, record, id, AnyRevision)
		}
		return 0, ErrStale
	}
	if err != nil {
		return 0, fmt.Errorf("db: revision of %s %d: %w", record, id, err)
	}
	return rev, nil
}
