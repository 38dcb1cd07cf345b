// Package testutil holds helpers shared by Corridor's tests.
package testutil

import (
	"os"
	"path/filepath"
	"testing"
)

// SharedData returns the path of a file or folder under the shared real-data
// folder (the "shared/data" folder beside the repository). CORRIDOR_SHARED_DATA
// overrides the search. The test is skipped, loudly, when the data is absent:
// the product never needs it, only the tests that check against real tables.
func SharedData(tb testing.TB, parts ...string) string {
	tb.Helper()
	root := SharedDataRoot()
	if root == "" {
		tb.Skip("shared real data not found: set CORRIDOR_SHARED_DATA to the shared/data folder")
	}
	return filepath.Join(append([]string{root}, parts...)...)
}

// SharedDataRoot finds the shared data folder or returns "".
func SharedDataRoot() string {
	if dir := os.Getenv("CORRIDOR_SHARED_DATA"); dir != "" {
		return dir
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		for _, candidate := range []string{
			filepath.Join(dir, "shared", "data"),
			filepath.Join(dir, "..", "shared", "data"),
		} {
			if st, err := os.Stat(candidate); err == nil && st.IsDir() {
				return filepath.Clean(candidate)
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
