package oai

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// maxTokenLength bounds what is decoded from a harvester; a real token is a
// few hundred bytes.
const maxTokenLength = 2048

// token is the whole state of a list harvest between two pages. The server
// keeps nothing: the token carries the query, the keyset position (the last
// (datestamp, identifier) sent) and an expiry, signed with HMAC-SHA256 so a
// harvester cannot forge or alter it. Because the position is a key and not
// an offset, and Until is fixed at the first request, records added or
// changed between pages are neither skipped nor repeated within the harvest.
type token struct {
	Verb    string `json:"v"`
	Prefix  string `json:"p"`
	Set     string `json:"s,omitempty"`
	From    int64  `json:"f,omitempty"` // Unix seconds; 0 = unbounded
	HasFrom bool   `json:"hf,omitempty"`
	Until   int64  `json:"u"` // Unix seconds, inclusive; always fixed
	After   int64  `json:"a"` // datestamp of the last record sent
	AfterID string `json:"i"` // identifier of the last record sent
	Cursor  int    `json:"c"` // records sent before the next page
	Expires int64  `json:"e"` // Unix seconds
}

var (
	errTokenMalformed = errors.New("the resumption token is malformed")
	errTokenForged    = errors.New("the resumption token was not issued by this repository or was altered")
	errTokenExpired   = errors.New("the resumption token has expired; start the harvest again")
)

// encodeToken signs t: base64url(JSON) "." base64url(HMAC).
func encodeToken(key []byte, t token) string {
	body, err := json.Marshal(t)
	if err != nil {
		panic("oai: encoding a resumption token: " + err.Error())
	}
	payload := base64.RawURLEncoding.EncodeToString(body)
	return payload + "." + base64.RawURLEncoding.EncodeToString(sign(key, payload))
}

func sign(key []byte, payload string) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(payload))
	return mac.Sum(nil)
}

// decodeToken checks the signature before reading the payload, then the
// expiry against now. Strict base64 makes the encoding canonical: one token,
// one spelling.
func decodeToken(key []byte, s string, now time.Time) (token, error) {
	var t token
	if s == "" || len(s) > maxTokenLength {
		return t, errTokenMalformed
	}
	payload, mac, ok := strings.Cut(s, ".")
	if !ok {
		return t, errTokenMalformed
	}
	got, err := base64.RawURLEncoding.Strict().DecodeString(mac)
	if err != nil {
		return t, errTokenMalformed
	}
	if !hmac.Equal(got, sign(key, payload)) {
		return t, errTokenForged
	}
	body, err := base64.RawURLEncoding.Strict().DecodeString(payload)
	if err != nil {
		return t, errTokenMalformed
	}
	if err := json.Unmarshal(body, &t); err != nil {
		return t, errTokenMalformed
	}
	if (t.Verb != "ListRecords" && t.Verb != "ListIdentifiers") || t.Prefix == "" || t.Cursor < 0 {
		return t, errTokenMalformed
	}
	if now.Unix() > t.Expires {
		return t, errTokenExpired
	}
	return t, nil
}
