package learnweb

import (
	"net/http"
	"strings"

	"corridor/internal/errs"
	"corridor/internal/learning"
	"corridor/internal/web"
)

func (h *Handler) apiCourses(w http.ResponseWriter, r *http.Request) error {
	cs, err := h.Svc.Catalogue(r.Context(), web.LangFrom(r.Context()), canTeach(r))
	if err != nil {
		return err
	}
	if cs == nil {
		cs = []learning.Course{}
	}
	return web.WriteJSON(w, http.StatusOK, cs)
}

func (h *Handler) apiCourse(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	lang := r.URL.Query().Get("lang")
	if lang == "" {
		lang = web.LangFrom(r.Context())
	}
	c, err := h.Svc.CourseIn(r.Context(), id, lang)
	if err != nil {
		return err
	}
	if !c.Published && !canTeach(r) {
		return learning.ErrNotFound
	}
	if !canTeach(r) {
		// Lesson texts are for learners: the public and the API list
		// the outline.
		enrolled := false
		if userID(r) != 0 {
			enrolled, _ = h.Svc.Enrolled(r.Context(), c.Family, userID(r))
		}
		if !enrolled {
			for i := range c.Modules {
				for j := range c.Modules[i].Lessons {
					c.Modules[i].Lessons[j].Body = ""
				}
			}
		}
	}
	return web.WriteJSON(w, http.StatusOK, c)
}

type apiCourseIn struct {
	Family    int64  `json:"family"`
	Lang      string `json:"lang"`
	Slug      string `json:"slug"`
	Title     string `json:"title"`
	Summary   string `json:"summary"`
	Pacing    string `json:"pacing"`
	OpensAt   int64  `json:"opens_at"`
	ClosesAt  int64  `json:"closes_at"`
	CompleteN int    `json:"complete_n"`
	Published bool   `json:"published"`
	Modules   []struct {
		Title   string `json:"title"`
		Lessons []struct {
			Title string   `json:"title"`
			Body  string   `json:"body"`
			Links []string `json:"links"`
		} `json:"lessons"`
	} `json:"modules"`
}

// apiCreateCourse creates a course version, with its modules and lessons
// when given.
func (h *Handler) apiCreateCourse(w http.ResponseWriter, r *http.Request) error {
	var in apiCourseIn
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if len(in.Modules) > 100 {
		return errs.Fields{"modules": "learning.error.too_many"}.Err()
	}
	c, err := h.Svc.CreateCourse(r.Context(), learning.Course{Family: in.Family, Lang: in.Lang, Slug: in.Slug, Title: in.Title, Summary: in.Summary,
		Pacing: in.Pacing, OpensAt: in.OpensAt, ClosesAt: in.ClosesAt, CompleteN: in.CompleteN, Published: in.Published}, userID(r))
	if err != nil {
		return err
	}
	for _, m := range in.Modules {
		mod, err := h.Svc.AddModule(r.Context(), c.ID, m.Title)
		if err != nil {
			return err
		}
		for _, l := range m.Lessons {
			if _, err := h.Svc.AddLesson(r.Context(), mod.ID, learning.LessonInput{Title: l.Title, Body: l.Body, Links: strings.Join(l.Links, "\n")}, reader(r)); err != nil {
				return err
			}
		}
	}
	c, err = h.Svc.Course(r.Context(), c.ID)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, c)
}

func (h *Handler) apiEnrol(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	if err := h.Svc.Enrol(r.Context(), id, userID(r)); err != nil {
		return err
	}
	p, err := h.Svc.Progress(r.Context(), id, userID(r))
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, p)
}

func (h *Handler) apiProgress(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	if _, err := h.visibleCourse(r, id); err != nil {
		return err
	}
	p, err := h.Svc.Progress(r.Context(), id, userID(r))
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, p)
}

func (h *Handler) apiCompletions(w http.ResponseWriter, r *http.Request) error {
	cs, err := h.Svc.Completions(r.Context(), userID(r))
	if err != nil {
		return err
	}
	if cs == nil {
		cs = []learning.Completion{}
	}
	return web.WriteJSON(w, http.StatusOK, cs)
}

func (h *Handler) apiStart(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "quiz")
	if err != nil {
		return err
	}
	a, err := h.Svc.StartAttempt(r.Context(), id, userID(r))
	if err != nil {
		return err
	}
	p, err := h.Svc.Paper(r.Context(), a.ID, userID(r))
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, p)
}

func (h *Handler) apiAttempt(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "attempt")
	if err != nil {
		return err
	}
	p, err := h.Svc.Paper(r.Context(), id, userID(r))
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, p)
}

func (h *Handler) apiAnswer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "attempt")
	if err != nil {
		return err
	}
	qid, err := pathID(r, "question")
	if err != nil {
		return err
	}
	var resp learning.Response
	if err := web.DecodeJSON(r, &resp); err != nil {
		return err
	}
	if err := h.Svc.Answer(r.Context(), id, userID(r), qid, resp); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type submitIn struct {
	// Answers maps question ids (as JSON object keys) to responses saved
	// with the submission.
	Answers map[int64]learning.Response `json:"answers"`
}

func (h *Handler) apiSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "attempt")
	if err != nil {
		return err
	}
	var in submitIn
	if r.ContentLength != 0 {
		if err := web.DecodeJSON(r, &in); err != nil {
			return err
		}
	}
	if len(in.Answers) > learning.MaxQuizQuestions {
		return errs.Fields{"answers": "learning.error.too_many"}.Err()
	}
	if _, err := h.Svc.Submit(r.Context(), id, userID(r), in.Answers); err != nil {
		return err
	}
	p, err := h.Svc.Paper(r.Context(), id, userID(r))
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, p)
}

// apiImportBank imports a GIFT or Moodle XML bank sent as the request
// body (?format=gift|xml).
func (h *Handler) apiImportBank(w http.ResponseWriter, r *http.Request) error {
	qs, err := parseBank(r.URL.Query().Get("format"), r.Body)
	if err != nil {
		return err
	}
	ids, err := h.Svc.ImportQuestions(r.Context(), qs, r.URL.Query().Get("format"))
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, map[string]any{"imported": len(ids), "ids": ids})
}
