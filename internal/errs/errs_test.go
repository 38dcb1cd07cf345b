package errs

import (
	"context"
	"errors"
	"testing"
)

// Wrap names where an internal failure came from, keeps its cause
// reachable, and leaves an error meant for people as it is.
func TestWrap(t *testing.T) {
	fail := func() (err error) {
		defer Wrap(&err, "data: dataset %d", 7)
		return context.Canceled
	}
	err := fail()
	if err == nil || err.Error() != "data: dataset 7: context canceled" || !errors.Is(err, context.Canceled) {
		t.Errorf("wrapped: %v", err)
	}
	shown := New(NotFound, "data.error.no_dataset")
	userFacing := func() (err error) {
		defer Wrap(&err, "data: dataset %d", 7)
		return shown
	}
	if err := userFacing(); err != shown {
		t.Errorf("an error for people was wrapped: %v", err)
	}
	ok := func() (err error) {
		defer Wrap(&err, "data: dataset %d", 7)
		return nil
	}
	if err := ok(); err != nil {
		t.Errorf("nil became %v", err)
	}
}
