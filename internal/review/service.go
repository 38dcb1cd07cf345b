package review

import (
	"context"
	"corridor/internal/ident"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"corridor/internal/audit"
	"corridor/internal/blob"
	"corridor/internal/db"
	"corridor/internal/docfile"
	"corridor/internal/errs"
	"corridor/internal/links"
)

// Config is what the engine is built with.
type Config struct {
	People    Directory
	Publisher Publisher // nil: publishing is refused with a clear error
	BaseURL   string
	// Strip cleans a PDF review copy; docfile.StripMetadata unless a test
	// gives another.
	Strip func([]byte) ([]byte, error)
	// MaxFileBytes caps one upload (default 20 MiB).
	MaxFileBytes int64
	Now          func() time.Time
	// Rules are the editor decisions (default DefaultRules).
	Rules []Rule
}

// Service is the review engine.
type Service struct {
	DB    *db.DB
	Blobs blob.Store
	cfg   Config
}

// New returns the engine.
func New(d *db.DB, blobs blob.Store, cfg Config) *Service {
	if cfg.Strip == nil {
		cfg.Strip = docfile.StripMetadata
	}
	if cfg.MaxFileBytes == 0 {
		cfg.MaxFileBytes = 20 << 20
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Rules == nil {
		cfg.Rules = DefaultRules()
	}
	return &Service{DB: d, Blobs: blobs, cfg: cfg}
}

// MaxFileBytes is the upload limit, for the web layer's body limit.
func (s *Service) MaxFileBytes() int64 { return s.cfg.MaxFileBytes }

// Rules lists the decisions editors may take.
func (s *Service) Rules() []Rule { return s.cfg.Rules }

// Today is the engine's day, YYYY-MM-DD in UTC.
func (s *Service) Today() string { return today(s.cfg.Now()) }

func invalid(fields errs.Fields) error {
	if len(fields) == 0 {
		return nil
	}
	return &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: fields}
}

func checkLen(f errs.Fields, field, v string, required bool, max int) {
	switch {
	case required && strings.TrimSpace(v) == "":
		f.Add(field, "review.error.required")
	case utf8.RuneCountInString(v) > max:
		f.Add(field, "review.error.too_long")
	}
}

func checkDate(f errs.Fields, field, v string, required bool) {
	if v == "" {
		if required {
			f.Add(field, "review.error.date")
		}
		return
	}
	if _, err := time.Parse("2006-01-02", v); err != nil {
		f.Add(field, "review.error.date")
	}
}

// NewCall is a call to create.
type NewCall struct {
	Title, Scope, Target        string
	Opens, Closes, Notification string
	Mode                        Mode
}

