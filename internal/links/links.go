// Package links holds the typed links between any two things Corridor
// holds — instrument, provision, dataset, corridor, country, publication,
// course, event, person… — the spine of the evidence graph. Domains never
// import each other; each registers its kinds of thing (how to resolve a
// key to a title, a URL and whether a reader may see it) and, where links
// follow from facts it already holds, a Deriver that computes them when
// read. A page asks To or From for what links to or from a thing,
// grouped by relation, already filtered for its reader.
package links

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"corridor/internal/accounts"
	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
)

// Reader is who reads or writes links: the public (zero Reader) or a
// signed-in user with a role.
type Reader struct {
	UserID int64
	Role   accounts.Role
	// Lang is the language titles are wanted in (en, fr, es); a kind
	// whose things have titles in several languages picks it, and falls
	// back as its pages do.
	Lang string
}

// ReaderOf is the reader for a user, the public for nil.
func ReaderOf(u *accounts.User) Reader {
	if u == nil {
		return Reader{}
	}
	return Reader{UserID: u.ID, Role: u.Role}
}

// Thing is a key resolved for a reader.
type Thing struct {
	Key   Key    `json:"key"`
	Title string `json:"title"`
	URL   string `json:"url,omitempty"`
}

// Kind is a kind of thing a domain registers.
type Kind struct {
	Domain, Name string
	// Edit is the permission to link this kind of thing: a writer needs
	// it for one of the link's two ends.
	Edit accounts.Permission
	// Canon checks an id and returns its canonical spelling (upper-case
	// country codes…); nil accepts any syntactically valid id.
	Canon func(id string) (string, error)
	// Resolve gives the thing's title and URL for reader, or nil when
	// there is no such thing or reader may not see it (the two are not
	// told apart, so that links never reveal what a reader may not see).
	// It may set the Thing's Key.ID to the thing's canonical id (an
	// instrument found by another of its identifiers): links are stored
	// and looked up under that one.
	Resolve func(ctx context.Context, k Key, r Reader) (*Thing, error)
}

// Deriver computes links to or from a thing on the fly, from facts its
// domain holds (law: the instruments that govern a corridor today, from
// treaty status). It returns entries with their other end resolved for
// the reader and drops what the reader may not see.
type Deriver func(ctx context.Context, k Key, r Reader) ([]Entry, error)

// Entry is a link with both ends resolved, as pages and the API show it.
type Entry struct {
	// ID is the stored link's id, 0 for a derived one.
	ID       int64  `json:"id,omitempty"`
	Relation string `json:"relation"`
	From     Thing  `json:"from"`
	To       Thing  `json:"to"`
	Qualifiers
	// Basis says why a derived link holds, in its domain's terms (law:
	// parties, bilateral, destination, origin).
	Basis     string `json:"basis,omitempty"`
	Source    string `json:"source"`
	CreatedBy int64  `json:"created_by,omitempty"`
	CreatedAt int64  `json:"created_at,omitempty"`
}

// Other is the end of e that is not the thing asked about in direction
// dir.
func (e Entry) Other(dir Direction) Thing {
	if dir == DirTo {
		return e.From
	}
	return e.To
}

// Group is the links of one relation, seen from the thing asked about.
type Group struct {
	Relation Relation `json:"relation"`
	// Label is the catalog key of the relation read from the thing
	// ("is cited by" for links to it, "cites" for links from it).
	Label   string  `json:"label"`
	Entries []Entry `json:"entries"`
}

// Groups is what links to or from one thing.
type Groups struct {
	Thing     Thing     `json:"thing"`
	Direction Direction `json:"direction"`
	Groups    []Group   `json:"groups"`
	// Truncated is set when the thing has more stored links than a page
	// reads (MaxPerThing).
	Truncated bool `json:"truncated,omitempty"`
}

// Of returns the entries of one relation.
func (g Groups) Of(relation string) []Entry {
	for _, gr := range g.Groups {
		if gr.Relation.Name == relation {
			return gr.Entries
		}
	}
	return nil
}

// Counts is the number of links per relation.
func (g Groups) Counts() map[string]int {
	out := map[string]int{}
	for _, gr := range g.Groups {
		out[gr.Relation.Name] = len(gr.Entries)
	}
	return out
}

// MaxPerThing bounds the stored links To and From read for one thing, so
// that a page stays cheap however many links a thing gathers; the API
// pages through all of them.
const MaxPerThing = 1000

