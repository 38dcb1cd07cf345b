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
		for _, clients := range []int{1, 50} {
			const perClient = 40
			var mu sync.Mutex
			var lat []time.Duration
			var wg sync.WaitGroup
			wall := time.Now()
			for c := 0; c < clients; c++ {
				wg.Add(1)
				go func(c int) {
					defer wg.Done()
					for i := 0; i < perClient; i++ {
						k := (c + i) % len(parsed)
						t0 := time.Now()
						if _, err := s.Search(ctx, parsed[k], SearchFilter{Lang: queries[k].lang}, 50); err != nil {
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
			t.Logf("engine=%s clients=%d searches=%d p50=%s p95=%s max=%s throughput=%.0f/s",
				d.Engine, clients, len(lat), p(0.50), p(0.95), lat[len(lat)-1].Round(10*time.Microsecond), float64(len(lat))/el.Seconds())
		}
	})
}
