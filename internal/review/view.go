package review

import (
	"context"
	"fmt"
	"path"
	"strconv"
	"strings"

	"corridor/internal/db"
	"corridor/internal/errs"
)

// Anonymity is enforced here and only here. A reviewer never receives a
// Submission, a File or a Message: every page, API answer, download and
// e-mail a reviewer can reach is built from a ReviewerView, whose types
// are an allow-list. Under double and triple-anonymous review it has no
// field that could hold an author's name, e-mail, ORCID or affiliation;
// file names are replaced by labels; discussions are the reviewer's own
// thread with the editors, their writers named by role.

// ReviewerView is a reviewer's view of one assignment.
type ReviewerView struct {
	Review     ReviewerReview       `json:"review"`
	Submission ReviewerSubmission   `json:"submission"`
	Files      []ReviewerFile       `json:"files"`
	Messages   []ReviewerMessage    `json:"messages"`
	Links      map[string]string    `json:"links"`
	Authors    []ReviewerAuthorOpen `json:"authors,omitempty"` // open and anonymous-reviewer modes only
}

// ReviewerReview is the reviewer's own assignment.
type ReviewerReview struct {
	ID             int64  `json:"id"`
	Round          int64  `json:"round"`
	Due            string `json:"due"`
	Status         string `json:"status"`
	Recommendation string `json:"recommendation,omitempty"`
	ForAuthor      string `json:"comments_for_author,omitempty"`
	ForEditor      string `json:"comments_for_editor,omitempty"`
}

// ReviewerSubmission is what a reviewer learns of the work.
type ReviewerSubmission struct {
	Title     string   `json:"title"`
	Abstract  string   `json:"abstract"`
	Language  string   `json:"language"`
	Keywords  []string `json:"keywords"`
	CallTitle string   `json:"call"`
	Mode      Mode     `json:"review_mode"`
	Stage     Stage    `json:"stage"`
}

// ReviewerAuthorOpen is an author's name and affiliation, shown to
// reviewers only when the review mode does not hide authors.
type ReviewerAuthorOpen struct {
	Name        string `json:"name"`
	Affiliation string `json:"affiliation"`
}

