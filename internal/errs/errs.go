// Package errs gives Corridor's errors a kind, so that the web layer picks
// the HTTP status once and users see a message that names what is wrong.
package errs

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Kind classifies an error.
type Kind int

const (
	Internal     Kind = iota
	Invalid           // the input is wrong; Fields says where
	NotFound          // no such object
	Conflict          // the object exists already or changed meanwhile
	Unauthorized      // not signed in, or wrong credentials
	Forbidden         // signed in, but the role does not allow it
	TooMany           // rate limited
	TooLarge          // the request body is over the limit
	// PreconditionFailed: a request's condition (If-Match) does not hold,
	// the resource changed since the client read it.
	PreconditionFailed
)

// Error is an error with a kind, a message for people and, for invalid
// input, a message per field. Messages may be i18n catalog keys.
type Error struct {
	Kind    Kind
	Message string
	Fields  map[string]string
	Err     error // underlying cause, never shown to users
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Message)
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "; %s: %s", k, e.Fields[k])
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error of kind k.
func New(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...)}
}

// Fields collects per-field problems; its Err is nil when there are none.
type Fields map[string]string

// Add records a problem with field (the first one per field wins).
func (f Fields) Add(field, message string) {
	if _, ok := f[field]; !ok {
		f[field] = message
	}
}

// Err returns an Invalid error carrying the fields, or nil.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Message: "error.invalid_input", Fields: f}
}

// KindOf returns the kind of err (Internal when it has none).
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// As returns err as *Error when it is one.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Wrap prefixes *errp, when it is set, with where it came from ("lawdb:
// import untc-snapshot") so that a logged failure names its package and
// operation. Meant for a deferred call in a package's exported entry
// points. An *Error is left as it is: it already names what is wrong (the
// field, the row, the kind) and its text is what people see.
func Wrap(errp *error, format string, args ...any) {
	if *errp == nil {
		return
	}
	if _, ok := As(*errp); ok {
		return
	}
	*errp = fmt.Errorf(format+": %w", append(args, *errp)...)
}
