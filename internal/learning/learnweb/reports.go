package learnweb

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"corridor/internal/cellsafe"
	"corridor/internal/data/xlsx"
	"corridor/internal/learning"
	"corridor/internal/web"
)

type reportData struct {
	Course   learning.Course
	Learners []learning.LearnerRow
}

func (h *Handler) report(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	c, err := h.Svc.Course(r.Context(), id)
	if err != nil {
		return err
	}
	rows, err := h.Svc.LearnerReport(r.Context(), id)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "learning_report", web.Page{Title: c.Title, Data: reportData{Course: c, Learners: rows}})
	return nil
}

func isoDay(unix int64) string {
	if unix == 0 {
		return ""
	}
	return time.Unix(unix, 0).UTC().Format("2006-01-02")
}

// reportExport sends the learner report as CSV or XLSX; names and
// addresses are written through cellsafe so none runs as a formula.
func (h *Handler) reportExport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	c, err := h.Svc.Course(r.Context(), id)
	if err != nil {
		return err
	}
	rows, err := h.Svc.LearnerReport(r.Context(), id)
	if err != nil {
		return err
	}
	header := []string{"name", "email", "enrolled", "lessons_viewed", "lessons", "quizzes_passed", "quizzes", "progress_percent", "completed", "grade_percent"}
	name := fmt.Sprintf("course-%d-learners", c.Family)
	var buf bytes.Buffer
	switch r.PathValue("format") {
	case "csv":
		cw := cellsafe.NewCSVWriter(&buf)
		cw.Write(header)
		for _, l := range rows {
			cw.Write([]string{l.Name, l.Email, isoDay(l.EnrolledAt), strconv.Itoa(l.Viewed), strconv.Itoa(l.Lessons), strconv.Itoa(l.Passed), strconv.Itoa(l.Quizzes),
				strconv.Itoa(l.Percent), isoDay(l.CompletedAt), strconv.FormatFloat(l.Grade, 'f', 1, 64)})
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		name += ".csv"
	case "xlsx":
		cells := [][]xlsx.Cell{{}}
		for _, hd := range header {
			cells[0] = append(cells[0], xlsx.Text(hd))
		}
		for _, l := range rows {
			cells = append(cells, []xlsx.Cell{xlsx.Text(l.Name), xlsx.Text(l.Email), xlsx.Text(isoDay(l.EnrolledAt)), xlsx.Num(float64(l.Viewed)), xlsx.Num(float64(l.Lessons)),
				xlsx.Num(float64(l.Passed)), xlsx.Num(float64(l.Quizzes)), xlsx.Num(float64(l.Percent)), xlsx.Text(isoDay(l.CompletedAt)), xlsx.Num(l.Grade)})
		}
		if err := xlsx.Write(&buf, "Learners", cells); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		name += ".xlsx"
	default:
		return learning.ErrNotFound
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, err = w.Write(buf.Bytes())
	return err
}

type quizReportData struct {
	Quiz     learning.Quiz
	CourseID int64
	Stats    []learning.QuestionStat
}

func (h *Handler) quizReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "quiz")
	if err != nil {
		return err
	}
	q, courseID, err := h.Svc.Quiz(r.Context(), id)
	if err != nil {
		return err
	}
	st, err := h.Svc.QuestionStats(r.Context(), id)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "learning_quiz_report", web.Page{Title: q.Title, Data: quizReportData{Quiz: q, CourseID: courseID, Stats: st}})
	return nil
}
