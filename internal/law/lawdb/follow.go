package lawdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/geo"
	"corridor/internal/i18n"
	"corridor/internal/jobs"
	"corridor/internal/mail"
)

// Follow kinds: what a signed-in user can follow.
var FollowKinds = []string{"instrument", "country", "topic"}

// Event kinds: what is added to the database.
var EventKinds = []string{"version", "action", "statement", "policy"}

// Follow is one thing a user follows: an instrument (its slug), a country
// (ISO alpha-3) or a topic.
type Follow struct {
	Kind   string `json:"kind"`
	Target string `json:"target"`
}

// Matches reports whether an event concerns what f follows.
func (f Follow) Matches(e Event) bool {
	switch f.Kind {
	case "instrument":
		return e.Instrument != "" && strings.EqualFold(e.Instrument, f.Target)
	case "country":
		return contains(e.Countries, f.Target)
	case "topic":
		return contains(e.Topics, f.Target)
	}
	return false
}

// Event is something added to the law database: a version, treaty
// actions, reservations/declarations or policy changes.
type Event struct {
	ID         int64    `json:"id"`
	Kind       string   `json:"kind"`
	Instrument string   `json:"instrument,omitempty"`
	Countries  []string `json:"countries"`
	Topics     []string `json:"topics"`
	Summary    string   `json:"summary"`
	Link       string   `json:"link"`
	CreatedAt  int64    `json:"created_at"`
	// Parts let Text write the summary in the reader's language.
	Parts *SummaryParts `json:"-"`
}

