package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/law/lawdb"
	"corridor/internal/learning"
	"corridor/internal/links"
	"corridor/internal/web/webtest"
)

// The learner's JSON API on the demo course: enrol, start the quiz,
// answer, run out of time (the server's clock), submit; and the law
// domain's 1951 Convention lists the course's lesson that teaches it.
func TestLearningAPI(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) { testLearningAPI(t, engine) })
	}
}

func testLearningAPI(t *testing.T, engine db.Engine) {
	a := openTestApp(t, engine)
	ctx := context.Background()
	if err := lawdb.LoadDemo(ctx, a.DB); err != nil {
		t.Fatal(err)
	}
	if err := learning.LoadDemo(ctx, a.DB); err != nil {
		t.Fatal(err)
	}
	c := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleMember])
	resp, body := c.Get("/api/v1/learning/courses")
	var courses []learning.Course
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &courses) != nil || len(courses) != 1 || !courses[0].Sample || len(courses[0].Langs) != 3 {
		t.Fatalf("courses %d %.300s", resp.StatusCode, body)
	}
	id := courses[0].ID
	if resp, body = c.API("POST", fmt.Sprintf("/api/v1/learning/courses/%d/enrolments", id), ""); resp.StatusCode != 201 {
		t.Fatalf("enrol %d %s", resp.StatusCode, body)
	}
	if resp, body = c.API("POST", fmt.Sprintf("/api/v1/learning/courses/%d/enrolments", id), ""); resp.StatusCode != 409 || !strings.Contains(body, "already enrolled") {
		t.Fatalf("double enrolment %d %s", resp.StatusCode, body)
	}
	var course learning.Course
	_, body = c.Get(fmt.Sprintf("/api/v1/learning/courses/%d?lang=en", id))
	json.Unmarshal([]byte(body), &course)
	quiz := course.Modules[2].Quizzes[0]
	if len(quiz.QuestionIDs) != 7 {
		t.Fatalf("demo quiz %+v", quiz)
	}
	resp, body = c.API("POST", fmt.Sprintf("/api/v1/learning/quizzes/%d/attempts", quiz.ID), "")
	var paper learning.Paper
	if resp.StatusCode != 201 || json.Unmarshal([]byte(body), &paper) != nil {
		t.Fatalf("start %d %s", resp.StatusCode, body)
	}
	if strings.Contains(body, `"fraction":1`) || strings.Contains(body, "Article 33(1) prohibits") {
		t.Fatal("an open attempt reveals the right answers or their feedback")
	}
	var tf int64
	for _, it := range paper.Items {
		if it.Question.Kind == learning.TrueFalse {
			tf = it.Question.ID
		}
	}
	answer := fmt.Sprintf("/api/v1/learning/attempts/%d/answers/%d", paper.Attempt.ID, tf)
	if resp, body = c.API("PUT", answer, `{"bool":true}`); resp.StatusCode != 204 {
		t.Fatalf("answer %d %s", resp.StatusCode, body)
	}
	// 31 minutes later by the server's clock: the 30-minute limit has
	// passed, whatever the client says.
	saved := a.Learning.Now
	a.Learning.Now = func() time.Time { return saved().Add(31 * time.Minute) }
	defer func() { a.Learning.Now = saved }()
	if resp, body = c.API("PUT", answer, `{"bool":false}`); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "time limit") {
		t.Fatalf("late answer %d %s", resp.StatusCode, body)
	}
	submit := fmt.Sprintf("/api/v1/learning/attempts/%d/submit", paper.Attempt.ID)
	if resp, body = c.API("POST", submit, fmt.Sprintf(`{"answers":{"%d":{"bool":false}}}`, tf)); resp.StatusCode != http.StatusConflict {
		t.Fatalf("late submission with answers %d %s", resp.StatusCode, body)
	}
	resp, body = c.API("POST", submit, "")
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &paper) != nil || paper.Attempt.State != learning.StateGraded || paper.Attempt.Score != 1 {
		t.Fatalf("submission of what was saved in time %d %.400s", resp.StatusCode, body)
	}
	if resp, body = c.API("POST", submit, ""); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "already been submitted") {
		t.Fatalf("second submission %d %s", resp.StatusCode, body)
	}
	// Another member cannot read this attempt.
	other := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleReviewer])
	if resp, _ = other.Get(fmt.Sprintf("/api/v1/learning/attempts/%d", paper.Attempt.ID)); resp.StatusCode != 404 {
		t.Fatalf("someone else's attempt: %d", resp.StatusCode)
	}
	// The 1951 Convention's article 33 is taught by a lesson of the course.
	g, err := a.Links.To(ctx, links.Key{Domain: "law", Kind: "instrument", ID: "V-2", Fragment: "art_33"}, links.Reader{})
	if err != nil {
		t.Fatal(err)
	}
	taught := g.Of(links.Teaches)
	if len(taught) == 0 || !strings.HasPrefix(taught[0].From.URL, "/learning/lessons/") || !strings.Contains(taught[0].From.Title, "non-refoulement") {
		t.Fatalf("taught by %+v", taught)
	}
}
