// Package mail is Corridor's outgoing mail: messages are written to an
// outbox table in the caller's transaction and sent by a background job,
// with retries. Without an SMTP server the messages are logged instead and
// stay visible to admins.
package mail

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/smtp"
	"strings"
	"time"

	"corridor/internal/db"
	"corridor/internal/jobs"
)

// JobKind is the job that sends one outbox message.
const JobKind = "mail.send"

// Message is one outgoing e-mail.
type Message struct {
	ID        int64  `json:"id"`
	To        string `json:"to"`
	Subject   string `json:"subject"`
	Body      string `json:"body"`
	Status    string `json:"status"`
	Attempts  int    `json:"attempts"`
	LastError string `json:"last_error,omitempty"`
	CreatedAt int64  `json:"created_at"`
	SentAt    int64  `json:"sent_at,omitempty"`
}

// Enqueue writes a message to the outbox and queues its sending, both with
// q (the caller's transaction).
func Enqueue(ctx context.Context, q db.Querier, to, subject, body string) (int64, error) {
	if strings.ContainsAny(to+subject, "\r\n") {
		return 0, fmt.Errorf("mail: header injection in recipient or subject")
	}
	var id int64
	if err := q.QueryRowContext(ctx, `INSERT INTO mail_outbox (to_addr, subject, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		to, subject, body, db.Now()).Scan(&id); err != nil {
		return 0, fmt.Errorf("mail: enqueue: %w", err)
	}
	if _, err := jobs.Enqueue(ctx, q, JobKind, map[string]int64{"outbox_id": id}); err != nil {
		return 0, err
	}
	return id, nil
}

// SMTPConfig configures the SMTP sender; an empty Addr means "log only".
type SMTPConfig struct {
	Addr     string // host:port
	Username string
	Password string
	From     string
}

// Sender delivers outbox messages.
type Sender struct {
	DB     *db.DB
	SMTP   SMTPConfig
	Logger *slog.Logger
	// send is smtp.SendMail; tests replace it.
	send func(addr string, a smtp.Auth, from string, to []string, msg []byte) error
}

// NewSender returns a sender.
func NewSender(d *db.DB, cfg SMTPConfig, logger *slog.Logger) *Sender {
	return &Sender{DB: d, SMTP: cfg, Logger: logger, send: smtp.SendMail}
}

// Handle is the job handler for JobKind.
func (s *Sender) Handle(ctx context.Context, job *jobs.Job, _ func(int64, int64)) error {
	var p struct {
		OutboxID int64 `json:"outbox_id"`
	}
	if err := json.Unmarshal(job.Payload, &p); err != nil {
		return jobs.Permanent{Err: fmt.Errorf("mail: bad payload: %w", err)}
	}
	var m Message
	err := s.DB.QueryRowContext(ctx, `SELECT id, to_addr, subject, body, status FROM mail_outbox WHERE id = $1`, p.OutboxID).
		Scan(&m.ID, &m.To, &m.Subject, &m.Body, &m.Status)
	if err != nil {
		return jobs.Permanent{Err: fmt.Errorf("mail: outbox %d: %w", p.OutboxID, err)}
	}
	if m.Status == "sent" || m.Status == "logged" {
		return nil // a retried job must not send twice
	}
	status := "logged"
	var sendErr error
	if s.SMTP.Addr == "" {
		s.Logger.Info("mail (no SMTP configured, logged only)", "to", m.To, "subject", m.Subject, "body", m.Body)
	} else {
		status = "sent"
		sendErr = s.deliver(m)
	}
	if sendErr != nil {
		s.DB.ExecContext(ctx, `UPDATE mail_outbox SET attempts = attempts + 1, last_error = $1, status = CASE WHEN attempts + 1 >= $2 THEN 'failed' ELSE status END WHERE id = $3`,
			sendErr.Error(), job.MaxAttempts, m.ID)
		return sendErr
	}
	_, err = s.DB.ExecContext(ctx, `UPDATE mail_outbox SET status = $1, attempts = attempts + 1, last_error = '', sent_at = $2 WHERE id = $3`, status, db.Now(), m.ID)
	return err
}

func (s *Sender) deliver(m Message) error {
	host, _, _ := strings.Cut(s.SMTP.Addr, ":")
	var auth smtp.Auth
	if s.SMTP.Username != "" {
		auth = smtp.PlainAuth("", s.SMTP.Username, s.SMTP.Password, host)
	}
	msg := fmt.Sprintf("From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s",
		s.SMTP.From, m.To, m.Subject, time.Now().Format(time.RFC1123Z), strings.ReplaceAll(m.Body, "\n", "\r\n"))
	return s.send(s.SMTP.Addr, auth, s.SMTP.From, []string{m.To}, []byte(msg))
}

// List returns outbox messages newest first, before the id cursor.
func List(ctx context.Context, q db.Querier, beforeID int64, limit int) ([]Message, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	rows, err := q.QueryContext(ctx, `SELECT id, to_addr, subject, body, status, attempts, last_error, created_at, COALESCE(sent_at, 0)
		FROM mail_outbox WHERE ($1 = 0 OR id < $1) ORDER BY id DESC LIMIT $2`, beforeID, limit)
	if err != nil {
		return nil, fmt.Errorf("mail: list: %w", err)
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		var m Message
		if err := rows.Scan(&m.ID, &m.To, &m.Subject, &m.Body, &m.Status, &m.Attempts, &m.LastError, &m.CreatedAt, &m.SentAt); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