// ReviewerFile is a review copy under a neutral label.
type ReviewerFile struct {
	ID          int64  `json:"id"`
	Label       string `json:"label"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	URL         string `json:"url"`
}

// ReviewerMessage is a message of the reviewer's thread, its writer named
// by role (editor or you).
type ReviewerMessage struct {
	From      string `json:"from"`
	Body      string `json:"body"`
	CreatedAt int64  `json:"created_at"`
}

// FileLabel is the neutral name of a review copy: "manuscript-<id>" and the
// extension its type has.
func FileLabel(id int64, contentType, name string) string {
	ext := strings.ToLower(path.Ext(name))
	if contentType == "application/pdf" {
		ext = ".pdf"
	}
	return "manuscript-" + strconv.FormatInt(id, 10) + ext
}

func (s *Service) reviewerView(ctx context.Context, q db.Querier, a *Assignment) (*ReviewerView, error) {
	sub, err := getSubmission(ctx, q, a.SubmissionID)
	if err != nil {
		return nil, err
	}
	call, err := getCall(ctx, q, sub.CallID)
	if err != nil {
		return nil, err
	}
	base := fmt.Sprintf("/reviews/%d", a.ID)
	v := &ReviewerView{
		Review: ReviewerReview{ID: a.ID, Round: a.Round, Due: a.Due, Status: a.Status, Recommendation: a.Recommendation,
			ForAuthor: a.CommentsAuthor, ForEditor: a.CommentsEditor},
		Submission: ReviewerSubmission{Title: sub.Title, Abstract: sub.Abstract, Language: sub.Language, Keywords: sub.Keywords,
			CallTitle: call.Title, Mode: call.Mode, Stage: sub.Stage},
		Files:    []ReviewerFile{},
		Messages: []ReviewerMessage{},
		Links:    map[string]string{"self": base, "api": fmt.Sprintf("/api/v1/reviews/%d", a.ID)},
	}
	if !call.Mode.AuthorsHiddenFromReviewers() {
		for _, au := range sub.Authors {
			v.Authors = append(v.Authors, ReviewerAuthorOpen{Name: au.Name, Affiliation: au.Affiliation})
		}
	}
	if a.Status == Declined || a.Status == Cancelled {
		return v, nil // the reviewer keeps the record, not the manuscript
	}
	files, err := listFiles(ctx, q, sub.ID)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if f.ReviewStatus != "ready" || f.Round > a.Round {
			continue
		}
		v.Files = append(v.Files, ReviewerFile{ID: f.ID, Label: FileLabel(f.ID, f.ContentType, f.Name), ContentType: f.ContentType, Size: f.Size,
			URL: fmt.Sprintf("%s/files/%d", base, f.ID)})
	}
	msgs, err := listMessages(ctx, q, sub.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range msgs {
		if m.Audience != "reviewers" || m.AssignmentID != a.ID {
			continue
		}
		from := "editor"
		if m.AuthorRole == "reviewer" {
			from = "you"
		}
		v.Messages = append(v.Messages, ReviewerMessage{From: from, Body: m.Body, CreatedAt: m.CreatedAt})
	}
	return v, nil
}

// ReviewFile returns a review copy a reviewer may download: the file's
// cleaned blob under its label, or NotFound.
func (s *Service) ReviewFile(ctx context.Context, actor Actor, assignmentID, fileID int64) (blobKey, label, contentType string, err error) {
	v, err := s.Review(ctx, actor, assignmentID)
	if err != nil {
		return "", "", "", err
	}
	for _, f := range v.Files {
		if f.ID == fileID {
			file, err := getFile(ctx, s.DB, fileID)
			if err != nil {
				return "", "", "", err
			}
			return file.ReviewBlobKey, f.Label, f.ContentType, nil
		}
	}
	return "", "", "", errs.New(errs.NotFound, "review.error.no_file")
}

// AuthorView is an author's view of their submission: everything they
// gave, the decisions, the reviews' comments for them (reviewers named
// only in open review) and their discussion with the editors.
type AuthorView struct {
	Submission Submission          `json:"submission"`
	Call       Call                `json:"call"`
	Files      []File              `json:"files"`
	Decisions  []DecisionRecord    `json:"decisions"`
	Reviews    []AuthorReview      `json:"reviews"`
	Messages   []AuthorViewMessage `json:"messages"`
}

// AuthorReview is a completed review as its authors read it.
type AuthorReview struct {
	Reviewer       string `json:"reviewer"`
	Round          int64  `json:"round"`
	Recommendation string `json:"recommendation"`
	Comments       string `json:"comments"`
}

// AuthorViewMessage is a message of the authors' thread, named by role.
type AuthorViewMessage struct {
	From      string `json:"from"`
	Body      string `json:"body"`
	CreatedAt int64  `json:"created_at"`
}

// AuthorView returns the view of a submission's submitter, or NotFound
// for anyone else.
func (s *Service) AuthorView(ctx context.Context, actor Actor, id int64) (*AuthorView, error) {
	sub, err := s.submission(ctx, id)
	if err != nil {
		return nil, err
	}
	if actor.UserID == 0 || sub.SubmitterID != actor.UserID {
		return nil, errs.New(errs.NotFound, "review.error.no_submission")
	}
	call, err := getCall(ctx, s.DB, sub.CallID)
	if err != nil {
		return nil, err
	}
	v := &AuthorView{Submission: *sub, Call: *call, Reviews: []AuthorReview{}, Messages: []AuthorViewMessage{}}
	if v.Files, err = listFiles(ctx, s.DB, id); err != nil {
		return nil, err
	}
	if v.Decisions, err = listDecisions(ctx, s.DB, id); err != nil {
		return nil, err
	}
	as, err := listAssignments(ctx, s.DB, `WHERE submission_id = $1 AND status = 'completed' ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	for i, a := range as {
		name := fmt.Sprintf("%d", i+1)
		if !call.Mode.ReviewersHiddenFromAuthors() {
			if p, err := s.cfg.People.PersonByID(ctx, a.ReviewerID); err == nil {
				name = p.Name
			}
		}
		v.Reviews = append(v.Reviews, AuthorReview{Reviewer: name, Round: a.Round, Recommendation: a.Recommendation, Comments: a.CommentsAuthor})
	}
	msgs, err := listMessages(ctx, s.DB, id)
	if err != nil {
		return nil, err
	}
	for _, m := range msgs {
		if m.Audience == "authors" {
			v.Messages = append(v.Messages, AuthorViewMessage{From: m.AuthorRole, Body: m.Body, CreatedAt: m.CreatedAt})
		}
	}
	return v, nil
}

