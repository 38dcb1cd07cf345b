// Package review is Corridor's shared review engine: calls (for papers, and
// later for abstracts), submissions with their authors, files and
// declarations, reviewer assignments per round, recommendations, editor
// decisions that move a submission through data-driven stages, per-stage
// discussions, e-mails built from editable templates, and the reviewer's
// allow-listed view of a submission (view.go), the one place anonymity is
// enforced. What a call feeds is a typed-link key (publishing:series:7,
// events:event:3); an accepted work is handed to a Publisher hook. No web.
package review

import (
	"context"
	"time"
)

// Mode is a call's review mode.
type Mode string

const (
	// ModeOpen: everyone sees everyone's names.
	ModeOpen Mode = "open"
	// ModeAnonymous: authors do not see who reviewed them.
	ModeAnonymous Mode = "anonymous"
	// ModeDouble: reviewers do not see the authors either.
	ModeDouble Mode = "double"
	// ModeTriple: editors do not see the authors either; only admins do.
	ModeTriple Mode = "triple"
)

// Modes lists the review modes.
var Modes = []Mode{ModeOpen, ModeAnonymous, ModeDouble, ModeTriple}

// AuthorsHiddenFromReviewers reports whether reviewers must not learn who
// wrote the work.
func (m Mode) AuthorsHiddenFromReviewers() bool { return m == ModeDouble || m == ModeTriple }

// ReviewersHiddenFromAuthors reports whether authors must not learn who
// reviewed the work.
func (m Mode) ReviewersHiddenFromAuthors() bool { return m != ModeOpen }

// Call is a call for papers (or abstracts).
type Call struct {
	ID           int64  `json:"id"`
	Title        string `json:"title"`
	Scope        string `json:"scope"`
	Target       string `json:"target"`
	Opens        string `json:"opens"`
	Closes       string `json:"closes"`
	Notification string `json:"notification,omitempty"`
	Mode         Mode   `json:"review_mode"`
	Sequence     int64  `json:"sequence"`
	CreatedAt    int64  `json:"created_at"`
	UpdatedAt    int64  `json:"updated_at"`
}

// OpenOn reports whether the call takes submissions on day (YYYY-MM-DD).
func (c *Call) OpenOn(day string) bool { return day >= c.Opens && day <= c.Closes }

// Author is one author of a submission, in order.
type Author struct {
	Name        string `json:"name"`
	Email       string `json:"email"`
	ORCID       string `json:"orcid"`
	Affiliation string `json:"affiliation"`
}

// Submission is a work submitted to a call, as editors and its authors see
// it. Reviewers never get this type: they get a ReviewerView.
type Submission struct {
	ID           int64    `json:"id"`
	CallID       int64    `json:"call"`
	SubmitterID  int64    `json:"-"`
	Title        string   `json:"title"`
	Abstract     string   `json:"abstract"`
	Language     string   `json:"language"`
	Keywords     []string `json:"keywords"`
	Authors      []Author `json:"authors"`
	Stage        Stage    `json:"stage"`
	Status       Status   `json:"status"`
	Round        int64    `json:"round"`
	Originality  bool     `json:"declared_originality"`
	Ethics       bool     `json:"declared_ethics"`
	Conflicts    string   `json:"declared_conflicts"`
	PublishedKey string   `json:"published_key,omitempty"`
	PublishedURL string   `json:"published_url,omitempty"`
	// Track is the track an abstract is for (change_track); JoinedTo the
	// submission it duplicates (mark_duplicate) or was merged into (merge).
	Track     string `json:"track,omitempty"`
	JoinedTo  int64  `json:"joined_to,omitempty"`
	CreatedAt int64  `json:"created_at"`
	UpdatedAt int64  `json:"updated_at"`
}

