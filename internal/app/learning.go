package app

import (
	"corridor/internal/demo"
	"corridor/internal/learning"
	"corridor/internal/learning/learnweb"
)

// mountLearning mounts the learning domain: courses, lessons, quizzes,
// the question bank and its API.
func mountLearning(a *App) error {
	_, err := learnweb.Mount(a.Web, a.Learning, a.Links, a.Blobs)
	return err
}

// learningDemoLoaders load the sample course (see learning.LoadDemo).
func learningDemoLoaders() []demo.Loader { return []demo.Loader{learning.LoadDemo} }
