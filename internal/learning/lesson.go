package learning

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"corridor/internal/accounts"
	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/links"
)

// CourseKey and LessonKey are the links keys of a course (its family: the
// same course in every language) and a lesson.
func CourseKey(family int64) links.Key {
	return links.Key{Domain: "learning", Kind: "course", ID: strconv.FormatInt(family, 10)}
}

// LessonKey is the links key of a lesson.
func LessonKey(id int64) links.Key {
	return links.Key{Domain: "learning", Kind: "lesson", ID: strconv.FormatInt(id, 10)}
}

// MaxLessonLinks bounds the typed links a lesson makes.
const MaxLessonLinks = 50

// LessonInput is a lesson a trainer writes: its text and the things it
// teaches (links keys such as law:instrument:V-2#art_33,
// data:corridor:MEX-USA), one per line.
type LessonInput struct {
	Title string
	Body  string
	Links string
}

// checkLinks checks the keys a lesson teaches for reader r, as links from
// the lesson's course (which exists already), and returns them checked.
func (s *Service) checkLinks(ctx context.Context, courseFamily int64, keys string, r links.Reader) ([]links.Link, error) {
	if s.Links == nil {
		return nil, nil
	}
	var out []links.Link
	for i, line := range strings.Split(keys, "\n") {
		key := strings.TrimSpace(line)
		if key == "" {
			continue
		}
		if len(out) >= MaxLessonLinks {
			return nil, errs.Fields{"links": "learning.error.too_many_links"}.Err()
		}
		l, err := s.Links.Check(ctx, links.NewLink{From: CourseKey(courseFamily).String(), To: key, Relation: links.Teaches}, r)
		if err != nil {
			if e, ok := errs.As(err); ok && e.Kind == errs.Invalid {
				return nil, &errs.Error{Kind: errs.Invalid, Message: fmt.Sprintf("line %d: %s", i+1, key), Fields: map[string]string{"links": e.Fields["to"]}, Err: err}
			}
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

func checkLesson(in LessonInput) error {
	bad := errs.Fields{}
	if t := strings.TrimSpace(in.Title); t == "" {
		bad.Add("title", "learning.error.required")
	} else if utf8.RuneCountInString(t) > MaxTitle {
		bad.Add("title", "learning.error.too_long")
	}
	if len(in.Body) > MaxLessonBody {
		bad.Add("body", "learning.error.too_long")
	}
	return bad.Err()
}

// AddLesson appends a lesson to a module with the links it teaches, in
// one transaction.
func (s *Service) AddLesson(ctx context.Context, moduleID int64, in LessonInput, r links.Reader) (_ Lesson, err error) {
	defer errs.Wrap(&err, "learning: add lesson")
	if err := checkLesson(in); err != nil {
		return Lesson{}, err
	}
	courseID, err := s.CourseOfModule(ctx, moduleID)
	if err != nil {
		return Lesson{}, err
	}
	c, err := s.courseRow(ctx, s.DB, courseID)
	if err != nil {
		return Lesson{}, err
	}
	checked, err := s.checkLinks(ctx, c.Family, in.Links, r)
	if err != nil {
		return Lesson{}, err
	}
	l := Lesson{ModuleID: moduleID, Title: strings.TrimSpace(in.Title), Body: in.Body}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM learning_lessons WHERE module_id = $1`, moduleID).Scan(&l.Position); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO learning_lessons (module_id, position, title, body) VALUES ($1, $2, $3, $4) RETURNING id`,
			moduleID, l.Position, l.Title, l.Body).Scan(&l.ID); err != nil {
			return err
		}
		if err := insertLessonLinks(ctx, tx, l.ID, checked); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "learning.lesson.create", "learning_lesson", l.ID, nil, l)
	})
	return l, err
}

