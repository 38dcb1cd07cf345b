package learning

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/links"
)

// Service is the learning domain's store and rules.
type Service struct {
	DB *db.DB
	// Now is the server's clock: quiz time limits are measured with it,
	// never with the client's.
	Now func() time.Time
	// Links checks and stores the typed links lessons make; nil stores
	// none.
	Links *links.Service
	// BaseURL starts the links in session e-mails and calendars.
	BaseURL string
}

// New returns the learning service on d, with lk for lessons' links.
func New(d *db.DB, lk *links.Service) *Service {
	return &Service{DB: d, Links: lk, Now: func() time.Time { return time.Now().UTC() }}
}

func (s *Service) now() int64 { return s.Now().Unix() }

// Languages a course may be written in.
var Languages = []string{"en", "fr", "es"}

// Pacing of a course.
const (
	SelfPaced = "self"
	Cohort    = "cohort"
)

// Course is one language version of a course.
type Course struct {
	ID      int64  `json:"id"`
	Family  int64  `json:"family"`
	Lang    string `json:"lang"`
	Slug    string `json:"slug"`
	Title   string `json:"title"`
	Summary string `json:"summary"`
	Pacing  string `json:"pacing"`
	// OpensAt and ClosesAt bound a cohort (unix seconds, 0: none).
	OpensAt  int64 `json:"opens_at,omitempty"`
	ClosesAt int64 `json:"closes_at,omitempty"`
	// CompleteN is how many modules complete the course; 0 means all.
	CompleteN int      `json:"complete_n"`
	Published bool     `json:"published"`
	Sample    bool     `json:"sample"`
	Modules   []Module `json:"modules,omitempty"`
	// Langs are the languages the course exists in.
	Langs []string `json:"langs,omitempty"`
}

// Module is a part of a course: lessons, then quizzes.
type Module struct {
	ID       int64    `json:"id"`
	CourseID int64    `json:"course_id"`
	Position int      `json:"position"`
	Title    string   `json:"title"`
	Lessons  []Lesson `json:"lessons"`
	Quizzes  []Quiz   `json:"quizzes"`
}

// Lesson is a page of a module, in Markdown.
type Lesson struct {
	ID       int64  `json:"id"`
	ModuleID int64  `json:"module_id"`
	Position int    `json:"position"`
	Title    string `json:"title"`
	Body     string `json:"body"`
}

// Review options: when a learner sees right answers and feedback.
const (
	ReviewImmediately = "immediately"
	ReviewAfterClose  = "after_close"
	ReviewNever       = "never"
)

// Quiz is a module's test, drawn from the question bank.
type Quiz struct {
	ID       int64  `json:"id"`
	ModuleID int64  `json:"module_id"`
	Title    string `json:"title"`
	// AttemptsMax is 0 for unlimited attempts.
	AttemptsMax int `json:"attempts_max"`
	// TimeLimit in seconds, 0 for none.
	TimeLimit        int64   `json:"time_limit"`
	PassMark         float64 `json:"pass_mark"` // percent
	ShuffleQuestions bool    `json:"shuffle_questions"`
	ShuffleOptions   bool    `json:"shuffle_options"`
	Review           string  `json:"review"`
	QuestionIDs      []int64 `json:"question_ids"`
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Limits on what a trainer writes.
const (
	MaxTitle      = 300
	MaxSummary    = 4000
	MaxLessonBody = 200000
)

func checkCourse(c *Course) error {
	bad := errs.Fields{}
	c.Title, c.Slug = strings.TrimSpace(c.Title), strings.TrimSpace(c.Slug)
	if c.Title == "" {
		bad.Add("title", "learning.error.required")
	} else if utf8.RuneCountInString(c.Title) > MaxTitle {
		bad.Add("title", "learning.error.too_long")
	}
	if !slugRE.MatchString(c.Slug) || len(c.Slug) > 100 {
		bad.Add("slug", "learning.error.slug")
	}
	if utf8.RuneCountInString(c.Summary) > MaxSummary {
		bad.Add("summary", "learning.error.too_long")
	}
	okLang := false
	for _, l := range Languages {
		okLang = okLang || l == c.Lang
	}
	if !okLang {
		bad.Add("lang", "learning.error.lang")
	}
	if c.Pacing == "" {
		c.Pacing = SelfPaced
	}
	if c.Pacing != SelfPaced && c.Pacing != Cohort {
		bad.Add("pacing", "learning.error.pacing")
	}
	if c.Pacing == Cohort && (c.OpensAt == 0 || c.ClosesAt == 0 || c.ClosesAt <= c.OpensAt) {
		bad.Add("closes_at", "learning.error.cohort_dates")
	}
	if c.CompleteN < 0 || c.CompleteN > 1000 {
		bad.Add("complete_n", "learning.error.complete_n")
	}
	return bad.Err()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// CreateCourse stores a new course version. A Family of 0 starts a new
// course; otherwise the course is a translation of that family.
func (s *Service) CreateCourse(ctx context.Context, c Course, by int64) (_ Course, err error) {
	defer errs.Wrap(&err, "learning: create course")
	if err := checkCourse(&c); err != nil {
		return Course{}, err
	}
	now := s.now()
	var creator any
	if by != 0 {
		creator = by
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		if c.Family != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM learning_courses WHERE family = $1 AND lang = $2`, c.Family, c.Lang).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return &errs.Error{Kind: errs.Conflict, Message: "learning.error.translation_exists", Fields: map[string]string{"lang": "learning.error.translation_exists"}}
			}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO learning_courses (family, lang, slug, title, summary, pacing, opens_at, closes_at, complete_n, published, sample, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id`,
			c.Family, c.Lang, c.Slug, c.Title, c.Summary, c.Pacing, c.OpensAt, c.ClosesAt, c.CompleteN, b2i(c.Published), b2i(c.Sample), creator, now).Scan(&c.ID)
		if db.IsUniqueViolation(err) {
			return &errs.Error{Kind: errs.Conflict, Message: "learning.error.slug_taken", Fields: map[string]string{"slug": "learning.error.slug_taken"}}
		}
		if err != nil {
			return err
		}
		if c.Family == 0 {
			c.Family = c.ID
			if _, err := tx.ExecContext(ctx, `UPDATE learning_courses SET family = $1 WHERE id = $1`, c.ID); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "learning.course.create", "learning_course", c.ID, nil, c)
	})
	return c, err
}

