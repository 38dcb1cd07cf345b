// Package audit keeps the append-only log of every write: who, when, what,
// on which object, and the object before and after.
package audit

import (
	"context"
	"encoding/json"
	"fmt"

	"corridor/internal/db"
)

// Actor is who performs a write, carried in the request's context.
type Actor struct {
	ID        int64 // 0 for the system or an anonymous visitor
	Label     string
	IP        string
	RequestID string
}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or the system actor.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return Actor{Label: "system"}
}

// Entry is one audit record.
type Entry struct {
	ID         int64  `json:"id"`
	At         int64  `json:"at"`
	ActorID    int64  `json:"actor_id,omitempty"`
	Actor      string `json:"actor"`
	Action     string `json:"action"`
	ObjectType string `json:"object_type"`
	ObjectID   string `json:"object_id"`
	Before     string `json:"before,omitempty"`
	After      string `json:"after,omitempty"`
	IP         string `json:"ip,omitempty"`
	RequestID  string `json:"request_id,omitempty"`
}

// Record writes an audit entry with q — the write's own transaction, so the
// entry exists exactly when the write does. before and after are marshalled
// to JSON (nil for none).
func Record(ctx context.Context, q db.Querier, action, objectType string, objectID any, before, after any) error {
	a := ActorFrom(ctx)
	b, err := marshal(before)
	if err != nil {
		return err
	}
	af, err := marshal(after)
	if err != nil {
		return err
	}
	var actorID any
	if a.ID != 0 {
		actorID = a.ID
	}
	_, err = q.ExecContext(ctx, `INSERT INTO audit_log (at, actor_id, actor, action, object_type, object_id, before_json, after_json, ip, request_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		db.Now(), actorID, a.Label, action, objectType, fmt.Sprint(objectID), b, af, a.IP, a.RequestID)
	if err != nil {
		return fmt.Errorf("audit: record %s: %w", action, err)
	}
	// Every audited write changes what pages show: the content version
	// moves with the write's commit, so no cached page outlives it.
	if _, err := q.ExecContext(ctx, `UPDATE content_version SET n = n + 1 WHERE id = 1`); err != nil {
		return fmt.Errorf("audit: record %s: content version: %w", action, err)
	}
	return nil
}

// ContentVersion is the number every audited write increases: pages
// computed under one version are current while it holds.
func ContentVersion(ctx context.Context, q db.Querier) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT n FROM content_version WHERE id = 1`).Scan(&n)
	return n, err
}

func marshal(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("audit: %w", err)
	}
	return string(b), nil
}

// Filter selects audit entries. Zero fields do not filter.
type Filter struct {
	ActorID    int64
	Action     string
	ObjectType string
	ObjectID   string
	Since      int64
	Until      int64
	BeforeID   int64 // cursor: entries with a smaller id
	Limit      int
}

// List returns entries newest first.
func List(ctx context.Context, q db.Querier, f Filter) ([]Entry, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	// Each condition is always present and disabled by its zero value, so the
	// SQL text is fixed and every value is a parameter.
	rows, err := q.QueryContext(ctx, `SELECT id, at, COALESCE(actor_id, 0), actor, action, object_type, object_id, before_json, after_json, ip, request_id
		FROM audit_log
		WHERE ($1 = 0 OR actor_id = $1)
		  AND ($2 = '' OR action = $2)
		  AND ($3 = '' OR object_type = $3)
		  AND ($4 = '' OR object_id = $4)
		  AND ($5 = 0 OR at >= $5)
		  AND ($6 = 0 OR at <= $6)
		  AND ($7 = 0 OR id < $7)
		ORDER BY id DESC LIMIT $8`,
		f.ActorID, f.Action, f.ObjectType, f.ObjectID, f.Since, f.Until, f.BeforeID, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.Actor, &e.Action, &e.ObjectType, &e.ObjectID, &e.Before, &e.After, &e.IP, &e.RequestID); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Actions lists the distinct actions recorded (for the filter form).
func Actions(ctx context.Context, q db.Querier) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT action FROM audit_log ORDER BY action`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
