package lawweb

// The cumulative restrictiveness index drawn as what it is: a step
// function that starts at 0 the year before the first change and moves
// only in the years of changes, with the direction named on the axis.

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"net/http"
	"strings"

	"corridor/internal/law/lawdb"
	"corridor/internal/web"
)

// signedIndex writes an index value with its sign, "+2", "0", "−3".
func signedIndex(v int) string {
	switch {
	case v > 0:
		return fmt.Sprintf("+%d", v)
	case v < 0:
		return fmt.Sprintf("−%d", -v)
	}
	return "0"
}

// indexDirection is the catalog key naming where an index value stands
// against the start: more or less restrictive, or as at the start.
func indexDirection(v int) string {
	switch {
	case v > 0:
		return "law.policy.direction.more"
	case v < 0:
		return "law.policy.direction.less"
	}
	return "law.policy.direction.same"
}

// policyChart draws a country's restrictiveness index ("" without
// changes) as an SVG step chart.
func (h *Handler) policyChart(r *http.Request, country string, idx []lawdb.IndexPoint) template.HTML {
	if len(idx) == 0 {
		return ""
	}
	const W, H, left, right, top, bottom = 640.0, 300.0, 64.0, 16.0, 40.0, 36.0
	first, last := idx[0].Year-1, idx[len(idx)-1].Year+1
	lo, hi := 0, 0
	for _, p := range idx {
		lo, hi = min(lo, p.Value), max(hi, p.Value)
	}
	if hi-lo < 2 {
		lo, hi = lo-1, hi+1
	}
	x := func(year float64) float64 {
		return left + (year-float64(first))/float64(last-first)*(W-left-right)
	}
	y := func(v float64) float64 { return top + (float64(hi)-v)/float64(hi-lo)*(H-top-bottom) }
	esc := html.EscapeString
	title := h.Web.T(r, "law.policy.index_of", country)
	desc := h.Web.T(r, "law.policy.chart_desc", idx[0].Year, idx[len(idx)-1].Year) + " " +
		h.Web.T(r, "law.policy.chart_end", idx[len(idx)-1].Year, signedIndex(idx[len(idx)-1].Value), h.Web.T(r, indexDirection(idx[len(idx)-1].Value)))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g %g" role="img" aria-labelledby="law-policy-chart-title law-policy-chart-desc" class="chart chart-step" lang="%s">`, W, H, esc(web.LangFrom(r.Context())))
	fmt.Fprintf(&b, `<title id="law-policy-chart-title">%s</title><desc id="law-policy-chart-desc">%s</desc>`, esc(title), esc(desc))
	// y grid and signed labels
	step := int(math.Max(1, math.Ceil(float64(hi-lo)/6)))
	for v := lo - lo%step; v <= hi; v += step {
		if v < lo {
			continue
		}
		stroke, width := "#e3e6ea", 1.0
		if v == 0 {
			stroke, width = "#555", 1.5
		}
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="%g"/>`, left, W-right, y(float64(v)), y(float64(v)), stroke, width)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="end" font-size="12" fill="#333">%s</text>`, left-6, y(float64(v))+4, signedIndex(v))
	}
	fmt.Fprintf(&b, `<text x="4" y="14" font-size="12" fill="#333">%s</text>`, esc(h.Web.T(r, "law.policy.more_restrictive")))
	fmt.Fprintf(&b, `<text x="4" y="%.1f" font-size="12" fill="#333">%s</text>`, H-6, esc(h.Web.T(r, "law.policy.less_restrictive")))
	// year ticks
	ystep := int(math.Max(1, math.Ceil(float64(last-first)/8)))
	for yr := first; yr <= last; yr += ystep {
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" font-size="12" fill="#333">%d</text>`, x(float64(yr)), H-bottom+16, yr)
	}
	// the steps: flat from 0, up or down in the year of a change
	var path strings.Builder
	fmt.Fprintf(&path, "M%.1f %.1f", x(float64(first)), y(0))
	for _, p := range idx {
		fmt.Fprintf(&path, " H%.1f V%.1f", x(float64(p.Year)), y(float64(p.Value)))
	}
	fmt.Fprintf(&path, " H%.1f", x(float64(last)))
	fmt.Fprintf(&b, `<g class="series"><path d="%s" fill="none" stroke="#1f4e79" stroke-width="2.5"/>`, path.String())
	for _, p := range idx {
		if p.Changes == 0 {
			continue
		}
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="#1f4e79"><title>%s</title></circle>`, x(float64(p.Year)), y(float64(p.Value)),
			esc(h.Web.T(r, "law.policy.point", p.Year, signedIndex(p.Value), h.Web.T(r, indexDirection(p.Value)), p.Changes)))
	}
	b.WriteString(`</g></svg>`)
	return template.HTML(b.String())
}
