package web

import (
	"net/http"
	"strconv"
	"strings"

	"corridor/internal/db"
	"corridor/internal/errs"
)

// ETag is a revision's entity tag: "r<revision>".
func ETag(revision int64) string { return `"r` + strconv.FormatInt(revision, 10) + `"` }

// SetETag sets the ETag header of a resource at revision.
func SetETag(w http.ResponseWriter, revision int64) { w.Header().Set("ETag", ETag(revision)) }

// IfMatchRevision reads the revision a write is conditional on from
// If-Match. Without the header, or with "*", the write is not conditional
// (db.AnyRevision), so that clients written before ETags keep working. A
// tag Corridor did not issue, or a list of tags, cannot name the current
// revision: PreconditionFailed (412), like a stale one.
func IfMatchRevision(r *http.Request) (int64, error) {
	v := strings.TrimSpace(r.Header.Get("If-Match"))
	if v == "" || v == "*" {
		return db.AnyRevision, nil
	}
	// A weak tag never matches for If-Match (RFC 9110, 13.1.1).
	if n, ok := strings.CutPrefix(v, `"r`); ok {
		if n, ok = strings.CutSuffix(n, `"`); ok {
			if rev, err := strconv.ParseInt(n, 10, 64); err == nil && rev >= 0 {
				return rev, nil
			}
		}
	}
	return 0, IfMatchFailed(nil)
}

// IfMatchFailed answers a write whose If-Match does not name the
// resource's current revision; cause is the store's error, if any.
func IfMatchFailed(cause error) error {
	return &errs.Error{Kind: errs.PreconditionFailed, Message: "error.if_match_failed", Err: cause}
}