// recordEvent stores an event with q (the write's transaction).
func recordEvent(ctx context.Context, q db.Querier, e Event) error {
	if len(e.Summary) > 4000 {
		e.Summary = e.Summary[:4000]
	}
	_, err := q.ExecContext(ctx, `INSERT INTO law_events (kind, instrument, countries, topics, summary, link, created_at, summary_parts) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		e.Kind, e.Instrument, joinList(e.Countries), joinList(e.Topics), e.Summary, e.Link, db.Now(), partsJSON(e.Parts))
	if err != nil {
		return fmt.Errorf("lawdb: record event: %w", err)
	}
	return nil
}

// instrumentRef returns an instrument's slug and topics.
func instrumentRef(ctx context.Context, q db.Querier, id int64) (string, []string, error) {
	var slug, topics string
	if err := q.QueryRowContext(ctx, `SELECT slug, topics FROM law_instruments WHERE id = $1`, id).Scan(&slug, &topics); err != nil {
		return "", nil, err
	}
	return slug, splitList(topics), nil
}

func instrumentPath(slug string) string { return "/law/instruments/" + pathEscape(slug) }

// pathEscape escapes a path segment (slugs are plain; BWB ids, UNTC numbers).
func pathEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~", r) {
			b.WriteRune(r)
		} else {
			for _, c := range []byte(string(r)) {
				fmt.Fprintf(&b, "%%%02X", c)
			}
		}
	}
	return b.String()
}

// listed joins up to max items and says how many more there are.
func listed(items []string, max int) string {
	if len(items) <= max {
		return strings.Join(items, "; ")
	}
	return strings.Join(items[:max], "; ") + fmt.Sprintf("; … (+%d)", len(items)-max)
}

// actionEvent is the event of treaty actions added to one instrument.
func actionEvent(ctx context.Context, q db.Querier, instrumentID int64, acts []actionKey) error {
	return keysEvent(ctx, q, instrumentID, acts, "action", "treaty action(s)", func(a actionKey) string {
		return a.State + " " + a.Kind + " " + a.Date
	})
}

// statementEvent is the event of reservations/declarations added to one instrument.
func statementEvent(ctx context.Context, q db.Querier, instrumentID int64, sts []actionKey) error {
	return keysEvent(ctx, q, instrumentID, sts, "statement", "reservation(s)/declaration(s)", func(a actionKey) string {
		return strings.TrimSpace(a.State + " " + a.Kind + " " + a.Date)
	})
}

// keysEvent records an event of kind for keys added to one instrument;
// what names them in the summary and item words each one.
func keysEvent(ctx context.Context, q db.Querier, instrumentID int64, keys []actionKey, kind, what string, item func(actionKey) string) error {
	if len(keys) == 0 {
		return nil
	}
	slug, topics, err := instrumentRef(ctx, q, instrumentID)
	if err != nil {
		return err
	}
	var states, items []string
	parts := &SummaryParts{Subject: slug, Count: len(keys)}
	for _, a := range keys {
		states = append(states, a.State)
		items = append(items, item(a))
		parts.Items = append(parts.Items, SummaryItem{State: a.State, Kind: a.Kind, Date: a.Date})
	}
	return recordEvent(ctx, q, Event{Kind: kind, Instrument: slug, Countries: states, Topics: topics,
		Summary: fmt.Sprintf("%s: %d %s: %s", slug, len(keys), what, listed(items, 12)), Link: instrumentPath(slug) + "/status", Parts: parts})
}

// versionEvent is the event of a new language version.
func versionEvent(ctx context.Context, q db.Querier, instrumentID int64, lang, validFrom, title string) error {
	slug, topics, err := instrumentRef(ctx, q, instrumentID)
	if err != nil {
		return err
	}
	var jur string
	q.QueryRowContext(ctx, `SELECT jurisdiction FROM law_instruments WHERE id = $1`, instrumentID).Scan(&jur)
	var countries []string
	if c, ok := geo.ByCode(jur); ok && len(jur) == 3 {
		countries = []string{c.Alpha3}
	}
	return recordEvent(ctx, q, Event{Kind: "version", Instrument: slug, Countries: countries, Topics: topics,
		Summary: fmt.Sprintf("%s: version %s valid from %s: %s", slug, lang, validFrom, strings.TrimSpace(title)),
		Parts:   &SummaryParts{Subject: slug, Count: 1, Lang: lang, ValidFrom: validFrom, Title: strings.TrimSpace(title)},
		Link:    instrumentPath(slug) + "?on=" + validFrom + "&lang=" + lang})
}

// policyEvent is the event of policy changes added for one country.
func policyEvent(ctx context.Context, q db.Querier, country string, ps []PolicyChange, instIDs []any) error {
	if len(ps) == 0 {
		return nil
	}
	var topics, items []string
	inst := ""
	parts := &SummaryParts{Subject: country, Count: len(ps)}
	for i, p := range ps {
		items = append(items, strings.TrimSpace(p.Date+" "+p.Area+" "+signed(p.Restrictiveness)+" "+p.Summary))
		parts.Items = append(parts.Items, SummaryItem{Date: p.Date, Kind: p.Area, Change: signed(p.Restrictiveness), Note: p.Summary})
		if id, ok := instIDs[i].(int64); ok {
			slug, ts, err := instrumentRef(ctx, q, id)
			if err != nil {
				return err
			}
			topics = append(topics, ts...)
			if len(ps) == 1 {
				inst = slug
			}
		}
	}
	return recordEvent(ctx, q, Event{Kind: "policy", Instrument: inst, Countries: []string{country}, Topics: topics,
		Summary: fmt.Sprintf("%s: %d policy change(s): %s", country, len(ps), listed(items, 8)), Link: "/law/policy/" + country, Parts: parts})
}

func signed(n int) string {
	if n > 0 {
		return fmt.Sprintf("+%d", n)
	}
	return fmt.Sprint(n)
}

// actionKey identifies a treaty action or a statement for change detection.
type actionKey struct{ State, Kind, Date, Text string }

// ---------- follows ----------

var topicRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,59}$`)

// normaliseFollow checks a follow and returns its canonical target: an
// instrument's slug, a country's alpha-3 code, a topic some instrument has.
func (s *Store) normaliseFollow(ctx context.Context, kind, target string) (Follow, error) {
	target = strings.TrimSpace(target)
	f := Follow{Kind: kind}
	bad := func(field, msg string) (Follow, error) {
		return f, &errs.Error{Kind: errs.Invalid, Message: msg, Fields: map[string]string{field: msg}}
	}
	switch kind {
	case "instrument":
		id, err := s.FindID(ctx, target)
		if err != nil {
			return bad("target", "law.error.unknown_instrument")
		}
		slug, _, err := instrumentRef(ctx, s.DB, id)
		if err != nil {
			return f, err
		}
		f.Target = slug
	case "country":
		c, ok := geo.ByCode(strings.ToUpper(target))
		if !ok || len(target) != 3 {
			return bad("target", "law.error.unknown_state")
		}
		f.Target = c.Alpha3
	case "topic":
		t := strings.ToLower(target)
		if !topicRe.MatchString(t) {
			return bad("target", "law.error.unknown_topic")
		}
		var n int
		if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM law_instruments WHERE ',' || topics || ',' LIKE $1`, "%,"+t+",%").Scan(&n); err != nil {
			return f, err
		}
		if n == 0 {
			return bad("target", "law.error.unknown_topic")
		}
		f.Target = t
	default:
		return bad("kind", "law.error.unknown_follow")
	}
	return f, nil
}

// FollowTarget makes a user follow an instrument, a country or a topic
// (idempotent). The user's digest starts with the events after now.
func (s *Store) FollowTarget(ctx context.Context, userID int64, kind, target string) (_ Follow, err error) {
	defer wrapErr(&err, "follow %s %s", kind, target)
	f, err := s.normaliseFollow(ctx, kind, target)
	if err != nil {
		return f, err
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO law_follows (user_id, kind, target, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, kind, target) DO NOTHING`,
			userID, f.Kind, f.Target, db.Now()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO law_digest_state (user_id, last_event_id, updated_at)
			VALUES ($1, (SELECT COALESCE(MAX(id), 0) FROM law_events), $2) ON CONFLICT (user_id) DO NOTHING`, userID, db.Now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "law.follow.create", "user", userID, nil, f)
	})
	return f, err
}

// Unfollow removes a follow; an unknown one is not an error.
func (s *Store) Unfollow(ctx context.Context, userID int64, kind, target string) (err error) {
	defer wrapErr(&err, "unfollow %s %s", kind, target)
	f := Follow{Kind: kind, Target: strings.TrimSpace(target)}
	if !contains(FollowKinds, kind) {
		return &errs.Error{Kind: errs.Invalid, Message: "law.error.unknown_follow", Fields: map[string]string{"kind": "law.error.unknown_follow"}}
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM law_follows WHERE user_id = $1 AND kind = $2 AND target = $3`, userID, f.Kind, f.Target); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "law.follow.delete", "user", userID, f, nil)
	})
}

