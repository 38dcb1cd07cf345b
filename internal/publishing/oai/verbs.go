package oai

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// response is a verb's answer, written only once nothing can fail any more.
// internal is a repository failure, answered with HTTP 500.
type response struct {
	write    func(*xmlWriter)
	internal error
}

func failed(err error) (response, []protocolError) { return response{internal: err}, nil }

// verbRule says which arguments a verb takes besides verb itself.
type verbRule struct {
	required  []string
	optional  []string
	exclusive string // an argument that must come alone (resumptionToken)
}

var verbs = map[string]verbRule{
	"Identify":            {},
	"ListMetadataFormats": {optional: []string{"identifier"}},
	"ListSets":            {exclusive: "resumptionToken"},
	"GetRecord":           {required: []string{"identifier", "metadataPrefix"}},
	"ListIdentifiers":     {required: []string{"metadataPrefix"}, optional: []string{"from", "until", "set"}, exclusive: "resumptionToken"},
	"ListRecords":         {required: []string{"metadataPrefix"}, optional: []string{"from", "until", "set"}, exclusive: "resumptionToken"},
}

// The lexical patterns of OAI-PMH.xsd: values outside them are illegal
// syntax (badArgument), and could not be echoed in a valid <request>.
var (
	metadataPrefixPattern = regexp.MustCompile(`^[A-Za-z0-9\-_.!~*'()]+$`)
	setSpecPattern        = regexp.MustCompile(`^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$`)
)

// maxIdentifier bounds an identifier argument; real ones are short.
const maxIdentifier = 1024

// checkArgs applies the verb's rule and the arguments' syntax.
func checkArgs(verb string, a args) []protocolError {
	rule := verbs[verb]
	var errs []protocolError
	if _, ok := a[rule.exclusive]; ok && rule.exclusive != "" {
		if len(a) > 2 {
			errs = append(errs, errorf(codeBadArgument, "resumptionToken must be the only argument besides verb"))
		}
		return errs
	}
	allowed := map[string]bool{"verb": true, rule.exclusive: rule.exclusive != ""}
	for _, n := range rule.required {
		allowed[n] = true
		if _, ok := a[n]; !ok {
			errs = append(errs, errorf(codeBadArgument, verb+" requires the argument "+n))
		}
	}
	for _, n := range rule.optional {
		allowed[n] = true
	}
	for _, n := range argumentOrder {
		if _, ok := a[n]; ok && !allowed[n] {
			errs = append(errs, errorf(codeBadArgument, verb+" does not take the argument "+n))
		}
	}
	if v, ok := a["metadataPrefix"]; ok && !metadataPrefixPattern.MatchString(v) {
		errs = append(errs, errorf(codeBadArgument, "metadataPrefix "+quote(v)+" is not a legal metadata prefix"))
	}
	if v, ok := a["set"]; ok && !setSpecPattern.MatchString(v) {
		errs = append(errs, errorf(codeBadArgument, "set "+quote(v)+" is not a legal setSpec"))
	}
	if v, ok := a["identifier"]; ok && (v == "" || len(v) > maxIdentifier) {
		errs = append(errs, errorf(codeBadArgument, "identifier must hold 1 to 1024 bytes"))
	}
	return append(errs, checkDates(a)...)
}

// checkDates parses from and until: both at a granularity the repository
// supports, the same one for both, and from not after until.
func checkDates(a args) []protocolError {
	var errs []protocolError
	var times [2]time.Time
	var days [2]bool
	var given [2]bool
	for i, name := range []string{"from", "until"} {
		v, ok := a[name]
		if !ok {
			continue
		}
		t, day, err := parseDate(v)
		if err != nil {
			errs = append(errs, errorf(codeBadArgument, name+" "+quote(v)+" is "+err.Error()))
			continue
		}
		times[i], days[i], given[i] = t, day, true
	}
	if given[0] && given[1] {
		if days[0] != days[1] {
			errs = append(errs, errorf(codeBadArgument, "from and until must have the same granularity"))
		} else if times[0].After(times[1]) {
			errs = append(errs, errorf(codeBadArgument, "from is later than until"))
		}
	}
	return errs
}

func (h *handler) dispatch(ctx context.Context, a args, info Info, now time.Time) (response, []protocolError) {
	verb := a["verb"]
	if errs := checkArgs(verb, a); len(errs) > 0 {
		return response{}, errs
	}
	switch verb {
	case "Identify":
		return identify(info), nil
	case "ListMetadataFormats":
		return h.listMetadataFormats(ctx, a)
	case "ListSets":
		return h.listSets(ctx, a)
	case "GetRecord":
		return h.getRecord(ctx, a)
	default:
		return h.list(ctx, verb, a, info, now)
	}
}

