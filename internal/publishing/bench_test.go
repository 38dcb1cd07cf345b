package publishing

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/publishing/oai"
	"corridor/internal/textsearch"
)

// The benchmarks build a repository of CORRIDOR_PUB_BENCH_N publications
// (default 50,000), each with metadata in three languages and about 1.5 KB
// of extracted PDF text (one in ten embargoed), once per engine, and
// measure a full OAI-PMH harvest and full-text searches beside the raw FTS
// query. See docs/benchmarks.md.

var benchWords = strings.Fields(`migration remittances corridor household labour refugee protection asylum border
	smuggling diaspora return integration statelessness climate mobility displacement policy survey data estimate
	stock flow census employment wages gender children education health housing governance treaty convention`)

func benchText(i, n int) string {
	var b strings.Builder
	for j := 0; j < n; j++ {
		b.WriteString(benchWords[(i*7+j*13+j*j)%len(benchWords)])
		b.WriteByte(' ')
	}
	return b.String()
}

type benchRepo struct {
	s *Service
	d *db.DB
	n int
}

func benchN() int {
	if v, err := strconv.Atoi(os.Getenv("CORRIDOR_PUB_BENCH_N")); err == nil && v > 0 {
		return v
	}
	return 50000
}

// repoFor builds the benchmark repository, in transactions of 1,000
// publications.
func repoFor(b *testing.B, engine db.Engine) *benchRepo {
	var r *benchRepo
	{
		d := dbtest.OpenTest(b, engine)
		s := New(d, nil)
		ctx := context.Background()
		n := benchN()
		start := time.Now()
		for from := 0; from < n; from += 1000 {
			err := d.InTx(ctx, func(tx db.Tx) error {
				for i := from; i < min(from+1000, n); i++ {
					m := Meta{Type: Types[i%len(Types)], Titles: map[string]string{"en": "Study " + strconv.Itoa(i) + " of " + benchText(i, 8), "fr": "Étude " + strconv.Itoa(i), "es": "Estudio " + strconv.Itoa(i)},
						Abstracts: map[string]string{"en": benchText(i+1, 60)}, Authors: []Author{{Family: "Müller", Given: "Anna"}, {Family: "Nguyễn", Given: "Lan"}},
						Date: fmt.Sprintf("%d-%02d-01", 2000+i%25, 1+i%12), Language: "en", Keywords: []string{benchWords[i%len(benchWords)]}, Container: "Journal"}
					id, err := s.insertWork(ctx, tx, &m, 0, 0)
					if err != nil {
						return err
					}
					access, until := Open, ""
					if i%10 == 0 {
						access, until = Embargoed, "2099-01-01"
					}
					if _, err := tx.ExecContext(ctx, `INSERT INTO pub_files (work_id, version_n, name, content_type, size, blob_key, access, embargo_until, text_status, text, created_at)
						VALUES ($1, 1, 'p.pdf', 'application/pdf', 1000, $2, $3, $4, 'done', $5, 0)`, id, fmt.Sprintf("bench/%d", id), string(access), until, benchText(i+2, 200)); err != nil {
						return err
					}
					if err := s.index(ctx, tx, id); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.Logf("%s: built %d publications in %s", engine, n, time.Since(start).Round(time.Second))
		r = &benchRepo{s: s, d: d, n: n}
	}
	return r
}

// BenchmarkRepository builds the repository once per engine, then runs
// the harvest and the searches on it.
func BenchmarkRepository(b *testing.B) {
	for _, e := range dbtest.TestEngines() {
		b.Run(string(e), func(b *testing.B) {
			r := repoFor(b, e)
			b.Run("oai-harvest", func(b *testing.B) { benchHarvest(b, r) })
			benchSearch(b, r)
		})
	}
}

var benchToken = regexp.MustCompile(`<resumptionToken[^>]*>([^<]+)</resumptionToken>`)

// BenchmarkOAIHarvest is a full ListRecords harvest (oai_dc, 100 records
// a page) through the HTTP handler; peak-heap-MB is the largest live heap
// seen between pages.
func benchHarvest(b *testing.B, r *benchRepo) {
	{
		h := oai.Handler(r.s.OAI("https://corridor.example.org", "bench", []string{"a@b.org"}), oai.Options{Key: make([]byte, 32)})
		b.ReportAllocs()
		var peak uint64
		for b.Loop() {
			q := "verb=ListRecords&metadataPrefix=oai_dc"
			records := 0
			for {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/oai?"+q, nil))
				body := rec.Body.String()
				records += strings.Count(body, "<record>")
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
				m := benchToken.FindStringSubmatch(body)
				if m == nil {
					break
				}
				q = "verb=ListRecords&resumptionToken=" + strings.NewReplacer("&amp;", "&", "%", "%25", "+", "%2B", "/", "%2F", "=", "%3D", ":", "%3A").Replace(m[1])
			}
			if records != r.n {
				b.Fatalf("harvested %d of %d", records, r.n)
			}
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	}
}

// BenchmarkSearch is a full-text search over metadata and file text, its
// facets and its first page with snippets, for the public; the yardstick
// is the raw FTS query alone counting its matches.
func benchSearch(b *testing.B, r *benchRepo) {
	{
		ctx := context.Background()
		for _, q := range []string{"statelessness", "\"refugee protection\"", "remit*"} {
			b.Run("service/"+q, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := r.s.Search(ctx, Filter{Q: q}, Public); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		b.Run("browse-newest-page", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := r.s.Search(ctx, Filter{}, Public); err != nil {
					b.Fatal(err)
				}
			}
		})
		// The yardstick: the same parsed query's FTS match alone, counted
		// (the index holds stems: "statelessness" is searched as "stateless").
		for _, q := range []string{"statelessness", "remit*"} {
			pq, err := textsearch.ParseQuery(q, "")
			if err != nil {
				b.Fatal(err)
			}
			query, expr := `SELECT COUNT(*) FROM pub_fts JOIN pub_index x ON x.id = pub_fts.rowid WHERE x.audience = 'public' AND pub_fts MATCH $1`, pq.FTS5()
			if r.d.Engine == db.Postgres {
				query, expr = `SELECT COUNT(*) FROM pub_index WHERE audience = 'public' AND tsv @@ to_tsquery('simple', $1)`, pq.TSQuery()
			}
			b.Run("yardstick-raw-fts/"+q, func(b *testing.B) {
				var n int
				for b.Loop() {
					if err := r.d.QueryRowContext(ctx, query, expr).Scan(&n); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(n), "matches")
			})
		}
	}
}
