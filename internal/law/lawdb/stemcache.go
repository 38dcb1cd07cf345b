package lawdb

import (
	"context"
	"strconv"
	"strings"
	"sync"
)

// stemCache keeps what ranking needs of each provision a search has met —
// its version and its indexed stems — so that a search reads only the
// full-text index's ids and, for the page shown, the texts.
//
// An entry never goes stale: a provision is written once and never
// changed (a corrected text is a new version with new ids, and ids are
// never reused), so there is nothing to invalidate, in this process or
// in any other sharing the database (a restore, which would bring other
// rows under the same ids, refuses to run beside a process that has the
// database open). A provision deleted with its version
// stays in the cache until it is full, harmlessly: the index no longer
// returns its id.
type stemCache struct {
	mu      sync.RWMutex
	entries map[int64]cachedProvision
	bytes   int
}

type cachedProvision struct {
	version int64
	stems   string
}

// stemCacheBytes bounds the stems held; a full cache starts again empty.
const stemCacheBytes = 64 << 20

func newStemCache() *stemCache { return &stemCache{entries: map[int64]cachedProvision{}} }

// cachedProvisions returns the cached provisions of ids, reading the ones not yet
// cached from the database in batches.
func (s *Store) cachedProvisions(ctx context.Context, ids []int64) (map[int64]cachedProvision, error) {
	c := s.stems
	out := make(map[int64]cachedProvision, len(ids))
	var missing []int64
	c.mu.RLock()
	for _, id := range ids {
		if p, ok := c.entries[id]; ok {
			out[id] = p
		} else {
			missing = append(missing, id)
		}
	}
	c.mu.RUnlock()
	const batch = 200
	for len(missing) > 0 {
		n := min(batch, len(missing))
		read, err := s.readProvisionStems(ctx, missing[:n], batch)
		if err != nil {
			return nil, err
		}
		missing = missing[n:]
		c.mu.Lock()
		for id, p := range read {
			out[id] = p
			if c.bytes+len(p.stems) > stemCacheBytes {
				c.entries, c.bytes = map[int64]cachedProvision{}, 0
			}
			if _, ok := c.entries[id]; !ok {
				c.entries[id] = p
				c.bytes += len(p.stems) + 32
			}
		}
		c.mu.Unlock()
	}
	return out, nil
}

// readProvisionStems reads the version and stems of ids (at most size),
// through one prepared statement of size placeholders (padded with 0, no
// provision's id).
func (s *Store) readProvisionStems(ctx context.Context, ids []int64, size int) (map[int64]cachedProvision, error) {
	marks, args := idList(ids, size)
	rows, err := s.DB.QueryPrepared(ctx, `SELECT id, version_id, stems FROM law_provisions WHERE id IN (`+marks+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int64]cachedProvision, len(ids))
	for rows.Next() {
		var id int64
		var p cachedProvision
		if err := rows.Scan(&id, &p.version, &p.stems); err != nil {
			return nil, err
		}
		out[id] = p
	}
	return out, rows.Err()
}

// idList is the placeholder list "$1, $2, …" of size ids and its
// arguments: ids padded with 0, which is no provision's id, so that one
// prepared statement per size serves lists of any length up to it.
func idList(ids []int64, size int) (string, []any) {
	marks := make([]string, size)
	args := make([]any, size)
	for i := range marks {
		marks[i] = "$" + strconv.Itoa(i+1)
		args[i] = int64(0)
		if i < len(ids) {
			args[i] = ids[i]
		}
	}
	return strings.Join(marks, ", "), args
}