// UpdateCourse changes a course's title, summary, pacing, dates, rule and
// publication.
func (s *Service) UpdateCourse(ctx context.Context, c Course) (err error) {
	defer errs.Wrap(&err, "learning: update course %d", c.ID)
	if err := checkCourse(&c); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		before, err := s.courseRow(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE learning_courses SET title=$2, summary=$3, pacing=$4, opens_at=$5, closes_at=$6, complete_n=$7, published=$8, updated_at=$9 WHERE id=$1`,
			c.ID, c.Title, c.Summary, c.Pacing, c.OpensAt, c.ClosesAt, c.CompleteN, b2i(c.Published), s.now())
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "learning.course.update", "learning_course", c.ID, before, c)
	})
}

const courseCols = `id, family, lang, slug, title, summary, pacing, opens_at, closes_at, complete_n, published, sample`

func scanCourse(row interface{ Scan(...any) error }) (Course, error) {
	var c Course
	var pub, sample int
	err := row.Scan(&c.ID, &c.Family, &c.Lang, &c.Slug, &c.Title, &c.Summary, &c.Pacing, &c.OpensAt, &c.ClosesAt, &c.CompleteN, &pub, &sample)
	c.Published, c.Sample = pub == 1, sample == 1
	return c, err
}

// ErrNotFound: no such course, module, lesson, quiz, question or attempt
// (or one the reader may not see).
var ErrNotFound = errs.New(errs.NotFound, "learning.error.not_found")

func (s *Service) courseRow(ctx context.Context, q db.Querier, id int64) (Course, error) {
	c, err := scanCourse(q.QueryRowContext(ctx, `SELECT `+courseCols+` FROM learning_courses WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Course{}, ErrNotFound
	}
	return c, err
}

// Course reads a course with its modules, lessons and quizzes.
func (s *Service) Course(ctx context.Context, id int64) (_ Course, err error) {
	defer errs.Wrap(&err, "learning: course %d", id)
	c, err := s.courseRow(ctx, s.DB, id)
	if err != nil {
		return Course{}, err
	}
	return c, s.fill(ctx, &c)
}

// CourseIn reads the version of a course's family in lang, or the
// family's first version when there is none in lang.
func (s *Service) CourseIn(ctx context.Context, id int64, lang string) (Course, error) {
	c, err := s.courseRow(ctx, s.DB, id)
	if err != nil {
		return Course{}, err
	}
	if c.Lang != lang {
		var other int64
		err := s.DB.QueryRowContext(ctx, `SELECT id FROM learning_courses WHERE family = $1 AND lang = $2`, c.Family, lang).Scan(&other)
		if err == nil {
			return s.Course(ctx, other)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return Course{}, err
		}
	}
	return c, s.fill(ctx, &c)
}

