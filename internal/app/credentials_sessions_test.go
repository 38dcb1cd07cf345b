package app

import (
	"context"
	"fmt"
	"testing"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/credentials"
	"corridor/internal/db/dbtest"
	"corridor/internal/learning"
)

// A programme of one training session is met by attending it: the
// trainer's attendance reaches the credentials domain through the app's
// adapter, and the sweep issues the certificate once.
func TestProgrammeMetByAttendance(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			ctx := context.Background()
			trainer, member := a.Users[accounts.RoleTrainer], a.Users[accounts.RoleMember]
			starts := time.Now().UTC().Add(48 * time.Hour).Truncate(time.Hour)
			x, err := a.Learning.CreateSession(ctx, learning.SessionInput{Title: "International Migration Law, 8 March", Starts: starts, Ends: starts.Add(3 * time.Hour),
				TZ: "Europe/Paris", Capacity: 20, Venue: "Geneva"}, trainer.ID)
			if err != nil {
				t.Fatal(err)
			}
			p, err := a.Credentials.CreateProgramme(ctx, credentials.Programme{Titles: map[string]string{"en": "Migration law training"},
				Items: []string{fmt.Sprintf("learning:session:%d", x.ID)}, Rule: credentials.RuleAll, Auto: true}, trainer.ID)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Learning.EnrolSession(ctx, x.ID, member.ID); err != nil {
				t.Fatal(err)
			}
			if n, err := a.Credentials.Sweep(ctx); err != nil || n != 0 {
				t.Fatalf("before the session: %d issued, %v", n, err)
			}
			a.Learning.Now = func() time.Time { return x.Ends }
			err = a.Learning.MarkAttendance(ctx, x.ID, member.ID, true, trainer.ID)
			a.Learning.Now = func() time.Time { return time.Now().UTC() }
			if err != nil {
				t.Fatal(err)
			}
			if n, err := a.Credentials.Sweep(ctx); err != nil || n != 1 {
				t.Fatalf("after attending: %d issued, %v", n, err)
			}
			certs, err := a.Credentials.ForUser(ctx, member.ID)
			if err != nil || len(certs) != 1 || certs[0].ProgrammeID != p.ID {
				t.Fatalf("certificates %+v, %v", certs, err)
			}
			if n, _ := a.Credentials.Sweep(ctx); n != 0 {
				t.Errorf("a second sweep issued %d more", n)
			}
		})
	}
}