// Service is the links registry and store.
type Service struct {
	DB       *db.DB
	kinds    map[string]Kind
	derivers map[Direction]map[string][]Deriver
}

// New returns a links service with no kinds registered.
func New(d *db.DB) *Service {
	return &Service{DB: d, kinds: map[string]Kind{}, derivers: map[Direction]map[string][]Deriver{DirFrom: {}, DirTo: {}}}
}

// Register adds a kind of thing. Registering a kind twice is an error.
func (s *Service) Register(k Kind) error {
	probe := Key{Domain: k.Domain, Kind: k.Name, ID: "x"}
	if _, err := ParseKey(probe.String()); err != nil || k.Resolve == nil {
		return fmt.Errorf("links: register %s:%s: want a valid domain and kind and a resolver", k.Domain, k.Name)
	}
	if _, dup := s.kinds[probe.kindName()]; dup {
		return fmt.Errorf("links: kind %s registered twice", probe.kindName())
	}
	s.kinds[probe.kindName()] = k
	return nil
}

// Derive adds a deriver of links in direction dir for keys of a kind
// ("data:corridor"). Register all kinds and derivers before serving.
func (s *Service) Derive(dir Direction, kind string, d Deriver) {
	s.derivers[dir][kind] = append(s.derivers[dir][kind], d)
}

// Parse checks a key's syntax, that its kind is registered, and returns
// it with its id in canonical form.
func (s *Service) Parse(str string) (Key, error) {
	k, err := ParseKey(str)
	if err != nil {
		return Key{}, err
	}
	kind, ok := s.kinds[k.kindName()]
	if !ok {
		return Key{}, &KeyError{Key: clip(str), Reason: fmt.Sprintf("unknown kind %s (known: %s)", k.kindName(), s.kindNames()), Code: "links.error.key_unknown_kind"}
	}
	if kind.Canon != nil {
		id, err := kind.Canon(k.ID)
		if err != nil {
			return Key{}, &KeyError{Key: clip(str), Reason: err.Error(), Code: "links.error.key_id"}
		}
		k.ID = id
	}
	return k, nil
}

func (s *Service) kindNames() string {
	names := make([]string, 0, len(s.kinds))
	for n := range s.kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// resolve resolves a key for a reader; nil when unknown, missing or hidden.
func (s *Service) resolve(ctx context.Context, k Key, r Reader) (*Thing, error) {
	kind, ok := s.kinds[k.kindName()]
	if !ok {
		return nil, nil
	}
	t, err := kind.Resolve(ctx, k, r)
	if err != nil || t == nil {
		return nil, err
	}
	if t.Key.ID == "" {
		t.Key = k
	}
	t.Key.Domain, t.Key.Kind, t.Key.Fragment = k.Domain, k.Kind, k.Fragment
	return t, nil
}

// To is what links to a thing, grouped by relation; From what links from
// it. Both hold stored and derived links with their ends resolved, and
// leave out every link whose either end the reader may not see. A thing
// the reader may not see has no links (a NotFound error).
func (s *Service) To(ctx context.Context, k Key, r Reader) (Groups, error) {
	return s.groups(ctx, DirTo, k, r)
}

// From: see To.
func (s *Service) From(ctx context.Context, k Key, r Reader) (Groups, error) {
	return s.groups(ctx, DirFrom, k, r)
}

func (s *Service) groups(ctx context.Context, dir Direction, k Key, r Reader) (Groups, error) {
	entries, next, asked, err := s.entries(ctx, dir, k, "", 0, MaxPerThing, r)
	if err != nil {
		return Groups{}, err
	}
	out := Groups{Thing: asked, Direction: dir, Truncated: next != 0}
	for _, rel := range Relations {
		g := Group{Relation: rel, Label: rel.Label()}
		if dir == DirTo {
			g.Label = rel.InverseLabel()
		}
		for _, e := range entries {
			if e.Relation == rel.Name {
				g.Entries = append(g.Entries, e)
			}
		}
		if len(g.Entries) > 0 {
			out.Groups = append(out.Groups, g)
		}
	}
	return out, nil
}

// List is one page of the links to or from a thing for the API: the
// derived ones on the first page (after = 0), then the stored ones with
// ids above after, at most limit of them. next is the id to continue
// after, 0 on the last page.
func (s *Service) List(ctx context.Context, dir Direction, k Key, relation string, after int64, limit int, r Reader) (entries []Entry, next int64, err error) {
	if relation != "" {
		if _, ok := RelationByName(relation); !ok {
			return nil, 0, &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: map[string]string{"relation": "links.error.relation_unknown"}}
		}
	}
	entries, next, _, err = s.entries(ctx, dir, k, relation, after, limit, r)
	return entries, next, err
}

