package app

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/db/dbtest"
	"corridor/internal/web/webtest"
)

// The sessions API with its documented shapes: a trainer creates an online
// session of one seat; the member's enrolment is confirmed, the editor's
// waitlisted; the counts read back; the video link reaches the confirmed
// member and the calendar, never the waitlisted one or the public; a second
// enrolment is 409; leaving promotes the waitlisted.
func TestTrainingSessionsAPI(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			trainer := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleTrainer])
			member := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleMember])
			editor := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleEditor])
			anon := webtest.NewClient(t, a.URL)
			resp, body := trainer.API("POST", "/api/v1/training/sessions", `{"title":"Clinic","starts":"2031-05-06T09:00:00+02:00","ends":"2031-05-06T12:00:00+02:00","capacity":1,"online_url":"https://meet.example.org/room-7","tz":"Europe/Paris"}`)
			var created struct{ ID int64 }
			if resp.StatusCode != 201 || json.Unmarshal([]byte(body), &created) != nil || created.ID == 0 {
				t.Fatalf("create %d %s", resp.StatusCode, body)
			}
			path := fmt.Sprintf("/api/v1/training/sessions/%d", created.ID)
			status := func(c *webtest.Client, want int) string {
				t.Helper()
				resp, body := c.API("POST", path+"/enrolments", "")
				var s struct{ Status string }
				if resp.StatusCode != want {
					t.Fatalf("enrol %d %s", resp.StatusCode, body)
				}
				json.Unmarshal([]byte(body), &s)
				return s.Status
			}
			if s := status(member, 201); s != "confirmed" {
				t.Fatalf("member %q", s)
			}
			if s := status(editor, 201); s != "waitlisted" {
				t.Fatalf("editor %q", s)
			}
			status(member, 409)
			var got struct {
				Confirmed, Waitlisted int
				OnlineURL             string `json:"online_url"`
			}
			_, body = anon.Get(path)
			if json.Unmarshal([]byte(body), &got) != nil || got.Confirmed != 1 || got.Waitlisted != 1 || got.OnlineURL != "" {
				t.Fatalf("public read %s", body)
			}
			if _, body = editor.Get(path); strings.Contains(body, "room-7") {
				t.Fatal("the waitlisted learner sees the video link")
			}
			if _, body = member.Get(path); !strings.Contains(body, "room-7") {
				t.Fatalf("the confirmed learner does not see the video link: %s", body)
			}
			resp, ics := member.Get(fmt.Sprintf("/training/sessions/%d.ics", created.ID))
			if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") ||
				!strings.Contains(ics, "DTSTART;TZID=Europe/Paris:20310506T090000\r\n") || !strings.Contains(ics, "room-7") {
				t.Fatalf("calendar %d %q", resp.StatusCode, ics)
			}
			if _, ics = anon.Get(fmt.Sprintf("/training/sessions/%d.ics", created.ID)); strings.Contains(ics, "room-7") {
				t.Fatal("the public calendar has the video link")
			}
			if resp, body = member.API("DELETE", path+"/enrolments", ""); resp.StatusCode != 204 {
				t.Fatalf("leave %d %s", resp.StatusCode, body)
			}
			var mine struct {
				MyStatus string `json:"my_status"`
			}
			if _, body = editor.Get(path); json.Unmarshal([]byte(body), &mine) != nil || mine.MyStatus != "confirmed" {
				t.Fatalf("the waitlisted editor was not promoted: %s", body)
			}
			// The trainer's form reads local times in the session's zone:
			// 09:00 in Madrid on 6 May 2031 is summer time (UTC+2), 07:00 UTC.
			resp, _ = trainer.Post("/training/sessions", url.Values{"title": {"Madrid morning"}, "starts": {"2031-05-06T09:00"}, "ends": {"2031-05-06T12:30"},
				"tz": {"Europe/Madrid"}, "venue": {"Room 1"}, "capacity": {"0"}})
			var madrid struct {
				Starts, Ends string
				TZ           string `json:"tz"`
			}
			_, body = anon.Get("/api/v1/training/sessions/" + strings.TrimPrefix(resp.Header.Get("Location"), "/training/sessions/"))
			if json.Unmarshal([]byte(body), &madrid) != nil || madrid.Starts != "2031-05-06T07:00:00Z" || madrid.Ends != "2031-05-06T10:30:00Z" || madrid.TZ != "Europe/Madrid" {
				t.Fatalf("form session read back as %s (from %d %s)", body, resp.StatusCode, resp.Header.Get("Location"))
			}
			// A bad form names its fields and keeps the input.
			resp, body = trainer.Post("/training/sessions", url.Values{"title": {"Bad"}, "starts": {"2031-05-06T09:00"}, "ends": {"2031-05-06T08:00"}, "tz": {"Europe/Madrid"}, "venue": {"R"}})
			if resp.StatusCode != 422 || !strings.Contains(body, "The end must come after the start.") || !strings.Contains(body, `value="Bad"`) {
				t.Fatalf("bad form %d", resp.StatusCode)
			}
			// Pages in every language.
			for _, lang := range []string{"en", "fr", "es"} {
				member.SetCookie("lang", lang)
				resp, body := member.Get(fmt.Sprintf("/training/sessions/%d", created.ID))
				if resp.StatusCode != 200 || !strings.Contains(body, "Clinic") {
					t.Fatalf("%s page %d", lang, resp.StatusCode)
				}
				if resp, body = member.Get("/training/sessions"); resp.StatusCode != 200 || !strings.Contains(body, "Clinic") {
					t.Fatalf("%s list %d", lang, resp.StatusCode)
				}
			}
		})
	}
}
