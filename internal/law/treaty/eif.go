package treaty

import (
	"time"
)

// EntryIntoForceRule says when a treaty, and each State's act, takes effect.
// Only treaties whose final clauses were read are listed; see
// EntryIntoForceRules.
type EntryIntoForceRule struct {
	// EntryIntoForce is the date the treaty itself entered into force, as
	// published by the UNTC.
	EntryIntoForce time.Time
	// Consent gives the effective date of a deposited instrument of
	// ratification, accession, acceptance, approval, formal confirmation or
	// definitive signature, before the EntryIntoForce floor is applied.
	Consent func(deposit time.Time) time.Time
	// OnlyAfterEntryIntoForce marks treaties whose per-State clause covers
	// only States acting after the treaty entered into force (ICMW art.
	// 87(2)): an instrument deposited before EntryIntoForce takes effect on
	// EntryIntoForce. Without it the rule is max(Consent(deposit),
	// EntryIntoForce), which is what the other clauses say.
	OnlyAfterEntryIntoForce bool
	// Denunciation gives the date a denunciation takes effect; nil when
	// not worked out.
	Denunciation func(received time.Time) time.Time
	// Basis cites the articles the rule implements.
	Basis string
}

// Effective returns the date a consent action or denunciation takes effect
// for the State under this rule, or the zero time when the rule does not say
// (signatures, successions, territorial applications).
//
// Successions are left zero on purpose: a notification of succession takes
// effect from the date of the succession of States (usually independence),
// which the status table does not give.
func (r EntryIntoForceRule) Effective(a Action) time.Time {
	d := dateOnly(a.ActionDate)
	if d.IsZero() {
		return time.Time{}
	}
	switch {
	case a.Kind == Denunciation:
		if r.Denunciation == nil {
			return time.Time{}
		}
		return r.Denunciation(d)
	case a.Kind.IsConsent() && a.Kind != Succession:
		if r.OnlyAfterEntryIntoForce && d.Before(r.EntryIntoForce) {
			return r.EntryIntoForce
		}
		e := r.Consent(d)
		if e.Before(r.EntryIntoForce) {
			e = r.EntryIntoForce
		}
		return e
	}
	return time.Time{}
}

func utc(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func plusDays(n int) func(time.Time) time.Time {
	return func(t time.Time) time.Time { return t.AddDate(0, 0, n) }
}

func plusYear(t time.Time) time.Time { return t.AddDate(1, 0, 0) }

// firstOfMonthAfter returns the first day of the month following the end of
// a period of n months after t: the period ends in month t.Month()+n
// (clamped to that month's last day), so the answer is the first day of
// month t.Month()+n+1 whatever the day of t.
func firstOfMonthAfter(n int) func(time.Time) time.Time {
	return func(t time.Time) time.Time {
		return time.Date(t.Year(), t.Month()+time.Month(n+1), 1, 0, 0, 0, 0, time.UTC)
	}
}

// EntryIntoForceRules holds the rules for the treaties whose final clauses
// were checked, keyed by UNTC number. For every other treaty LoadSnapshot
// leaves EffectiveDate zero.
var EntryIntoForceRules = map[string]EntryIntoForceRule{
	// 1951 Convention art. 43: in force on the 90th day after the sixth
	// instrument; for later States the 90th day after their deposit.
	// Art. 44: denunciation takes effect one year from receipt.
	"V-2": {
		EntryIntoForce: utc(1954, time.April, 22),
		Consent:        plusDays(90),
		Denunciation:   plusYear,
		Basis:          "Convention relating to the Status of Refugees (1951), arts. 43 and 44; UNTC: entry into force 22 April 1954",
	},
	// 1967 Protocol art. VIII: in force on the day of deposit of the sixth
	// instrument of accession; for later States on their deposit date.
	// Art. IX: denunciation takes effect one year from receipt.
	"V-5": {
		EntryIntoForce: utc(1967, time.October, 4),
		Consent:        plusDays(0),
		Denunciation:   plusYear,
		Basis:          "Protocol relating to the Status of Refugees (1967), arts. VIII and IX; UNTC: entry into force 4 October 1967",
	},
	// ICMW art. 87: first day of the month following a period of three
	// months after deposit (of the 20th instrument, then of each State's
	// own). Art. 89(2): denunciation effective on the first day of the month
	// following twelve months after receipt.
	"IV-13": {
		EntryIntoForce:          utc(2003, time.July, 1),
		Consent:                 firstOfMonthAfter(3),
		OnlyAfterEntryIntoForce: true,
		Denunciation:            firstOfMonthAfter(12),
		Basis:                   "International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families (1990), arts. 87 and 89; UNTC: entry into force 1 July 2003",
	},
	// UNTOC art. 38: 90th day after the 40th instrument; for later States
	// the 30th day after their deposit. (Denunciation rule not checked.)
	"XVIII-12": {
		EntryIntoForce: utc(2003, time.September, 29),
		Consent:        plusDays(30),
		Basis:          "United Nations Convention against Transnational Organized Crime (2000), art. 38; UNTC: entry into force 29 September 2003",
	},
	// Trafficking Protocol art. 17: 90th day after the 40th instrument; for
	// later States the 30th day after deposit or the Protocol's entry into
	// force, whichever is later. Art. 20: denunciation effective one year
	// after receipt.
	"XVIII-12-a": {
		EntryIntoForce: utc(2003, time.December, 25),
		Consent:        plusDays(30),
		Denunciation:   plusYear,
		Basis:          "Protocol to Prevent, Suppress and Punish Trafficking in Persons (2000), arts. 17 and 20; UNTC: entry into force 25 December 2003",
	},
	// Smuggling Protocol art. 22 (entry into force) and art. 25
	// (denunciation), same wording as the Trafficking Protocol.
	"XVIII-12-b": {
		EntryIntoForce: utc(2004, time.January, 28),
		Consent:        plusDays(30),
		Denunciation:   plusYear,
		Basis:          "Protocol against the Smuggling of Migrants by Land, Sea and Air (2000), arts. 22 and 25; UNTC: entry into force 28 January 2004",
	},
}

// ApplyEffectiveDates fills the zero EffectiveDate of each action of the
// given treaty (any ParseChapterID form) from EntryIntoForceRules, and
// returns how many it filled. Actions of treaties without a rule, and kinds
// the rule does not cover, are left as they are.
func ApplyEffectiveDates(treaty string, actions []Action) int {
	cid, err := ParseChapterID(treaty)
	if err != nil {
		return 0
	}
	rule, ok := EntryIntoForceRules[cid.UNTC()]
	if !ok {
		return 0
	}
	n := 0
	for i := range actions {
		if !actions[i].EffectiveDate.IsZero() {
			continue
		}
		if e := rule.Effective(actions[i]); !e.IsZero() {
			actions[i].EffectiveDate = e
			n++
		}
	}
	return n
}
