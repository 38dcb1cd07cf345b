package treaty

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func act(state string, k Kind, date, eff string) Action {
	a := Action{Treaty: "V-2", State: state, StateName: state + " name", Kind: k, ActionDate: day(date)}
	if eff != "" {
		a.EffectiveDate = day(eff)
	}
	return a
}

func TestStatusRules(t *testing.T) {
	actions := []Action{
		act("AAA", Signature, "2000-01-01", ""),
		act("AAA", Ratification, "2001-01-01", "2001-04-01"),
		act("AAA", Denunciation, "2010-01-01", "2011-01-01"),
		act("BBB", Ratification, "2000-05-05", ""),
		act("BBB", Signature, "2000-05-05", ""), // same day, listed after: still party
		act("CCC", TerritorialApp, "2002-01-01", ""),
		act("DDD", Signature, "2003-01-01", ""),
		act("DDD", TerritorialApp, "2004-01-01", ""),
		act("EEE", Accession, "2005-01-01", ""),
		act("EEE", Signature, "2006-01-01", ""), // a later signature does not demote a party
	}
	cases := []struct {
		on   string
		want string // state:status:action:date, sorted by state
	}{
		{"1999-12-31", ""},
		{"2000-01-01", "AAA:signatory:signature:2000-01-01"},
		{"2000-12-31", "AAA:signatory:signature:2000-01-01 BBB:party:ratification:2000-05-05"},
		{"2001-01-01", "AAA:party:ratification:2001-01-01 BBB:party:ratification:2000-05-05"},
		{"2004-06-01", "AAA:party:ratification:2001-01-01 BBB:party:ratification:2000-05-05 CCC:other:territorial-application:2002-01-01 DDD:signatory:signature:2003-01-01"},
		// AAA's denunciation (notified 2010-01-01) takes effect on 2011-01-01.
		{"2010-01-01", "AAA:party:ratification:2001-01-01 BBB:party:ratification:2000-05-05 CCC:other:territorial-application:2002-01-01 DDD:signatory:signature:2003-01-01 EEE:party:accession:2005-01-01"},
		{"2011-01-01", "AAA:withdrawn:denunciation:2010-01-01 BBB:party:ratification:2000-05-05 CCC:other:territorial-application:2002-01-01 DDD:signatory:signature:2003-01-01 EEE:party:accession:2005-01-01"},
	}
	for _, c := range cases {
		var parts []string
		for _, s := range StatusOn(actions, day(c.on)) {
			parts = append(parts, s.State+":"+string(s.Status)+":"+string(s.Action)+":"+FormatISODate(s.ActionDate))
		}
		if got := strings.Join(parts, " "); got != c.want {
			t.Errorf("on %s:\n got %s\nwant %s", c.on, got, c.want)
		}
	}
	// By effective date: AAA's ratification counts from 2001-04-01 and its
	// denunciation from 2011-01-01.
	eff := byState(StatusOnWith(actions, day("2001-03-31"), ByEffectiveDate))
	if eff["AAA"].Status != StatusSignatory {
		t.Errorf("by effective date on 2001-03-31: AAA %s, want signatory", eff["AAA"].Status)
	}
	eff = byState(StatusOnWith(actions, day("2010-06-01"), ByEffectiveDate))
	if eff["AAA"].Status != StatusParty {
		t.Errorf("by effective date on 2010-06-01: AAA %s, want party (denunciation effective 2011)", eff["AAA"].Status)
	}
	// Time of day and zone of "on" do not matter, only its calendar date.
	late := day("1999-12-31").Add(23*3600e9 + 59*60e9)
	if n := len(StatusOn(actions, late)); n != 0 {
		t.Errorf("on 1999-12-31 23:59: %d statuses", n)
	}
}

