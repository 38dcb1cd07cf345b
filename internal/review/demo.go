package review

import (
	"context"
	"fmt"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/audit"
	"corridor/internal/blob"
	"corridor/internal/db"
)

// LoadDemo adds the review engine's sample: a call for papers open today
// feeding the demo series (publishing:series:1), and one submission under
// double-anonymous review by the demo member, with the demo reviewer
// assigned. All of it is marked as sample content. It uses the demo
// accounts (editor@, reviewer@, member@corridor.test). Demo loaders get
// the database only, so the sample has no manuscript file: upload one as
// the demo member to try the review copies.
func LoadDemo(ctx context.Context, d *db.DB) error {
	ctx = audit.WithActor(ctx, audit.Actor{Label: "demo"})
	acc := accounts.NewService(d, accounts.SignupClosed, "")
	people := Accounts(acc)
	find := func(email string) (Actor, error) {
		p, err := people.PersonByEmail(ctx, email)
		if err != nil {
			return Actor{}, fmt.Errorf("review: demo: account %s: %w", email, err)
		}
		return Actor{UserID: p.ID, Name: p.Name, Editor: true}, nil
	}
	editor, err := find("editor@corridor.test")
	if err != nil {
		return err
	}
	member, err := find("member@corridor.test")
	if err != nil {
		return err
	}
	member.Editor = false
	s := New(d, &blob.DBStore{DB: d}, Config{People: people})
	now := time.Now().UTC()
	c, err := s.CreateCall(ctx, editor, NewCall{
		Title: "[Sample] Call for papers: migrant smuggling and its responses",
		Scope: "Sample content for trying Corridor. Papers on the organisation of migrant smuggling, its prices and routes, " +
			"and the legal and policy responses to it, for a sample research series. Empirical work using the platform's data " +
			"and law pillars is welcome.",
		Target: "publishing:series:1", Opens: now.AddDate(0, 0, -7).Format("2006-01-02"), Closes: now.AddDate(0, 0, 45).Format("2006-01-02"),
		Notification: now.AddDate(0, 0, 90).Format("2006-01-02"), Mode: ModeDouble})
	if err != nil {
		return fmt.Errorf("review: demo call: %w", err)
	}
	sub, err := s.Submit(ctx, member, NewSubmission{CallID: c.ID, Title: "[Sample] Prices and protection on three Sahel routes",
		Abstract: "Sample content. A sample abstract: how the price of a crossing relates to the protection migrants are promised " +
			"along three routes through the Sahel, and what changed after new border controls.",
		Keywords:    []string{"smuggling", "Sahel", "prices"},
		Authors:     []Author{{Name: member.Name, Email: "member@corridor.test", Affiliation: "Sample University"}},
		Originality: true, Ethics: true})
	if err != nil {
		return fmt.Errorf("review: demo submission: %w", err)
	}
	if _, err := s.AssignReviewer(ctx, editor, sub.ID, "reviewer@corridor.test", now.AddDate(0, 0, 21).Format("2006-01-02")); err != nil {
		return fmt.Errorf("review: demo assignment: %w", err)
	}
	return nil
}
