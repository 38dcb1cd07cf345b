package review

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"text/template"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/mail"
)

// ReviewerMail is all an e-mail to a reviewer may say: it is filled from
// the ReviewerView, so a template cannot reach an author's name.
type ReviewerMail struct {
	Title    string
	Abstract string
	Call     string
	Due      string
	Link     string
}

// AuthorMail is what an e-mail to a submission's submitter may say.
type AuthorMail struct {
	Title    string
	Call     string
	Decision string
	Note     string
	Link     string
	// Detail is what a decision was taken with: the new track, or the
	// title of the submission it duplicates or was merged into.
	Detail string
}

// Template is an e-mail template in one language.
type Template struct {
	Name     string `json:"name"`
	Lang     string `json:"lang"`
	Subject  string `json:"subject"`
	Body     string `json:"body"`
	Edited   bool   `json:"edited"`
	Reviewer bool   `json:"to_reviewer"`
}

// TemplateLangs are the languages every template has.
var TemplateLangs = []string{"en", "fr", "es"}

// reviewerTemplates are sent to reviewers; the others to authors.
var reviewerTemplates = []string{"invitation", "reminder", "overdue"}

// TemplateNames lists the templates editors may rewrite.
func TemplateNames() []string {
	names := slices.Clone(reviewerTemplates)
	for _, r := range DefaultRules() {
		names = append(names, "decision_"+r.Name)
	}
	return names
}

func (s *Service) template(ctx context.Context, q db.Querier, name, lang string) (subject, body string, err error) {
	if !slices.Contains(TemplateLangs, lang) {
		lang = "en"
	}
	err = q.QueryRowContext(ctx, `SELECT subject, body FROM review_templates WHERE name = $1 AND lang = $2`, name, lang).Scan(&subject, &body)
	if err == nil {
		return subject, body, nil
	}
	if !db.IsNoRows(err) {
		return "", "", fmt.Errorf("review: template %s/%s: %w", name, lang, err)
	}
	d, ok := defaultTemplates[name]
	if !ok {
		d = defaultTemplates["decision"]
	}
	t := d[lang]
	return t[0], t[1], nil
}

func render(subject, body string, data any) (string, string, error) {
	var out [2]string
	for i, src := range []string{subject, body} {
		t, err := template.New("mail").Option("missingkey=error").Parse(src)
		if err != nil {
			return "", "", err
		}
		var b bytes.Buffer
		if err := t.Execute(&b, data); err != nil {
			return "", "", err
		}
		out[i] = b.String()
	}
	return strings.Join(strings.Fields(out[0]), " "), out[1], nil
}

// mailReviewer sends one of the reviewer templates, built from the
// reviewer's view of the assignment.
func (s *Service) mailReviewer(ctx context.Context, q db.Querier, a *Assignment, p Person, name string) error {
	v, err := s.reviewerView(ctx, q, a)
	if err != nil {
		return err
	}
	data := ReviewerMail{Title: v.Submission.Title, Abstract: v.Submission.Abstract, Call: v.Submission.CallTitle, Due: v.Review.Due,
		Link: s.cfg.BaseURL + v.Links["self"]}
	subject, body, err := s.template(ctx, q, name, p.Lang)
	if err != nil {
		return err
	}
	if subject, body, err = render(subject, body, data); err != nil {
		return fmt.Errorf("review: mail %s: %w", name, err)
	}
	_, err = mail.Enqueue(ctx, q, p.Email, subject, body)
	return err
}

// mailAuthors tells the submitter of a decision.
func (s *Service) mailAuthors(ctx context.Context, q db.Querier, sub *Submission, name, note string) error {
	return s.mailAuthorsAbout(ctx, q, sub, name, note, "")
}

// mailAuthorsAbout is mailAuthors with the decision's detail.
func (s *Service) mailAuthorsAbout(ctx context.Context, q db.Querier, sub *Submission, name, note, detail string) error {
	p, err := s.cfg.People.PersonByID(ctx, sub.SubmitterID)
	if err != nil || !p.Active {
		return nil // no one to tell; the decision stands
	}
	call, err := getCall(ctx, q, sub.CallID)
	if err != nil {
		return err
	}
	data := AuthorMail{Title: sub.Title, Call: call.Title, Decision: strings.TrimPrefix(name, "decision_"), Note: note, Detail: detail,
		Link: fmt.Sprintf("%s/submissions/%d", s.cfg.BaseURL, sub.ID)}
	subject, body, err := s.template(ctx, q, name, p.Lang)
	if err != nil {
		return err
	}
	if subject, body, err = render(subject, body, data); err != nil {
		return fmt.Errorf("review: mail %s: %w", name, err)
	}
	_, err = mail.Enqueue(ctx, q, p.Email, subject, body)
	return err
}

// Templates lists every template in every language, the edited ones as
// edited.
func (s *Service) Templates(ctx context.Context) ([]Template, error) {
	var out []Template
	for _, name := range TemplateNames() {
		for _, lang := range TemplateLangs {
			t := Template{Name: name, Lang: lang, Reviewer: slices.Contains(reviewerTemplates, name)}
			var err error
			if t.Subject, t.Body, err = s.template(ctx, s.DB, name, lang); err != nil {
				return nil, err
			}
			d := defaultTemplates[name][lang]
			t.Edited = t.Subject != d[0] || t.Body != d[1]
			out = append(out, t)
		}
	}
	return out, nil
}

// SetTemplate rewrites a template (editors). It must render with the
// fields its kind of e-mail has; an empty subject and body restore the
// default.
func (s *Service) SetTemplate(ctx context.Context, actor Actor, name, lang, subject, body string) error {
	if !actor.Editor {
		return errs.New(errs.Forbidden, "review.error.editors_only")
	}
	f := errs.Fields{}
	if !slices.Contains(TemplateNames(), name) {
		f.Add("name", "review.error.template")
	}
	if !slices.Contains(TemplateLangs, lang) {
		f.Add("lang", "review.error.language")
	}
	restore := strings.TrimSpace(subject) == "" && strings.TrimSpace(body) == ""
	if !restore {
		checkLen(f, "subject", subject, true, 300)
		checkLen(f, "body", body, true, 20000)
		var sample any = AuthorMail{}
		if slices.Contains(reviewerTemplates, name) {
			sample = ReviewerMail{}
		}
		if f["subject"] == "" && f["body"] == "" {
			if _, _, err := render(subject, body, sample); err != nil {
				f.Add("body", "review.error.template_fields")
			}
		}
	}
	if err := invalid(f); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM review_templates WHERE name = $1 AND lang = $2`, name, lang); err != nil {
			return fmt.Errorf("review: template: %w", err)
		}
		if !restore {
			if _, err := tx.ExecContext(ctx, `INSERT INTO review_templates (name, lang, subject, body, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)`,
				name, lang, subject, body, nullID(actor.UserID), db.Now()); err != nil {
				return fmt.Errorf("review: template: %w", err)
			}
		}
		return audit.Record(ctx, tx, "review.template.set", "review_template", name+"/"+lang, nil, map[string]string{"subject": subject, "body": body})
	})
}