// UpdateLesson replaces a lesson's title, text and links.
func (s *Service) UpdateLesson(ctx context.Context, id int64, in LessonInput, r links.Reader) (err error) {
	defer errs.Wrap(&err, "learning: update lesson %d", id)
	if err := checkLesson(in); err != nil {
		return err
	}
	before, courseID, err := s.Lesson(ctx, id)
	if err != nil {
		return err
	}
	c, err := s.courseRow(ctx, s.DB, courseID)
	if err != nil {
		return err
	}
	checked, err := s.checkLinks(ctx, c.Family, in.Links, r)
	if err != nil {
		return err
	}
	after := Lesson{ID: id, ModuleID: before.ModuleID, Position: before.Position, Title: strings.TrimSpace(in.Title), Body: in.Body}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE learning_lessons SET title = $2, body = $3 WHERE id = $1`, id, after.Title, after.Body); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM links WHERE from_key = $1 AND relation = $2`, LessonKey(id).String(), links.Teaches); err != nil {
			return err
		}
		if err := insertLessonLinks(ctx, tx, id, checked); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "learning.lesson.update", "learning_lesson", id, before, after)
	})
}

func insertLessonLinks(ctx context.Context, tx db.Tx, lessonID int64, checked []links.Link) error {
	seen := map[string]bool{}
	for _, l := range checked {
		if seen[l.To.String()] {
			continue
		}
		seen[l.To.String()] = true
		l.From = LessonKey(lessonID)
		if _, err := links.Insert(ctx, tx, l); err != nil {
			return err
		}
	}
	return nil
}

// Lesson reads a lesson and the id of its course.
func (s *Service) Lesson(ctx context.Context, id int64) (Lesson, int64, error) {
	var l Lesson
	var courseID int64
	err := s.DB.QueryRowContext(ctx, `SELECT l.id, l.module_id, l.position, l.title, l.body, m.course_id FROM learning_lessons l JOIN learning_modules m ON m.id = l.module_id WHERE l.id = $1`, id).
		Scan(&l.ID, &l.ModuleID, &l.Position, &l.Title, &l.Body, &courseID)
	if errors.Is(err, sql.ErrNoRows) {
		return Lesson{}, 0, ErrNotFound
	}
	return l, courseID, err
}

// LessonLinks are the keys a lesson teaches, one per line, as a form
// shows them.
func (s *Service) LessonLinks(ctx context.Context, id int64) (string, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT to_key FROM links WHERE from_key = $1 AND relation = $2 ORDER BY id`, LessonKey(id).String(), links.Teaches)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return "", err
		}
		keys = append(keys, k)
	}
	return strings.Join(keys, "\n"), rows.Err()
}

// RegisterLinks tells the links service about courses and lessons, so that
// a law article's, a corridor's or a publication's page lists the courses
// that teach it. Unpublished courses are seen by trainers only.
func (s *Service) RegisterLinks(reg *links.Service) error {
	visible := func(c Course, r links.Reader) bool {
		return c.Published || accounts.Can(r.Role, accounts.PermTeach)
	}
	err := reg.Register(links.Kind{Domain: "learning", Name: "course", Edit: accounts.PermTeach, Resolve: func(ctx context.Context, k links.Key, r links.Reader) (*links.Thing, error) {
		id, err := strconv.ParseInt(k.ID, 10, 64)
		if err != nil {
			return nil, nil
		}
		c, err := s.courseRow(ctx, s.DB, id)
		if errors.Is(err, ErrNotFound) || (err == nil && !visible(c, r)) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return &links.Thing{Key: CourseKey(c.Family), Title: c.Title, URL: fmt.Sprintf("/learning/courses/%d", c.Family)}, nil
	}})
	if err != nil {
		return err
	}
	return reg.Register(links.Kind{Domain: "learning", Name: "lesson", Edit: accounts.PermTeach, Resolve: func(ctx context.Context, k links.Key, r links.Reader) (*links.Thing, error) {
		id, err := strconv.ParseInt(k.ID, 10, 64)
		if err != nil {
			return nil, nil
		}
		l, courseID, err := s.Lesson(ctx, id)
		if errors.Is(err, ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		c, err := s.courseRow(ctx, s.DB, courseID)
		if err != nil || !visible(c, r) {
			return nil, err
		}
		return &links.Thing{Key: LessonKey(id), Title: c.Title + ": " + l.Title, URL: fmt.Sprintf("/learning/lessons/%d", id)}, nil
	}})
}