// entries reads the derived links (when after is 0) and one page of the
// stored ones, resolves their ends and drops what r may not see. A stored
// link that repeats a derived one is merged into it (keeping its id and
// qualifiers), so each pair appears once.
func (s *Service) entries(ctx context.Context, dir Direction, k Key, relation string, after int64, limit int, r Reader) ([]Entry, int64, Thing, error) {
	asked, err := s.resolve(ctx, k, r)
	if err != nil {
		return nil, 0, Thing{}, err
	}
	if asked == nil {
		return nil, 0, Thing{}, errs.New(errs.NotFound, "links.error.no_thing")
	}
	// Derived links are listed on the first page only, but every page
	// needs them to leave out the stored copies merged into them.
	var out []Entry
	derived := map[string]int{}
	for _, d := range s.derivers[dir][k.kindName()] {
		es, err := d(ctx, asked.Key, r)
		if err != nil {
			return nil, 0, Thing{}, err
		}
		for _, e := range es {
			if relation != "" && e.Relation != relation {
				continue
			}
			if dir == DirTo {
				e.To = *asked
			} else {
				e.From = *asked
			}
			e.Source = SourceDerived
			derived[e.Relation+" "+e.Other(dir).Key.String()] = len(out)
			out = append(out, e)
		}
	}
	stored, err := list(ctx, s.DB, dir, asked.Key, relation, after, limit+1)
	if err != nil {
		return nil, 0, Thing{}, err
	}
	var next int64
	if len(stored) > limit {
		stored = stored[:limit]
		next = stored[limit-1].ID
	}
	if after > 0 {
		out = out[:0:0]
	}
	for _, l := range stored {
		other := l.To
		if dir == DirTo {
			other = l.From
		}
		e := Entry{ID: l.ID, Relation: l.Relation, Qualifiers: l.Qualifiers, Source: l.Source, CreatedBy: l.CreatedBy, CreatedAt: l.CreatedAt}
		if i, ok := derived[l.Relation+" "+other.String()]; ok {
			if after > 0 {
				continue // merged into the derived one on the first page
			}
			d := &out[i]
			d.ID, d.Qualifiers, d.Source, d.CreatedBy, d.CreatedAt = e.ID, e.Qualifiers, e.Source, e.CreatedBy, e.CreatedAt
			continue
		}
		t, err := s.resolve(ctx, other, r)
		if err != nil {
			return nil, 0, Thing{}, err
		}
		if t == nil {
			continue // the other end is gone or hidden from this reader
		}
		if dir == DirTo {
			e.From, e.To = *t, *asked
		} else {
			e.From, e.To = *asked, *t
		}
		out = append(out, e)
	}
	return out, next, *asked, nil
}

// NewLink is a link an editor or an import adds.
type NewLink struct {
	From, To, Relation string
	Qualifiers
	// Source is SourceEditor (the default) or SourceImport.
	Source string
}

// Limits on the qualifiers.
const (
	MaxArticle = 128
	MaxNote    = 1000
)

