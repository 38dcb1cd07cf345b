package treaty

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseChapterID(t *testing.T) {
	cases := []struct{ in, key, untc string }{
		{"V-2", "5-2", "V-2"},
		{"5-2", "5-2", "V-2"},
		{"v-2", "5-2", "V-2"},
		{"IV-13", "4-13", "IV-13"},
		{"XVIII-12-a", "18-12-a", "XVIII-12-a"},
		{"18-12-a", "18-12-a", "XVIII-12-a"},
		{"18-12.a", "18-12-a", "XVIII-12-a"},
		{"18,12.a", "18-12-a", "XVIII-12-a"},
		{"XVIII-12-A", "18-12-a", "XVIII-12-a"},
		{" 18 12 b ", "18-12-b", "XVIII-12-b"},
		{"III-2-2a", "3-2-2a", "III-2-2a"},
		{"3,2.12b", "3-2-12b", "III-2-12b"},
		{"XI-A-1", "11-1", "XI-A-1"},
		{"XXIX-1", "29-1", "XXIX-1"},
		{"5-02", "5-2", "V-2"},
	}
	for _, c := range cases {
		id, err := ParseChapterID(c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if id.Key() != c.key || id.UNTC() != c.untc {
			t.Errorf("%q: key %q untc %q, want %q %q", c.in, id.Key(), id.UNTC(), c.key, c.untc)
		}
	}
	for _, bad := range []string{"", "V", "5", "IIII-2", "VX-1", "0-1", "100-1", "C-1", "V-a", "V-2-é", "Q-2", "5--", "-"} {
		if id, err := ParseChapterID(bad); err == nil {
			t.Errorf("%q: accepted as %v", bad, id)
		}
	}
}

func TestParseUNTCDate(t *testing.T) {
	cases := []struct{ in, date, suffix string }{
		{"30 Aug 2005 a", "2005-08-30", "a"},
		{"1 Nov 1954", "1954-11-01", ""},
		{"21 Feb 1963 d", "1963-02-21", "d"},
		{"6 Dec 2006 AA", "2006-12-06", "AA"},
		{"10 Jan 2001 A", "2001-01-10", "A"},
		{"3 Apr 2009 c", "2009-04-03", "c"},
		{" 7  Sep 1995  a ", "1995-09-07", "a"},
		{"29 Feb 2000", "2000-02-29", ""},
		{"5 June 2007", "2007-06-05", ""},
		{"5 sep 2007", "2007-09-05", ""},
	}
	for _, c := range cases {
		d, suf, err := ParseUNTCDate(c.in)
		if err != nil || d.Format(time.DateOnly) != c.date || suf != c.suffix {
			t.Errorf("%q: %v %q %v, want %s %q", c.in, d, suf, err, c.date, c.suffix)
		}
	}
	for _, bad := range []string{"", "2005-08-30", "30 Aug 05", "31 Feb 2000", "29 Feb 1900", "0 Jan 2000",
		"30 Foo 2005", "30 Aug 2005 a b", "+1 Jan 2000", "123 Jan 2000", "1 Jan 20000"} {
		if _, _, err := ParseUNTCDate(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	for _, suf := range []string{"x", "aa", "D", "ratified"} {
		_, _, err := ParseUNTCDate("1 Jan 2000 " + suf)
		if !errors.Is(err, ErrUnknownSuffix) || !strings.Contains(err.Error(), suf) {
			t.Errorf("suffix %q: err %v, want ErrUnknownSuffix naming it", suf, err)
		}
	}
}

func TestExtractArticles(t *testing.T) {
	cases := []struct{ in, want string }{
		{"especially as regards articles 7, 13, 15, 18 and 24 of the Convention", "7,13,15,18,24"},
		{"article 12 (1), articles 20 and 22 (1), and articles 23 and 24", "12,20,22,23,24"},
		{"articles 20, 22 (paragraph 1), 23 and 24 of the Convention of 1951", "20,22,23,24"},
		{"Ad article 17: ... article 17, paragraphs 1 and 2", "17"},
		{"paragraph 1 of article 12 of the Convention", "12"},
		{"in accordance with article 25 of the Egyptian civil code, which reads", ""},
		{"Article 199 of the Brazilian Constitutional Amendment No 1", ""},
		{"the provisions of article 18 paragraph 3(d).", "18"},
		{"with respect to article IV of the Protocol", "IV"},
		{"no article here", ""},
	}
	for _, c := range cases {
		if got := strings.Join(ExtractArticles(c.in), ","); got != c.want {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
		}
	}
}

func TestClassifyStatement(t *testing.T) {
	cases := []struct {
		in   string
		want DeclKind
	}{
		{"The Government of X objects to the reservation made by Y.", KindObjection},
		{"X does not consider itself bound by article 92, paragraph 1.", KindReservation},
		{"Subject to the reservation that article 17 ...", KindReservation},
		{"X declares that it will apply the Convention in accordance with its laws.", KindDeclaration},
	}
	for _, c := range cases {
		if got := ClassifyStatement(c.in); got != c.want {
			t.Errorf("%q: %s, want %s", c.in, got, c.want)
		}
	}
}
