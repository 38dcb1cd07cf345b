package learnweb

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"corridor/internal/learning"
	"corridor/internal/web"
)

var courseFields = []string{"lang", "slug", "title", "summary", "pacing", "opens_at", "closes_at", "complete_n", "published", "family"}

type courseFormData struct {
	Course    learning.Course
	Edit      bool
	Languages []string
	Files     []learning.File
}

func (h *Handler) newCourseForm(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm()
	f.Values["lang"] = web.LangFrom(r.Context())
	f.Values["pacing"] = learning.SelfPaced
	if fam := r.URL.Query().Get("family"); fam != "" {
		f.Values["family"] = fam
	}
	h.Web.Render(w, r, "learning_course_form", web.Page{Title: "learning.course.new", Form: f, Data: courseFormData{Languages: learning.Languages}})
	return nil
}

// parseDay reads a YYYY-MM-DD form date as unix seconds (0 when blank).
func parseDay(s string) (int64, bool) {
	if strings.TrimSpace(s) == "" {
		return 0, true
	}
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	return t.Unix(), err == nil
}

func dayOf(unix int64) string {
	if unix == 0 {
		return ""
	}
	return time.Unix(unix, 0).UTC().Format("2006-01-02")
}

// courseFromForm reads the course form; bad numbers and dates are
// reported by field.
func courseFromForm(f *web.Form) (learning.Course, map[string]string) {
	bad := map[string]string{}
	c := learning.Course{Lang: f.Value("lang"), Slug: f.Value("slug"), Title: f.Value("title"), Summary: f.Value("summary"), Pacing: f.Value("pacing"), Published: f.Value("published") == "on"}
	var ok bool
	if c.OpensAt, ok = parseDay(f.Value("opens_at")); !ok {
		bad["opens_at"] = "learning.error.date"
	}
	if c.ClosesAt, ok = parseDay(f.Value("closes_at")); !ok {
		bad["closes_at"] = "learning.error.date"
	} else if c.ClosesAt > 0 {
		c.ClosesAt += 86399 // the whole closing day
	}
	if s := strings.TrimSpace(f.Value("complete_n")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			bad["complete_n"] = "learning.error.complete_n"
		}
		c.CompleteN = n
	}
	if s := strings.TrimSpace(f.Value("family")); s != "" {
		c.Family, _ = strconv.ParseInt(s, 10, 64)
	}
	return c, bad
}

func (h *Handler) formFail(w http.ResponseWriter, r *http.Request, page, title string, f *web.Form, data any, fields map[string]string) error {
	for k, v := range fields {
		f.Errors[k] = v
	}
	return h.Web.RenderFormError(w, r, page, web.Page{Title: title, Form: f, Data: data}, errFields(fields))
}

func (h *Handler) createCourse(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, courseFields...)
	c, bad := courseFromForm(f)
	data := courseFormData{Languages: learning.Languages}
	if len(bad) > 0 {
		return h.formFail(w, r, "learning_course_form", "learning.course.new", f, data, bad)
	}
	c, err := h.Svc.CreateCourse(r.Context(), c, userID(r))
	if err != nil {
		return h.Web.RenderFormError(w, r, "learning_course_form", web.Page{Title: "learning.course.new", Form: f, Data: data}, err)
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/learning/courses/%d/edit", c.ID), "learning.flash.created")
	return nil
}

func (h *Handler) editCourseForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	c, err := h.Svc.Course(r.Context(), id)
	if err != nil {
		return err
	}
	f := web.NewForm()
	f.Values = map[string]string{"lang": c.Lang, "slug": c.Slug, "title": c.Title, "summary": c.Summary, "pacing": c.Pacing,
		"opens_at": dayOf(c.OpensAt), "closes_at": dayOf(c.ClosesAt), "complete_n": strconv.Itoa(c.CompleteN)}
	if c.Published {
		f.Values["published"] = "on"
	}
	files, err := h.Svc.Files(r.Context(), id)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "learning_course_form", web.Page{Title: c.Title, Form: f, Data: courseFormData{Course: c, Edit: true, Languages: learning.Languages, Files: files}})
	return nil
}

func (h *Handler) editCourse(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	old, err := h.Svc.Course(r.Context(), id)
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, courseFields...)
	c, bad := courseFromForm(f)
	c.ID, c.Lang, c.Slug = id, old.Lang, old.Slug
	data := courseFormData{Course: old, Edit: true, Languages: learning.Languages}
	if len(bad) > 0 {
		return h.formFail(w, r, "learning_course_form", old.Title, f, data, bad)
	}
	if err := h.Svc.UpdateCourse(r.Context(), c); err != nil {
		return h.Web.RenderFormError(w, r, "learning_course_form", web.Page{Title: old.Title, Form: f, Data: data}, err)
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/learning/courses/%d/edit", id), "learning.flash.saved")
	return nil
}

func (h *Handler) addModule(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	if _, err := h.Svc.AddModule(r.Context(), id, r.PostFormValue("title")); err != nil {
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/learning/courses/%d/edit", id), "learning.flash.created")
	return nil
}

type lessonFormData struct {
	ModuleID int64
	Lesson   learning.Lesson
	CourseID int64
}

func (h *Handler) newLessonForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "module")
	if err != nil {
		return err
	}
	courseID, err := h.Svc.CourseOfModule(r.Context(), id)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "learning_lesson_form", web.Page{Title: "learning.lesson.new", Form: web.NewForm(), Data: lessonFormData{ModuleID: id, CourseID: courseID}})
	return nil
}

