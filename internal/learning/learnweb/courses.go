package learnweb

import (
	"fmt"
	"html/template"
	"net/http"

	"corridor/internal/learning"
	"corridor/internal/links"
	"corridor/internal/web"
)

type catalogueData struct {
	Courses  []learning.Course
	CanTeach bool
}

func (h *Handler) catalogue(w http.ResponseWriter, r *http.Request) error {
	cs, err := h.Svc.Catalogue(r.Context(), web.LangFrom(r.Context()), canTeach(r))
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "learning_catalogue", web.Page{Title: "learning.title", Data: catalogueData{Courses: cs, CanTeach: canTeach(r)}})
	return nil
}

type courseData struct {
	Course   learning.Course
	Progress *learning.Progress
	SignedIn bool
	CanTeach bool
	Teaches  []links.Entry
	Open     bool // a cohort's enrolment is open (or self-paced)
	Now      int64
	Sessions []sessionView // upcoming training sessions of the course
}

func (h *Handler) course(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	c, err := h.visibleCourse(r, id)
	if err != nil {
		return err
	}
	// An enrolled learner follows the version they enrolled through,
	// whatever the interface language.
	if u := userID(r); u != 0 {
		v, err := h.Svc.EnrolledVersion(r.Context(), c.Family, u)
		if err != nil {
			return err
		}
		if v != 0 && v != c.ID {
			if c, err = h.Svc.Course(r.Context(), v); err != nil {
				return err
			}
		}
	}
	d := courseData{Course: c, SignedIn: userID(r) != 0, CanTeach: canTeach(r), Now: h.Svc.Now().Unix()}
	d.Open = c.Pacing == learning.SelfPaced || (d.Now >= c.OpensAt && d.Now <= c.ClosesAt)
	if d.SignedIn {
		p, err := h.Svc.Progress(r.Context(), c.ID, userID(r))
		if err != nil {
			return err
		}
		d.Progress = &p
	}
	sessions, err := h.Svc.CourseSessions(r.Context(), c.Family)
	if err != nil {
		return err
	}
	for _, x := range sessions {
		d.Sessions = append(d.Sessions, h.viewOf(r, x.Redact()))
	}
	if h.Links != nil {
		// What the course's lessons teach, gathered for the outline.
		seen := map[string]bool{}
		for _, m := range c.Modules {
			for _, l := range m.Lessons {
				g, err := h.Links.From(r.Context(), learning.LessonKey(l.ID), reader(r))
				if err != nil {
					return err
				}
				for _, e := range g.Of(links.Teaches) {
					if !seen[e.To.Key.String()] {
						seen[e.To.Key.String()] = true
						d.Teaches = append(d.Teaches, e)
					}
				}
			}
		}
	}
	h.Web.Render(w, r, "learning_course", web.Page{Title: c.Title, Data: d})
	return nil
}

func (h *Handler) enrol(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	if err := h.Svc.Enrol(r.Context(), id, userID(r)); err != nil {
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/learning/courses/%d", id), "learning.flash.enrolled")
	return nil
}

type lessonData struct {
	Course   learning.Course
	Module   learning.Module
	Lesson   learning.Lesson
	Body     template.HTML
	Teaches  []links.Entry
	Viewed   bool
	Enrolled bool
	CanTeach bool
	Next     string
}

func (h *Handler) lesson(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "lesson")
	if err != nil {
		return err
	}
	l, courseID, err := h.Svc.Lesson(r.Context(), id)
	if err != nil {
		return err
	}
	c, err := h.Svc.Course(r.Context(), courseID)
	if err != nil {
		return err
	}
	if !c.Published && !canTeach(r) {
		return learning.ErrNotFound
	}
	if err := h.mayStudy(r, c.Family); err != nil {
		return err
	}
	d := lessonData{Course: c, Lesson: l, Body: RenderMarkdown(l.Body), CanTeach: canTeach(r)}
	// The next item after this lesson: the module's next lesson, its
	// first quiz, or the course page.
	d.Next = fmt.Sprintf("/learning/courses/%d", c.ID)
	for _, m := range c.Modules {
		if m.ID != l.ModuleID {
			continue
		}
		d.Module = m
		for i, x := range m.Lessons {
			if x.ID == l.ID && i+1 < len(m.Lessons) {
				d.Next = fmt.Sprintf("/learning/lessons/%d", m.Lessons[i+1].ID)
			} else if x.ID == l.ID && len(m.Quizzes) > 0 {
				d.Next = fmt.Sprintf("/learning/quizzes/%d", m.Quizzes[0].ID)
			}
		}
	}
	p, err := h.Svc.Progress(r.Context(), c.ID, userID(r))
	if err != nil {
		return err
	}
	d.Viewed, d.Enrolled = p.ViewedLessons[l.ID], p.Enrolled
	if h.Links != nil {
		g, err := h.Links.From(r.Context(), learning.LessonKey(l.ID), reader(r))
		if err != nil {
			return err
		}
		d.Teaches = g.Of(links.Teaches)
	}
	h.Web.Render(w, r, "learning_lesson", web.Page{Title: l.Title, Data: d})
	return nil
}

func (h *Handler) lessonDone(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "lesson")
	if err != nil {
		return err
	}
	if err := h.Svc.ViewLesson(r.Context(), userID(r), id); err != nil {
		return err
	}
	next := web.SafeLocalPath(r.PostFormValue("next"))
	if next == "" || next == "/" {
		next = fmt.Sprintf("/learning/lessons/%d", id)
	}
	h.Web.Redirect(w, r, next, "learning.flash.lesson_done")
	return nil
}

func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request) error {
	ps, err := h.Svc.Dashboard(r.Context(), userID(r))
	if err != nil {
		return err
	}
	comps, err := h.Svc.Completions(r.Context(), userID(r))
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "learning_dashboard", web.Page{Title: "learning.dashboard.title", Data: map[string]any{"Courses": ps, "Completions": comps, "CanTeach": canTeach(r)}})
	return nil
}
