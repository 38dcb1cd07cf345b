package links

import "testing"

// The labels are those the sources print for the same provisions: UNHCR
// cites "Art. 33(1)" of the 1951 Convention and "Art. 1A(2)"; the Dutch
// Aliens Act's article 9, paragraph 1, point i is cited "art. 9(1)(i)".
func TestPartLabel(t *testing.T) {
	for eid, want := range map[string]string{
		"art_33":                         "Art. 33",
		"art_33__para_1":                 "Art. 33(1)",
		"art_1A__para_2":                 "Art. 1A(2)",
		"art_9__para_1__list_1__point_i": "Art. 9(1)(i)",
		"art_9__para_nn_1":               "Art. 9",
		"chp_2":                          "Chapter 2",
		"chp_2__sec_3":                   "Chapter 2, Section 3",
		"preamble":                       "Preamble",
		"weird-thing":                    "weird-thing",
		"art_3__tbl_1":                   "art_3__tbl_1",
		"":                               "",
	} {
		if got := PartLabel(eid); got != want {
			t.Errorf("PartLabel(%q) = %q, want %q", eid, got, want)
		}
	}
}
