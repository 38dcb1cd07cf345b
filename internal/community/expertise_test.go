package community

import (
	"context"
	"reflect"
	"testing"
	"time"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

// Expertise topics and countries: the codes are ISO 3166-1 alpha-3 as the
// ISO Online Browsing Platform lists them (MEX Mexico, GTM Guatemala, TUN
// Tunisia); YUG is ISO 3166-3's withdrawn code for Yugoslavia, MX is the
// alpha-2 code, XXX is assigned to nothing.
func TestExpertiseAndPeopleFilter(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d, time.Now().UTC())
		for _, bad := range [][]string{{"XXX"}, {"YUG"}, {"MX"}, {"MEX", "Mexico"}} {
			if _, err := s.CreatePerson(ctx, Person{Name: "Bad", Roles: []string{"staff"}, Countries: bad}); fieldOf(err, "countries") == "" {
				t.Errorf("countries %v accepted: %v", bad, err)
			}
		}
		long := make([]string, MaxTopics+1)
		for i := range long {
			long[i] = string(rune('a'+i)) + " topic"
		}
		if _, err := s.CreatePerson(ctx, Person{Name: "Bad", Roles: []string{"staff"}, Topics: long}); fieldOf(err, "topics") == "" {
			t.Errorf("%d topics accepted: %v", len(long), err)
		}
		a, err := s.CreatePerson(ctx, Person{Name: "Ana", Roles: []string{"researcher"}, Topics: SplitTopics(" labour  migration , Asylum,asylum,"), Countries: SplitCountries("mex, gtm GTM")})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a.Topics, []string{"labour migration", "Asylum"}) || !reflect.DeepEqual(a.Countries, []string{"MEX", "GTM"}) {
			t.Errorf("cleaned expertise = %q %q", a.Topics, a.Countries)
		}
		if _, err := s.CreatePerson(ctx, Person{Name: "Badr", Roles: []string{"staff"}, Topics: []string{"asylum"}, Countries: []string{"TUN"}}); err != nil {
			t.Fatal(err)
		}
		names := func(f PeopleFilter) (out []string) {
			ps, err := s.People(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range ps {
				out = append(out, p.Name)
			}
			return out
		}
		for f, want := range map[PeopleFilter][]string{
			{Topic: "ASYLUM"}:                     {"Ana", "Badr"},
			{Topic: "labour migration"}:           {"Ana"},
			{Country: "tun"}:                      {"Badr"},
			{Topic: "asylum", Country: "GTM"}:     {"Ana"},
			{Topic: "asylum", Role: "researcher"}: {"Ana"},
			{Topic: "asylum", Country: "FRA"}:     nil,
		} {
			if got := names(f); !reflect.DeepEqual(got, want) {
				t.Errorf("People(%+v) = %q, want %q", f, got, want)
			}
		}
		got, err := s.Person(ctx, a.ID)
		if err != nil || !reflect.DeepEqual(got.Countries, []string{"MEX", "GTM"}) || !reflect.DeepEqual(got.Topics, []string{"labour migration", "Asylum"}) {
			t.Errorf("stored expertise = %q %q %v", got.Topics, got.Countries, err)
		}
		all, _ := s.People(ctx, PeopleFilter{})
		if ts := Topics(all); !reflect.DeepEqual(ts, []string{"Asylum", "labour migration"}) {
			t.Errorf("Topics = %q", ts)
		}
	})
}

