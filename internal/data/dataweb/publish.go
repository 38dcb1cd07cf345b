package dataweb

import (
	"math"
	"net/http"
	"strconv"

	"corridor/internal/accounts"
	"corridor/internal/data"
	"corridor/internal/errs"
	"corridor/internal/web"
)

// isCurator reports whether the reader curates data: the one audience that
// sees draft and superseded estimates.
func isCurator(r *http.Request) bool {
	u := web.UserFrom(r.Context())
	return u != nil && accounts.Can(u.Role, accounts.PermCurateData)
}

// visibleDataset reads a dataset the reader may see: a draft estimate is
// not found for anyone but a curator.
func (h *Handlers) visibleDataset(r *http.Request, id int64) (*data.Dataset, error) {
	ds, err := h.S.Dataset(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !ds.Public() && !isCurator(r) {
		return nil, errs.New(errs.NotFound, "data.error.no_dataset")
	}
	return ds, nil
}

// publishEstimate publishes a draft estimate from its page.
func (h *Handlers) publishEstimate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathDataset(r)
	if err != nil {
		return err
	}
	if _, err := h.S.PublishEstimate(r.Context(), id); err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/data/datasets/"+strconv.FormatInt(id, 10), "data.flash.published")
	return nil
}

// withdrawEstimate takes a published estimate off the public pages.
func (h *Handlers) withdrawEstimate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathDataset(r)
	if err != nil {
		return err
	}
	if err := h.S.WithdrawEstimate(r.Context(), id); err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/data/datasets/"+strconv.FormatInt(id, 10), "data.flash.withdrawn")
	return nil
}

// apiPublishEstimate answers the published dataset and the one it replaced.
func (h *Handlers) apiPublishEstimate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathDataset(r)
	if err != nil {
		return err
	}
	replaced, err := h.S.PublishEstimate(r.Context(), id)
	if err != nil {
		return err
	}
	ds, err := h.S.Dataset(r.Context(), id)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, map[string]any{"dataset": ds, "replaced": replaced})
}

func (h *Handlers) apiWithdrawEstimate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathDataset(r)
	if err != nil {
		return err
	}
	if err := h.S.WithdrawEstimate(r.Context(), id); err != nil {
		return err
	}
	ds, err := h.S.Dataset(r.Context(), id)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, map[string]any{"dataset": ds})
}

// changeRow is one corridor of an estimate comparison as a curator reads it.
type changeRow struct {
	From, To, Published, Draft, Difference string
}

// comparisonData is a draft estimate beside the published one, for its page.
type comparisonData struct {
	*data.EstimateComparison
	DraftTotal, PublishedTotal string
	DraftCount, PublishedCount string // corridors with a flow
	Changes                    []changeRow
}

func comparisonView(c *data.EstimateComparison, lang string) *comparisonData {
	people := func(v float64) string { return tableNumber(math.Round(v), 0, lang) } // whole people
	out := &comparisonData{EstimateComparison: c, DraftTotal: people(c.DraftTotal), PublishedTotal: people(c.PublishedTotal),
		DraftCount: people(float64(c.DraftCorridors)), PublishedCount: people(float64(c.PublishedCorridors))}
	for _, ch := range c.Changes {
		d := people(ch.Difference())
		if ch.Difference() > 0 {
			d = "+" + d
		}
		out.Changes = append(out.Changes, changeRow{From: data.AreaName(ch.Origin, lang), To: data.AreaName(ch.Destination, lang),
			Published: people(ch.Published), Draft: people(ch.Draft), Difference: d})
	}
	return out
}
