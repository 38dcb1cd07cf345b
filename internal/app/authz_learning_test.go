package app

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/learning"
	"corridor/internal/links"
	"corridor/internal/web/webtest"
)

// Decisions and audit scenarios of the learning domain
// (internal/learning/learnweb). The catalogue and course pages are
// public; lessons, quizzes and the dashboard need an account (and, in the
// handlers, an enrolment); authoring, the question bank, grading and
// reports need learning.teach (trainers and admins).
func init() {
	pub, in, teach := accounts.PermPublic, accounts.PermSignedIn, accounts.PermTeach
	decide(map[string]accounts.Permission{
		"GET /learning": pub, "GET /learning/assets/learning.css": pub, "GET /learning/courses/{course}": pub,
		"POST /learning/courses/{course}/enrol": in, "GET /learning/lessons/{lesson}": in, "POST /learning/lessons/{lesson}/done": in,
		"GET /learning/dashboard": in, "GET /learning/quizzes/{quiz}": in, "POST /learning/quizzes/{quiz}/attempts": in,
		"GET /learning/attempts/{attempt}": in, "POST /learning/attempts/{attempt}": in, "GET /learning/files/{file}/{name}": in,

		"GET /learning/new": teach, "POST /learning/courses": teach,
		"GET /learning/courses/{course}/edit": teach, "POST /learning/courses/{course}/edit": teach,
		"POST /learning/courses/{course}/modules": teach, "POST /learning/courses/{course}/files": teach,
		"GET /learning/modules/{module}/lessons/new": teach, "POST /learning/modules/{module}/lessons": teach,
		"GET /learning/lessons/{lesson}/edit": teach, "POST /learning/lessons/{lesson}/edit": teach,
		"GET /learning/modules/{module}/quizzes/new": teach, "POST /learning/modules/{module}/quizzes": teach,
		"GET /learning/bank": teach, "POST /learning/bank/import": teach, "GET /learning/bank/export/{format}": teach,
		"GET /learning/questions/{question}/edit": teach, "POST /learning/questions/{question}/edit": teach,
		"GET /learning/grading": teach, "POST /learning/grading/{attempt}/{question}": teach,
		"GET /learning/courses/{course}/report": teach, "GET /learning/courses/{course}/report/{format}": teach,
		"GET /learning/quizzes/{quiz}/report": teach,

		"GET /api/v1/learning/courses": pub, "POST /api/v1/learning/courses": teach, "GET /api/v1/learning/courses/{course}": pub,
		"POST /api/v1/learning/courses/{course}/enrolments": in, "GET /api/v1/learning/courses/{course}/progress": in,
		"GET /api/v1/learning/completions": in, "POST /api/v1/learning/quizzes/{quiz}/attempts": in,
		"GET /api/v1/learning/attempts/{attempt}": in, "PUT /api/v1/learning/attempts/{attempt}/answers/{question}": in,
		"POST /api/v1/learning/attempts/{attempt}/submit": in, "POST /api/v1/learning/bank": teach,
	})
	rolesWith[teach] = []accounts.Role{accounts.RoleAdmin, accounts.RoleTrainer}
	id := func(get func(f learnFixture) int64) func(*testing.T, *testApp) string {
		return func(t *testing.T, a *testApp) string { return strconv.FormatInt(get(learningFixture(t, a)), 10) }
	}
	pathFillers["{course}"] = id(func(f learnFixture) int64 { return f.course })
	pathFillers["{module}"] = id(func(f learnFixture) int64 { return f.module })
	pathFillers["{lesson}"] = id(func(f learnFixture) int64 { return f.lesson })
	pathFillers["{quiz}"] = id(func(f learnFixture) int64 { return f.quiz })
	pathFillers["{question}"] = id(func(f learnFixture) int64 { return f.essay })
	pathFillers["{file}"] = id(func(f learnFixture) int64 { return f.file })
	pathFillers["{attempt}"] = func(t *testing.T, a *testApp) string { return strconv.FormatInt(openAttempt(t, a), 10) }
	pathFillers["{name}"] = func(*testing.T, *testApp) string { return "notes.txt" }
	pathFillers["{format}"] = func(*testing.T, *testApp) string { return "csv" }

	member, trainer := accounts.RoleMember, accounts.RoleTrainer
	onFixture := func(do func(t *testing.T, a *testApp, c *webtest.Client, f learnFixture) *http.Response) func(*testing.T, *testApp, *webtest.Client) *http.Response {
		return func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			return do(t, a, c, learningFixture(t, a))
		}
	}
	for k, v := range map[string]writeScenario{
		"POST /learning/courses/{course}/enrol": {member, "learning.enrol", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f learnFixture) *http.Response {
			a.DB.Exec(`DELETE FROM learning_enrolments WHERE user_id = $1`, a.Users[member].ID)
			resp, _ := c.Post(fmt.Sprintf("/learning/courses/%d/enrol", f.course), nil)
			return resp
		})},
		"POST /api/v1/learning/courses/{course}/enrolments": {member, "learning.enrol", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f learnFixture) *http.Response {
			a.DB.Exec(`DELETE FROM learning_enrolments WHERE user_id = $1`, a.Users[member].ID)
			resp, _ := c.API("POST", fmt.Sprintf("/api/v1/learning/courses/%d/enrolments", f.course), "")
			return resp
		})},
		"POST /learning/lessons/{lesson}/done": {member, "learning.lesson.view", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f learnFixture) *http.Response {
			enrolMember(t, a, f)
			a.DB.Exec(`DELETE FROM learning_views WHERE user_id = $1`, a.Users[member].ID)
			resp, _ := c.Post(fmt.Sprintf("/learning/lessons/%d/done", f.lesson), nil)
			return resp
		})},
		"POST /learning/quizzes/{quiz}/attempts": {member, "learning.attempt.start", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f learnFixture) *http.Response {
			closeAttempts(t, a, f)
			resp, _ := c.Post(fmt.Sprintf("/learning/quizzes/%d/attempts", f.quiz), nil)
			return resp
		})},
		"POST /api/v1/learning/quizzes/{quiz}/attempts": {member, "learning.attempt.start", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f learnFixture) *http.Response {
			closeAttempts(t, a, f)
			resp, _ := c.API("POST", fmt.Sprintf("/api/v1/learning/quizzes/%d/attempts", f.quiz), "")
			return resp
		})},
		"POST /learning/attempts/{attempt}": {member, "learning.attempt.answer", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f learnFixture) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/learning/attempts/%d", openAttempt(t, a)), url.Values{"action": {"save"}, fmt.Sprintf("q%d", f.truefalse): {"true"}})
			return resp
		})},
		"PUT /api/v1/learning/attempts/{attempt}/answers/{question}": {member, "learning.attempt.answer", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f learnFixture) *http.Response {
			resp, _ := c.API("PUT", fmt.Sprintf("/api/v1/learning/attempts/%d/answers/%d", openAttempt(t, a), f.truefalse), `{"bool":true}`)
			return resp
		})},
		"POST /api/v1/learning/attempts/{attempt}/submit": {member, "learning.attempt.submit", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f learnFixture) *http.Response {
			resp, _ := c.API("POST", fmt.Sprintf("/api/v1/learning/attempts/%d/submit", openAttempt(t, a)), fmt.Sprintf(`{"answers":{"%d":{"bool":true}}}`, f.truefalse))
			return resp
		})},
		"POST /learning/courses":        {trainer, "learning.course.create", post("/learning/courses", url.Values{"lang": {"en"}, "slug": {"scenario-course"}, "title": {"Scenario"}, "pacing": {"self"}})},
		"POST /api/v1/learning/courses": {trainer, "learning.course.create", api("POST", "/api/v1/learning/courses", `{"lang":"fr","slug":"scenario-api","title":"Scénario","modules":[{"title":"M","lessons":[{"title":"L","body":"*x*"}]}]}`)},
		"POST /learning/courses/{course}/edit": {trainer, "learning.course.update", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f learnFixture) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/learning/courses/%d/edit", f.course), url.Values{"title": {"Renamed"}, "pacing": {"self"}, "published": {"on"}})
			return resp
		})},
		"POST /learning/courses/{course}/modules": {trainer, "learning.module.create", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f learnFixture) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/learning/courses/%d/modules", f.course), url.Values{"title": {"Another module"}})
			return resp
		})},
		"POST /learning/courses/{course}/files": {trainer, "learning.file.upload", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f learnFixture) *http.Response {
			return postFile(t, c, fmt.Sprintf("/learning/courses/%d/files", f.course), "file", "notes.txt", "Reading list\n")
		})},
		"POST /learning/modules/{module}/lessons": {trainer, "learning.lesson.create", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f learnFixture) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/learning/modules/%d/lessons", f.module), url.Values{"title": {"New"}, "body": {"Text"}})
			return resp
		})},
		"POST /learning/lessons/{lesson}/edit": {trainer, "learning.lesson.update", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f learnFixture) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/learning/lessons/%d/edit", f.lesson), url.Values{"title": {"Lesson"}, "body": {"Edited"}})
			return resp
		})},
		"POST /learning/modules/{module}/quizzes": {trainer, "learning.quiz.create", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f learnFixture) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/learning/modules/%d/quizzes", f.module), url.Values{"title": {"Q2"}, "pass_mark": {"50"}, "attempts_max": {"0"}, "time_limit": {"0"}, "question": {strconv.FormatInt(f.truefalse, 10)}})
			return resp
		})},
		"POST /learning/bank/import": {trainer, "learning.bank.import", post("/learning/bank/import", url.Values{"format": {"gift"}, "text": {"Grant is buried in Grant's tomb.{F}"}})},
		"POST /api/v1/learning/bank": {trainer, "learning.bank.import", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			req, _ := http.NewRequest("POST", c.BaseURL+"/api/v1/learning/bank?format=gift", strings.NewReader("Two plus two equals {=four =4}."))
			req.Header.Set("Content-Type", "text/plain")
			req.Header.Set("X-CSRF-Token", c.CSRF)
			resp, _ := c.Do(req)
			return resp
		}},
		"POST /learning/questions/{question}/edit": {trainer, "learning.question.update", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f learnFixture) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/learning/questions/%d/edit", f.truefalse), url.Values{"gift": {"::TF::The sky is blue.{FALSE}"}})
			return resp
		})},
		"POST /learning/grading/{attempt}/{question}": {trainer, "learning.answer.grade", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f learnFixture) *http.Response {
			id := openAttempt(t, a)
			ctx := context.Background()
			if _, err := a.Learning.Submit(ctx, id, a.Users[member].ID, map[int64]learning.Response{f.essay: {Text: "An essay."}}); err != nil {
				t.Fatal(err)
			}
			resp, _ := c.Post(fmt.Sprintf("/learning/grading/%d/%d", id, f.essay), url.Values{"score": {"1"}, "comment": {"Good"}})
			return resp
		})},
	} {
		writeScenarios[k] = v
	}
}