func (s *Service) fill(ctx context.Context, c *Course) error {
	rows, err := s.DB.QueryContext(ctx, `SELECT lang FROM learning_courses WHERE family = $1 ORDER BY lang`, c.Family)
	if err != nil {
		return err
	}
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			rows.Close()
			return err
		}
		c.Langs = append(c.Langs, l)
	}
	rows.Close()
	mods, err := s.DB.QueryContext(ctx, `SELECT id, position, title FROM learning_modules WHERE course_id = $1 ORDER BY position, id`, c.ID)
	if err != nil {
		return err
	}
	idx := map[int64]int{}
	for mods.Next() {
		m := Module{CourseID: c.ID, Lessons: []Lesson{}, Quizzes: []Quiz{}}
		if err := mods.Scan(&m.ID, &m.Position, &m.Title); err != nil {
			mods.Close()
			return err
		}
		idx[m.ID] = len(c.Modules)
		c.Modules = append(c.Modules, m)
	}
	mods.Close()
	if err := mods.Err(); err != nil {
		return err
	}
	les, err := s.DB.QueryContext(ctx, `SELECT l.id, l.module_id, l.position, l.title, l.body FROM learning_lessons l JOIN learning_modules m ON m.id = l.module_id
		WHERE m.course_id = $1 ORDER BY l.position, l.id`, c.ID)
	if err != nil {
		return err
	}
	for les.Next() {
		var l Lesson
		if err := les.Scan(&l.ID, &l.ModuleID, &l.Position, &l.Title, &l.Body); err != nil {
			les.Close()
			return err
		}
		m := &c.Modules[idx[l.ModuleID]]
		m.Lessons = append(m.Lessons, l)
	}
	les.Close()
	qz, err := s.DB.QueryContext(ctx, `SELECT `+quizCols+` FROM learning_quizzes q JOIN learning_modules m ON m.id = q.module_id WHERE m.course_id = $1 ORDER BY q.id`, c.ID)
	if err != nil {
		return err
	}
	var quizzes []Quiz
	for qz.Next() {
		q, err := scanQuiz(qz)
		if err != nil {
			qz.Close()
			return err
		}
		quizzes = append(quizzes, q)
	}
	qz.Close()
	for _, q := range quizzes {
		if q.QuestionIDs, err = s.quizQuestionIDs(ctx, s.DB, q.ID); err != nil {
			return err
		}
		m := &c.Modules[idx[q.ModuleID]]
		m.Quizzes = append(m.Quizzes, q)
	}
	return nil
}

// Catalogue lists one version of every course for a reader in lang (the
// version in lang when there is one), published ones only unless all.
func (s *Service) Catalogue(ctx context.Context, lang string, all bool) (_ []Course, err error) {
	defer errs.Wrap(&err, "learning: catalogue")
	q := `SELECT ` + courseCols + ` FROM learning_courses`
	if !all {
		q += ` WHERE published = 1`
	}
	rows, err := s.DB.QueryContext(ctx, q+` ORDER BY family, id LIMIT 5000`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Course
	pick := map[int64]int{}
	for rows.Next() {
		c, err := scanCourse(rows)
		if err != nil {
			return nil, err
		}
		i, seen := pick[c.Family]
		switch {
		case !seen:
			pick[c.Family] = len(out)
			c.Langs = []string{c.Lang}
			out = append(out, c)
		default:
			langs := append(out[i].Langs, c.Lang)
			if c.Lang == lang {
				out[i] = c
			}
			out[i].Langs = langs
		}
	}
	return out, rows.Err()
}

// AddModule appends a module to a course.
func (s *Service) AddModule(ctx context.Context, courseID int64, title string) (_ Module, err error) {
	defer errs.Wrap(&err, "learning: add module")
	title = strings.TrimSpace(title)
	if title == "" || utf8.RuneCountInString(title) > MaxTitle {
		return Module{}, errs.Fields{"title": "learning.error.required"}.Err()
	}
	m := Module{CourseID: courseID, Title: title}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		if _, err := s.courseRow(ctx, tx, courseID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM learning_modules WHERE course_id = $1`, courseID).Scan(&m.Position); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO learning_modules (course_id, position, title) VALUES ($1, $2, $3) RETURNING id`, courseID, m.Position, title).Scan(&m.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "learning.module.create", "learning_module", m.ID, nil, m)
	})
	return m, err
}

// CourseOfModule is the course a module belongs to.
func (s *Service) CourseOfModule(ctx context.Context, moduleID int64) (int64, error) {
	var id int64
	err := s.DB.QueryRowContext(ctx, `SELECT course_id FROM learning_modules WHERE id = $1`, moduleID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	return id, err
}
