package treaty

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// ParseDeclarations reads a UNTC declarations file: blocks headed
// "#Participant", each followed by the text of that participant's
// declarations and reservations. Each non-empty block becomes one record;
// blocks with no text are skipped. rel names the file in errors and Source.
//
// Kind is a best-effort classification of the block (see ClassifyStatement)
// and Articles lists the articles the text names (see ExtractArticles).
// Date and WithdrawnOn stay zero: the snapshot does not record them.
func ParseDeclarations(rd io.Reader, rel, treatyID string, resolve Resolver) ([]Declaration, error) {
	if resolve == nil {
		resolve = GeoResolver
	}
	sc := bufio.NewScanner(rd)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	var out []Declaration
	var cur *Declaration
	var text []string
	flush := func() {
		if cur == nil {
			return
		}
		t := strings.TrimSpace(strings.Join(text, "\n"))
		if t != "" {
			cur.Text = t
			cur.Kind = ClassifyStatement(t)
			cur.Articles = ExtractArticles(t)
			out = append(out, *cur)
		}
		cur, text = nil, nil
	}
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if line == 1 {
			s = strings.TrimPrefix(s, "\ufeff")
		}
		if strings.HasPrefix(s, "#") {
			flush()
			name := strings.TrimSpace(s[1:])
			code, clean, ok := resolve(name)
			if !ok {
				return nil, &InputError{File: rel, Row: line, Column: 1, Value: name, Err: errors.New("unknown State name")}
			}
			cur = &Declaration{Treaty: treatyID, State: code, StateName: clean,
				Source: fmt.Sprintf("%s%s:%d", SourcePrefix, rel, line)}
			continue
		}
		if cur == nil {
			if strings.TrimSpace(s) != "" {
				return nil, &InputError{File: rel, Row: line, Column: 1, Err: errors.New(`text before the first "#Participant" heading`)}
			}
			continue
		}
		text = append(text, s)
	}
	if err := sc.Err(); err != nil {
		return nil, &InputError{File: rel, Row: line + 1, Err: err}
	}
	flush()
	return out, nil
}

// asciiLower lower-cases ASCII letters only, so byte offsets are kept.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// hasWord reports whether lower (already lower-cased) contains phrase
// starting at a word boundary; if wholeWord, it must end at one too.
func hasWord(lower, phrase string, wholeWord bool) bool {
	for off := 0; ; {
		i := strings.Index(lower[off:], phrase)
		if i < 0 {
			return false
		}
		i += off
		end := i + len(phrase)
		if (i == 0 || !isWordByte(lower[i-1])) && (!wholeWord || end == len(lower) || !isWordByte(lower[end])) {
			return true
		}
		off = i + 1
	}
}

var (
	objectionPhrases   = []string{"object to", "objects to", "objection to", "objections to", "objection of the government", "objection by the government"}
	reservationPhrases = []string{"not consider itself bound", "not consider themselves bound", "not bound by", "not be bound by"}
)

// ClassifyStatement guesses whether a text is an objection (it objects to
// another State's reservation), a reservation (it reserves, or says the
// State does not consider itself bound), or otherwise a declaration. The
// UNTC prints all of a State's statements in one block, so a block that
// mixes declarations and reservations is classed as a reservation.
func ClassifyStatement(text string) DeclKind {
	lower := asciiLower(text)
	for _, p := range objectionPhrases {
		if hasWord(lower, p, true) {
			return KindObjection
		}
	}
	if hasWord(lower, "reserv", false) {
		return KindReservation
	}
	for _, p := range reservationPhrases {
		if hasWord(lower, p, true) {
			return KindReservation
		}
	}
	return KindDeclaration
}

var (
	articleNumRE = regexp.MustCompile(`^(?:\d+|[IVXL]+)\b`)
	parenRE      = regexp.MustCompile(`^\s*\([^()]{0,30}\)`)
	listSepRE    = regexp.MustCompile(`^\s*(?:,\s*(?:and|or)\s+|,\s*|\s+and\s+|\s+or\s+|\s*&\s*)`)
	// otherLawRE spots references to national law rather than the treaty:
	// "article 25 of the Egyptian civil code", "Article 199 of the
	// Brazilian Constitutional Amendment".
	otherLawRE = regexp.MustCompile(`(?i)^[^.;]{0,40}?\bof (?:the|its|their|our) ((?:[\w'’-]+ ){0,5}?)(constitution|constitutional|code|act|law|laws|decree|ordinance|regulations?)\b`)
	treatyWord = regexp.MustCompile(`(?i)^(?:present |said )?(?:convention|protocol|covenant|agreement|treaty)\b`)
)

