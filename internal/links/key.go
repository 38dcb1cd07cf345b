package links

import (
	"fmt"
	"strings"
)

// MaxKeyLen bounds a key, fragment included, in bytes.
const MaxKeyLen = 200

// Key names one thing Corridor holds: {domain}:{kind}:{id}, plus an
// optional #fragment for a part of it (a provision's eId). Keys never
// change when a title does.
type Key struct {
	Domain, Kind, ID, Fragment string
}

// String is the key's one-line form, as stored.
func (k Key) String() string {
	s := k.Domain + ":" + k.Kind + ":" + k.ID
	if k.Fragment != "" {
		s += "#" + k.Fragment
	}
	return s
}

// kindName is "domain:kind", the registry's key.
func (k Key) kindName() string { return k.Domain + ":" + k.Kind }

// MarshalText lets a key be a JSON string.
func (k Key) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// KeyError says what is wrong with a key: Reason in English for logs
// and the command line, Code a catalog key for people.
type KeyError struct {
	Key    string
	Reason string
	Code   string
}

func (e *KeyError) Error() string {
	return fmt.Sprintf("links: key %q: %s", e.Key, e.Reason)
}

// ParseKey checks a key's syntax: a lower-case domain and kind (letters,
// digits, '-', at most 32 each), an id and an optional fragment of
// letters, digits and - _ . ~ (at most 128 each), MaxKeyLen in all.
// Whether the kind exists is the registry's business (Service.Parse).
func ParseKey(s string) (Key, error) {
	bad := func(code, reason string, args ...any) (Key, error) {
		return Key{}, &KeyError{Key: clip(s), Reason: fmt.Sprintf(reason, args...), Code: "links.error.key_" + code}
	}
	if s == "" {
		return bad("empty", "empty; want domain:kind:id")
	}
	if len(s) > MaxKeyLen {
		return bad("too_long", "%d bytes, over the limit of %d", len(s), MaxKeyLen)
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f {
			return bad("control", "control character at byte %d", i)
		}
	}
	rest, frag, hasFrag := strings.Cut(s, "#")
	parts := strings.SplitN(rest, ":", 3)
	if len(parts) != 3 {
		return bad("syntax", "want domain:kind:id")
	}
	k := Key{Domain: parts[0], Kind: parts[1], ID: parts[2], Fragment: frag}
	if !isName(k.Domain) {
		return bad("domain", "domain %q: want 1 to 32 lower-case letters, digits or '-', starting with a letter", k.Domain)
	}
	if !isName(k.Kind) {
		return bad("kind", "kind %q: want 1 to 32 lower-case letters, digits or '-', starting with a letter", k.Kind)
	}
	if !isID(k.ID) {
		return bad("id", "id %q: want 1 to 128 letters, digits or - _ . ~", k.ID)
	}
	if hasFrag && !isID(k.Fragment) {
		return bad("fragment", "fragment %q: want 1 to 128 letters, digits or - _ . ~", k.Fragment)
	}
	return k, nil
}

func isName(s string) bool {
	if s == "" || len(s) > 32 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func isID(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_.~", c) >= 0) {
			return false
		}
	}
	return true
}

// clip shortens a refused key for messages (it may be huge or hostile).
func clip(s string) string {
	if len(s) > 64 {
		return strings.ToValidUTF8(s[:64], "") + "…"
	}
	return s
}

// UnmarshalText reads a key's one-line form (syntax only).
func (k *Key) UnmarshalText(b []byte) error {
	p, err := ParseKey(string(b))
	if err != nil {
		return err
	}
	*k = p
	return nil
}
