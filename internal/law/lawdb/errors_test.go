package lawdb

import (
	"context"
	"errors"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/errs"
)

// A failure inside an exported Store method names the package and the
// operation and still wraps the cause; an error for the user (errs.Error)
// keeps its own text.
func TestErrorsNameTheOperation(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := New(d)
		cancelled, cancel := context.WithCancel(context.Background())
		cancel()
		for _, c := range []struct {
			want string
			call func() error
		}{
			{`lawdb: policy changes of "NLD": `, func() error { _, err := s.PolicyChanges(cancelled, "NLD"); return err }},
			{"lawdb: list instruments: ", func() error { _, _, err := s.List(cancelled, Filter{}); return err }},
			{"lawdb: import policy-csv: ", func() error {
				_, err := s.ImportPolicyCSV(cancelled, strings.NewReader("country,date,pol_area,change_restrict,change_level\nFRA,2010-01-01,integration,1,2\n"), "p.csv")
				return err
			}},
		} {
			err := c.call()
			if err == nil || !strings.HasPrefix(err.Error(), c.want) || !errors.Is(err, context.Canceled) {
				t.Errorf("error %v, want it to start with %q and wrap context.Canceled", err, c.want)
			}
		}
		_, err := s.AddPolicyChange(context.Background(), PolicyChange{Country: "XXX", Date: "2020-01-01", Area: "integration", Restrictiveness: 1, Magnitude: 1})
		if errs.KindOf(err) != errs.Invalid || strings.HasPrefix(err.Error(), "lawdb:") {
			t.Errorf("invalid change: %v, want the field error as it was", err)
		}
	})
}
