package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/credentials"
	"corridor/internal/credentials/credweb"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/learning"
	"corridor/internal/web/webtest"
)

// HTTP load on the learning and certificate pages, each beside the home
// page as a yardstick: a real server over loopback, 8 clients at once
// (RunParallel with parallelism 4 on 2 procs), both engines.
//
//	go test -run '^$' -bench HTTPLoad -benchmem ./internal/app
//
// Results are in docs/benchmarks.md.

type loadEnv struct {
	url     string
	app     *App
	member  *accounts.User
	course  int64
	quiz    int64
	code    string
	members []*accounts.User
}

func openLoadEnv(b *testing.B, engine db.Engine) *loadEnv {
	b.Helper()
	ctx := context.Background()
	cfg := Config{Addr: "127.0.0.1:0", DataDir: b.TempDir(), SignupMode: "approval", BlobStore: "dir", LogFormat: "text", MaxBody: 1 << 20, BaseURL: "http://corridor.test"}
	if engine == db.Postgres {
		cfg.DatabaseURL = dbtest.TestDSN(b, db.Postgres)
	}
	a, err := Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	srv := httptest.NewServer(a.Web.Handler())
	b.Cleanup(srv.Close)
	if err := learning.LoadDemo(ctx, a.DB); err != nil {
		b.Fatal(err)
	}
	env := &loadEnv{url: srv.URL, app: a}
	a.DB.QueryRow(`SELECT id FROM learning_courses WHERE lang = 'en' ORDER BY id LIMIT 1`).Scan(&env.course)
	a.DB.QueryRow(`SELECT id FROM learning_quizzes ORDER BY id LIMIT 1`).Scan(&env.quiz)
	// Unlimited attempts, so that every iteration can start one.
	a.DB.Exec(`UPDATE learning_quizzes SET attempts_max = 0`)
	for i := 0; i < 8; i++ {
		u, err := a.Accounts.Create(ctx, accounts.NewUser{Email: fmt.Sprintf("load%d@corridor.test", i), Name: "Load " + fmt.Sprint(i), Password: "password-load-member", Role: accounts.RoleMember}, accounts.StatusActive)
		if err != nil {
			b.Fatal(err)
		}
		if err := a.Learning.Enrol(ctx, env.course, u.ID); err != nil {
			b.Fatal(err)
		}
		env.members = append(env.members, u)
	}
	env.member = env.members[0]
	var family int64
	a.DB.QueryRow(`SELECT family FROM learning_courses WHERE id = $1`, env.course).Scan(&family)
	p, err := a.Credentials.CreateProgramme(ctx, credentials.Programme{Titles: map[string]string{"en": "Certificate in Migration Management", "fr": "Certificat en gestion des migrations"},
		Items: []string{fmt.Sprintf("learning:course:%d", family)}, ValidityMonths: 36}, 0)
	if err != nil {
		b.Fatal(err)
	}
	c, err := a.Credentials.IssueManual(ctx, p.ID, env.member.ID)
	if err != nil {
		b.Fatal(err)
	}
	env.code = c.Code
	return env
}

// parallel runs fn from 8 clients, each signed in as its own member (or
// anonymous when anon).
func (env *loadEnv) parallel(b *testing.B, anon bool, fn func(c *webtest.Client) error) {
	clients := make(chan *webtest.Client, len(env.members))
	for _, u := range env.members {
		if anon {
			clients <- webtest.NewClient(b, env.url)
		} else {
			clients <- webtest.SignedIn(b, env.url, env.app.Accounts, u)
		}
	}
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		c := <-clients
		for pb.Next() {
			if err := fn(c); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func status(resp *http.Response, want int, what string) error {
	if resp.StatusCode != want {
		return fmt.Errorf("%s: %d, want %d", what, resp.StatusCode, want)
	}
	return nil
}

func BenchmarkHTTPLoad(b *testing.B) {
	// Lookups from one address would hit the per-address limit at once;
	// the counter is still taken (a write per lookup), as in production.
	saved := credweb.VerifyPerAddress
	credweb.VerifyPerAddress.Max = 1 << 30
	b.Cleanup(func() { credweb.VerifyPerAddress = saved })
	for _, engine := range dbtest.TestEngines() {
		env := openLoadEnv(b, engine)
		b.Run(string(engine)+"/home-yardstick", func(b *testing.B) {
			env.parallel(b, false, func(c *webtest.Client) error { resp, _ := c.Get("/"); return status(resp, 200, "home") })
		})
		b.Run(string(engine)+"/course-page", func(b *testing.B) {
			path := fmt.Sprintf("/learning/courses/%d", env.course)
			env.parallel(b, false, func(c *webtest.Client) error { resp, _ := c.Get(path); return status(resp, 200, "course") })
		})
		b.Run(string(engine)+"/quiz-start-submit-grade", func(b *testing.B) {
			env.parallel(b, false, func(c *webtest.Client) error {
				resp, body := c.API("POST", fmt.Sprintf("/api/v1/learning/quizzes/%d/attempts", env.quiz), "")
				if err := status(resp, 201, "start"); err != nil {
					return fmt.Errorf("%w: %.200s", err, body)
				}
				var p struct {
					Attempt struct{ ID int64 }
					Items   []struct{ Question struct{ ID int64 } }
				}
				if err := json.Unmarshal([]byte(body), &p); err != nil {
					return err
				}
				// One answer in the submission: the first question, a wrong
				// short answer; the others are graded as unanswered.
				answers := "{}"
				if len(p.Items) > 0 {
					answers = fmt.Sprintf(`{"answers":{"%d":{"text":"wrong"}}}`, p.Items[0].Question.ID)
				}
				resp, body = c.API("POST", fmt.Sprintf("/api/v1/learning/attempts/%d/submit", p.Attempt.ID), answers)
				if resp.StatusCode != 200 && resp.StatusCode != 201 {
					return fmt.Errorf("submit: %d %.200s", resp.StatusCode, body)
				}
				return nil
			})
		})
		b.Run(string(engine)+"/certificate-pdf", func(b *testing.B) {
			c := webtest.SignedIn(b, env.url, env.app.Accounts, env.member)
			path := "/certificates/" + env.code + "/pdf"
			b.SetParallelism(4)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					resp, body := c.Get(path)
					if resp.StatusCode != 200 || !strings.HasPrefix(body, "%PDF-") {
						b.Errorf("pdf: %d", resp.StatusCode)
						return
					}
				}
			})
		})
		b.Run(string(engine)+"/verify-page", func(b *testing.B) {
			env.parallel(b, true, func(c *webtest.Client) error {
				resp, _ := c.Get("/verify/" + env.code)
				return status(resp, 200, "verify")
			})
		})
		b.Run(string(engine)+"/verify-json", func(b *testing.B) {
			env.parallel(b, true, func(c *webtest.Client) error {
				resp, _ := c.Get("/verify/" + env.code + ".json")
				return status(resp, 200, "verify json")
			})
		})
	}
}