func identify(info Info) response {
	return response{write: func(w *xmlWriter) {
		w.raw("<Identify>\n<repositoryName>")
		w.text(info.RepositoryName)
		w.raw("</repositoryName>\n<baseURL>")
		w.text(info.BaseURL)
		w.raw("</baseURL>\n<protocolVersion>2.0</protocolVersion>\n")
		for _, e := range info.AdminEmails {
			w.raw("<adminEmail>")
			w.text(e)
			w.raw("</adminEmail>\n")
		}
		w.raw("<earliestDatestamp>" + info.EarliestDatestamp.UTC().Format(layoutSeconds) + "</earliestDatestamp>\n")
		w.raw("<deletedRecord>persistent</deletedRecord>\n<granularity>" + Granularity + "</granularity>\n</Identify>\n")
	}}
}

func (h *handler) listMetadataFormats(ctx context.Context, a args) (response, []protocolError) {
	if id, ok := a["identifier"]; ok {
		if _, err := h.repo.Record(ctx, id); errors.Is(err, ErrNotFound) {
			return response{}, []protocolError{errorf(codeIDDoesNotExist, "no record has the identifier "+quote(id))}
		} else if err != nil {
			return failed(err)
		}
	}
	// Every record, deleted ones too, is disseminated as oai_dc, so
	// noMetadataFormats never arises.
	return response{write: func(w *xmlWriter) {
		w.raw("<ListMetadataFormats>\n<metadataFormat><metadataPrefix>" + prefixOAIDC + "</metadataPrefix><schema>" + schemaOAIDC +
			"</schema><metadataNamespace>" + namespaceOAIDC + "</metadataNamespace></metadataFormat>\n</ListMetadataFormats>\n")
	}}, nil
}

func (h *handler) listSets(ctx context.Context, a args) (response, []protocolError) {
	sets, err := h.repo.Sets(ctx)
	if err != nil {
		return failed(err)
	}
	if len(sets) == 0 {
		return response{}, []protocolError{errorf(codeNoSetHierarchy, "this repository has no sets")}
	}
	if _, ok := a["resumptionToken"]; ok {
		// Sets come in one response, so no ListSets token is ever issued.
		return response{}, []protocolError{errorf(codeBadResumptionToken, "this repository issues no resumption tokens for ListSets")}
	}
	return response{write: func(w *xmlWriter) {
		w.raw("<ListSets>\n")
		for _, s := range sets {
			w.raw("<set><setSpec>")
			w.text(s.Spec)
			w.raw("</setSpec><setName>")
			w.text(s.Name)
			w.raw("</setName></set>\n")
		}
		w.raw("</ListSets>\n")
	}}, nil
}

func (h *handler) getRecord(ctx context.Context, a args) (response, []protocolError) {
	var errs []protocolError
	if a["metadataPrefix"] != prefixOAIDC {
		errs = append(errs, errorf(codeCannotDisseminateFormat, "the only metadata format is oai_dc, not "+quote(a["metadataPrefix"])))
	}
	rec, err := h.repo.Record(ctx, a["identifier"])
	if errors.Is(err, ErrNotFound) {
		errs = append(errs, errorf(codeIDDoesNotExist, "no record has the identifier "+quote(a["identifier"])))
	} else if err != nil {
		return failed(err)
	}
	if len(errs) > 0 {
		return response{}, errs
	}
	return response{write: func(w *xmlWriter) {
		w.raw("<GetRecord>\n")
		writeRecord(w, rec)
		w.raw("</GetRecord>\n")
	}}, nil
}

