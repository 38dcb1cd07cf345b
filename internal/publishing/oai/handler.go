// Package oai serves OAI-PMH 2.0 (http://www.openarchives.org/OAI/openarchivesprotocol.html)
// with unqualified Dublin Core (oai_dc) over a Repository the publishing
// domain implements. It holds no data: every list is read by keyset from the
// Repository, and the resumption tokens are stateless and signed.
package oai

import (
	"bufio"
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Granularity is the only datestamp granularity the repository declares.
// Harvesters may also send day granularity (YYYY-MM-DD), which every
// seconds-granularity repository must accept.
const Granularity = "YYYY-MM-DDThh:mm:ssZ"

const (
	layoutSeconds = "2006-01-02T15:04:05Z"
	layoutDay     = "2006-01-02"
)

// Info is what Identify says about the repository. The deleted-record
// policy is always "persistent": a deleted record stays listed with
// status="deleted" and a datestamp of its deletion.
type Info struct {
	RepositoryName    string
	BaseURL           string
	AdminEmails       []string
	EarliestDatestamp time.Time // no record's datestamp may be earlier
}

// Set is one set a record may belong to. Specs are colon-separated
// hierarchies, e.g. "series:migration-research-series" or "type:report".
type Set struct {
	Spec string
	Name string
}

// Header is a record's OAI header. Datestamp is the last change of the
// metadata record (an edit or the deletion), in UTC at whole seconds.
type Header struct {
	Identifier string // e.g. "oai:corridor.example.org:pub-123"
	Datestamp  time.Time
	SetSpecs   []string
	Deleted    bool
}

// Record is a header and, unless deleted, its Dublin Core.
type Record struct {
	Header
	Metadata DC
}

// Cursor is a keyset position: the list continues strictly after
// (Datestamp, Identifier) in that order.
type Cursor struct {
	Datestamp  time.Time
	Identifier string
}

// Query selects records for a list verb.
type Query struct {
	From  time.Time // inclusive; zero means no lower bound
	Until time.Time // inclusive; zero means no upper bound
	// Set selects records whose set specs include Set or a descendant of it
	// ("series" selects "series:a"); "" selects every record.
	Set   string
	After *Cursor // nil for the first page
	Limit int
}

// ErrNotFound is what Repository.Record returns for an unknown identifier.
var ErrNotFound = errors.New("oai: no such record")

// Repository is what the publishing domain implements to be harvested.
type Repository interface {
	Identify(ctx context.Context) (Info, error)
	// Sets lists every set; none means the repository has no set hierarchy.
	Sets(ctx context.Context) ([]Set, error)
	// Records returns at most q.Limit records matching q, deleted ones
	// included, ordered by (Datestamp, Identifier) ascending.
	Records(ctx context.Context, q Query) ([]Record, error)
	// Record returns one record, deleted or not, or ErrNotFound.
	Record(ctx context.Context, identifier string) (Record, error)
}

// Options tune the handler.
type Options struct {
	// Key signs resumption tokens; at least 32 bytes, and stable across
	// restarts and instances so harvests survive them.
	Key []byte
	// PageSize is the number of records or headers per list response
	// (default 100).
	PageSize int
	// TokenLifetime is how long a resumption token stays valid (default 24h).
	TokenLifetime time.Duration
	// Now is the clock (default time.Now); tests set it.
	Now func() time.Time
	// Logf reports repository failures, which harvesters see as HTTP 500
	// (default: not reported).
	Logf func(format string, args ...any)
}

// maxBody bounds a POST body; real requests are well under 1 KiB.
const maxBody = 16 << 10

type handler struct {
	repo Repository
	opts Options
}

// Handler serves OAI-PMH over GET and POST at whatever path it is mounted.
// It panics if opts.Key is shorter than 32 bytes: unsigned tokens would let
// any harvester forge a position.
func Handler(repo Repository, opts Options) http.Handler {
	if len(opts.Key) < 32 {
		panic("oai: Options.Key must hold at least 32 bytes to sign resumption tokens")
	}
	if opts.PageSize <= 0 {
		opts.PageSize = 100
	}
	if opts.TokenLifetime <= 0 {
		opts.TokenLifetime = 24 * time.Hour
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	return &handler{repo: repo, opts: opts}
}

// args are a request's arguments, each given at most once.
type args map[string]string

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var raw string
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		raw = r.URL.RawQuery
	case http.MethodPost:
		ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if ct != "application/x-www-form-urlencoded" {
			http.Error(w, "OAI-PMH POST requests must be application/x-www-form-urlencoded", http.StatusUnsupportedMediaType)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		if err != nil {
			http.Error(w, "reading the request body: "+err.Error(), http.StatusBadRequest)
			return
		}
		if len(body) > maxBody {
			http.Error(w, "OAI-PMH request body larger than 16 KiB", http.StatusRequestEntityTooLarge)
			return
		}
		raw = string(body)
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		http.Error(w, "OAI-PMH accepts GET and POST only", http.StatusMethodNotAllowed)
		return
	}

	info, err := h.repo.Identify(r.Context())
	if err != nil {
		h.fail(w, "Identify", err)
		return
	}
	now := h.opts.Now().UTC().Truncate(time.Second)
	a, errs := parseArgs(raw)
	var resp response
	if len(errs) == 0 {
		resp, errs = h.dispatch(r.Context(), a, info, now)
	}
	if resp.internal != nil {
		h.fail(w, a["verb"], resp.internal)
		return
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	if r.Method == http.MethodHead {
		return
	}
	xw := &xmlWriter{w: bufio.NewWriterSize(w, 8<<10)}
	xw.raw(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
		` xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">` + "\n")
	xw.raw("<responseDate>" + now.Format(layoutSeconds) + "</responseDate>\n<request")
	if !hidesArguments(errs) {
		for _, name := range argumentOrder {
			if v, ok := a[name]; ok {
				xw.attr(name, v)
			}
		}
	}
	xw.raw(">")
	xw.text(info.BaseURL)
	xw.raw("</request>\n")
	if len(errs) > 0 {
		for _, e := range errs {
			xw.raw(`<error code="` + e.Code + `">`)
			xw.text(e.Message)
			xw.raw("</error>\n")
		}
	} else {
		resp.write(xw)
	}
	xw.raw("</OAI-PMH>\n")
	_ = xw.w.Flush() // a harvester that hung up cannot be told
}

// fail answers a repository failure with HTTP 500 (not an OAI error: the
// request was fine and may be retried) and logs it.
func (h *handler) fail(w http.ResponseWriter, verb string, err error) {
	h.opts.Logf("oai: %s: %v", verb, err)
	http.Error(w, "the repository could not answer; try again later", http.StatusInternalServerError)
}

// argumentOrder is every argument OAI-PMH defines, in the order <request>
// echoes them.
var argumentOrder = []string{"verb", "identifier", "metadataPrefix", "from", "until", "set", "resumptionToken"}

// parseArgs decodes a query string strictly: a repeated argument, an
// undecodable one or one OAI-PMH does not define is a badArgument; a
// missing or repeated verb is a badVerb.
func parseArgs(raw string) (args, []protocolError) {
	a := args{}
	var errs []protocolError
	seen := map[string]int{}
	for raw != "" {
		var part string
		part, raw, _ = strings.Cut(raw, "&")
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		key, err1 := url.QueryUnescape(k)
		val, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			return a, []protocolError{errorf(codeBadArgument, "an argument is not correctly URL-encoded")}
		}
		seen[key]++
		a[key] = val
	}
	if seen["verb"] > 1 {
		return a, []protocolError{errorf(codeBadVerb, "the verb argument is repeated")}
	}
	for key, n := range seen {
		switch {
		case !isArgument(key):
			errs = append(errs, errorf(codeBadArgument, "unknown argument "+quote(key)))
		case n > 1:
			errs = append(errs, errorf(codeBadArgument, "the argument "+key+" is repeated"))
		case !utf8.ValidString(a[key]):
			errs = append(errs, errorf(codeBadArgument, "the argument "+key+" is not valid UTF-8"))
		}
	}
	if _, ok := a["verb"]; !ok {
		errs = append(errs, errorf(codeBadVerb, "the verb argument is missing"))
	} else if _, ok := verbs[a["verb"]]; !ok {
		errs = append(errs, errorf(codeBadVerb, "the verb "+quote(a["verb"])+" is not an OAI-PMH verb"))
	}
	sortErrors(errs)
	return a, errs
}

func isArgument(name string) bool {
	for _, n := range argumentOrder {
		if n == name {
			return true
		}
	}
	return false
}

// sortErrors keeps messages in a stable order whatever the map's order.
func sortErrors(errs []protocolError) {
	for i := 1; i < len(errs); i++ {
		for j := i; j > 0 && errs[j].Code+errs[j].Message < errs[j-1].Code+errs[j-1].Message; j-- {
			errs[j], errs[j-1] = errs[j-1], errs[j]
		}
	}
}

// quote shows a harvester's value in a message, cut to a readable length.
func quote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "…"
	}
	return `"` + strings.ToValidUTF8(s, "\uFFFD") + `"`
}

