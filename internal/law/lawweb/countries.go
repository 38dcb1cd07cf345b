package lawweb

// A country's page: the instruments binding it on a date and its
// reservations, declarations and objections.

import (
	"net/http"
	"strings"
	"time"

	"corridor/internal/errs"
	"corridor/internal/geo"
	"corridor/internal/law/lawdb"
	"corridor/internal/web"
)

// pathCountry looks up the {country} path value; an unknown one is NotFound.
func pathCountry(r *http.Request) (geo.Country, error) {
	c, ok := geo.ByCode(strings.ToUpper(r.PathValue("country")))
	if !ok {
		return c, &errs.Error{Kind: errs.NotFound, Message: "law.error.unknown_state"}
	}
	return c, nil
}

type countryData struct {
	Code, Name, On string
	Bindings       []lawdb.Binding
	// Statements are the State's reservations, declarations and
	// objections in effect on the date.
	Statements []lawdb.Statement
	Follow     followState
}

func (h *Handler) country(w http.ResponseWriter, r *http.Request) error {
	c, err := pathCountry(r)
	if err != nil {
		return err
	}
	day, err := parseDay(r.URL.Query().Get("on"))
	if err != nil {
		return err
	}
	bs, err := h.Store.CountryOn(r.Context(), c.Alpha3, day)
	if err != nil {
		return err
	}
	d := countryData{Code: c.Alpha3, Name: c.Name, On: day.Format(time.DateOnly), Bindings: bs, Follow: h.followState(r, "country", c.Alpha3)}
	stm, err := h.Store.StatementsOfState(r.Context(), c.Alpha3)
	if err != nil {
		return err
	}
	for _, st := range stm {
		if st.InEffectOn(d.On) {
			if !st.PartlyWithdrawnBy(d.On) {
				st.WithdrawnEIDs = nil
			}
			d.Statements = append(d.Statements, st)
		}
	}
	h.Web.Render(w, r, "law_country", web.Page{Title: c.Name, Data: d})
	return nil
}
