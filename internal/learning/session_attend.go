package learning

import (
	"context"
	"fmt"
	"strings"
	"time"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/i18n"
	"corridor/internal/ical"
	"corridor/internal/jobs"
	"corridor/internal/mail"
	"corridor/internal/seats"
)

// RosterEntry is a learner holding or awaiting a seat, as a trainer sees it.
type RosterEntry struct {
	UserID   int64        `json:"user_id"`
	Name     string       `json:"name"`
	Email    string       `json:"email"`
	Status   seats.Status `json:"status"`
	Attended bool         `json:"attended"`
	Marked   bool         `json:"marked"`
}

// Roster lists a session's confirmed, waitlisted and pending learners in
// queue order.
func (s *Service) Roster(ctx context.Context, id int64) (_ []RosterEntry, err error) {
	defer errs.Wrap(&err, "learning: roster of session %d", id)
	rows, err := s.DB.QueryContext(ctx, `SELECT u.id, u.name, u.email, t.status, COALESCE(a.attended, 0), CASE WHEN a.user_id IS NULL THEN 0 ELSE 1 END
		FROM seats t JOIN users u ON u.id = t.user_id
		LEFT JOIN learning_attendance a ON a.session_id = t.scope_id AND a.user_id = t.user_id
		WHERE t.scope = $1 AND t.scope_id = $2 AND t.status IN ('confirmed', 'waitlisted', 'pending')
		ORDER BY CASE t.status WHEN 'confirmed' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, t.pos, t.id`, SeatScope, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []RosterEntry{}
	for rows.Next() {
		var e RosterEntry
		var attended, marked int
		if err := rows.Scan(&e.UserID, &e.Name, &e.Email, &e.Status, &attended, &marked); err != nil {
			return nil, err
		}
		e.Attended, e.Marked = attended == 1, marked == 1
		out = append(out, e)
	}
	return out, rows.Err()
}

// MarkAttendance records whether a confirmed learner attended a session
// that has started. Attending a session that counts for its course may
// complete the course.
func (s *Service) MarkAttendance(ctx context.Context, id, userID int64, attended bool, by int64) (err error) {
	defer errs.Wrap(&err, "learning: attendance in session %d", id)
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		x, err := s.attendable(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.markOne(ctx, tx, x, userID, attended, by)
	})
}

// SaveAttendance records the trainer's whole roster at once: every
// confirmed learner attended when in attended, absent otherwise; all or
// nothing.
func (s *Service) SaveAttendance(ctx context.Context, id int64, attended []int64, by int64) (err error) {
	defer errs.Wrap(&err, "learning: attendance in session %d", id)
	ticked := map[int64]bool{}
	for _, u := range attended {
		ticked[u] = true
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		x, err := s.attendable(ctx, tx, id)
		if err != nil {
			return err
		}
		confirmed, err := seats.List(ctx, tx, SeatScope, id, seats.Confirmed)
		if err != nil {
			return err
		}
		for _, seat := range confirmed {
			if err := s.markOne(ctx, tx, x, seat.UserID, ticked[seat.UserID], by); err != nil {
				return err
			}
			delete(ticked, seat.UserID)
		}
		if len(ticked) > 0 {
			return ErrSessionNotConfirmed
		}
		return nil
	})
}

// attendable reads a session whose attendance may be marked: started and
// not cancelled.
func (s *Service) attendable(ctx context.Context, tx db.Querier, id int64) (Session, error) {
	x, err := s.sessionRow(ctx, tx, id)
	switch {
	case err != nil:
		return Session{}, err
	case x.Cancelled:
		return Session{}, ErrSessionCancelled
	case s.Now().Before(x.Starts):
		return Session{}, ErrSessionNotStarted
	}
	return x, nil
}