// parseDate reads a from/until value at either granularity and reports
// which one it used.
func parseDate(s string) (t time.Time, day bool, err error) {
	if t, err := time.Parse(layoutSeconds, s); err == nil && len(s) == len(layoutSeconds) {
		return t, false, nil
	}
	if t, err := time.Parse(layoutDay, s); err == nil && len(s) == len(layoutDay) {
		return t, true, nil
	}
	return time.Time{}, false, errors.New("not a UTC date as YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ")
}

// xmlWriter writes XML text and attribute values escaped. Characters XML 1.0
// cannot carry (most controls, invalid UTF-8) become U+FFFD, so no
// repository value or harvester argument can break the document.
type xmlWriter struct {
	w *bufio.Writer
}

func (x *xmlWriter) raw(s string) { x.w.WriteString(s) }

func (x *xmlWriter) text(s string) { x.escape(s, false) }

func (x *xmlWriter) attr(name, value string) {
	x.w.WriteString(" " + name + `="`)
	x.escape(value, true)
	x.w.WriteByte('"')
}

func (x *xmlWriter) escape(s string, inAttr bool) {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				x.w.WriteString("\uFFFD")
				continue
			}
		}
		switch {
		case r == '&':
			x.w.WriteString("&amp;")
		case r == '<':
			x.w.WriteString("&lt;")
		case r == '>':
			x.w.WriteString("&gt;")
		case r == '"' && inAttr:
			x.w.WriteString("&quot;")
		case (r == '\n' || r == '\r' || r == '\t') && inAttr:
			// Attribute normalisation would turn these into spaces.
			x.w.WriteString("&#" + string(rune('0'+r/10)) + string(rune('0'+r%10)) + ";")
		case r == '\r':
			x.w.WriteString("&#13;")
		case r == '\n' || r == '\t':
			x.w.WriteRune(r)
		case r < 0x20 || (r >= 0xD800 && r <= 0xDFFF) || r == 0xFFFE || r == 0xFFFF:
			x.w.WriteString("\uFFFD")
		default:
			x.w.WriteRune(r)
		}
	}
}
