package lawdb

import (
	"context"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/errs"
)

// testUser inserts an active user and returns its id.
func testUser(t *testing.T, d *db.DB, email, lang string) int64 {
	t.Helper()
	var id int64
	if err := d.QueryRow(`INSERT INTO users (email, name, password_hash, role, status, lang, created_at, updated_at)
		VALUES ($1, $1, 'x', 'member', 'active', $2, 0, 0) RETURNING id`, email, lang).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func countEvents(t *testing.T, d *db.DB, where string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRow(`SELECT COUNT(*) FROM law_events WHERE `+where, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

type outboxMail struct{ To, Subject, Body string }

func outbox(t *testing.T, d *db.DB) []outboxMail {
	t.Helper()
	rows, err := d.Query(`SELECT to_addr, subject, body FROM mail_outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []outboxMail
	for rows.Next() {
		var m outboxMail
		rows.Scan(&m.To, &m.Subject, &m.Body)
		out = append(out, m)
	}
	return out
}

// TestImportsRecordEvents checks that the importers record one event per
// instrument (or country) for what they add, and that re-importing the same
// snapshot adds nothing new.
func TestImportsRecordEvents(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := LoadDemoNow(ctx, d, nil); err != nil {
			t.Fatal(err)
		}
		for _, kind := range EventKinds {
			if n := countEvents(t, d, `kind = $1`, kind); n == 0 {
				t.Errorf("no %s event after loading the demo", kind)
			}
		}
		if n := countEvents(t, d, `kind = 'action' AND instrument = 'V-2' AND ',' || countries || ',' LIKE '%,ITA,%'`); n != 1 {
			t.Errorf("V-2 action events naming ITA: %d, want 1", n)
		}
		before := countEvents(t, d, `1 = 1`)
		dir, cleanup, err := unpackDemo("untc-status-snapshot")
		if err != nil {
			t.Fatal(err)
		}
		defer cleanup()
		if _, err := New(d).ImportSnapshot(ctx, dir); err != nil {
			t.Fatal(err)
		}
		if after := countEvents(t, d, `1 = 1`); after != before {
			t.Errorf("re-importing the same snapshot recorded %d events", after-before)
		}
		// a failing import records nothing
		_, err = New(d).ImportActionsCSV(ctx, strings.NewReader("treaty,state,kind,action_date\nV-2,FRA,ratification,1954-06-23\nNOPE,FRA,ratification,1954-06-23\n"), "bad.csv")
		if err == nil {
			t.Fatal("an unknown treaty was imported")
		}
		if after := countEvents(t, d, `1 = 1`); after != before {
			t.Errorf("a failed import left %d events", after-before)
		}
	})
}

// TestFollowAndDigest follows instruments, countries and topics, adds
// changes through the forms' store methods and an import, and checks the
// digest: one mail per follower in their language with exactly their
// events, and nothing sent twice.
func TestFollowAndDigest(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := LoadDemoNow(ctx, d, nil); err != nil {
			t.Fatal(err)
		}
		s := New(d)
		alice := testUser(t, d, "alice@example.org", "fr")
		bob := testUser(t, d, "bob@example.org", "es")
		carol := testUser(t, d, "carol@example.org", "")
		emails := map[int64]string{alice: "alice@example.org", bob: "bob@example.org", carol: "carol@example.org"}
		langs := map[int64]string{alice: "fr", bob: "es"}
		recipients := func(_ context.Context, id int64) (Recipient, error) {
			return Recipient{Email: emails[id], Lang: langs[id], Active: true}, nil
		}
		mustFollow := func(uid int64, kind, target, want string) {
			t.Helper()
			f, err := s.FollowTarget(ctx, uid, kind, target)
			if err != nil {
				t.Fatalf("follow %s %s: %v", kind, target, err)
			}
			if f.Target != want {
				t.Errorf("follow %s %s: target %q, want %q", kind, target, f.Target, want)
			}
		}
		mustFollow(alice, "instrument", "5-5", "V-5") // any identifier, stored as the slug
		mustFollow(alice, "country", "nld", "NLD")
		mustFollow(alice, "country", "NLD", "NLD") // idempotent
		mustFollow(bob, "topic", "refugees-statelessness", "refugees-statelessness")
		mustFollow(carol, "country", "JPN", "JPN")
		for _, bad := range [][2]string{{"instrument", "NOPE-1"}, {"country", "XXX"}, {"topic", "no-such-topic"}, {"planet", "Mars"}} {
			_, err := s.FollowTarget(ctx, alice, bad[0], bad[1])
			if e, ok := errs.As(err); !ok || e.Kind != errs.Invalid {
				t.Errorf("follow %v: %v, want an invalid-input error", bad, err)
			}
		}
		fs, err := s.Follows(ctx, alice)
		if err != nil || len(fs) != 2 {
			t.Fatalf("alice follows %v (%v), want 2", fs, err)
		}

		// Nothing happened since they followed: no mail.
		res, err := s.SendDigests(ctx, "http://corridor.test", recipients)
		if err != nil || res.Mails != 0 {
			t.Fatalf("first digest: %+v %v, want no mail", res, err)
		}

		// A treaty action by the form, one by an import, a policy change.
		if _, err := s.AddAction(ctx, NewAction{Instrument: "V-5", State: "FRA", Kind: "signature", ActionDate: "1967-02-01"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ImportActionsCSV(ctx, strings.NewReader("treaty,state,kind,action_date\nV-2,NLD,territorial-application,1990-01-01\n"), "nld.csv"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddPolicyChange(ctx, PolicyChange{Country: "NLD", Date: "2016-01-01", Area: "integration", TargetGroup: "family", OriginGroup: "all", Restrictiveness: 1, Magnitude: 2, Summary: "Stricter civic integration"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddPolicyChange(ctx, PolicyChange{Country: "DEU", Date: "2016-01-01", Area: "integration", Restrictiveness: -1, Magnitude: 1, Summary: "Not followed"}); err != nil {
			t.Fatal(err)
		}

		res, err = s.SendDigests(ctx, "http://corridor.test", recipients)
		if err != nil {
			t.Fatal(err)
		}
		if res.Mails != 2 || res.Events != 5 {
			t.Errorf("digest: %+v, want 2 mails with 3 + 2 events", res)
		}
		mails := outbox(t, d)
		byTo := map[string]outboxMail{}
		for _, m := range mails {
			byTo[m.To] = m
		}
		if len(mails) != 2 {
			t.Fatalf("outbox has %d mails, want 2: %+v", len(mails), mails)
		}
		a := byTo["alice@example.org"]
		for _, want := range []string{"Actions conventionnelles", "Changements de politique", "V-5", "FRA Signature 1967-02-01",
			"http://corridor.test/law/instruments/V-5/status", "http://corridor.test/law/policy/NLD", "NLD", "Stricter civic integration", "http://corridor.test/law/following"} {
			if !strings.Contains(a.Body, want) {
				t.Errorf("alice's digest lacks %q:\n%s", want, a.Body)
			}
		}
		if strings.Contains(a.Body, "Not followed") {
			t.Errorf("alice's digest has a change she does not follow:\n%s", a.Body)
		}
		if a.Subject != "Corridor\u00a0: 3 changements dans vos suivis" {
			t.Errorf("alice's subject %q", a.Subject)
		}
		b := byTo["bob@example.org"]
		if !strings.Contains(b.Body, "Actos relativos a tratados") || !strings.Contains(b.Body, "FRA Firma 1967-02-01") || !strings.Contains(b.Body, "NLD Aplicación territorial 1990-01-01") || strings.Contains(b.Body, "Stricter") {
			t.Errorf("bob's digest (topic refugees-statelessness):\n%s", b.Body)
		}
		if b.Subject != "Corridor: 2 cambios en lo que sigue" {
			t.Errorf("bob's subject %q", b.Subject)
		}
		if _, ok := byTo["carol@example.org"]; ok {
			t.Error("carol got a digest with nothing she follows")
		}

		// No double send.
		res, err = s.SendDigests(ctx, "http://corridor.test", recipients)
		if err != nil || res.Mails != 0 || len(outbox(t, d)) != 2 {
			t.Errorf("second digest: %+v %v, %d mails in the outbox, want nothing new", res, err, len(outbox(t, d)))
		}
		var logged int
		d.QueryRow(`SELECT COUNT(*) FROM law_digests`).Scan(&logged)
		if logged != 2 {
			t.Errorf("law_digests has %d rows, want 2", logged)
		}
		var audits int
		d.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'law.digest'`).Scan(&audits)
		if audits != 3 {
			t.Errorf("%d law.digest audit entries, want one per run (3)", audits)
		}

		// Feeds: the personal selection, per instrument, per country.
		evs, err := s.FollowedEvents(ctx, fs, 50)
		if err != nil || len(evs) < 3 {
			t.Errorf("alice's feed events: %d (%v)", len(evs), err)
		}
		ce, _ := s.CountryEvents(ctx, "DEU", 50)
		if len(ce) == 0 || !strings.Contains(ce[0].Summary, "Not followed") || ce[0].Kind != "policy" {
			t.Errorf("DEU events: %+v", ce)
		}

		// Unfollow, feed token rotation and revocation.
		if err := s.Unfollow(ctx, alice, "country", "NLD"); err != nil {
			t.Fatal(err)
		}
		if ok, _ := s.IsFollowing(ctx, alice, "country", "NLD"); ok {
			t.Error("still following NLD")
		}
		t1, err := s.NewFeedToken(ctx, alice)
		if err != nil {
			t.Fatal(err)
		}
		t2, _ := s.NewFeedToken(ctx, alice)
		if _, err := s.FeedUser(ctx, t1); err == nil {
			t.Error("the old feed token still works")
		}
		if uid, err := s.FeedUser(ctx, t2); err != nil || uid != alice {
			t.Errorf("feed token: %d %v", uid, err)
		}
		if err := s.RevokeFeedToken(ctx, alice); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FeedUser(ctx, t2); err == nil {
			t.Error("a revoked feed token still works")
		}
	})
}

// TestDigestSchedule checks that the schedule keeps exactly one future run.
func TestDigestSchedule(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := New(d)
		ctx := context.Background()
		for range 2 {
			if err := s.ScheduleDigest(ctx, 24*3600e9); err != nil {
				t.Fatal(err)
			}
		}
		var n int
		var runAt int64
		d.QueryRow(`SELECT COUNT(*), MAX(run_at) FROM jobs WHERE kind = $1`, DigestJob).Scan(&n, &runAt)
		if n != 1 || runAt < db.Now()+23*3600 {
			t.Errorf("%d scheduled digest jobs, next at %d; want 1 a day from now", n, runAt)
		}
		if err := s.ScheduleDigest(ctx, 0); err != nil {
			t.Fatal(err)
		}
	})
}
