package lawdb

import (
	"context"
	"strings"
	"time"
)

// Why an instrument covers a corridor.
const (
	CoverBothParties = "parties"     // a treaty both States are party to
	CoverBilateral   = "bilateral"   // an instrument between the two States
	CoverDestination = "destination" // national law of the destination
	CoverOrigin      = "origin"      // national law of the origin
)

// CorridorInstrument is an instrument that covers migration from one State
// to another, and why.
type CorridorInstrument struct {
	Slug, Title, Cover string
}

// CorridorInstruments lists what governs migration from State from to
// State to (alpha-3 codes) on a date: the bilateral instruments between
// them, the treaties both are party to then, and each one's national law
// in the database — in that order, titles alphabetical within each.
func (s *Store) CorridorInstruments(ctx context.Context, from, to string, on time.Time) ([]CorridorInstrument, error) {
	parties := func(state string) (map[string]string, error) {
		bs, err := s.CountryOn(ctx, state, on)
		if err != nil {
			return nil, err
		}
		out := map[string]string{}
		for _, b := range bs {
			if b.Status.Status == "party" {
				out[b.Slug] = b.Title
			}
		}
		return out, nil
	}
	pf, err := parties(from)
	if err != nil {
		return nil, err
	}
	pt, err := parties(to)
	if err != nil {
		return nil, err
	}
	all, _, err := s.List(ctx, Filter{})
	if err != nil {
		return nil, err
	}
	var bilateral, treaties, dest, orig []CorridorInstrument
	for _, in := range all {
		states := map[string]bool{}
		for _, j := range strings.FieldsFunc(strings.ToUpper(in.Jurisdiction), func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '/' }) {
			states[j] = true
		}
		ci := CorridorInstrument{Slug: in.Slug, Title: in.Title}
		switch {
		case states[from] && states[to] && in.Level != "national":
			ci.Cover = CoverBilateral
			bilateral = append(bilateral, ci)
		case pf[in.Slug] != "" && pt[in.Slug] != "":
			ci.Cover = CoverBothParties
			treaties = append(treaties, ci)
		case in.Level == "national" && states[to] && len(states) == 1:
			ci.Cover = CoverDestination
			dest = append(dest, ci)
		case in.Level == "national" && states[from] && len(states) == 1:
			ci.Cover = CoverOrigin
			orig = append(orig, ci)
		}
	}
	return append(append(append(bilateral, treaties...), dest...), orig...), nil
}
