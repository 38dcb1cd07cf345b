package lawweb

// An instrument's identifiers as links to where they resolve: ELI and
// other URIs as themselves, BWB to wetten.overheid.nl, CELEX to EUR-Lex,
// ILO conventions to NORMLEX, the UNTC number to the instrument's source
// page; the UNTS volume and official-journal references apart, as the
// place the text was published.

import (
	"net/url"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"corridor/internal/law/lawdb"
)

type identifierView struct {
	Scheme, Value, Href string
}

// publicationSchemes are references to where the text was published.
var publicationSchemes = map[string]bool{"unts": true, "oj": true, "gazette": true, "stb": true, "trb": true}

// identifierViews splits the identifiers into those of the instrument and
// its publication references, each with its link when it has one.
func identifierViews(in *lawdb.Instrument) (ids, published []identifierView) {
	for _, x := range in.Identifiers {
		v := identifierView{Scheme: x.Scheme, Value: x.Value}
		val := strings.TrimSpace(x.Value)
		switch {
		case strings.HasPrefix(val, "https://") || strings.HasPrefix(val, "http://"):
			v.Href = val
		case x.Scheme == "bwb":
			v.Href = "https://wetten.overheid.nl/" + url.PathEscape(val)
		case x.Scheme == "celex":
			v.Href = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:" + url.QueryEscape(val)
		case x.Scheme == "ilo":
			v.Href = "https://normlex.ilo.org/dyn/normlex/en/f?p=NORMLEXPUB:12100:0::NO::P12100_ILO_CODE:" + url.QueryEscape(val)
		case x.Scheme == "untc" && strings.Contains(in.URL, "treaties.un.org"):
			v.Href = in.URL
		case x.Scheme == "akn":
			v.Href = "/law/instruments/" + url.PathEscape(in.Slug) + "/akn"
		}
		if publicationSchemes[x.Scheme] {
			published = append(published, v)
		} else {
			ids = append(ids, v)
		}
	}
	return ids, published
}

// textLanguages lists the languages the instrument's texts are in, each
// linking to the text in it, and whether none is in the reader's language.
func textLanguages(vs []lawdb.Version, reader, href, on string) (bool, []langLink) {
	var out []langLink
	seen := map[string]bool{}
	for _, v := range vs {
		if seen[v.Language] {
			continue
		}
		seen[v.Language] = true
		vals := url.Values{"lang": {v.Language}}
		if on != "" {
			vals.Set("on", on)
		}
		name := languageName(v.Language, reader)
		out = append(out, langLink{Lang: v.Language, Name: name, Href: href + "?" + vals.Encode()})
	}
	return len(out) > 0 && !seen[reader], out
}

// languageName names a language (ISO 639 code) in the reader's language:
// "néerlandais" for "nl" in French.
func languageName(code, reader string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	if n := display.Tags(language.Make(reader)).Name(tag); n != "" {
		return n
	}
	return code
}
