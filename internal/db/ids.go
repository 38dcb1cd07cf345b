package db

import (
	"context"
	"database/sql"
)

// QueryIDs runs a query of one integer column (ids) and returns them all,
// closing the rows before it returns, so the caller may write with the
// same connection right after.
func QueryIDs(ctx context.Context, q Querier, query string, args ...any) ([]int64, error) {
	return ScanIDs(q.QueryContext(ctx, query, args...))
}

// ScanIDs reads all the ids of a query of one integer column, as a query
// call returns it, and closes the rows.
func ScanIDs(rows *sql.Rows, err error) ([]int64, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