// Follows lists what a user follows, by kind and target.
func (s *Store) Follows(ctx context.Context, userID int64) (_ []Follow, err error) {
	defer wrapErr(&err, "follows of user %d", userID)
	out, err := queryList(ctx, s.DB, func(rows *sql.Rows) (Follow, error) {
		var f Follow
		err := rows.Scan(&f.Kind, &f.Target)
		return f, err
	}, `SELECT kind, target FROM law_follows WHERE user_id = $1 ORDER BY kind, target`, userID)
	if out == nil && err == nil {
		out = []Follow{}
	}
	return out, err
}

// IsFollowing reports whether a user follows kind/target.
func (s *Store) IsFollowing(ctx context.Context, userID int64, kind, target string) (bool, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM law_follows WHERE user_id = $1 AND kind = $2 AND target = $3`, userID, kind, target).Scan(&n)
	return n > 0, err
}

// ---------- feed tokens ----------

// FeedToken returns a user's personal feed token, "" when none.
func (s *Store) FeedToken(ctx context.Context, userID int64) (string, error) {
	var tok string
	err := s.DB.QueryRowContext(ctx, `SELECT token FROM law_feed_tokens WHERE user_id = $1`, userID).Scan(&tok)
	if db.IsNoRows(err) {
		return "", nil
	}
	return tok, err
}

// NewFeedToken gives a user a new secret feed token; the old one stops working.
func (s *Store) NewFeedToken(ctx context.Context, userID int64) (_ string, err error) {
	defer wrapErr(&err, "new feed token of user %d", userID)
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	tok := base64.RawURLEncoding.EncodeToString(b)
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM law_feed_tokens WHERE user_id = $1`, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO law_feed_tokens (user_id, token, created_at) VALUES ($1, $2, $3)`, userID, tok, db.Now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "law.feed_token.create", "user", userID, nil, nil)
	})
	return tok, err
}

// RevokeFeedToken removes a user's feed token.
func (s *Store) RevokeFeedToken(ctx context.Context, userID int64) (err error) {
	defer wrapErr(&err, "revoke feed token of user %d", userID)
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM law_feed_tokens WHERE user_id = $1`, userID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "law.feed_token.revoke", "user", userID, nil, nil)
	})
}

// FeedUser returns the user of a feed token, or a not-found error.
func (s *Store) FeedUser(ctx context.Context, token string) (int64, error) {
	var id int64
	err := s.DB.QueryRowContext(ctx, `SELECT user_id FROM law_feed_tokens WHERE token = $1`, strings.TrimSpace(token)).Scan(&id)
	if db.IsNoRows(err) || token == "" {
		return 0, &errs.Error{Kind: errs.NotFound, Message: "law.error.unknown_feed"}
	}
	return id, err
}

// ---------- events ----------

