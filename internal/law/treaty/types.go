package treaty

import (
	"fmt"
	"strings"
	"time"
)

// Kind is the type of a treaty action, as the depositary records it.
type Kind string

// Action kinds. The consent kinds (ratification ... formal confirmation) each
// express a State's consent to be bound and make it a party.
const (
	Signature             Kind = "signature"
	SuccessionToSignature Kind = "succession-to-signature" // UNTC "Succession to signature(d)"
	Ratification          Kind = "ratification"
	Accession             Kind = "accession"
	Succession            Kind = "succession"
	Acceptance            Kind = "acceptance"
	Approval              Kind = "approval"
	DefinitiveSignature   Kind = "definitive-signature"
	FormalConfirmation    Kind = "formal-confirmation"
	Denunciation          Kind = "denunciation" // also read from "withdrawal"
	TerritorialApp        Kind = "territorial-application"
	// SignatureWithdrawal is a State's notification that it does not
	// intend to become a party, releasing it from its signature (VCLT art.
	// 18(a)); UNTC records it in a footnote to the signature.
	SignatureWithdrawal Kind = "signature-withdrawal"
)

// Kinds lists every Kind in a stable order.
var Kinds = []Kind{
	Signature, SuccessionToSignature, Ratification, Accession, Succession,
	Acceptance, Approval, DefinitiveSignature, FormalConfirmation,
	Denunciation, TerritorialApp, SignatureWithdrawal,
}

// ParseKind reads a Kind. It is case-insensitive, accepts spaces or
// underscores for hyphens, and accepts "withdrawal" for Denunciation.
func ParseKind(s string) (Kind, error) {
	n := strings.ToLower(strings.TrimSpace(s))
	n = strings.NewReplacer(" ", "-", "_", "-").Replace(n)
	switch n {
	case "withdrawal":
		return Denunciation, nil
	case "withdrawal-of-signature", "unsigning":
		return SignatureWithdrawal, nil
	}
	for _, k := range Kinds {
		if string(k) == n {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown action kind %q", s)
}

// IsConsent reports whether the kind expresses consent to be bound, i.e.
// makes the State a party: ratification, accession, succession, acceptance,
// approval, definitive signature or formal confirmation.
func (k Kind) IsConsent() bool {
	switch k {
	case Ratification, Accession, Succession, Acceptance, Approval,
		DefinitiveSignature, FormalConfirmation:
		return true
	}
	return false
}

// IsSignature reports whether the kind is a (simple) signature or a
// succession to a signature; both make a State a signatory only.
func (k Kind) IsSignature() bool { return k == Signature || k == SuccessionToSignature }

// Action is one dated event in a State's participation in a treaty.
type Action struct {
	// Treaty is the UNTC identifier of the instrument, e.g. "V-2".
	Treaty string
	// State is the ISO 3166-1 alpha-3 code (historical codes such as YUG
	// allowed; "EUU" for the European Union, see FORMAT.md).
	State string
	// StateName is the participant name as the source prints it, with
	// footnote markers removed.
	StateName string
	Kind      Kind
	// ActionDate is the date of the act: signature, or deposit of the
	// instrument / receipt of the notification by the depositary.
	ActionDate time.Time
	// EffectiveDate is the date the act takes legal effect for the State
	// (entry into force for it; effect of a denunciation). Zero when unknown.
	EffectiveDate time.Time
	// Source says where the action was read, e.g.
	// "untc-snapshot:treaties/5-2.csv:12:3" (file:row:column).
	Source string
	Notes  string
}

// DeclKind says whether a statement is a reservation, an (interpretative)
// declaration, or an objection to another State's reservation.
type DeclKind string

// Statement kinds.
const (
	KindReservation DeclKind = "reservation"
	KindDeclaration DeclKind = "declaration"
	KindObjection   DeclKind = "objection"
)

// Reservation is a reservation, declaration or objection made by a State.
// Declaration is an alias of this type.
type Reservation struct {
	Treaty    string // UNTC identifier, e.g. "V-2"
	State     string // alpha-3
	StateName string
	Kind      DeclKind
	Text      string
	// Articles are the treaty articles the text names, as written
	// ("17", "22", "IV"), in order of first mention, best effort.
	Articles []string
	// Date the statement was made and the date it was withdrawn; zero when
	// unknown (the UNTC snapshot records neither).
	Date        time.Time
	WithdrawnOn time.Time
	Source      string
}

// Declaration is the same record as Reservation; Kind tells them apart.
type Declaration = Reservation

// Instrument identifies a treaty deposited with the UN Secretary-General.
type Instrument struct {
	// ID is the UNTC (MTDSG) number as the UN writes it, with a Roman
	// chapter numeral: "V-2", "XVIII-12-a", "XI-A-1".
	ID string
	// Key is the snapshot file key: "5-2", "18-12-a", "11-1".
	Key string
	// ChapterNo and TreatyNo are the index.csv numbers ("18", "12.a").
	ChapterNo   int
	TreatyNo    string
	Name        string
	ChapterName string
	URL         string
}

// dateOnly returns t's calendar date at midnight UTC.
func dateOnly(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// FormatISODate formats a date as YYYY-MM-DD, or "" for the zero time.
func FormatISODate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
