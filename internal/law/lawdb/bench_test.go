package lawdb

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sort"
	"sync"
	"testing"
	"time"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/law/lawtext"
	"corridor/internal/testutil"
)

// TestSearchLoad measures import time and search latency (p50/p95) at 1 and
// 50 concurrent clients over at least 10,000 searchable provisions (the
// imported texts replicated as extra instruments). It runs only with
// CORRIDOR_LAW_BENCH=1; see docs/benchmarks.md.
func TestSearchLoad(t *testing.T) {
	if os.Getenv("CORRIDOR_LAW_BENCH") == "" {
		t.Skip("set CORRIDOR_LAW_BENCH=1 to run the law search load test")
	}
	testutil.SharedData(t, "untc-status-snapshot")
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		start := time.Now()
		s := importAll(t, d)
		importTime := time.Since(start)

		// replicate the current versions until 10,000 provisions are searchable
		searchable := func() int {
			var n int
			if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM law_provisions p JOIN law_versions v ON v.id = p.version_id
				WHERE v.valid_from = (SELECT MAX(v2.valid_from) FROM law_versions v2 WHERE v2.instrument_id = v.instrument_id AND v2.language = v.language)`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		base := searchable()
		rows, err := d.QueryContext(ctx, `SELECT v.id, v.language, v.valid_from, i.title FROM law_versions v JOIN law_instruments i ON i.id = v.instrument_id
			WHERE v.valid_from = (SELECT MAX(v2.valid_from) FROM law_versions v2 WHERE v2.instrument_id = v.instrument_id AND v2.language = v.language) ORDER BY v.id`)
		if err != nil {
			t.Fatal(err)
		}
		type cur struct {
			id                int64
			lang, date, title string
		}
		var curs []cur
		for rows.Next() {
			var c cur
			rows.Scan(&c.id, &c.lang, &c.date, &c.title)
			curs = append(curs, c)
		}
		rows.Close()
		repStart := time.Now()
		docs := map[int64]*lawtext.Document{}
		for _, c := range curs {
			if docs[c.id], err = s.Document(ctx, c.id); err != nil {
				t.Fatal(err)
			}
		}
		for copyN := 1; searchable() < 10000; copyN++ {
			err := d.InTx(ctx, func(tx db.Tx) error {
				for _, c := range curs {
					doc := docs[c.id]
					in := &Instrument{Slug: fmt.Sprintf("bench-%d-%d", copyN, c.id), Title: c.title + " (copy)", Level: "national", Type: "act"}
					id, err := upsertInstrument(ctx, tx, in)
					if err != nil {
						return err
					}
					if _, err := saveVersion(ctx, tx, id, doc, c.lang, c.date, "bench", "copy", nil); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if d.Engine == db.Postgres {
			// The copies were written just now; a running database has
			// statistics on its tables (autovacuum), so the planner gets them.
			if _, err := d.ExecContext(ctx, `ANALYZE`); err != nil {
				t.Fatal(err)
			}
		}
		total := searchable()
		t.Logf("engine=%s import(all shared sets)=%s searchable=%d (imported %d, replication %s) GOMAXPROCS=%d",
			d.Engine, importTime.Round(time.Millisecond), total, base, time.Since(repStart).Round(time.Millisecond), runtime.GOMAXPROCS(0))

		queries := []struct{ q, lang string }{
			{"refugee", ""}, {"réfugié", ""}, {"vreemdeling", ""}, {`"status of refugees"`, "en"},
			{"trafficking persons", ""}, {"migr*", ""}, {"werkgever vergunning", ""}, {"trabajador", "es"},
		}
		parsed := make([]*Query, len(queries))
		for i, q := range queries {
			if parsed[i], err = ParseQuery(q.q, q.lang); err != nil {
				t.Fatal(err)
			}
		}
		// The query plan of a search's first step, for the notes.
		explain := `EXPLAIN QUERY PLAN `
		expr := parsed[0].FTS5()
		raw := `SELECT rowid FROM law_fts WHERE law_fts MATCH $1 LIMIT 1001`
		if d.Engine == db.Postgres {
			explain = `EXPLAIN ANALYZE `
			expr = parsed[0].TSQuery()
			raw = `SELECT id FROM law_provisions WHERE is_current = 1 AND tsv @@ to_tsquery('simple', $1) LIMIT 1001`
		}
		plan, err := d.QueryContext(ctx, explain+matchSQL(d.Engine), expr, 0, matchPage)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := plan.Columns()
		for plan.Next() {
			cells := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range cells {
				ptrs[i] = &cells[i]
			}
			plan.Scan(ptrs...)
			t.Logf("plan %s: %v", d.Engine, cells[len(cells)-1])
		}
		plan.Close()

		for k := range parsed {
			e := parsed[k].FTS5()
			if d.Engine == db.Postgres {
				e = parsed[k].TSQuery()
			}
			ids, _ := s.matchingIDs(ctx, e, 0)
			r, _ := s.Search(ctx, parsed[k], SearchFilter{Lang: queries[k].lang}, 50)
			t.Logf("query %q: %d matching provisions (first page), %d candidates ranked", queries[k].q, len(ids), r.Total)
		}
		if os.Getenv("CORRIDOR_LAW_BENCH_STEPS") != "" {
			e := parsed[2].FTS5()
			if d.Engine == db.Postgres {
				e = parsed[2].TSQuery()
			}
			ids, _ := s.matchingIDs(ctx, e, 0)
			for name, step := range map[string]func(){
				"content version":   func() { audit.ContentVersion(ctx, d) },
				"versions, read":    func() { s.readSearchableVersions(ctx, SearchFilter{}) },
				"versions (cached)": func() { s.searchableVersions(ctx, SearchFilter{}) },
				"ids":               func() { s.matchingIDs(ctx, e, 0) },
				"stems (cached)":    func() { s.cachedProvisions(ctx, ids) },
				"shown (cached)":    func() { s.shownProvisions(ctx, ids[:50]) },
				"search":            func() { s.Search(ctx, parsed[2], SearchFilter{}, 50) },
			} {
				t0 := time.Now()
				for range 200 {
					step()
				}
				t.Logf("step %s: %s", name, time.Since(t0)/200)
			}
		}
		// Yardstick: the full-text match alone, its candidate ids read.
		rawSearch := func(k int) error {
			e := parsed[k].FTS5()
			if d.Engine == db.Postgres {
				e = parsed[k].TSQuery()
			}
			rows, err := d.QueryContext(ctx, raw, e)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					return err
				}
			}
			return rows.Err()
		}
		search := func(k int) error {
			_, err := s.Search(ctx, parsed[k], SearchFilter{Lang: queries[k].lang}, 50)
			return err
		}
		for _, run := range []struct {
			name string
			do   func(int) error
		}{{"raw-fts", rawSearch}, {"search", search}} {
			for _, clients := range []int{1, 50} {
				measureSearches(t, d.Engine, run.name, clients, len(parsed), run.do)
			}
		}
	})
}

// measureSearches runs 40 searches on each of clients goroutines, the
// queries in rotation, and logs the latency percentiles and throughput. A
// first unmeasured round of two searches a client opens the connections
// the clients will use (on PostgreSQL a server process each), so that the
// measure is of searches, not of connecting.
func measureSearches(t *testing.T, engine db.Engine, name string, clients, queries int, do func(int) error) {
	const perClient = 40
	var warm sync.WaitGroup
	for c := 0; c < clients; c++ {
		warm.Add(1)
		go func(c int) {
			defer warm.Done()
			for i := 0; i < 2; i++ {
				do((c + i) % queries)
			}
		}(c)
	}
	warm.Wait()
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	wall := time.Now()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; i < perClient; i++ {
				k := (c + i) % queries
				t0 := time.Now()
				if err := do(k); err != nil {
					t.Error(err)
					return
				}
				el := time.Since(t0)
				mu.Lock()
				lat = append(lat, el)
				mu.Unlock()
			}
		}(c)
	}
	wg.Wait()
	el := time.Since(wall)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	p := func(q float64) time.Duration { return lat[int(q*float64(len(lat)-1))].Round(10 * time.Microsecond) }
	t.Logf("engine=%s %s clients=%d searches=%d p50=%s p95=%s max=%s throughput=%.0f/s",
		engine, name, clients, len(lat), p(0.50), p(0.95), lat[len(lat)-1].Round(10*time.Microsecond), float64(len(lat))/el.Seconds())
}
