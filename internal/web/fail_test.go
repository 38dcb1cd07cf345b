package web

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

// A handler that fails after its answer has begun (a reader who closed
// the connection mid download) leaves that answer as it was: no error
// page glued to the half-sent body, no second status, and a warning in
// the log rather than an internal error.
func TestFailureAfterTheAnswerBegan(t *testing.T) {
	srv, err := New(Config{BaseURL: "http://corridor.test"}, dbtest.OpenTest(t, db.SQLite), nil, nil, nil, "test")
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	srv.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	srv.AddRoutes(Route{Method: "GET", Pattern: "/cut", Perm: accounts.PermPublic, Handler: func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "first part")
		return errors.New("write: broken pipe")
	}})
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/cut", nil))
	if rec.Code != 200 || rec.Body.String() != "first part" {
		t.Errorf("answer %d %q, want the half-sent 200 alone", rec.Code, rec.Body.String())
	}
	if l := logs.String(); !strings.Contains(l, "response cut short") || strings.Contains(l, "internal error") {
		t.Errorf("log: %s", l)
	}
}
