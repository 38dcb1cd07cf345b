package app

import (
	"context"
	"strings"
	"testing"

	"corridor/internal/db/dbtest"
)

// The demo has an open call for abstracts feeding its upcoming symposium,
// through the review engine.
func TestDemoCallForAbstracts(t *testing.T) {
	a := openTestApp(t, dbtest.TestEngines()[0])
	ctx := context.Background()
	for _, load := range a.DemoLoaders() {
		if err := load(ctx, a.DB); err != nil {
			t.Fatal(err)
		}
	}
	calls, err := a.Review.Calls(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range calls {
		if strings.HasPrefix(c.Target, "events:event:") {
			return
		}
	}
	t.Errorf("no open call feeds an event: %+v", calls)
}
