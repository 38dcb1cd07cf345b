package accounts

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// maxPasswordBytes bounds the work of hashing a password.
const maxPasswordBytes = 1024

//go:embed common_passwords.txt
var commonPasswordsText string

// commonPasswords is the set of common_passwords.txt, built on first use.
var commonPasswords = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{}
	for _, line := range strings.Split(commonPasswordsText, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			set[line] = true
		}
	}
	return set
})

// PasswordProblem returns the catalog key of what is wrong with password as
// the password of the account email/name, or "" when it is acceptable.
// Following NIST SP 800-63B it asks for length, not for character classes,
// and refuses what an attacker tries first: common passwords (also with
// digits or symbols around them, or in leet spelling), trivial ones (one
// repeated character or short pattern, a sequence, only spaces) and the
// account's own address or name.
func PasswordProblem(password, email, name string) string {
	switch {
	case utf8.RuneCountInString(password) < MinPasswordLength:
		return "error.password_short"
	case len(password) > maxPasswordBytes:
		return "error.too_long"
	}
	lower := strings.ToLower(password)
	switch {
	case isTrivialPassword(lower):
		return "error.password_trivial"
	case isPersonalPassword(lower, email, name):
		return "error.password_personal"
	case isCommonPassword(lower):
		return "error.password_common"
	}
	return ""
}

func isTrivialPassword(p string) bool {
	if strings.TrimSpace(p) == "" {
		return true
	}
	r := []rune(p)
	distinct := map[rune]bool{}
	for _, c := range r {
		distinct[c] = true
	}
	if len(distinct) < 4 {
		return true
	}
	// A short unit repeated: "abcabcabca", "1234512345".
	for unit := 1; unit <= 5 && unit <= len(r)/2; unit++ {
		repeated := true
		for i := unit; i < len(r) && repeated; i++ {
			repeated = r[i] == r[i%unit]
		}
		if repeated {
			return true
		}
	}
	return isSequence(r, 1) || isSequence(r, -1)
}

// isSequence reports whether each character follows the previous one by
// step ("abcdefghij", "9876543210"); digits wrap, as on a keyboard's row
// ("1234567890").
func isSequence(r []rune, step rune) bool {
	for i := 1; i < len(r); i++ {
		next := r[i-1] + step
		if unicode.IsDigit(r[i-1]) {
			next = '0' + (r[i-1]-'0'+step+10)%10
		}
		if r[i] != next {
			return false
		}
	}
	return true
}

// isPersonalPassword: the address, its local part or the name, give or take
// punctuation, spaces and digits around them.
func isPersonalPassword(p, email, name string) bool {
	email = NormalizeEmail(email)
	local, _, _ := strings.Cut(email, "@")
	mine := map[string]bool{}
	for _, s := range []string{email, local, strings.ToLower(name)} {
		if s = lettersAndDigits(s); utf8.RuneCountInString(s) >= 3 {
			mine[s] = true
		}
	}
	for _, v := range passwordVariants(p) {
		if mine[lettersAndDigits(v)] {
			return true
		}
	}
	return false
}

func isCommonPassword(p string) bool {
	for _, v := range passwordVariants(p) {
		if common := commonPasswords(); common[v] || common[unleet(v)] {
			return true
		}
	}
	return false
}

// passwordVariants is the password with the digits, symbols and spaces at
// its start, its end or both cut off ("password123!" → "password").
func passwordVariants(p string) []string {
	notLetter := func(r rune) bool { return !unicode.IsLetter(r) }
	return []string{p, strings.TrimRightFunc(p, notLetter), strings.TrimLeftFunc(p, notLetter), strings.TrimFunc(p, notLetter)}
}

var leet = strings.NewReplacer("@", "a", "4", "a", "3", "e", "1", "i", "!", "i", "0", "o", "$", "s", "5", "s", "7", "t", "+", "t")

func unleet(s string) string { return leet.Replace(s) }

func lettersAndDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}