func TestAgreementsInForce(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d, time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC))
		pa, err := s.CreatePartner(ctx, Partner{Name: "University", Kind: "university", Country: "NLD"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddAgreement(ctx, Agreement{PartnerID: pa.ID, Title: "MoU", Kind: "treaty", From: "2026-02-30", Until: "2025-01-01"}); fieldOf(err, "kind") == "" || fieldOf(err, "from") == "" {
			t.Errorf("a bad kind and 30 February accepted: %v", err)
		}
		if _, err := s.AddAgreement(ctx, Agreement{PartnerID: pa.ID, Title: "MoU", Kind: "mou", From: "2026-01-01", Until: "2025-01-01"}); fieldOf(err, "until") == "" {
			t.Errorf("an agreement ending before it starts: %v", err)
		}
		if _, err := s.AddAgreement(ctx, Agreement{PartnerID: 999, Title: "MoU", Kind: "mou"}); err == nil {
			t.Error("an agreement with no partner was stored")
		}
		today := s.Now().Format("2006-01-02")
		for _, c := range []struct {
			a    Agreement
			want string
		}{
			{Agreement{Title: "Open-ended", Kind: "mou", Signed: "2020-05-04"}, InForce},
			{Agreement{Title: "Ends today", Kind: "framework", From: "2023-01-01", Until: "2026-12-03"}, InForce},
			{Agreement{Title: "Ended yesterday", Kind: "data_sharing", From: "2023-01-01", Until: "2026-12-02"}, Expired},
			{Agreement{Title: "Starts tomorrow", Kind: "exchange", Signed: "2026-11-20", From: "2026-12-04"}, NotYet},
		} {
			c.a.PartnerID = pa.ID
			stored, err := s.AddAgreement(ctx, c.a)
			if err != nil {
				t.Fatal(err)
			}
			if got := stored.Status(today); got != c.want {
				t.Errorf("%s: %s, want %s", c.a.Title, got, c.want)
			}
		}
		all, err := s.Agreements(ctx)
		if err != nil || len(all[pa.ID]) != 4 {
			t.Fatalf("agreements = %+v %v", all, err)
		}
		if err := s.DeleteAgreement(ctx, all[pa.ID][0].ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteAgreement(ctx, all[pa.ID][0].ID); err != ErrNotFound {
			t.Errorf("second delete: %v", err)
		}
	})
}

func TestGrantsAndBudget(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d, time.Now().UTC())
		grants := ParseGrants("European Commission, Horizon Europe | 101094310\n\n  Sample Foundation  \n")
		want := []Grant{{Funder: "European Commission, Horizon Europe", Number: "101094310"}, {Funder: "Sample Foundation"}}
		for _, b := range []Budget{{Amount: "12.345", Currency: "EUR"}, {Amount: "100", Currency: ""}, {Amount: "", Currency: "EUR"}, {Amount: "-5", Currency: "EUR"}, {Amount: "100", Currency: "EURO"}} {
			if _, err := s.CreateProject(ctx, Project{Title: "P", Budget: b}); fieldOf(err, "budget") == "" {
				t.Errorf("budget %+v accepted: %v", b, err)
			}
		}
		if _, err := s.CreateProject(ctx, Project{Title: "P", Grants: []Grant{{Number: "123"}}}); fieldOf(err, "grants") == "" {
			t.Errorf("a grant without a funder accepted: %v", err)
		}
		p, err := s.CreateProject(ctx, Project{Title: "Law database", Grants: grants, Budget: Budget{Amount: "1,250 000.50", Currency: "chf"}})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Project(ctx, p.ID)
		if err != nil || !reflect.DeepEqual(got.Grants, want) || got.Budget != (Budget{Amount: "1250000.50", Currency: "CHF"}) {
			t.Fatalf("stored = %+v %+v %v", got.Grants, got.Budget, err)
		}
		if back := ParseGrants(FormatGrants(got.Grants)); !reflect.DeepEqual(back, []Grant{{"European Commission, Horizon Europe ", " 101094310"}, {"Sample Foundation", ""}}) {
			t.Errorf("form round trip = %q", back)
		}
		got.Grants, got.Budget = got.Grants[1:], Budget{}
		if err := s.UpdateProject(ctx, got); err != nil {
			t.Fatal(err)
		}
		again, _ := s.Project(ctx, p.ID)
		if len(again.Grants) != 1 || again.Budget.Set() {
			t.Errorf("after the update: %+v %+v", again.Grants, again.Budget)
		}
	})
}
