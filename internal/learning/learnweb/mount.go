// Package learnweb serves the learning domain: the public course
// catalogue, course pages, lessons and quizzes for members, the learner's
// dashboard, the trainers' forms (courses, modules, lessons, quizzes, the
// question bank with GIFT and Moodle XML import and export, the grading
// queue, reports) and the JSON API under /api/v1/learning.
//
// One file per page family: courses.go (catalogue, course, lesson,
// enrolment, dashboard), session.go, session_form.go and session_api.go
// (training sessions), quiz.go (attempts), author.go (trainers' course
// forms), bank.go (question bank), grading.go, reports.go, files.go and
// api.go. This file mounts them.
package learnweb

import (
	"context"
	"embed"
	"io/fs"
	"net/http"

	"corridor/internal/accounts"
	"corridor/internal/blob"
	"corridor/internal/errs"
	"corridor/internal/learning"
	"corridor/internal/links"
	"corridor/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed assets/learning.css
var learningCSS []byte

// Linked is what learnweb needs of the typed links: what a lesson or a
// course teaches.
type Linked interface {
	From(ctx context.Context, k links.Key, r links.Reader) (links.Groups, error)
}

// Handler serves the learning pages and API.
type Handler struct {
	Web   *web.Server
	Svc   *learning.Service
	Links Linked
	Blobs blob.Store
}

// Mount adds the learning templates and routes to the server.
func Mount(srv *web.Server, svc *learning.Service, lk Linked, blobs blob.Store) (*Handler, error) {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return nil, err
	}
	if err := srv.AddTemplates(sub); err != nil {
		return nil, err
	}
	h := &Handler{Web: srv, Svc: svc, Links: lk, Blobs: blobs}
	srv.AddRoutes(h.Routes()...)
	srv.AddHomePanel(web.HomePanel{ID: "learning", Order: 35, Build: h.homeBlock})
	return h, nil
}

// maxUpload bounds a lesson file or an imported bank.
const maxUpload = 8 << 20

