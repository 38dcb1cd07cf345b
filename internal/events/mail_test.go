package events

import (
	"testing"
	"time"

	"corridor/internal/i18n"
)

// The French registration e-mails keep French typography: a no-break
// space before : ; ? ! and inside « », as the catalogs do.
func TestFrenchRegistrationMailSpacing(t *testing.T) {
	e := Event{Title: map[string]string{"fr": "Dialogue sur les migrations"}, Starts: time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC), TimeZone: "UTC"}
	for _, what := range []string{Confirmed, Waitlisted, Pending, Withdrawn, "rejected", "promoted"} {
		subject, body := registrationMail(e, "fr", what)
		if subject == "" || body == "" {
			t.Errorf("%s: no French e-mail", what)
		}
		for _, s := range []string{subject, body} {
			if bad := i18n.FrenchSpacingFault(s); bad != "" {
				t.Errorf("%s: a breaking space at %q", what, bad)
			}
		}
	}
}
