package publishing

import (
	"context"
	"fmt"
	"strconv"

	"corridor/internal/accounts"
	"corridor/internal/errs"
	"corridor/internal/links"
)

// PublicationKey is the links key of a publication (publishing:publication:12).
func PublicationKey(id int64) links.Key {
	return links.Key{Domain: "publishing", Kind: "publication", ID: strconv.FormatInt(id, 10)}
}

// SeriesKey is the links key of a series (publishing:series:3).
func SeriesKey(id int64) links.Key {
	return links.Key{Domain: "publishing", Kind: "series", ID: strconv.FormatInt(id, 10)}
}

// RegisterLinks tells the links service about publications and series.
// Both are public; a withdrawn publication resolves to nothing, so links
// from or to it drop out of every list.
func (s *Service) RegisterLinks(reg *links.Service) error {
	edit := accounts.PermEditPublications
	for _, k := range []links.Kind{
		{Domain: "publishing", Name: "publication", Edit: edit, Canon: canonID, Resolve: s.resolvePublication},
		{Domain: "publishing", Name: "series", Edit: edit, Canon: canonID, Resolve: s.resolveSeries},
	} {
		if err := reg.Register(k); err != nil {
			return err
		}
	}
	return nil
}

func canonID(id string) (string, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return "", fmt.Errorf("id %q: want a positive number", id)
	}
	return strconv.FormatInt(n, 10), nil
}

func (s *Service) resolvePublication(ctx context.Context, k links.Key, r links.Reader) (*links.Thing, error) {
	id, _ := strconv.ParseInt(k.ID, 10, 64)
	w, err := getWork(ctx, s.DB, id)
	if err == ErrNotFound || err == nil && w.deletedAt != 0 {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	m, err := getMeta(ctx, s.DB, id, w.latest)
	if err != nil {
		return nil, err
	}
	return &links.Thing{Key: PublicationKey(id), Title: m.Title(r.Lang), URL: "/publications/" + k.ID}, nil
}

func (s *Service) resolveSeries(ctx context.Context, k links.Key, r links.Reader) (*links.Thing, error) {
	id, _ := strconv.ParseInt(k.ID, 10, 64)
	sr, err := getSeries(ctx, s.DB, id)
	if err == ErrNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &links.Thing{Key: SeriesKey(id), Title: sr.Title(r.Lang), URL: "/series/" + k.ID}, nil
}

// LinkRelations are the relations an editor may add from a publication.
var LinkRelations = []string{links.Cites, links.UsesData, links.About, links.References}

// NewLink is a link an editor adds from a publication: the target key
// (law:instrument:V-2#art_33, data:corridor:MEX-USA…) and the relation.
// A fragment on the target is stored as the link's article, so that the
// instrument's page lists it and its article can pick it out.
func (s *Service) NewLink(id int64, to, relation, note string) (links.NewLink, error) {
	ok := false
	for _, r := range LinkRelations {
		ok = ok || r == relation
	}
	if !ok {
		return links.NewLink{}, errs.Fields{"relation": "links.error.relation_unknown"}.Err()
	}
	in := links.NewLink{From: PublicationKey(id).String(), To: to, Relation: relation}
	in.Note = note
	if k, err := links.ParseKey(to); err == nil && k.Fragment != "" {
		in.Article = k.Fragment
		k.Fragment = ""
		in.To = k.String()
	}
	return in, nil
}
