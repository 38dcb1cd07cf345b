package app

import (
	"context"
	"fmt"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/credentials"
	"corridor/internal/credentials/credweb"
	"corridor/internal/db"
	"corridor/internal/demo"
	"corridor/internal/jobs"
	"corridor/internal/learning"
)

// credentialsSweepEvery is how often the sweep issues the certificates
// of automatic programmes to learners who met their rule.
const credentialsSweepEvery = 10 * time.Minute

// learningProgress gives the credentials domain what learners completed,
// from the learning domain.
type learningProgress struct{ l *learning.Service }

func (p learningProgress) Completions(ctx context.Context, userID int64) ([]credentials.Completion, error) {
	cs, err := p.l.Completions(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := make([]credentials.Completion, 0, len(cs))
	for _, c := range cs {
		out = append(out, credentials.Completion{CourseID: c.CourseID, Title: c.Title, CompletedAt: time.Unix(c.CompletedAt, 0).UTC(), Grade: c.Grade})
	}
	return out, nil
}

// AttendedSessions gives the training sessions a learner attended.
func (p learningProgress) AttendedSessions(ctx context.Context, userID int64) ([]credentials.SessionAttendance, error) {
	as, err := p.l.AttendedSessions(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := make([]credentials.SessionAttendance, 0, len(as))
	for _, a := range as {
		out = append(out, credentials.SessionAttendance{SessionID: a.SessionID, Title: a.Title, CourseID: a.CourseID, Ends: a.Ends})
	}
	return out, nil
}

// programmeChoices lists the courses (by family) and the training
// sessions, upcoming then past, that the programme form offers.
func programmeChoices(l *learning.Service) credweb.Choices {
	return func(ctx context.Context, lang string) (courses, sessions []credweb.Choice, err error) {
		cs, err := l.Catalogue(ctx, lang, true)
		if err != nil {
			return nil, nil, err
		}
		for _, c := range cs {
			courses = append(courses, credweb.Choice{Item: fmt.Sprintf("learning:course:%d", c.Family), Label: c.Title})
		}
		for _, past := range []bool{false, true} {
			ss, err := l.Sessions(ctx, past, 500)
			if err != nil {
				return nil, nil, err
			}
			for _, x := range ss {
				sessions = append(sessions, credweb.Choice{Item: fmt.Sprintf("learning:session:%d", x.ID),
					Label: x.Title + " · " + x.Starts.UTC().Format("2006-01-02")})
			}
		}
		return courses, sessions, nil
	}
}

// openCredentials builds the credentials service over the learning domain.
func openCredentials(s *Services, issuer string) *credentials.Service {
	return credentials.New(s.DB, learningProgress{s.Learning}, issuer)
}

// mountCredentials mounts programmes, certificates, their public
// verification and Open Badges credentials, and queues the issuing sweep.
func mountCredentials(a *App) error {
	_, err := credweb.Mount(a.Web, a.Credentials, credweb.Hooks{BaseURL: a.Config.BaseURL, Limiter: a.Accounts, Learners: a.Accounts,
		Choices: programmeChoices(a.Learning)})
	if err != nil {
		return err
	}
	a.Jobs.Handle(credentials.SweepJob, func(ctx context.Context, _ *jobs.Job, _ func(done, total int64)) error {
		_, err := a.Credentials.Sweep(ctx)
		if _, serr := jobs.ScheduleOnce(ctx, a.DB, credentials.SweepJob, struct{}{}, time.Now().Add(credentialsSweepEvery)); serr != nil && err == nil {
			err = serr
		}
		return err
	})
	_, err = jobs.ScheduleOnce(context.Background(), a.DB, credentials.SweepJob, struct{}{}, time.Now().Add(time.Minute))
	return err
}

// DemoLearnerEmail and DemoLearnerPassword are the demo learner who holds
// the demo certificate.
const (
	DemoLearnerEmail    = "learner@corridor.test"
	DemoLearnerPassword = "corridor-demo-learner"
)

// credentialsDemoLoaders: a programme over the demo course and a learner
// holding one certificate of it.
func (s *Services) credentialsDemoLoaders() []demo.Loader {
	return []demo.Loader{func(ctx context.Context, d *db.DB) error {
		courses, err := s.Learning.Catalogue(ctx, "en", true)
		if err != nil || len(courses) == 0 {
			return fmt.Errorf("credentials demo: the demo course: %v", err)
		}
		family := courses[0].Family
		p, err := s.Credentials.CreateProgramme(ctx, credentials.Programme{
			Titles: map[string]string{"en": "Certificate in Migration Management", "fr": "Certificat en gestion des migrations", "es": "Certificado en gestión de la migración"},
			Descriptions: map[string]string{"en": "Awarded for completing the Essentials of Migration Management course with a grade of at least 60%.",
				"fr": "Décerné pour avoir achevé le cours Essentiels de la gestion des migrations avec une note d’au moins 60 %.",
				"es": "Otorgado por completar el curso Fundamentos de la gestión de la migración con una nota de al menos 60 %."},
			Items: []string{fmt.Sprintf("learning:course:%d", family)}, Rule: credentials.RuleAll, MinGrade: 60, ValidityMonths: 36, Auto: true}, 0)
		if err != nil {
			return fmt.Errorf("credentials demo: programme: %w", err)
		}
		u, err := s.Accounts.Create(ctx, accounts.NewUser{Email: DemoLearnerEmail, Name: "Nguyễn Thị Minh Khai", Password: DemoLearnerPassword, Role: accounts.RoleMember, Lang: "fr"}, accounts.StatusActive)
		if err != nil {
			return fmt.Errorf("credentials demo: learner: %w", err)
		}
		if _, err := s.Credentials.IssueManual(ctx, p.ID, u.ID); err != nil {
			return fmt.Errorf("credentials demo: certificate: %w", err)
		}
		return nil
	}}
}

// DemoCertificate is the demo learner's certificate code ("" when the
// demo is not loaded), printed beside the demo login.
func (s *Services) DemoCertificate(ctx context.Context) string {
	u, err := s.Accounts.ByEmail(ctx, DemoLearnerEmail)
	if err != nil {
		return ""
	}
	cs, err := s.Credentials.ForUser(ctx, u.ID)
	if err != nil || len(cs) == 0 {
		return ""
	}
	return cs[0].Code
}