// EditorView is an editor's view of a submission. Under triple-anonymous
// review the authors are left out (AuthorsHidden) unless the actor is the
// managing admin.
type EditorView struct {
	Submission    Submission       `json:"submission"`
	AuthorsHidden bool             `json:"authors_hidden"`
	Call          Call             `json:"call"`
	Files         []File           `json:"files"`
	Assignments   []EditorReview   `json:"assignments"`
	Decisions     []DecisionRecord `json:"decisions"`
	Messages      []EditorMessage  `json:"messages"`
	Rules         []string         `json:"decisions_available"`
	// TakesParam: one of the decisions needs a value (a track, another
	// submission's number).
	TakesParam bool `json:"-"`
}

// EditorReview is an assignment with its reviewer named.
type EditorReview struct {
	Assignment
	Reviewer      string `json:"reviewer"`
	ReviewerEmail string `json:"reviewer_email"`
}

// EditorMessage is a discussion message with its audience.
type EditorMessage struct {
	Message
	ReviewerThread string `json:"reviewer_thread,omitempty"`
	From           string `json:"from"`
}

// EditorView returns the editors' view of a submission.
func (s *Service) EditorView(ctx context.Context, actor Actor, id int64) (*EditorView, error) {
	if !actor.Editor {
		return nil, errs.New(errs.Forbidden, "review.error.editors_only")
	}
	sub, err := s.submission(ctx, id)
	if err != nil {
		return nil, err
	}
	call, err := getCall(ctx, s.DB, sub.CallID)
	if err != nil {
		return nil, err
	}
	v := &EditorView{Submission: *sub, Call: *call, Assignments: []EditorReview{}, Messages: []EditorMessage{}, Rules: []string{}}
	hide := call.Mode == ModeTriple && !actor.SeeAuthors
	if hide {
		v.Submission.Authors, v.AuthorsHidden = []Author{}, true
	}
	if v.Files, err = listFiles(ctx, s.DB, id); err != nil {
		return nil, err
	}
	if hide {
		for i := range v.Files {
			v.Files[i].Name = FileLabel(v.Files[i].ID, v.Files[i].ContentType, v.Files[i].Name)
		}
	}
	if v.Decisions, err = listDecisions(ctx, s.DB, id); err != nil {
		return nil, err
	}
	as, err := listAssignments(ctx, s.DB, `WHERE submission_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, a := range as {
		r := EditorReview{Assignment: a}
		if p, err := s.cfg.People.PersonByID(ctx, a.ReviewerID); err == nil {
			r.Reviewer, r.ReviewerEmail = p.Name, p.Email
		}
		names[a.ID] = r.Reviewer
		v.Assignments = append(v.Assignments, r)
	}
	msgs, err := listMessages(ctx, s.DB, id)
	if err != nil {
		return nil, err
	}
	for _, m := range msgs {
		em := EditorMessage{Message: m, From: m.AuthorRole}
		if m.Audience == "reviewers" {
			em.ReviewerThread = names[m.AssignmentID]
		}
		if m.AuthorRole == "author" && hide {
			em.From = "author"
		}
		v.Messages = append(v.Messages, em)
	}
	for _, r := range s.cfg.Rules {
		if r.Applies(sub.Stage, sub.Status) && r.For(call.Target) {
			v.Rules = append(v.Rules, r.Name)
			v.TakesParam = v.TakesParam || r.Effect != ""
		}
	}
	return v, nil
}
