package mail

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/smtp"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/jobs"
)

func TestOutboxIsSentByJobWithRetries(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		logger := slog.New(slog.NewTextHandler(io.Discard, nil))
		if err := d.InTx(ctx, func(tx db.Tx) error {
			_, err := Enqueue(ctx, tx, "ana@example.org", "Welcome", "Hello Ana")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		sender := NewSender(d, SMTPConfig{Addr: "127.0.0.1:2525", From: "corridor@example.org"}, logger)
		calls := 0
		var sent string
		sender.send = func(addr string, a smtp.Auth, from string, to []string, msg []byte) error {
			calls++
			if calls == 1 {
				return errors.New("421 try later")
			}
			sent = string(msg)
			return nil
		}
		runner := jobs.NewRunner(d, logger)
		runner.Handle(JobKind, sender.Handle)
		if ran, err := runner.RunOne(ctx); !ran || err != nil {
			t.Fatalf("first run: ran=%v err=%v", ran, err)
		}
		msgs, _ := List(ctx, d, 0, 10)
		if msgs[0].Status != "queued" || msgs[0].LastError != "421 try later" {
			t.Fatalf("after a failed send: %+v", msgs[0])
		}
		// The retry is scheduled in the future; make it due.
		d.Exec(`UPDATE jobs SET run_at = 0`)
		if ran, err := runner.RunOne(ctx); !ran || err != nil {
			t.Fatalf("retry: ran=%v err=%v", ran, err)
		}
		msgs, _ = List(ctx, d, 0, 10)
		if msgs[0].Status != "sent" || !strings.Contains(sent, "Subject: Welcome") || !strings.Contains(sent, "Hello Ana") {
			t.Fatalf("after retry: %+v, sent %q", msgs[0], sent)
		}
		// The job is done; running again finds nothing and sends nothing.
		if ran, _ := runner.RunOne(ctx); ran {
			t.Fatal("a done job ran again")
		}
		if calls != 2 {
			t.Fatalf("SMTP called %d times, want 2", calls)
		}
	})
}

func TestHeaderInjectionRefused(t *testing.T) {
	d := dbtest.OpenTest(t, db.SQLite)
	if _, err := Enqueue(context.Background(), d, "a@example.org\r\nBcc: x@example.org", "s", "b"); err == nil {
		t.Fatal("recipient with CRLF accepted")
	}
}