// Check validates a new link for writer r: both keys well formed, of
// registered kinds, distinct and visible to r; a known relation;
// qualifiers in bounds; and r allowed to link one of the two ends. Every
// problem is named by its field.
func (s *Service) Check(ctx context.Context, in NewLink, r Reader) (Link, error) {
	bad := errs.Fields{}
	l := Link{Relation: in.Relation, Qualifiers: in.Qualifiers, Source: in.Source, CreatedBy: r.UserID}
	if l.Source == "" {
		l.Source = SourceEditor
	}
	if l.Source != SourceEditor && l.Source != SourceImport {
		bad.Add("source", "links.error.source_unknown")
	}
	var ends [2]*Kind
	for i, f := range []struct {
		name, val string
		dst       *Key
	}{{"from", in.From, &l.From}, {"to", in.To, &l.To}} {
		k, err := s.Parse(f.val)
		if err != nil {
			bad.Add(f.name, KeyMessage(err))
			continue
		}
		t, err := s.resolve(ctx, k, r)
		if err != nil {
			return Link{}, err
		}
		if t == nil {
			bad.Add(f.name, "links.error.no_thing")
			continue
		}
		*f.dst = t.Key
		kind := s.kinds[k.kindName()]
		ends[i] = &kind
	}
	if len(bad) == 0 && l.From == l.To {
		bad.Add("to", "links.error.self")
	}
	if _, ok := RelationByName(in.Relation); !ok {
		bad.Add("relation", "links.error.relation_unknown")
	}
	if len(in.Article) > MaxArticle || !printable(in.Article) {
		bad.Add("article", "links.error.article_invalid")
	}
	if !validYears(in.Years) {
		bad.Add("years", "links.error.years_invalid")
	}
	if utf8.RuneCountInString(in.Note) > MaxNote || !printable(in.Note) {
		bad.Add("note", "links.error.note_invalid")
	}
	if err := bad.Err(); err != nil {
		return Link{}, err
	}
	if !accounts.Can(r.Role, ends[0].Edit) && !accounts.Can(r.Role, ends[1].Edit) {
		return Link{}, errs.New(errs.Forbidden, "links.error.not_yours")
	}
	return l, nil
}

// Add checks and stores a link with its audit entry, in one transaction.
func (s *Service) Add(ctx context.Context, in NewLink, r Reader) (Link, error) {
	l, err := s.Check(ctx, in, r)
	if err != nil {
		return Link{}, err
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		l, err = Insert(ctx, tx, l)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "link.create", "link", l.ID, nil, l)
	})
	return l, err
}

// Delete removes a stored link with its audit entry, when r may link one
// of its ends. A link r may not see is not found.
func (s *Service) Delete(ctx context.Context, id int64, r Reader) error {
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		l, err := Get(ctx, tx, id)
		if err != nil {
			return err
		}
		if l == nil {
			return errs.New(errs.NotFound, "links.error.no_link")
		}
		may := false
		for _, k := range []Key{l.From, l.To} {
			t, err := s.resolve(ctx, k, r)
			if err != nil {
				return err
			}
			if t == nil {
				return errs.New(errs.NotFound, "links.error.no_link")
			}
			if kind, ok := s.kinds[k.kindName()]; ok && accounts.Can(r.Role, kind.Edit) {
				may = true
			}
		}
		if !may {
			return errs.New(errs.Forbidden, "links.error.not_yours")
		}
		if _, err := Remove(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "link.delete", "link", id, l, nil)
	})
}

var errDuplicate = errs.New(errs.Conflict, "links.error.duplicate")

// KeyMessage is the catalog key naming what is wrong with a key.
func KeyMessage(err error) string {
	if ke, ok := err.(*KeyError); ok {
		return ke.Code
	}
	return "links.error.key_syntax"
}

// printable refuses control characters (a qualifier is one line of text).
func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, c := range s {
		if unicode.IsControl(c) {
			return false
		}
	}
	return true
}

// validYears accepts "", "1954" or "1954-1990" (from ≤ to).
func validYears(s string) bool {
	if s == "" {
		return true
	}
	a, b, rng := strings.Cut(s, "-")
	year := func(x string) (int, bool) {
		if len(x) != 4 {
			return 0, false
		}
		n, err := strconv.Atoi(x)
		return n, err == nil && n >= 1000
	}
	ya, ok := year(a)
	if !ok {
		return false
	}
	if !rng {
		return true
	}
	yb, ok := year(b)
	return ok && ya <= yb
}

func itoa(n int) string { return strconv.Itoa(n) }

// Without is the groups without one relation (a page that shows that
// relation in a section of its own).
func (g Groups) Without(relation string) Groups {
	out := g
	out.Groups = nil
	for _, gr := range g.Groups {
		if gr.Relation.Name != relation {
			out.Groups = append(out.Groups, gr)
		}
	}
	return out
}

// ForArticle is the groups narrowed to the links that name one part of
// the thing (their article qualifier), for a page about that part; ""
// keeps every link.
func (g Groups) ForArticle(article string) Groups {
	if article == "" {
		return g
	}
	out := g
	out.Groups = nil
	for _, gr := range g.Groups {
		var keep []Entry
		for _, e := range gr.Entries {
			if e.Article == article {
				keep = append(keep, e)
			}
		}
		if len(keep) > 0 {
			gr.Entries = keep
			out.Groups = append(out.Groups, gr)
		}
	}
	return out
}