func (h *Handler) createLesson(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "module")
	if err != nil {
		return err
	}
	courseID, err := h.Svc.CourseOfModule(r.Context(), id)
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, "title", "body", "links")
	l, err := h.Svc.AddLesson(r.Context(), id, learning.LessonInput{Title: f.Value("title"), Body: f.Value("body"), Links: f.Value("links")}, reader(r))
	if err != nil {
		return h.Web.RenderFormError(w, r, "learning_lesson_form", web.Page{Title: "learning.lesson.new", Form: f, Data: lessonFormData{ModuleID: id, CourseID: courseID}}, err)
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/learning/lessons/%d", l.ID), "learning.flash.created")
	return nil
}

func (h *Handler) editLessonForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "lesson")
	if err != nil {
		return err
	}
	l, courseID, err := h.Svc.Lesson(r.Context(), id)
	if err != nil {
		return err
	}
	keys, err := h.Svc.LessonLinks(r.Context(), id)
	if err != nil {
		return err
	}
	f := web.NewForm()
	f.Values = map[string]string{"title": l.Title, "body": l.Body, "links": keys}
	h.Web.Render(w, r, "learning_lesson_form", web.Page{Title: l.Title, Form: f, Data: lessonFormData{ModuleID: l.ModuleID, Lesson: l, CourseID: courseID}})
	return nil
}

func (h *Handler) editLesson(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "lesson")
	if err != nil {
		return err
	}
	l, courseID, err := h.Svc.Lesson(r.Context(), id)
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, "title", "body", "links")
	if err := h.Svc.UpdateLesson(r.Context(), id, learning.LessonInput{Title: f.Value("title"), Body: f.Value("body"), Links: f.Value("links")}, reader(r)); err != nil {
		return h.Web.RenderFormError(w, r, "learning_lesson_form", web.Page{Title: l.Title, Form: f, Data: lessonFormData{ModuleID: l.ModuleID, Lesson: l, CourseID: courseID}}, err)
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/learning/lessons/%d", id), "learning.flash.saved")
	return nil
}

var quizFields = []string{"title", "attempts_max", "time_limit", "pass_mark", "shuffle_questions", "shuffle_options", "review"}

type quizFormData struct {
	ModuleID  int64
	Questions []learning.Question
	Chosen    map[int64]bool
}

func (h *Handler) quizFormData(r *http.Request, moduleID int64, chosen []string) (quizFormData, error) {
	qs, err := h.Svc.Questions(r.Context(), 0)
	d := quizFormData{ModuleID: moduleID, Questions: qs, Chosen: map[int64]bool{}}
	for _, c := range chosen {
		id, _ := strconv.ParseInt(c, 10, 64)
		d.Chosen[id] = true
	}
	return d, err
}

func (h *Handler) newQuizForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "module")
	if err != nil {
		return err
	}
	if _, err := h.Svc.CourseOfModule(r.Context(), id); err != nil {
		return err
	}
	d, err := h.quizFormData(r, id, nil)
	if err != nil {
		return err
	}
	f := web.NewForm()
	f.Values = map[string]string{"pass_mark": "50", "attempts_max": "0", "time_limit": "0", "review": learning.ReviewImmediately}
	h.Web.Render(w, r, "learning_quiz_form", web.Page{Title: "learning.quiz.new", Form: f, Data: d})
	return nil
}

func (h *Handler) createQuiz(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "module")
	if err != nil {
		return err
	}
	courseID, err := h.Svc.CourseOfModule(r.Context(), id)
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, quizFields...)
	d, err := h.quizFormData(r, id, r.PostForm["question"])
	if err != nil {
		return err
	}
	q := learning.Quiz{ModuleID: id, Title: f.Value("title"), Review: f.Value("review"),
		ShuffleQuestions: f.Value("shuffle_questions") == "on", ShuffleOptions: f.Value("shuffle_options") == "on"}
	bad := map[string]string{}
	var e1, e2, e3 error
	q.AttemptsMax, e1 = strconv.Atoi(strings.TrimSpace(f.Value("attempts_max")))
	minutes, e2 := strconv.Atoi(strings.TrimSpace(f.Value("time_limit")))
	q.TimeLimit = int64(minutes) * 60
	q.PassMark, e3 = strconv.ParseFloat(strings.TrimSpace(f.Value("pass_mark")), 64)
	for field, e := range map[string]error{"attempts_max": e1, "time_limit": e2, "pass_mark": e3} {
		if e != nil {
			bad[field] = "learning.error.number"
		}
	}
	for _, x := range d.Questions {
		if d.Chosen[x.ID] {
			q.QuestionIDs = append(q.QuestionIDs, x.ID)
		}
	}
	if len(bad) > 0 {
		return h.formFail(w, r, "learning_quiz_form", "learning.quiz.new", f, d, bad)
	}
	if _, err := h.Svc.AddQuiz(r.Context(), q); err != nil {
		return h.Web.RenderFormError(w, r, "learning_quiz_form", web.Page{Title: "learning.quiz.new", Form: f, Data: d}, err)
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/learning/courses/%d/edit", courseID), "learning.flash.created")
	return nil
}
