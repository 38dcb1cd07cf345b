package links

import (
	"context"
	"errors"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/errs"
)

func TestParseKey(t *testing.T) {
	for _, ok := range []string{"law:instrument:V-2", "law:instrument:V-2#art_33", "data:corridor:MEX-USA", "learn:lesson:emm-3-2", "event:talk:45-7", "data:dataset:17"} {
		k, err := ParseKey(ok)
		if err != nil {
			t.Errorf("%q refused: %v", ok, err)
			continue
		}
		if k.String() != ok {
			t.Errorf("%q read back as %q", ok, k.String())
		}
	}
	for _, c := range []struct{ key, code, says string }{
		{"", "links.error.key_empty", "empty"},
		{"law:instrument:" + strings.Repeat("x", 190), "links.error.key_too_long", "over the limit of 200"},
		{"law:instrument:V-2\n", "links.error.key_control", "control character at byte 18"},
		{"law:instr\x00ument:V-2", "links.error.key_control", "control character"},
		{"law:instrument", "links.error.key_syntax", "want domain:kind:id"},
		{"Law:instrument:V-2", "links.error.key_domain", `domain "Law"`},
		{"law::V-2", "links.error.key_kind", `kind ""`},
		{"law:instrument:V 2", "links.error.key_id", `id "V 2"`},
		{"law:instrument:a/b", "links.error.key_id", `id "a/b"`},
		{"law:instrument:V-2#", "links.error.key_fragment", "fragment"},
		{"law:instrument:V-2#a:b", "links.error.key_fragment", "fragment"},
	} {
		_, err := ParseKey(c.key)
		var ke *KeyError
		if !errors.As(err, &ke) {
			t.Errorf("%q: got %v, want a KeyError", c.key, err)
			continue
		}
		if ke.Code != c.code || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%q: got %s (%s), want %s saying %q", c.key, err, ke.Code, c.code, c.says)
		}
		if len(err.Error()) > 300 {
			t.Errorf("%q: the error repeats the whole key: %d bytes", c.key, len(err.Error()))
		}
	}
}