const eventCols = `id, kind, instrument, countries, topics, summary, link, created_at, summary_parts`

func (s *Store) queryEvents(ctx context.Context, q db.Querier, where string, args ...any) ([]Event, error) {
	return queryList(ctx, q, func(rows *sql.Rows) (Event, error) {
		var e Event
		var cs, ts, parts string
		if err := rows.Scan(&e.ID, &e.Kind, &e.Instrument, &cs, &ts, &e.Summary, &e.Link, &e.CreatedAt, &parts); err != nil {
			return e, err
		}
		e.Parts = parseParts(parts)
		e.Countries, e.Topics = splitList(cs), splitList(ts)
		return e, nil
	}, `SELECT `+eventCols+` FROM law_events WHERE `+where, args...)
}

// InstrumentEvents returns the latest events of an instrument, newest first.
func (s *Store) InstrumentEvents(ctx context.Context, slug string, limit int) ([]Event, error) {
	return s.queryEvents(ctx, s.DB, `instrument = $1 ORDER BY id DESC LIMIT $2`, slug, limit)
}

// CountryEvents returns the latest events about a country, newest first.
func (s *Store) CountryEvents(ctx context.Context, alpha3 string, limit int) ([]Event, error) {
	return s.queryEvents(ctx, s.DB, `',' || countries || ',' LIKE $1 ORDER BY id DESC LIMIT $2`, "%,"+alpha3+",%", limit)
}

// FollowedEvents returns the latest events matching any of fs, newest
// first (among the last 2,000 events).
func (s *Store) FollowedEvents(ctx context.Context, fs []Follow, limit int) ([]Event, error) {
	if len(fs) == 0 {
		return []Event{}, nil
	}
	all, err := s.queryEvents(ctx, s.DB, `1 = 1 ORDER BY id DESC LIMIT 2000`)
	if err != nil {
		return nil, err
	}
	out := []Event{}
	for _, e := range all {
		if matchesAny(fs, e) {
			out = append(out, e)
			if len(out) == limit {
				break
			}
		}
	}
	return out, nil
}

func matchesAny(fs []Follow, e Event) bool {
	for _, f := range fs {
		if f.Matches(e) {
			return true
		}
	}
	return false
}

// ---------- digest ----------

// DigestJob is the job kind that sends the follow digests.
const DigestJob = "law.digest"

// Recipient is who a digest goes to.
type Recipient struct {
	Email, Lang string
	Active      bool
}

// Recipients finds a user's address and language (accounts, passed in by
// internal/app so that the law domain does not read the accounts' storage).
type Recipients func(ctx context.Context, userID int64) (Recipient, error)

// DigestResult counts what a digest run did.
type DigestResult struct {
	Users, Mails, Events int
}