// File is an uploaded file of a submission.
type File struct {
	ID            int64  `json:"id"`
	SubmissionID  int64  `json:"submission"`
	Round         int64  `json:"round"`
	Revision      int64  `json:"revision"`
	Name          string `json:"name"`
	ContentType   string `json:"content_type"`
	Size          int64  `json:"size"`
	BlobKey       string `json:"-"`
	ReviewBlobKey string `json:"-"`
	// ReviewStatus: ready (reviewers may read the review copy), pending
	// (its author metadata is not stripped yet), none (not for reviewers).
	ReviewStatus string `json:"review_copy"`
	CreatedAt    int64  `json:"created_at"`
}

// Assignment is one reviewer's review of one round of a submission.
type Assignment struct {
	ID             int64  `json:"id"`
	SubmissionID   int64  `json:"submission"`
	Round          int64  `json:"round"`
	ReviewerID     int64  `json:"-"`
	Due            string `json:"due"`
	Status         string `json:"status"`
	Recommendation string `json:"recommendation,omitempty"`
	CommentsAuthor string `json:"comments_for_author,omitempty"`
	CommentsEditor string `json:"comments_for_editor,omitempty"`
	InvitedAt      int64  `json:"invited_at"`
	RespondedAt    int64  `json:"responded_at,omitempty"`
	CompletedAt    int64  `json:"completed_at,omitempty"`
}

// Assignment statuses.
const (
	Invited   = "invited"
	Accepted  = "accepted"
	Declined  = "declined"
	Completed = "completed"
	Cancelled = "cancelled"
)

// Recommendations a reviewer may make (OJS's list).
var Recommendations = []string{"accept", "minor_revisions", "major_revisions", "resubmit_elsewhere", "decline", "see_comments"}

// Message is one message of a stage's discussion.
type Message struct {
	ID           int64  `json:"id"`
	Stage        Stage  `json:"stage"`
	Audience     string `json:"audience"`
	AuthorID     int64  `json:"-"`
	AssignmentID int64  `json:"-"`
	AuthorRole   string `json:"author_role"`
	Body         string `json:"body"`
	CreatedAt    int64  `json:"created_at"`
}

// DecisionRecord is a decision taken on a submission.
type DecisionRecord struct {
	Round     int64  `json:"round"`
	Decision  string `json:"decision"`
	Param     string `json:"param,omitempty"`
	Note      string `json:"note,omitempty"`
	CreatedAt int64  `json:"created_at"`
}

// Person is an account as the engine needs it.
type Person struct {
	ID     int64
	Name   string
	Email  string
	Lang   string
	Active bool
}

// Directory finds accounts; internal/app gives it from the accounts service.
type Directory interface {
	PersonByEmail(ctx context.Context, email string) (Person, error)
	PersonByID(ctx context.Context, id int64) (Person, error)
}

// AcceptedWork is what the engine hands a Publisher when a submission is
// published: its metadata and files, authors in order.
type AcceptedWork struct {
	SubmissionID int64
	Target       string // the call's target key, e.g. publishing:series:7
	Title        string
	Abstract     string
	Language     string
	Authors      []Author
	Keywords     []string
	Track        string // an abstract's track, when an editor chose one
	Files        []AcceptedFile
}

// AcceptedFile is a file of an accepted work, in the blob store.
type AcceptedFile struct {
	BlobKey     string
	Name        string
	ContentType string
}

// Publisher turns an accepted work into a publication of the call's
// target (a series' next paper); it returns the new thing's key and URL.
type Publisher interface {
	PublishAccepted(ctx context.Context, w AcceptedWork) (key, url string, err error)
}

// Actor is who calls the service: the account and whether it may manage
// reviews (editors) and see authors under triple-anonymous review (admins).
type Actor struct {
	UserID     int64
	Name       string
	Editor     bool
	SeeAuthors bool // admins: the managing editor of triple-anonymous review
}

// today returns the day in UTC as YYYY-MM-DD.
func today(now time.Time) string { return now.UTC().Format("2006-01-02") }

// Version numbers a file's revision from 1, as authors count them.
func (f File) Version() int64 { return f.Revision + 1 }