// fixture registers two kinds: public notes (test:note:ID, editable by
// legal officers) and secret files (test:secret:ID, seen and edited only
// by admins), and a deriver saying every note about "n1" is "about"
// test:note:topic.
func fixture(t *testing.T, d *db.DB) *Service {
	t.Helper()
	s := New(d)
	note := func(_ context.Context, k Key, _ Reader) (*Thing, error) {
		if k.ID == "gone" {
			return nil, nil
		}
		return &Thing{Title: "Note " + k.ID, URL: "/notes/" + k.ID}, nil
	}
	secret := func(_ context.Context, k Key, r Reader) (*Thing, error) {
		if r.Role != accounts.RoleAdmin {
			return nil, nil
		}
		return &Thing{Title: "Secret " + k.ID}, nil
	}
	for _, k := range []Kind{
		{Domain: "test", Name: "note", Edit: accounts.PermEditLaw, Resolve: note},
		{Domain: "test", Name: "secret", Edit: accounts.PermAdmin, Resolve: secret,
			Canon: func(id string) (string, error) { return strings.ToUpper(id), nil }},
	} {
		if err := s.Register(k); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Register(Kind{Domain: "test", Name: "note", Resolve: note}); err == nil {
		t.Error("a kind registered twice was accepted")
	}
	s.Derive(DirTo, "test:note", func(_ context.Context, k Key, _ Reader) ([]Entry, error) {
		if k.ID != "topic" {
			return nil, nil
		}
		return []Entry{{Relation: About, Basis: "derived-basis", From: Thing{Key: Key{"test", "note", "n1", ""}, Title: "Note n1"}}}, nil
	})
	return s
}

func key(s string) Key {
	k, err := ParseKey(s)
	if err != nil {
		panic(err)
	}
	return k
}

var (
	legal = Reader{Role: accounts.RoleLegalOfficer}
	admin = Reader{Role: accounts.RoleAdmin}
)

func add(t *testing.T, s *Service, from, rel, to string, r Reader) Link {
	t.Helper()
	l, err := s.Add(context.Background(), NewLink{From: from, To: to, Relation: rel}, r)
	if err != nil {
		t.Fatalf("add %s %s %s: %v", from, rel, to, err)
	}
	return l
}

// TestStoreBothDirections: a link stored once answers from both ends,
// grouped by relation with the label read from each end.
func TestStoreBothDirections(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := fixture(t, d)
		l := add(t, s, "test:note:a", Cites, "test:note:b", legal)
		add(t, s, "test:note:a", Cites, "test:note:c", legal)
		add(t, s, "test:note:a", References, "test:note:b", legal)
		if _, err := s.Add(ctx, NewLink{From: "test:note:a", To: "test:note:b", Relation: Cites}, legal); errs.KindOf(err) != errs.Conflict {
			t.Errorf("a duplicate link: got %v, want a conflict", err)
		}
		got, err := Get(ctx, d, l.ID)
		if err != nil || got == nil || got.From != key("test:note:a") || got.To != key("test:note:b") || got.Source != SourceEditor || got.CreatedAt == 0 {
			t.Fatalf("stored link reads back as %+v (%v)", got, err)
		}

		from, err := s.From(ctx, key("test:note:a"), legal)
		if err != nil {
			t.Fatal(err)
		}
		if c := from.Counts(); c[Cites] != 2 || c[References] != 1 || len(c) != 2 {
			t.Errorf("from a: counts %v, want 2 cites and 1 references", c)
		}
		if from.Groups[0].Relation.Name != Cites || from.Groups[0].Label != "links.rel.cites" {
			t.Errorf("from a: first group %+v, want cites in the relations' order", from.Groups[0])
		}
		if e := from.Of(Cites)[0]; e.To.Title != "Note b" || e.To.URL != "/notes/b" || e.From.Key != key("test:note:a") {
			t.Errorf("from a: entry %+v lacks its resolved ends", e)
		}

		to, err := s.To(ctx, key("test:note:b"), legal)
		if err != nil {
			t.Fatal(err)
		}
		if len(to.Groups) != 2 || to.Groups[0].Label != "links.rel.is-cited-by" || to.Of(Cites)[0].From.Title != "Note a" {
			t.Errorf("to b: %+v, want cited by and referenced by a", to.Groups)
		}

		if err := s.Delete(ctx, l.ID, legal); err != nil {
			t.Fatal(err)
		}
		if to, _ := s.To(ctx, key("test:note:b"), legal); len(to.Of(Cites)) != 0 {
			t.Error("a deleted link is still listed")
		}
		var audited int
		d.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action IN ('link.create', 'link.delete')`).Scan(&audited)
		if audited != 4 {
			t.Errorf("%d audit entries, want 4 (three adds, one delete)", audited)
		}
	})
}

// TestVisibility: a link whose either end the reader may not see is left
// out, and a hidden thing has no links at all; nobody links or unlinks
// what they do not edit.
func TestVisibility(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := fixture(t, d)
		add(t, s, "test:note:a", Cites, "test:note:b", legal)
		hidden := add(t, s, "test:note:a", Cites, "test:secret:x", admin)
		if hidden.To != key("test:secret:X") {
			t.Errorf("stored as %s, want the canonical id X", hidden.To)
		}
		for _, c := range []struct {
			r    Reader
			want int
		}{{Reader{}, 1}, {legal, 1}, {admin, 2}} {
			g, err := s.From(ctx, key("test:note:a"), c.r)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(g.Of(Cites)); n != c.want {
				t.Errorf("%q sees %d links from a, want %d", c.r.Role, n, c.want)
			}
		}
		if _, err := s.To(ctx, key("test:secret:X"), Reader{}); errs.KindOf(err) != errs.NotFound {
			t.Errorf("the public asking what links to a secret: got %v, want not found", err)
		}
		if _, err := s.To(ctx, key("test:note:gone"), admin); errs.KindOf(err) != errs.NotFound {
			t.Errorf("a thing that does not exist: got %v, want not found", err)
		}
		// The legal officer may not link a secret (not visible), nor
		// delete the admin's link to one.
		_, err := s.Add(ctx, NewLink{From: "test:note:a", To: "test:secret:y", Relation: Cites}, legal)
		if e, ok := errs.As(err); !ok || e.Fields["to"] != "links.error.no_thing" {
			t.Errorf("linking a hidden thing: got %v, want to: no_thing", err)
		}
		if err := s.Delete(ctx, hidden.ID, legal); errs.KindOf(err) != errs.NotFound {
			t.Errorf("deleting a link to a hidden thing: got %v, want not found", err)
		}
		// A data curator edits neither end.
		if _, err := s.Add(ctx, NewLink{From: "test:note:a", To: "test:note:c", Relation: Cites}, Reader{Role: accounts.RoleDataCurator}); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a curator linking notes: got %v, want forbidden", err)
		}
		var n int
		d.QueryRow(`SELECT COUNT(*) FROM links`).Scan(&n)
		if n != 2 {
			t.Errorf("%d links stored, want the 2 added", n)
		}
	})
}

// TestCheckNamesEachField: every bad field of a new link is named.
func TestCheckNamesEachField(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := fixture(t, d)
		_, err := s.Check(context.Background(), NewLink{From: "nope:thing:1", To: "test:note:" + strings.Repeat("b", 200), Relation: "likes",
			Qualifiers: Qualifiers{Article: "art\n1", Years: "1990-1954", Note: strings.Repeat("é", MaxNote+1)}, Source: "guess"}, legal)
		e, ok := errs.As(err)
		if !ok {
			t.Fatalf("got %v, want field errors", err)
		}
		want := map[string]string{"from": "links.error.key_unknown_kind", "to": "links.error.key_too_long", "relation": "links.error.relation_unknown",
			"article": "links.error.article_invalid", "years": "links.error.years_invalid", "note": "links.error.note_invalid", "source": "links.error.source_unknown"}
		for f, msg := range want {
			if e.Fields[f] != msg {
				t.Errorf("field %s: %q, want %q", f, e.Fields[f], msg)
			}
		}
		if _, err := s.Check(context.Background(), NewLink{From: "test:note:a", To: "test:note:a", Relation: Cites}, legal); err == nil {
			t.Error("a link from a thing to itself was accepted")
		}
		for _, y := range []string{"1954", "1954-1990", "1990-1990"} {
			if !validYears(y) {
				t.Errorf("years %q refused", y)
			}
		}
	})
}

// TestDerivedAndPaged: derived links come first and are merged with a
// stored copy; the API's pages run over the stored ones.
func TestDerivedAndPaged(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := fixture(t, d)
		// n1's stored copy comes on the second page of two.
		for _, from := range []string{"test:note:n2", "test:note:n3", "test:note:n1", "test:note:n4"} {
			if _, err := s.Add(ctx, NewLink{From: from, To: "test:note:topic", Relation: About, Qualifiers: Qualifiers{Note: "by hand"}}, legal); err != nil {
				t.Fatal(err)
			}
		}
		g, err := s.To(ctx, key("test:note:topic"), Reader{})
		if err != nil {
			t.Fatal(err)
		}
		about := g.Of(About)
		if len(about) != 4 {
			t.Fatalf("%d links about the topic, want 4 (the derived one merged with its stored copy)", len(about))
		}
		if e := about[0]; e.Basis != "derived-basis" || e.ID == 0 || e.Note != "by hand" || e.Source != SourceEditor {
			t.Errorf("merged entry %+v, want the derived basis with the stored id and note", e)
		}
		var seen []string
		var after int64
		for pages := 0; ; pages++ {
			items, next, err := s.List(ctx, DirTo, key("test:note:topic"), "", after, 2, Reader{})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range items {
				seen = append(seen, e.From.Key.ID+"/"+e.Source)
			}
			if next == 0 || pages > 5 {
				break
			}
			after = next
		}
		if got := strings.Join(seen, " "); got != "n1/derived n2/editor n3/editor n4/editor" {
			t.Errorf("pages list %s", got)
		}
		if _, _, err := s.List(ctx, DirTo, key("test:note:topic"), "likes", 0, 10, Reader{}); errs.KindOf(err) != errs.Invalid {
			t.Errorf("an unknown relation filter: got %v, want invalid", err)
		}
		if n, err := RemoveAll(ctx, d, key("test:note:topic")); err != nil || n != 4 {
			t.Errorf("RemoveAll: %d, %v; want the 4 stored links gone", n, err)
		}
	})
}
