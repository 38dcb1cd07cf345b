package links

import (
	"context"
	"database/sql"
	"errors"

	"corridor/internal/db"
)

// Link is one stored link.
type Link struct {
	ID       int64  `json:"id"`
	From     Key    `json:"from"`
	To       Key    `json:"to"`
	Relation string `json:"relation"`
	Qualifiers
	Source    string `json:"source"`
	CreatedBy int64  `json:"created_by,omitempty"`
	CreatedAt int64  `json:"created_at"`
}

// Qualifiers narrow a link, as a Wikidata statement's do.
type Qualifiers struct {
	// Article is the part of the target meant (an eId such as art_33).
	Article string `json:"article,omitempty"`
	// Years is when the link holds: "1954" or "1954-1990".
	Years string `json:"years,omitempty"`
	Note  string `json:"note,omitempty"`
}

// Where a link came from. Derived links are computed when read, never
// stored.
const (
	SourceEditor  = "editor"
	SourceImport  = "import"
	SourceDerived = "derived"
)

const linkCols = `id, from_key, to_key, relation, article, years, note, source, COALESCE(created_by, 0), created_at`

func scanLink(row interface{ Scan(...any) error }) (Link, error) {
	var l Link
	var from, to string
	if err := row.Scan(&l.ID, &from, &to, &l.Relation, &l.Article, &l.Years, &l.Note, &l.Source, &l.CreatedBy, &l.CreatedAt); err != nil {
		return Link{}, err
	}
	var err error
	if l.From, err = ParseKey(from); err != nil {
		return Link{}, err
	}
	if l.To, err = ParseKey(to); err != nil {
		return Link{}, err
	}
	return l, nil
}

// Insert stores a checked link in q (a domain's own transaction, when it
// adds links beside its writes) and returns it with its id. Use
// Service.Check first; Insert only stores.
func Insert(ctx context.Context, q db.Querier, l Link) (Link, error) {
	var createdBy any
	if l.CreatedBy != 0 {
		createdBy = l.CreatedBy
	}
	l.CreatedAt = db.Now()
	err := q.QueryRowContext(ctx, `INSERT INTO links (from_key, to_key, relation, article, years, note, source, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		l.From.String(), l.To.String(), l.Relation, l.Article, l.Years, l.Note, l.Source, createdBy, l.CreatedAt).Scan(&l.ID)
	if err != nil {
		if db.IsUniqueViolation(err) {
			return Link{}, errDuplicate
		}
		return Link{}, err
	}
	return l, nil
}

// Get reads one stored link; nil when there is none.
func Get(ctx context.Context, q db.Querier, id int64) (*Link, error) {
	l, err := scanLink(q.QueryRowContext(ctx, `SELECT `+linkCols+` FROM links WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &l, nil
}

// Remove deletes a stored link by id and reports whether it was there.
func Remove(ctx context.Context, q db.Querier, id int64) (bool, error) {
	res, err := q.ExecContext(ctx, `DELETE FROM links WHERE id = $1`, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// RemoveAll deletes every stored link from or to a key (a thing being
// deleted), in the deleting domain's transaction, and says how many.
func RemoveAll(ctx context.Context, q db.Querier, k Key) (int64, error) {
	res, err := q.ExecContext(ctx, `DELETE FROM links WHERE from_key = $1 OR to_key = $1`, k.String())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Direction says which end of its links a key is.
type Direction string

const (
	// DirFrom: the links a thing makes (its key is their source).
	DirFrom Direction = "from"
	// DirTo: the links made to a thing (its key is their target).
	DirTo Direction = "to"
)

// list reads the stored links from or to key, optionally of one
// relation, with ids above after, oldest first, at most limit.
func list(ctx context.Context, q db.Querier, dir Direction, key Key, relation string, after int64, limit int) ([]Link, error) {
	col := "to_key"
	if dir == DirFrom {
		col = "from_key"
	}
	query := `SELECT ` + linkCols + ` FROM links WHERE ` + col + ` = $1 AND id > $2`
	args := []any{key.String(), after}
	if relation != "" {
		query += ` AND relation = $3`
		args = append(args, relation)
	}
	query += ` ORDER BY id LIMIT ` + itoa(limit)
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Link
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
