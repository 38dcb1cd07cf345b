package lawdb

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"corridor/internal/textsearch"
)

// idCache keeps what searches read of provisions, by id, so that a search
// reads only the full-text index's ids and what it has not met before.
//
// An entry never goes stale: a provision is written once and never
// changed (a corrected text is a new version with new ids, and ids are
// never reused), so there is nothing to invalidate, in this process or
// in any other sharing the database (a restore, which would bring other
// rows under the same ids, refuses to run beside a process that has the
// database open). A provision deleted with its version stays in the cache
// until it is full, harmlessly: the index no longer returns its id.
type idCache[T any] struct {
	mu      sync.RWMutex
	entries map[int64]T
	bytes   int
	limit   int
}

func newIDCache[T any](limit int) *idCache[T] {
	return &idCache[T]{entries: map[int64]T{}, limit: limit}
}

// lookup puts the cached entries of ids in out and returns the ids not cached.
func (c *idCache[T]) lookup(ids []int64, out map[int64]T) (missing []int64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, id := range ids {
		if p, ok := c.entries[id]; ok {
			out[id] = p
		} else {
			missing = append(missing, id)
		}
	}
	return missing
}

// add caches entries read from the database, each of the given size in
// bytes; a full cache starts again empty.
func (c *idCache[T]) add(read map[int64]T, size func(T) int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for id, p := range read {
		n := size(p) + 32
		if c.bytes+n > c.limit {
			c.entries, c.bytes = map[int64]T{}, 0
		}
		if _, ok := c.entries[id]; !ok {
			c.entries[id] = p
			c.bytes += n
		}
	}
}

// cachedProvision is what ranking needs of a provision: its version and
// its indexed stems.
type cachedProvision struct {
	version int64
	stems   string
}

// stemCacheBytes bounds the stems held.
const stemCacheBytes = 64 << 20

func newStemCache() *idCache[cachedProvision] { return newIDCache[cachedProvision](stemCacheBytes) }

// cachedProvisions returns the cached provisions of ids, reading the ones not yet
// cached from the database in batches.
func (s *Store) cachedProvisions(ctx context.Context, ids []int64) (map[int64]cachedProvision, error) {
	out := make(map[int64]cachedProvision, len(ids))
	missing := s.stems.lookup(ids, out)
	const batch = 200
	for len(missing) > 0 {
		n := min(batch, len(missing))
		read, err := s.readProvisionStems(ctx, missing[:n], batch)
		if err != nil {
			return nil, err
		}
		missing = missing[n:]
		for id, p := range read {
			out[id] = p
		}
		s.stems.add(read, func(p cachedProvision) int { return len(p.stems) })
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

// shownProvision is what a result shows of a provision besides its
// instrument and version: its number, heading, text and article.
type shownProvision struct {
	eid, articleEID, num, heading string
	articleNum, articleHeading    string
	// full is the number, heading and text as indexed, the words of
	// which the stems are; words counts them (textsearch.CountWords).
	full  string
	words int
}

// shownCacheBytes bounds the texts held.
const shownCacheBytes = 64 << 20

func newShownCache() *idCache[shownProvision] { return newIDCache[shownProvision](shownCacheBytes) }

func (p shownProvision) size() int {
	return len(p.eid) + len(p.articleEID) + len(p.num) + len(p.heading) + len(p.full) + len(p.articleNum) + len(p.articleHeading)
}

// shownProvisions returns what the results shown display of ids, reading
// the ones not yet cached. The article of a provision is one of its own
// version's provisions, as unchanging as it.
func (s *Store) shownProvisions(ctx context.Context, ids []int64) (map[int64]shownProvision, error) {
	out := make(map[int64]shownProvision, len(ids))
	missing := s.shown.lookup(ids, out)
	if len(missing) == 0 {
		return out, nil
	}
	// Padded to a multiple of 25, so that a few prepared statements serve
	// every page size.
	marks, args := idList(missing, (len(missing)+24)/25*25)
	rows, err := s.DB.QueryPrepared(ctx, `SELECT p.id, p.eid, p.article_eid, p.num, p.heading, p.text, COALESCE(a.num, ''), COALESCE(a.heading, '')
		FROM law_provisions p LEFT JOIN law_provisions a ON a.version_id = p.version_id AND a.eid = p.article_eid AND a.id <> p.id
		WHERE p.id IN (`+marks+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	read := make(map[int64]shownProvision, len(missing))
	for rows.Next() {
		var id int64
		var p shownProvision
		var text string
		if err := rows.Scan(&id, &p.eid, &p.articleEID, &p.num, &p.heading, &text, &p.articleNum, &p.articleHeading); err != nil {
			return nil, err
		}
		p.full = strings.Join(nonEmpty(p.num, p.heading, text), " ")
		p.words = textsearch.CountWords(p.full)
		read[id] = p
		out[id] = p
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	s.shown.add(read, shownProvision.size)
	return out, nil
}

// versionCache keeps the current versions that pass each filter, read
// under one content version (audit.ContentVersion): every write of
// instruments, versions and their status moves it, in this process or any
// other sharing the database, and a moved version empties the cache.
type versionCache struct {
	mu       sync.Mutex
	content  int64
	byFilter map[SearchFilter]map[int64]versionFacets
}

// versionCacheFilters bounds the filters kept; more start again empty.
const versionCacheFilters = 256

func (c *versionCache) get(content int64, f SearchFilter) (map[int64]versionFacets, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.content != content {
		return nil, false
	}
	v, ok := c.byFilter[f]
	return v, ok
}

// put keeps versions read under content; the map is shared with later
// searches and never written again.
func (c *versionCache) put(content int64, f SearchFilter, v map[int64]versionFacets) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if content < c.content {
		return // read before a write another search has already seen
	}
	if c.content != content || c.byFilter == nil || len(c.byFilter) >= versionCacheFilters {
		c.content, c.byFilter = content, map[SearchFilter]map[int64]versionFacets{}
	}
	c.byFilter[f] = v
}
