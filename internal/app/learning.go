package app

import (
	"context"
	"time"

	"corridor/internal/demo"
	"corridor/internal/learning"
	"corridor/internal/learning/learnweb"
)

// sessionRemindersEvery is how often session reminders are looked for.
const sessionRemindersEvery = 15 * time.Minute

// mountLearning mounts the learning domain: courses, lessons, quizzes,
// the question bank, training sessions with their reminders, and its API.
func mountLearning(a *App) error {
	if _, err := learnweb.Mount(a.Web, a.Learning, a.Links, a.Blobs); err != nil {
		return err
	}
	a.Web.AddSitemap(learnweb.Sitemap(a.Learning))
	a.Web.AddSearch(learnweb.SearchCourses(a.Learning))
	a.Jobs.Handle(learning.SessionReminderJob, a.Learning.ReminderHandler(sessionRemindersEvery))
	_, err := a.Learning.ScheduleReminders(context.Background(), sessionRemindersEvery)
	return err
}

// learningDemoLoaders load the sample course (see learning.LoadDemo).
func learningDemoLoaders() []demo.Loader { return []demo.Loader{learning.LoadDemo} }
