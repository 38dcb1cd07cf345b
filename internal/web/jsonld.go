package web

import (
	"encoding/json"
	"html/template"
)

// JSONLD is schema.org data for a <script type="application/ld+json">
// element (search engines and reference managers read it): encoding/json
// escapes <, > and &, so data cannot close the element.
func JSONLD(doc map[string]any) template.JS {
	doc["@context"] = "https://schema.org"
	b, err := json.Marshal(doc)
	if err != nil {
		return ""
	}
	return template.JS(b)
}