// SendDigests sends every follower one e-mail (through the outbox, in the
// user's language) with the events since their last digest that match what
// they follow, and records how far each digest went, in one transaction
// with its audit entry: a second run sends nothing twice.
func (s *Store) SendDigests(ctx context.Context, baseURL string, recipients Recipients) (_ DigestResult, err error) {
	defer wrapErr(&err, "send digests")
	var res DigestResult
	base := strings.TrimRight(baseURL, "/")
	// Resolve the addresses first: recipients reads outside our transaction
	// (SQLite has a single connection).
	addr := map[int64]Recipient{}
	rows, err := s.DB.QueryContext(ctx, `SELECT DISTINCT user_id FROM law_follows`)
	if err != nil {
		return res, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return res, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		if rc, err := recipients(ctx, id); err == nil {
			addr[id] = rc
		}
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		var maxID int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM law_events`).Scan(&maxID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT f.user_id, f.kind, f.target, COALESCE(d.last_event_id, -1) FROM law_follows f
			LEFT JOIN law_digest_state d ON d.user_id = f.user_id ORDER BY f.user_id, f.kind, f.target`)
		if err != nil {
			return err
		}
		type follower struct {
			id      int64
			last    int64
			follows []Follow
		}
		var users []*follower
		for rows.Next() {
			var uid, last int64
			var f Follow
			if err := rows.Scan(&uid, &f.Kind, &f.Target, &last); err != nil {
				rows.Close()
				return err
			}
			if len(users) == 0 || users[len(users)-1].id != uid {
				users = append(users, &follower{id: uid, last: last})
			}
			u := users[len(users)-1]
			u.follows = append(u.follows, f)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, u := range users {
			if u.last < 0 {
				// no state yet: start from now
				if _, err := tx.ExecContext(ctx, `INSERT INTO law_digest_state (user_id, last_event_id, updated_at) VALUES ($1, $2, $3) ON CONFLICT (user_id) DO NOTHING`, u.id, maxID, db.Now()); err != nil {
					return err
				}
				continue
			}
			if u.last >= maxID {
				continue
			}
			// Move the mark first; a concurrent run that got here before us
			// leaves nothing to update, and we send nothing.
			r, err := tx.ExecContext(ctx, `UPDATE law_digest_state SET last_event_id = $1, updated_at = $2 WHERE user_id = $3 AND last_event_id = $4`, maxID, db.Now(), u.id, u.last)
			if err != nil {
				return err
			}
			if n, _ := r.RowsAffected(); n == 0 {
				continue
			}
			evs, err := s.queryEvents(ctx, tx, `id > $1 AND id <= $2 ORDER BY id`, u.last, maxID)
			if err != nil {
				return err
			}
			var mine []Event
			for _, e := range evs {
				if matchesAny(u.follows, e) {
					mine = append(mine, e)
				}
			}
			if len(mine) == 0 {
				continue
			}
			rc, ok := addr[u.id]
			if !ok || !rc.Active || rc.Email == "" {
				continue
			}
			subject, body := DigestMail(rc.Lang, base, mine)
			oid, err := mail.Enqueue(ctx, tx, rc.Email, subject, body)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO law_digests (user_id, outbox_id, first_event_id, last_event_id, events, sent_at) VALUES ($1, $2, $3, $4, $5, $6)`,
				u.id, oid, mine[0].ID, mine[len(mine)-1].ID, len(mine), db.Now()); err != nil {
				return err
			}
			res.Users++
			res.Mails++
			res.Events += len(mine)
		}
		return audit.Record(ctx, tx, "law.digest", "law_digest", maxID, nil, map[string]any{"mails": res.Mails, "events": res.Events, "up_to_event": maxID})
	})
	return res, err
}

// DigestMail writes the digest e-mail of events in lang.
func DigestMail(lang, base string, evs []Event) (subject, body string) {
	c := i18n.Default
	subject = c.N(lang, "law.digest.subject", len(evs))
	var b strings.Builder
	b.WriteString(c.T(lang, "law.digest.intro"))
	b.WriteString("\n\n")
	for _, e := range evs {
		fmt.Fprintf(&b, "* %s — %s\n  %s\n  %s%s\n\n", c.T(lang, "law.event."+e.Kind), time.Unix(e.CreatedAt, 0).UTC().Format(time.DateOnly), e.Text(lang), base, e.Link)
	}
	b.WriteString(c.T(lang, "law.digest.footer", base+"/law/following"))
	b.WriteString("\n")
	return subject, b.String()
}

type digestPayload struct {
	Scheduled bool `json:"scheduled"`
}

// DigestHandler is the job handler of DigestJob. A scheduled run queues the
// next one every interval (none when every is 0).
func (s *Store) DigestHandler(baseURL string, recipients Recipients, every time.Duration) jobs.Handler {
	return func(ctx context.Context, job *jobs.Job, _ func(int64, int64)) error {
		var p digestPayload
		if err := json.Unmarshal(job.Payload, &p); err != nil {
			return jobs.Permanent{Err: fmt.Errorf("law digest: bad payload: %w", err)}
		}
		if _, err := s.SendDigests(ctx, baseURL, recipients); err != nil {
			return err
		}
		if p.Scheduled {
			return s.ScheduleDigest(ctx, every)
		}
		return nil
	}
}

// ScheduleDigest queues the next scheduled digest run after every, unless
// one is already queued; every <= 0 schedules nothing.
func (s *Store) ScheduleDigest(ctx context.Context, every time.Duration) (err error) {
	defer wrapErr(&err, "schedule digest")
	if every <= 0 {
		return nil
	}
	_, err = jobs.ScheduleOnce(ctx, s.DB, DigestJob, digestPayload{Scheduled: true}, time.Now().Add(every))
	return err
}

// TriggerDigest queues a digest run now (an admin's request), with its
// audit entry.
func (s *Store) TriggerDigest(ctx context.Context) (_ int64, err error) {
	defer wrapErr(&err, "trigger digest")
	var id int64
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		var err error
		if id, err = jobs.Enqueue(ctx, tx, DigestJob, digestPayload{}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "law.digest.trigger", "job", id, nil, nil)
	})
	return id, err
}

// sortedKeys returns the keys of a set in order.
func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
