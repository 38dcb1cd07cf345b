package lawdb

import (
	"context"
	"errors"
	"strings"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/links"
)

// InstrumentKey is the links key of an instrument (law:instrument:V-2).
func InstrumentKey(slug string) links.Key {
	return links.Key{Domain: "law", Kind: "instrument", ID: slug}
}

// RegisterLinks tells the links service about law's things and the links
// law derives: instruments (law:instrument:SLUG, a #fragment naming a
// provision by its eId), and the instruments that govern a corridor
// (data:corridor:FROM-TO) today, from treaty status and jurisdictions.
// now gives the day the derived links hold on.
func (s *Store) RegisterLinks(reg *links.Service, now func() time.Time) error {
	err := reg.Register(links.Kind{Domain: "law", Name: "instrument", Edit: accounts.PermEditLaw, Resolve: s.resolveInstrument})
	if err != nil {
		return err
	}
	reg.Derive(links.DirTo, "data:corridor", func(ctx context.Context, k links.Key, _ links.Reader) ([]links.Entry, error) {
		from, to, ok := strings.Cut(k.ID, "-")
		if !ok {
			return nil, nil
		}
		found, err := s.CorridorInstruments(ctx, from, to, now())
		if err != nil {
			return nil, err
		}
		out := make([]links.Entry, len(found))
		for i, ci := range found {
			out[i] = links.Entry{Relation: links.Governs, Basis: ci.Cover,
				From: links.Thing{Key: InstrumentKey(ci.Slug), Title: ci.Title, URL: "/law/instruments/" + ci.Slug}}
		}
		return out, nil
	})
	return nil
}

// resolveInstrument finds an instrument by any of its identifiers and
// names it by its slug. Every instrument is public.
func (s *Store) resolveInstrument(ctx context.Context, k links.Key, _ links.Reader) (*links.Thing, error) {
	in, err := s.Instrument(ctx, k.ID)
	if errors.Is(err, ErrUnknownInstrument) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	t := &links.Thing{Key: InstrumentKey(in.Slug), Title: in.Title, URL: "/law/instruments/" + in.Slug}
	if k.Fragment != "" {
		t.Title += ", " + links.PartLabel(k.Fragment)
		t.URL += "/" + k.Fragment
	}
	return t, nil
}