func (s *Service) markOne(ctx context.Context, tx db.Tx, x Session, userID int64, attended bool, by int64) error {
	seat, err := seats.Get(ctx, tx, SeatScope, x.ID, userID)
	if err != nil || seat.Status != seats.Confirmed {
		return ErrSessionNotConfirmed
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO learning_attendance (session_id, user_id, attended, marked_by, marked_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (session_id, user_id) DO UPDATE SET attended = $3, marked_by = $4, marked_at = $5`,
		x.ID, userID, boolInt(attended), nullID(by), s.now()); err != nil {
		return err
	}
	if attended && x.CountsForCourse && x.CourseID != 0 {
		var version int64
		err := tx.QueryRowContext(ctx, `SELECT version_id FROM learning_enrolments WHERE course_id = $1 AND user_id = $2`, x.CourseID, userID).Scan(&version)
		if err != nil && !db.IsNoRows(err) {
			return err
		}
		if version != 0 {
			if err := s.updateCompletion(ctx, tx, version, userID); err != nil {
				return err
			}
		}
	}
	return audit.Record(ctx, tx, "learning.session.attendance", "learning_session", x.ID, nil, map[string]any{"user": userID, "attended": attended})
}

// SessionAttendance is a session a learner attended, as the credentials
// domain reads it.
type SessionAttendance struct {
	SessionID int64
	Title     string
	CourseID  int64 // the course's family id; 0 for a standalone session
	Ends      time.Time
}

// AttendedSessions lists the sessions (not cancelled) a learner attended,
// oldest first.
func (s *Service) AttendedSessions(ctx context.Context, userID int64) (_ []SessionAttendance, err error) {
	defer errs.Wrap(&err, "learning: attended sessions of user %d", userID)
	rows, err := s.DB.QueryContext(ctx, `SELECT s.id, s.title, COALESCE(s.course_id, 0), s.ends_at FROM learning_attendance a JOIN learning_sessions s ON s.id = a.session_id
		WHERE a.user_id = $1 AND a.attended = 1 AND s.cancelled_at = 0 ORDER BY s.ends_at, s.id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SessionAttendance
	for rows.Next() {
		var a SessionAttendance
		var ends int64
		if err := rows.Scan(&a.SessionID, &a.Title, &a.CourseID, &ends); err != nil {
			return nil, err
		}
		a.Ends = time.Unix(ends, 0).UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

// sessionAttendance says whether a course family has sessions that count
// for its completion, and whether the learner attended one of them.
func sessionAttendance(ctx context.Context, q db.Querier, family, userID int64) (needed, attended bool, err error) {
	var n, a int
	err = q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM learning_attendance a WHERE a.session_id = s.id AND a.user_id = $2 AND a.attended = 1) THEN 1 ELSE 0 END), 0)
		FROM learning_sessions s WHERE s.course_id = $1 AND s.counts = 1 AND s.cancelled_at = 0`, family, userID).Scan(&n, &a)
	return n > 0, a > 0, err
}

// mailSeats e-mails every learner whose seat has one of the statuses.
func (s *Service) mailSeats(ctx context.Context, q db.Querier, x Session, kind string, statuses ...seats.Status) error {
	all, err := seats.List(ctx, q, SeatScope, x.ID, statuses...)
	if err != nil {
		return err
	}
	for _, seat := range all {
		if err := s.mailLearner(ctx, q, x, seat.UserID, kind); err != nil {
			return err
		}
	}
	return nil
}

// mailLearner queues one session e-mail (promoted, changed, cancelled,
// reminder, confirmed, waitlisted, rejected) in the learner's language,
// with the session's time in its own zone.
func (s *Service) mailLearner(ctx context.Context, q db.Querier, x Session, userID int64, kind string) error {
	var email, lang, status string
	if err := q.QueryRowContext(ctx, `SELECT email, lang, status FROM users WHERE id = $1`, userID).Scan(&email, &lang, &status); err != nil {
		return fmt.Errorf("mail user %d: %w", userID, err)
	}
	if status == "disabled" {
		return nil
	}
	if !i18n.Supported(lang) {
		lang = "en"
	}
	c := i18n.Default
	loc := x.Location()
	when := fmt.Sprintf("%s, %s–%s (%s)", i18n.LongDate(lang, x.Starts.In(loc)), x.Starts.In(loc).Format("15:04"), x.Ends.In(loc).Format("15:04"), x.TZ)
	place := x.Venue
	if x.Address != "" {
		place += ", " + x.Address
	}
	if x.Online {
		place = c.T(lang, "learning.session.online")
	}
	link := fmt.Sprintf("%s/training/sessions/%d", s.BaseURL, x.ID)
	subject := c.T(lang, "learning.mail.session_"+kind+".subject", x.Title)
	body := c.T(lang, "learning.mail.session_"+kind+".body", x.Title, when, place, link)
	_, err := mail.Enqueue(ctx, q, email, subject, body)
	return err
}

// SessionReminderJob is the periodic job that reminds confirmed learners
// of a session the day before.
const SessionReminderJob = "learning.session_reminders"

// ReminderLead is how long before a session its learners are reminded.
const ReminderLead = 24 * time.Hour

// SendReminders reminds the confirmed learners of every session starting
// within ReminderLead, once per session (marked in the transaction that
// queues the e-mails, so two runners never both send).
func (s *Service) SendReminders(ctx context.Context) (n int, err error) {
	defer errs.Wrap(&err, "learning: session reminders")
	now := s.now()
	ids, err := db.QueryIDs(ctx, s.DB, `SELECT id FROM learning_sessions WHERE cancelled_at = 0 AND reminded_at = 0 AND starts_at > $1 AND starts_at <= $2 ORDER BY starts_at LIMIT 500`,
		now, now+int64(ReminderLead/time.Second))
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		err := s.DB.InTx(ctx, func(tx db.Tx) error {
			res, err := tx.ExecContext(ctx, `UPDATE learning_sessions SET reminded_at = $1 WHERE id = $2 AND reminded_at = 0`, now, id)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k != 1 {
				return nil
			}
			x, err := s.sessionRow(ctx, tx, id)
			if err != nil {
				return err
			}
			n++
			return s.mailSeats(ctx, tx, x, "reminder", seats.Confirmed)
		})
		if err != nil {
			return n, fmt.Errorf("session %d: %w", id, err)
		}
	}
	return n, nil
}

// ReminderHandler runs SendReminders and queues the next run every.
func (s *Service) ReminderHandler(every time.Duration) jobs.Handler {
	return func(ctx context.Context, _ *jobs.Job, _ func(int64, int64)) error {
		_, err := s.SendReminders(ctx)
		if _, serr := s.ScheduleReminders(ctx, every); serr != nil && err == nil {
			err = serr
		}
		return err
	}
}

// ScheduleReminders queues the next reminder run, unless one is queued.
func (s *Service) ScheduleReminders(ctx context.Context, every time.Duration) (bool, error) {
	return jobs.ScheduleOnce(ctx, s.DB, SessionReminderJob, struct{}{}, s.Now().Add(every))
}

// SessionCalendar is the session as an iCalendar event, in its own time
// zone. withLink puts the video link in the description (confirmed
// learners and trainers only).
func (s *Service) SessionCalendar(x Session, withLink bool, host string) ical.Calendar {
	loc := x.Location()
	page := fmt.Sprintf("%s/training/sessions/%d", s.BaseURL, x.ID)
	desc := x.Description
	where := x.Venue
	if x.Address != "" {
		where += ", " + x.Address
	}
	if x.Online {
		where = "Online"
		if withLink {
			where = x.OnlineURL
			desc = strings.TrimSpace(desc + "\n\n" + x.OnlineURL)
		}
	}
	status := "CONFIRMED"
	if x.Cancelled {
		status = "CANCELLED"
	}
	return ical.Calendar{ProdID: "-//Corridor//Training sessions//EN", Name: x.Title, Events: []ical.Event{{
		UID: fmt.Sprintf("training-session-%d@%s", x.ID, host), Stamp: x.Updated, Sequence: x.Sequence,
		Summary: x.Title, Status: status, Description: desc, Location: where, URL: page,
		Start: x.Starts, End: x.Ends, TZ: loc,
	}}}
}
