package treaty

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestActionsCSVRoundTrip(t *testing.T) {
	in := []Action{
		{Treaty: "V-2", State: "ITA", StateName: "Italy", Kind: Ratification, ActionDate: day("1954-11-15"),
			EffectiveDate: day("1955-02-13"), Source: "untc-snapshot:treaties/5-2.csv:68:3"},
		{Treaty: "XVIII-12-a", State: "EUU", StateName: "European Union", Kind: Approval, ActionDate: day("2006-12-06"),
			Notes: "regional economic integration organization,\n\"quoted\""},
		{Treaty: "IV-13", State: "MNE", Kind: SuccessionToSignature, ActionDate: day("2006-10-23")},
	}
	var buf bytes.Buffer
	if err := WriteActionsCSV(&buf, in); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "treaty,state,state_name,kind,action_date,effective_date,source,notes\n") {
		t.Errorf("header: %q", buf.String())
	}
	out, err := ReadActionsCSV(&buf, "round.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip:\n in %+v\nout %+v", in, out)
	}
}

func TestReadActionsCSVLenient(t *testing.T) {
	// Columns in another order, optional ones missing, aliases and other
	// treaty-number forms accepted.
	src := "\ufeffkind,action_date,state,treaty\nWithdrawal,2020-01-02,ABC,5-2\nDefinitive Signature,2019-01-01,ABC,xviii-12-a\n"
	got, err := ReadActionsCSV(strings.NewReader(src), "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Kind != Denunciation || got[0].Treaty != "V-2" || got[1].Kind != DefinitiveSignature || got[1].Treaty != "XVIII-12-a" {
		t.Errorf("got %+v", got)
	}
}

func TestReadActionsCSVErrors(t *testing.T) {
	const h = "treaty,state,state_name,kind,action_date,effective_date,source,notes\n"
	cases := []struct {
		src      string
		row, col int
		msg      string
	}{
		{h + "V-2,ITA,Italy,ratification,1954-11-15,,,\nV-2,ITA,Italy,ratification,15 Nov 1954,,,\n", 3, 5, "malformed date"},
		{h + "V-2,ITA,Italy,ratification,1954-11-15,1955-02-30,,\n", 2, 6, "malformed date"},
		{h + "V-2,Italy,Italy,ratification,1954-11-15,,,\n", 2, 2, "alpha-3"},
		{h + "V-2,ITA,Italy,ratified,1954-11-15,,,\n", 2, 4, "unknown action kind"},
		{h + "Q-2,ITA,Italy,ratification,1954-11-15,,,\n", 2, 1, "bad chapter"},
		{h + "V-2,ITA,Italy,ratification,,,,\n", 2, 5, "required"},
		{h + "V-2,ITA,It\x01aly,ratification,1954-11-15,,,\n", 2, 3, "control character"},
		{"treaty,state,kind\n", 1, 0, "missing required column \"action_date\""},
		{"treaty,state,kind,action_date,colour\n", 1, 5, "unknown column"},
		{h + "V-2,ITA\n", 2, 0, "wrong number of fields"},
		{"", 1, 0, "empty file"},
	}
	for _, c := range cases {
		_, err := ReadActionsCSV(strings.NewReader(c.src), "actions.csv")
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Errorf("%q: err %v, want *InputError", c.src, err)
			continue
		}
		if ie.File != "actions.csv" || ie.Row != c.row || ie.Column != c.col || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%q: got %q (row %d col %d), want row %d col %d %q", c.src, err, ie.Row, ie.Column, c.row, c.col, c.msg)
		}
	}
}

// TestSnapshotActionsCSV writes every snapshot action in our format and
// reads it back.
func TestSnapshotActionsCSV(t *testing.T) {
	s, _ := loadSnap(t)
	var all []Action
	for _, tr := range s.Treaties {
		all = append(all, tr.Actions...)
	}
	var buf bytes.Buffer
	if err := WriteActionsCSV(&buf, all); err != nil {
		t.Fatal(err)
	}
	back, err := ReadActionsCSV(&buf, "all.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(all, back) {
		t.Error("snapshot actions do not survive a CSV round trip")
	}
}