// list answers ListIdentifiers and ListRecords, one page at a time.
func (h *handler) list(ctx context.Context, verb string, a args, info Info, now time.Time) (response, []protocolError) {
	t, errs, err := h.startOrResume(ctx, verb, a, now)
	if err != nil {
		return failed(err)
	}
	if len(errs) > 0 {
		return response{}, errs
	}
	q := Query{Until: time.Unix(t.Until, 0).UTC(), Set: t.Set, Limit: h.opts.PageSize + 1}
	if t.HasFrom {
		q.From = time.Unix(t.From, 0).UTC()
	}
	if t.Cursor > 0 {
		q.After = &Cursor{Datestamp: time.Unix(t.After, 0).UTC(), Identifier: t.AfterID}
	}
	recs, err := h.repo.Records(ctx, q)
	if err != nil {
		return failed(fmt.Errorf("reading records: %w", err))
	}
	if len(recs) == 0 {
		return response{}, []protocolError{errorf(codeNoRecordsMatch, "no records match the request")}
	}
	more := len(recs) > h.opts.PageSize
	if more {
		recs = recs[:h.opts.PageSize]
	}
	resumed := t.Cursor > 0
	cursor := t.Cursor
	var next string
	expires := now.Add(h.opts.TokenLifetime)
	if more {
		last := recs[len(recs)-1].Header
		n := t
		n.After, n.AfterID = last.Datestamp.Unix(), last.Identifier
		n.Cursor = cursor + len(recs)
		n.Expires = expires.Unix()
		next = encodeToken(h.opts.Key, n)
	}
	return response{write: func(w *xmlWriter) {
		w.raw("<" + verb + ">\n")
		for _, rec := range recs {
			if verb == "ListIdentifiers" {
				writeHeader(w, rec.Header)
				w.raw("\n")
			} else {
				writeRecord(w, rec)
			}
		}
		switch {
		case more:
			w.raw(`<resumptionToken expirationDate="` + expires.Format(layoutSeconds) + `" cursor="` + strconv.Itoa(cursor) + `">`)
			w.text(next)
			w.raw("</resumptionToken>\n")
		case resumed:
			// The last page of a list that was split says so with an
			// empty token.
			w.raw(`<resumptionToken cursor="` + strconv.Itoa(cursor) + `"/>` + "\n")
		}
		w.raw("</" + verb + ">\n")
	}}, nil
}

// startOrResume turns a first request into a token (Until fixed at now when
// not given, and never later than now) or checks a harvester's token.
func (h *handler) startOrResume(ctx context.Context, verb string, a args, now time.Time) (token, []protocolError, error) {
	if s, ok := a["resumptionToken"]; ok {
		t, err := decodeToken(h.opts.Key, s, now)
		if err != nil {
			return t, []protocolError{errorf(codeBadResumptionToken, err.Error())}, nil
		}
		if t.Verb != verb {
			return t, []protocolError{errorf(codeBadResumptionToken, "the resumption token belongs to "+t.Verb+", not "+verb)}, nil
		}
		return t, nil, nil
	}
	if a["metadataPrefix"] != prefixOAIDC {
		return token{}, []protocolError{errorf(codeCannotDisseminateFormat, "the only metadata format is oai_dc, not "+quote(a["metadataPrefix"]))}, nil
	}
	t := token{Verb: verb, Prefix: prefixOAIDC, Set: a["set"], Until: now.Unix()}
	if v, ok := a["from"]; ok {
		from, _, _ := parseDate(v) // checked in checkArgs
		t.From, t.HasFrom = from.Unix(), true
	}
	if v, ok := a["until"]; ok {
		until, day, _ := parseDate(v)
		if day {
			until = until.Add(24*time.Hour - time.Second) // inclusive: the whole day
		}
		if until.Before(now) {
			t.Until = until.Unix()
		}
	}
	if t.Set != "" {
		sets, err := h.repo.Sets(ctx)
		if err != nil {
			return t, nil, fmt.Errorf("reading sets: %w", err)
		}
		if len(sets) == 0 {
			return t, []protocolError{errorf(codeNoSetHierarchy, "this repository has no sets")}, nil
		}
	}
	return t, nil, nil
}

func writeHeader(w *xmlWriter, hd Header) {
	if hd.Deleted {
		w.raw(`<header status="deleted">`)
	} else {
		w.raw("<header>")
	}
	w.raw("<identifier>")
	w.text(hd.Identifier)
	w.raw("</identifier><datestamp>" + hd.Datestamp.UTC().Format(layoutSeconds) + "</datestamp>")
	for _, s := range hd.SetSpecs {
		w.raw("<setSpec>")
		w.text(s)
		w.raw("</setSpec>")
	}
	w.raw("</header>")
}

// writeRecord writes a header and, unless the record is deleted, its oai_dc.
func writeRecord(w *xmlWriter, rec Record) {
	w.raw("<record>")
	writeHeader(w, rec.Header)
	if !rec.Deleted {
		w.raw("<metadata>")
		writeDC(w, rec.Metadata)
		w.raw("</metadata>")
	}
	w.raw("</record>\n")
}