// CreateCall creates a call (editors).
func (s *Service) CreateCall(ctx context.Context, actor Actor, n NewCall) (*Call, error) {
	if !actor.Editor {
		return nil, errs.New(errs.Forbidden, "review.error.editors_only")
	}
	n.Title, n.Scope, n.Target = strings.TrimSpace(n.Title), strings.TrimSpace(n.Scope), strings.TrimSpace(n.Target)
	f := errs.Fields{}
	checkLen(f, "title", n.Title, true, 300)
	checkLen(f, "scope", n.Scope, false, 20000)
	checkDate(f, "opens", n.Opens, true)
	checkDate(f, "closes", n.Closes, true)
	checkDate(f, "notification", n.Notification, false)
	if f["opens"] == "" && f["closes"] == "" && n.Closes < n.Opens {
		f.Add("closes", "review.error.closes_before_opens")
	}
	if n.Notification != "" && f["notification"] == "" && f["closes"] == "" && n.Notification < n.Closes {
		f.Add("notification", "review.error.notification_before_closes")
	}
	if !slices.Contains(Modes, n.Mode) {
		f.Add("review_mode", "review.error.mode")
	}
	if n.Target != "" {
		k, err := links.ParseKey(n.Target)
		if err != nil {
			f.Add("target", "review.error.target")
		} else {
			n.Target = k.String()
		}
	}
	if err := invalid(f); err != nil {
		return nil, err
	}
	var c *Call
	err := s.DB.InTx(ctx, func(tx db.Tx) error {
		now := db.Now()
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO review_calls (title, scope, target_key, opens, closes, notification, review_mode, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			n.Title, n.Scope, n.Target, n.Opens, n.Closes, n.Notification, string(n.Mode), nullID(actor.UserID), now).Scan(&id); err != nil {
			return fmt.Errorf("review: create call: %w", err)
		}
		var err error
		if c, err = getCall(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "review.call.create", "review_call", id, nil, c)
	})
	return c, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Call returns a call.
func (s *Service) Call(ctx context.Context, id int64) (*Call, error) { return getCall(ctx, s.DB, id) }

// Calls lists the calls, those closing last first; openOnly keeps those
// open today.
func (s *Service) Calls(ctx context.Context, openOnly bool) ([]Call, error) {
	if openOnly {
		d := s.Today()
		return listCalls(ctx, s.DB, `WHERE opens <= $1 AND closes >= $1 ORDER BY closes, id`, d)
	}
	return listCalls(ctx, s.DB, `ORDER BY closes DESC, id DESC LIMIT 500`)
}

// NewSubmission is a submission to create.
type NewSubmission struct {
	CallID      int64
	Title       string
	Abstract    string
	Language    string
	Keywords    []string
	Authors     []Author
	Originality bool
	Ethics      bool
	Conflicts   string
	// RequireDeclarations: the wizard asks for both declarations; the
	// API's fixed shape may leave them for later.
	RequireDeclarations bool
}

// Submit files a submission to an open call (any signed-in member).
func (s *Service) Submit(ctx context.Context, actor Actor, n NewSubmission) (*Submission, error) {
	if actor.UserID == 0 {
		return nil, errs.New(errs.Unauthorized, "review.error.sign_in")
	}
	f := errs.Fields{}
	n.Title, n.Abstract = strings.TrimSpace(n.Title), strings.TrimSpace(n.Abstract)
	checkLen(f, "title", n.Title, true, 500)
	checkLen(f, "abstract", n.Abstract, false, 10000)
	checkLen(f, "conflicts", n.Conflicts, false, 5000)
	if n.Language == "" {
		n.Language = "en"
	}
	if !slices.Contains([]string{"en", "fr", "es"}, n.Language) {
		f.Add("language", "review.error.language")
	}
	var kws []string
	for _, k := range n.Keywords {
		k = strings.TrimSpace(strings.ReplaceAll(k, ";", ","))
		if k != "" {
			kws = append(kws, k)
		}
	}
	if len(kws) > 30 {
		f.Add("keywords", "review.error.too_many_keywords")
	}
	switch {
	case len(n.Authors) == 0:
		f.Add("authors", "review.error.no_authors")
	case len(n.Authors) > 50:
		f.Add("authors", "review.error.too_many_authors")
	}
	for i := range n.Authors {
		a := &n.Authors[i]
		a.Name, a.Email, a.Affiliation = strings.TrimSpace(a.Name), strings.TrimSpace(a.Email), strings.TrimSpace(a.Affiliation)
		orcid := a.ORCID
		a.ORCID = ident.ORCID(orcid)
		field := fmt.Sprintf("authors[%d]", i)
		checkLen(f, field+".name", a.Name, true, 300)
		checkLen(f, field+".affiliation", a.Affiliation, false, 500)
		if a.Email != "" {
			if addr, err := mail.ParseAddress(a.Email); err != nil || addr.Address != a.Email || len(a.Email) > 254 {
				f.Add(field+".email", "review.error.email")
			}
		}
		if strings.TrimSpace(orcid) != "" && a.ORCID == "" {
			f.Add(field+".orcid", "review.error.orcid")
		}
	}
	if n.RequireDeclarations {
		if !n.Originality {
			f.Add("originality", "review.error.declare_originality")
		}
		if !n.Ethics {
			f.Add("ethics", "review.error.declare_ethics")
		}
	}
	if err := invalid(f); err != nil {
		return nil, err
	}
	var sub *Submission
	err := s.DB.InTx(ctx, func(tx db.Tx) error {
		call, err := getCall(ctx, tx, n.CallID)
		if errs.KindOf(err) == errs.NotFound {
			return invalid(errs.Fields{"call": "review.error.no_call"})
		}
		if err != nil {
			return err
		}
		if d := s.Today(); d > call.Closes {
			return invalid(errs.Fields{"call": "review.error.call_closed"})
		} else if d < call.Opens {
			return invalid(errs.Fields{"call": "review.error.call_not_open"})
		}
		now := db.Now()
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO review_submissions (call_id, submitter_id, title, abstract, language, keywords, stage, status, round,
			decl_originality, decl_ethics, decl_conflicts, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10, $11, $12, $12) RETURNING id`,
			call.ID, actor.UserID, n.Title, n.Abstract, n.Language, strings.Join(kws, "; "), string(StageSubmission), string(StatusSubmitted),
			b2i(n.Originality), b2i(n.Ethics), n.Conflicts, now).Scan(&id); err != nil {
			return fmt.Errorf("review: submit: %w", err)
		}
		for i, a := range n.Authors {
			if _, err := tx.ExecContext(ctx, `INSERT INTO review_authors (submission_id, position, name, email, orcid, affiliation) VALUES ($1, $2, $3, $4, $5, $6)`,
				id, i, a.Name, a.Email, a.ORCID, a.Affiliation); err != nil {
				return fmt.Errorf("review: submit: author %d: %w", i, err)
			}
		}
		if sub, err = getSubmission(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "review.submission.create", "review_submission", id, nil, sub)
	})
	return sub, err
}

// Declare records the declarations of a submission (its submitter, before
// review starts).
func (s *Service) Declare(ctx context.Context, actor Actor, subID int64, originality, ethics bool, conflicts string) error {
	f := errs.Fields{}
	if !originality {
		f.Add("originality", "review.error.declare_originality")
	}
	if !ethics {
		f.Add("ethics", "review.error.declare_ethics")
	}
	checkLen(f, "conflicts", conflicts, false, 5000)
	if err := invalid(f); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		sub, err := getSubmission(ctx, tx, subID)
		if err != nil {
			return err
		}
		if sub.SubmitterID != actor.UserID {
			return errs.New(errs.NotFound, "review.error.no_submission")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE review_submissions SET decl_originality = 1, decl_ethics = 1, decl_conflicts = $1, updated_at = $2 WHERE id = $3`,
			strings.TrimSpace(conflicts), db.Now(), subID); err != nil {
			return fmt.Errorf("review: declare: %w", err)
		}
		return audit.Record(ctx, tx, "review.submission.declare", "review_submission", subID, nil, map[string]any{"originality": true, "ethics": true, "conflicts": conflicts})
	})
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// Submission returns a submission for code that decides itself who sees
// it (the web layer gets views: EditorView, AuthorView, ReviewerView).
func (s *Service) submission(ctx context.Context, id int64) (*Submission, error) {
	return getSubmission(ctx, s.DB, id)
}

// MySubmissions lists the actor's own submissions, newest first.
func (s *Service) MySubmissions(ctx context.Context, actor Actor) ([]Submission, error) {
	return listSubmissions(ctx, s.DB, `WHERE submitter_id = $1 ORDER BY id DESC LIMIT 500`, actor.UserID)
}

// EditorQueue lists submissions for editors, newest first, optionally of
// one stage. Authors are not loaded: the list shows titles only.
func (s *Service) EditorQueue(ctx context.Context, actor Actor, stage string) ([]Submission, error) {
	if !actor.Editor {
		return nil, errs.New(errs.Forbidden, "review.error.editors_only")
	}
	if stage != "" {
		return listSubmissions(ctx, s.DB, `WHERE stage = $1 ORDER BY id DESC LIMIT 500`, stage)
	}
	return listSubmissions(ctx, s.DB, `ORDER BY id DESC LIMIT 500`)
}