// learnFixture is a published course with one module, one lesson, a
// file, and a quiz of a true/false question and an essay.
type learnFixture struct {
	course, module, lesson, quiz, truefalse, essay, file int64
}

func learningFixture(t *testing.T, a *testApp) learnFixture {
	t.Helper()
	ctx := context.Background()
	var f learnFixture
	err := a.DB.QueryRow(`SELECT c.id, m.id, l.id, z.id, f.id FROM learning_courses c JOIN learning_modules m ON m.course_id = c.id
		JOIN learning_lessons l ON l.module_id = m.id JOIN learning_quizzes z ON z.module_id = m.id JOIN learning_files f ON f.course_id = c.id
		WHERE c.slug = 'authz-fixture' ORDER BY m.id, l.id, z.id LIMIT 1`).Scan(&f.course, &f.module, &f.lesson, &f.quiz, &f.file)
	if err == nil {
		a.DB.QueryRow(`SELECT MIN(question_id), MAX(question_id) FROM learning_quiz_questions WHERE quiz_id = $1`, f.quiz).Scan(&f.truefalse, &f.essay)
		return f
	}
	svc := a.Learning
	c, err := svc.CreateCourse(ctx, learning.Course{Lang: "en", Slug: "authz-fixture", Title: "Fixture", Published: true}, 0)
	if err != nil {
		t.Fatal(err)
	}
	m, err := svc.AddModule(ctx, c.ID, "Module")
	if err != nil {
		t.Fatal(err)
	}
	l, err := svc.AddLesson(ctx, m.ID, learning.LessonInput{Title: "Lesson", Body: "Text"}, links.Reader{})
	if err != nil {
		t.Fatal(err)
	}
	qs, err := learning.ParseGIFT(strings.NewReader("::TF::The sky is blue.{TRUE}\n\n::Essay::Discuss.{}"))
	if err != nil {
		t.Fatal(err)
	}
	ids, err := svc.ImportQuestions(ctx, qs, "gift")
	if err != nil {
		t.Fatal(err)
	}
	z, err := svc.AddQuiz(ctx, learning.Quiz{ModuleID: m.ID, Title: "Quiz", PassMark: 50, QuestionIDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	key := fmt.Sprintf("learning/%d/fixture", c.ID)
	if _, err := a.Blobs.Put(ctx, key, "text/plain", strings.NewReader("notes")); err != nil {
		t.Fatal(err)
	}
	file, err := svc.AddFile(ctx, learning.File{CourseID: c.ID, BlobKey: key, Name: "notes.txt", ContentType: "text/plain", Size: 5})
	if err != nil {
		t.Fatal(err)
	}
	return learnFixture{course: c.ID, module: m.ID, lesson: l.ID, quiz: z.ID, truefalse: ids[0], essay: ids[1], file: file.ID}
}

func enrolMember(t *testing.T, a *testApp, f learnFixture) {
	t.Helper()
	a.DB.Exec(`INSERT INTO learning_enrolments (course_id, version_id, user_id, enrolled_at) VALUES ($1, $1, $2, 0) ON CONFLICT (course_id, user_id) DO NOTHING`, f.course, a.Users[accounts.RoleMember].ID)
}

// closeAttempts submits the member's open attempts, so a scenario can
// start a new one.
func closeAttempts(t *testing.T, a *testApp, f learnFixture) {
	t.Helper()
	enrolMember(t, a, f)
	a.DB.Exec(`UPDATE learning_attempts SET state = 'graded' WHERE user_id = $1 AND state = 'open'`, a.Users[accounts.RoleMember].ID)
}

// openAttempt is the member's open attempt at the fixture's quiz, started
// when there is none.
func openAttempt(t *testing.T, a *testApp) int64 {
	t.Helper()
	f := learningFixture(t, a)
	enrolMember(t, a, f)
	at, err := a.Learning.StartAttempt(context.Background(), f.quiz, a.Users[accounts.RoleMember].ID)
	if err != nil {
		t.Fatal(err)
	}
	return at.ID
}

// postFile sends a multipart form with one file and the CSRF token.
func postFile(t *testing.T, c *webtest.Client, path, field, name, content string) *http.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", c.CSRF)
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write([]byte(content))
	mw.Close()
	req, _ := http.NewRequest("POST", c.BaseURL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, _ := c.Do(req)
	return resp
}