// ExtractArticles lists the articles a text names ("article 17",
// "articles 22 and 24", "articles 7, 13, 15, 18 and 24", "article IV"),
// in order of first mention and without duplicates. References that are
// followed by "of the ... code/law/constitution" are taken to be national law
// and skipped. Best effort: it does not know which instrument an article
// belongs to.
func ExtractArticles(text string) []string {
	var out []string
	seen := map[string]bool{}
	lower := asciiLower(text)
	for off := 0; ; {
		i := strings.Index(lower[off:], "article")
		if i < 0 {
			break
		}
		i += off
		off = i + len("article")
		if i > 0 && isWordByte(lower[i-1]) {
			continue
		}
		j := off
		if j < len(lower) && lower[j] == 's' {
			j++
		}
		k := j
		for k < len(lower) && (lower[k] == ' ' || lower[k] == '\t' || lower[k] == '\n' || lower[k] == '\r') {
			k++
		}
		if k == j {
			continue // "articles" must be followed by white space
		}
		rest := text[k:]
		var nums []string
		roman := false
		for i := 0; ; i++ {
			m := articleNumRE.FindString(rest)
			if m == "" {
				break
			}
			isRoman := m[0] < '0' || m[0] > '9'
			if i == 0 {
				roman = isRoman
			} else if isRoman != roman {
				break
			}
			nums = append(nums, m)
			rest = rest[len(m):]
			for {
				p := parenRE.FindString(rest)
				if p == "" {
					break
				}
				rest = rest[len(p):]
			}
			sep := listSepRE.FindString(rest)
			if sep == "" || articleNumRE.FindString(rest[len(sep):]) == "" {
				break
			}
			rest = rest[len(sep):]
		}
		if len(nums) == 0 {
			continue
		}
		if m := otherLawRE.FindStringSubmatch(rest); m != nil && !treatyWord.MatchString(m[1]) {
			continue
		}
		for _, n := range nums {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

// uponRe finds the act a statement says it was made at: "upon signature",
// "made upon ratification", "upon acceding", "upon signing"…
var uponRe = regexp.MustCompile(`(?i)\bupon\s+(?:the\s+)?(?:deposit(?:ing)?\s+of\s+(?:its|the)\s+instrument\s+of\s+)?(signature|signing|ratification|ratifying|accession|acceding|succession|acceptance|accepting|approval|approving)\b`)

var uponKinds = map[string]Kind{
	"signature": Signature, "signing": Signature,
	"ratification": Ratification, "ratifying": Ratification,
	"accession": Accession, "acceding": Accession,
	"succession": Succession,
	"acceptance": Acceptance, "accepting": Acceptance,
	"approval": Approval, "approving": Approval,
}

// StatementAction picks, among one State's actions (in date order), the
// action a statement was made at: the first action of the kind its text
// names first ("made upon signature", "upon accession"); otherwise, as the
// UNTC declarations pages state ("unless otherwise indicated, the
// declarations and reservations were made upon ratification, accession or
// succession"), the State's latest consent action; otherwise its only
// signature. -1 when none can be told.
func StatementAction(text string, acts []Action) int {
	if m := uponRe.FindStringSubmatch(text); m != nil {
		want := uponKinds[strings.ToLower(m[1])]
		for i, a := range acts {
			if a.Kind == want || (want == Signature && a.Kind == SuccessionToSignature) {
				return i
			}
		}
	}
	last, sigs, sig := -1, 0, -1
	for i, a := range acts {
		switch {
		case a.Kind.IsConsent():
			last = i
		case a.Kind.IsSignature():
			sigs++
			sig = i
		}
	}
	if last >= 0 {
		return last
	}
	if sigs == 1 {
		return sig
	}
	return -1
}