func TestStatusJSONAndCSV(t *testing.T) {
	ss := StatusOn([]Action{
		act("ITA", Ratification, "1954-11-15", "1955-02-13"),
		act("DZA", Succession, "1963-02-21", ""),
	}, day("2000-01-01"))
	b, err := json.Marshal(ss)
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"state":"DZA","name":"DZA name","status":"party","action":"succession","action_date":"1963-02-21","effective_date":null},` +
		`{"state":"ITA","name":"ITA name","status":"party","action":"ratification","action_date":"1954-11-15","effective_date":"1955-02-13"}]`
	if string(b) != want {
		t.Errorf("JSON:\n got %s\nwant %s", b, want)
	}
	var back []StateStatus
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if len(back) != 2 || back[1] != ss[1] || back[0] != ss[0] {
		t.Errorf("JSON round trip: %+v", back)
	}
	var buf bytes.Buffer
	if err := WriteStatusCSV(&buf, ss); err != nil {
		t.Fatal(err)
	}
	wantCSV := "state,name,status,action,action_date,effective_date\n" +
		"DZA,DZA name,party,succession,1963-02-21,\n" +
		"ITA,ITA name,party,ratification,1954-11-15,1955-02-13\n"
	if buf.String() != wantCSV {
		t.Errorf("CSV:\n got %q\nwant %q", buf.String(), wantCSV)
	}
}

func TestEffectiveDateRules(t *testing.T) {
	cases := []struct {
		treaty string
		kind   Kind
		date   string
		want   string
	}{
		{"V-2", Ratification, "1952-12-04", "1954-04-22"}, // before entry into force
		{"V-2", Accession, "1954-03-11", "1954-06-09"},    // UK: 11 Mar 1954 + 90 days
		{"V-2", Succession, "1963-02-21", ""},             // succession: unknown
		{"V-2", Signature, "1951-07-28", ""},
		{"V-2", Denunciation, "2000-03-01", "2001-03-01"},
		{"V-5", Accession, "1967-09-01", "1967-10-04"},
		{"V-5", Accession, "1968-11-01", "1968-11-01"},
		{"IV-13", Ratification, "2003-06-05", "2003-07-01"}, // before entry into force: art. 87(1)
		{"IV-13", Ratification, "2003-11-30", "2004-03-01"}, // period ends 29 Feb 2004 -> 1 Mar
		{"IV-13", Ratification, "2004-01-01", "2004-05-01"},
		{"IV-13", Denunciation, "2010-01-15", "2011-02-01"},
		{"XVIII-12-a", Approval, "2006-12-06", "2007-01-05"},
		{"XVIII-12-b", Ratification, "2003-12-20", "2004-01-28"},
		{"XVIII-12", Ratification, "2004-01-01", "2004-01-31"},
		{"XVIII-12", Denunciation, "2010-01-01", ""}, // not worked out
		{"IV-4", Ratification, "1970-01-01", ""},     // no rule
	}
	for _, c := range cases {
		as := []Action{{Treaty: c.treaty, State: "XXX", Kind: c.kind, ActionDate: day(c.date)}}
		ApplyEffectiveDates(c.treaty, as)
		if got := FormatISODate(as[0].EffectiveDate); got != c.want {
			t.Errorf("%s %s %s: effective %q, want %q", c.treaty, c.kind, c.date, got, c.want)
		}
	}
	// A known effective date is kept.
	as := []Action{{Kind: Ratification, ActionDate: day("1960-01-01"), EffectiveDate: day("1960-02-02")}}
	if ApplyEffectiveDates("V-2", as); FormatISODate(as[0].EffectiveDate) != "1960-02-02" {
		t.Error("ApplyEffectiveDates overwrote a known date")
	}
}

// TestDenunciationAndReaccession follows Trinidad and Tobago and Jamaica
// through the First Optional Protocol to the ICCPR (IV-5). Dates from the
// UN Secretary-General's MTDSG, chapter IV-5, and its footnotes: Trinidad
// and Tobago acceded on 14 Nov 1980, notified its denunciation on 26 May
// 1998 with effect from 26 Aug 1998, re-acceded on 26 Aug 1998 with a
// reservation to article 1, and denounced again on 27 Mar 2000 with effect
// from 27 Jun 2000 (Amnesty International UK press release of that date);
// Jamaica ratified on 3 Oct 1975 and denounced on 23 Oct 1997 with effect
// from 23 Jan 1998 (Human Rights Committee, A/53/40 vol. I, para. 78).
// Article 12(1) of the Protocol: a denunciation takes effect three months
// after its receipt.
func TestDenunciationAndReaccession(t *testing.T) {
	actions := []Action{
		act("TTO", Accession, "1980-11-14", ""),
		act("TTO", Denunciation, "1998-05-26", "1998-08-26"),
		act("TTO", Accession, "1998-08-26", ""),
		act("TTO", Denunciation, "2000-03-27", "2000-06-27"),
		act("JAM", Ratification, "1975-10-03", ""),
		act("JAM", Denunciation, "1997-10-23", "1998-01-23"),
	}
	cases := []struct{ on, state, want string }{
		{"1998-05-26", "TTO", "party:accession:1980-11-14"}, // notified, not yet effective
		{"1998-08-25", "TTO", "party:accession:1980-11-14"},
		{"1998-08-26", "TTO", "party:accession:1998-08-26"}, // re-accession outlives the first denunciation
		{"2000-03-27", "TTO", "party:accession:1998-08-26"},
		{"2000-06-26", "TTO", "party:accession:1998-08-26"},
		{"2000-06-27", "TTO", "withdrawn:denunciation:2000-03-27"},
		{"1997-10-23", "JAM", "party:ratification:1975-10-03"},
		{"1998-01-22", "JAM", "party:ratification:1975-10-03"},
		{"1998-01-23", "JAM", "withdrawn:denunciation:1997-10-23"},
	}
	for _, c := range cases {
		for _, basis := range []Basis{ByActionDate, ByEffectiveDate} {
			s := byState(StatusOnWith(actions, day(c.on), basis))[c.state]
			if got := string(s.Status) + ":" + string(s.Action) + ":" + FormatISODate(s.ActionDate); got != c.want {
				t.Errorf("%s on %s (basis %d): %s, want %s", c.state, c.on, basis, got, c.want)
			}
		}
	}
	// A denunciation whose effective date is unknown counts from its notification.
	s := byState(StatusOn([]Action{act("AAA", Ratification, "2000-01-01", ""), act("AAA", Denunciation, "2005-01-01", "")}, day("2005-01-01")))["AAA"]
	if s.Status != StatusWithdrawn {
		t.Errorf("denunciation without effective date: %s, want withdrawn", s.Status)
	}
}

// A signatory that withdraws its signature is no longer a signatory; a
// party is not affected by it; a later ratification makes it a party.
func TestSignatureWithdrawal(t *testing.T) {
	actions := []Action{
		act("AAA", Signature, "2000-12-31", ""),
		act("AAA", SignatureWithdrawal, "2002-05-06", ""),
		act("BBB", Ratification, "2001-01-01", ""),
		act("BBB", SignatureWithdrawal, "2002-01-01", ""),
		act("CCC", Signature, "2000-01-01", ""),
		act("CCC", SignatureWithdrawal, "2001-01-01", ""),
		act("CCC", Accession, "2010-01-01", ""),
	}
	for _, c := range []struct{ on, state, want string }{
		{"2002-05-05", "AAA", "signatory"}, {"2002-05-06", "AAA", "withdrawn"},
		{"2003-01-01", "BBB", "party"}, {"2005-01-01", "CCC", "withdrawn"}, {"2010-01-01", "CCC", "party"},
	} {
		if got := byState(StatusOn(actions, day(c.on)))[c.state].Status; string(got) != c.want {
			t.Errorf("%s on %s: %s, want %s", c.state, c.on, got, c.want)
		}
	}
	if k, err := ParseKind("Withdrawal of signature"); err != nil || k != SignatureWithdrawal {
		t.Errorf("ParseKind(withdrawal of signature) = %q, %v", k, err)
	}
}