// Routes are the learning routes with their permissions.
func (h *Handler) Routes() []web.Route {
	pub, in, teach := accounts.PermPublic, accounts.PermSignedIn, accounts.PermTeach
	return []web.Route{
		{Method: "GET", Pattern: "/learning", Perm: pub, Handler: h.catalogue},
		{Method: "GET", Pattern: "/learning/assets/learning.css", Perm: pub, Handler: web.AssetHandler("/learning/assets/learning.css", learningCSS)},
		{Method: "GET", Pattern: "/learning/courses/{course}", Perm: pub, Handler: h.course},
		{Method: "POST", Pattern: "/learning/courses/{course}/enrol", Perm: in, Handler: h.enrol},
		{Method: "GET", Pattern: "/learning/lessons/{lesson}", Perm: in, Handler: h.lesson},
		{Method: "POST", Pattern: "/learning/lessons/{lesson}/done", Perm: in, Handler: h.lessonDone},
		{Method: "GET", Pattern: "/learning/dashboard", Perm: in, Handler: h.dashboard},
		{Method: "GET", Pattern: "/learning/quizzes/{quiz}", Perm: in, Handler: h.quiz},
		{Method: "POST", Pattern: "/learning/quizzes/{quiz}/attempts", Perm: in, Handler: h.startAttempt},
		{Method: "GET", Pattern: "/learning/attempts/{attempt}", Perm: in, Handler: h.attempt},
		{Method: "POST", Pattern: "/learning/attempts/{attempt}", Perm: in, Handler: h.saveAttempt},
		{Method: "GET", Pattern: "/learning/files/{file}/{name}", Perm: in, Handler: h.file},

		{Method: "GET", Pattern: "/learning/new", Perm: teach, Handler: h.newCourseForm},
		{Method: "POST", Pattern: "/learning/courses", Perm: teach, Handler: h.createCourse},
		{Method: "GET", Pattern: "/learning/courses/{course}/edit", Perm: teach, Handler: h.editCourseForm},
		{Method: "POST", Pattern: "/learning/courses/{course}/edit", Perm: teach, Handler: h.editCourse},
		{Method: "POST", Pattern: "/learning/courses/{course}/modules", Perm: teach, Handler: h.addModule},
		{Method: "POST", Pattern: "/learning/courses/{course}/files", Perm: teach, Handler: h.upload, MaxBody: maxUpload + 64<<10},
		{Method: "GET", Pattern: "/learning/modules/{module}/lessons/new", Perm: teach, Handler: h.newLessonForm},
		{Method: "POST", Pattern: "/learning/modules/{module}/lessons", Perm: teach, Handler: h.createLesson},
		{Method: "GET", Pattern: "/learning/lessons/{lesson}/edit", Perm: teach, Handler: h.editLessonForm},
		{Method: "POST", Pattern: "/learning/lessons/{lesson}/edit", Perm: teach, Handler: h.editLesson},
		{Method: "GET", Pattern: "/learning/modules/{module}/quizzes/new", Perm: teach, Handler: h.newQuizForm},
		{Method: "POST", Pattern: "/learning/modules/{module}/quizzes", Perm: teach, Handler: h.createQuiz},
		{Method: "GET", Pattern: "/learning/bank", Perm: teach, Handler: h.bank},
		{Method: "POST", Pattern: "/learning/bank/import", Perm: teach, Handler: h.importBank, MaxBody: maxUpload + 64<<10},
		{Method: "GET", Pattern: "/learning/bank/export/{format}", Perm: teach, Handler: h.exportBank},
		{Method: "GET", Pattern: "/learning/questions/{question}/edit", Perm: teach, Handler: h.editQuestionForm},
		{Method: "POST", Pattern: "/learning/questions/{question}/edit", Perm: teach, Handler: h.editQuestion},
		{Method: "GET", Pattern: "/learning/grading", Perm: teach, Handler: h.grading},
		{Method: "POST", Pattern: "/learning/grading/{attempt}/{question}", Perm: teach, Handler: h.grade},
		{Method: "GET", Pattern: "/learning/courses/{course}/report", Perm: teach, Handler: h.report},
		{Method: "GET", Pattern: "/learning/courses/{course}/report/{format}", Perm: teach, Handler: h.reportExport},
		{Method: "GET", Pattern: "/learning/quizzes/{quiz}/report", Perm: teach, Handler: h.quizReport},

		{Method: "GET", Pattern: "/training/sessions", Perm: pub, Handler: h.sessions},
		{Method: "GET", Pattern: "/training/sessions/{session}", Perm: pub, Handler: h.sessionOrCalendar},
		{Method: "POST", Pattern: "/training/sessions/{session}/enrol", Perm: in, Handler: h.enrolSession},
		{Method: "POST", Pattern: "/training/sessions/{session}/leave", Perm: in, Handler: h.leaveSession},
		{Method: "GET", Pattern: "/training/sessions/new", Perm: teach, Handler: h.newSessionForm},
		{Method: "POST", Pattern: "/training/sessions", Perm: teach, Handler: h.createSession},
		{Method: "GET", Pattern: "/training/sessions/{session}/edit", Perm: teach, Handler: h.editSessionForm},
		{Method: "POST", Pattern: "/training/sessions/{session}/edit", Perm: teach, Handler: h.editSession},
		{Method: "POST", Pattern: "/training/sessions/{session}/cancel", Perm: teach, Handler: h.cancelSession},
		{Method: "POST", Pattern: "/training/sessions/{session}/attendance", Perm: teach, Handler: h.markAttendance},
		{Method: "POST", Pattern: "/training/sessions/{session}/decide", Perm: teach, Handler: h.decideSeat},

		{Method: "GET", Pattern: "/api/v1/learning/courses", Perm: pub, Handler: h.apiCourses, API: true},
		{Method: "POST", Pattern: "/api/v1/learning/courses", Perm: teach, Handler: h.apiCreateCourse, API: true},
		{Method: "GET", Pattern: "/api/v1/learning/courses/{course}", Perm: pub, Handler: h.apiCourse, API: true},
		{Method: "POST", Pattern: "/api/v1/learning/courses/{course}/enrolments", Perm: in, Handler: h.apiEnrol, API: true},
		{Method: "GET", Pattern: "/api/v1/learning/courses/{course}/progress", Perm: in, Handler: h.apiProgress, API: true},
		{Method: "GET", Pattern: "/api/v1/learning/completions", Perm: in, Handler: h.apiCompletions, API: true},
		{Method: "POST", Pattern: "/api/v1/learning/quizzes/{quiz}/attempts", Perm: in, Handler: h.apiStart, API: true},
		{Method: "GET", Pattern: "/api/v1/learning/attempts/{attempt}", Perm: in, Handler: h.apiAttempt, API: true},
		{Method: "PUT", Pattern: "/api/v1/learning/attempts/{attempt}/answers/{question}", Perm: in, Handler: h.apiAnswer, API: true},
		{Method: "POST", Pattern: "/api/v1/learning/attempts/{attempt}/submit", Perm: in, Handler: h.apiSubmit, API: true},
		{Method: "POST", Pattern: "/api/v1/learning/bank", Perm: teach, Handler: h.apiImportBank, API: true, MaxBody: maxUpload + 64<<10},
		{Method: "POST", Pattern: "/api/v1/training/sessions", Perm: teach, Handler: h.apiCreateSession, API: true},
		{Method: "GET", Pattern: "/api/v1/training/sessions/{session}", Perm: pub, Handler: h.apiSession, API: true},
		{Method: "POST", Pattern: "/api/v1/training/sessions/{session}/enrolments", Perm: in, Handler: h.apiEnrolSession, API: true},
		{Method: "DELETE", Pattern: "/api/v1/training/sessions/{session}/enrolments", Perm: in, Handler: h.apiLeaveSession, API: true},
	}
}

// canTeach reports whether the request's user authors courses.
func canTeach(r *http.Request) bool {
	u := web.UserFrom(r.Context())
	return u != nil && accounts.Can(u.Role, accounts.PermTeach)
}

func userID(r *http.Request) int64 {
	if u := web.UserFrom(r.Context()); u != nil {
		return u.ID
	}
	return 0
}

func reader(r *http.Request) links.Reader { return web.LinkReader(r.Context()) }

// pathID reads a numeric path value; anything else is a missing page.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := web.PathInt(r, name)
	if err != nil || id <= 0 {
		return 0, learning.ErrNotFound
	}
	return id, nil
}

// visibleCourse reads a course version for the request: an unpublished
// one only for trainers.
func (h *Handler) visibleCourse(r *http.Request, id int64) (learning.Course, error) {
	c, err := h.Svc.CourseIn(r.Context(), id, web.LangFrom(r.Context()))
	if err != nil {
		return learning.Course{}, err
	}
	if !c.Published && !canTeach(r) {
		return learning.Course{}, learning.ErrNotFound
	}
	return c, nil
}

// mayStudy: enrolled in the course's family, or a trainer.
func (h *Handler) mayStudy(r *http.Request, family int64) error {
	if canTeach(r) {
		return nil
	}
	ok, err := h.Svc.Enrolled(r.Context(), family, userID(r))
	if err != nil {
		return err
	}
	if !ok {
		return learning.ErrNotEnrolled
	}
	return nil
}

func errFields(fields map[string]string) error {
	return &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: fields}
}
