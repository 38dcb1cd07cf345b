package treaty

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// Seed corpora live in testdata/fuzz/<FuzzName>/. Run for example:
//
//	go test ./internal/law/treaty -run '^$' -fuzz '^FuzzParseUNTCDate$' -fuzztime 30s

// FuzzParseUNTCDate: no panics; an accepted date re-formats and re-parses
// to the same value.
func FuzzParseUNTCDate(f *testing.F) {
	for _, s := range []string{"30 Aug 2005 a", "1 Nov 1954", "6 Dec 2006 AA", "31 Feb 2000", "1 Jan 2000 x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, suf, err := ParseUNTCDate(s)
		if err != nil {
			return
		}
		d2, suf2, err := ParseUNTCDate(FormatUNTCDate(d, suf))
		if err != nil || !d2.Equal(d) || suf2 != suf {
			t.Fatalf("%q -> %v %q -> %q -> %v %q %v", s, d, suf, FormatUNTCDate(d, suf), d2, suf2, err)
		}
	})
}

// FuzzParseChapterID: no panics; an accepted number survives its UNTC and
// Key forms.
func FuzzParseChapterID(f *testing.F) {
	for _, s := range []string{"V-2", "5-2", "XVIII-12-a", "18-12-a", "18,12.a", "XI-A-1", "III-2-2a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseChapterID(s)
		if err != nil {
			return
		}
		u, err := ParseChapterID(id.UNTC())
		if err != nil || !reflect.DeepEqual(u, id) {
			t.Fatalf("%q -> %#v -> %q -> %#v, %v", s, id, id.UNTC(), u, err)
		}
		k, err := ParseChapterID(id.Key())
		if err != nil || k.Key() != id.Key() {
			t.Fatalf("%q -> key %q -> %#v, %v", s, id.Key(), k, err)
		}
	})
}

// FuzzReadActionsCSV: no panics; accepted input writes and reads back to the
// same actions.
func FuzzReadActionsCSV(f *testing.F) {
	f.Add("treaty,state,state_name,kind,action_date,effective_date,source,notes\nV-2,ITA,Italy,ratification,1954-11-15,1955-02-13,x,\"a,b\"\n")
	f.Add("kind,action_date,state,treaty\nwithdrawal,2020-01-02,ABC,5-2\n")
	f.Fuzz(func(t *testing.T, src string) {
		as, err := ReadActionsCSV(strings.NewReader(src), "fuzz.csv")
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		var buf bytes.Buffer
		if err := WriteActionsCSV(&buf, as); err != nil {
			t.Fatalf("write: %v", err)
		}
		back, err := ReadActionsCSV(&buf, "again.csv")
		if err != nil {
			t.Fatalf("re-read: %v\n%s", err, buf.String())
		}
		if len(as) == 0 && len(back) == 0 {
			return
		}
		if !reflect.DeepEqual(as, back) {
			t.Fatalf("round trip:\n%+v\n%+v", as, back)
		}
	})
}

// FuzzStatusTable: the snapshot table parser never panics and errors are
// *InputError values naming the file.
func FuzzStatusTable(f *testing.F) {
	f.Add("Participant,Signature,\"Accession(a), Succession(d), Ratification\"\nAfghanistan,,30 Aug 2005 a\nAustria,28 Jul 1951,1 Nov 1954\n")
	f.Add("Participant,\"Accession(a), Succession(d)\"\nAlbania,18 Aug 1992 a\n")
	resolve := func(name string) (string, string, bool) {
		if isAlpha3(strings.ToUpper(name)) {
			return strings.ToUpper(name), name, true
		}
		return "", name, false
	}
	f.Fuzz(func(t *testing.T, src string) {
		_, acts, err := parseStatusTable(strings.NewReader(src), "treaties/x.csv", "V-2", resolve)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "treaties/x.csv") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		for _, a := range acts {
			if a.ActionDate.IsZero() || a.Kind == "" {
				t.Fatalf("bad action %+v", a)
			}
		}
	})
}
