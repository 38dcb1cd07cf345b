package cite

import (
	"bytes"
	"fmt"
	"testing"
)

// A publication list of 20,000 works, the import limit, in both formats.
func benchList(b *testing.B, write func(*bytes.Buffer, []Work) error) []byte {
	works := make([]Work, MaxImportEntries)
	for i := range works {
		works[i] = mrs12()
		works[i].Key = fmt.Sprintf("mrs-%d", i)
		works[i].Abstract = "Remittances and return migration between Mexico, Viet Nam and the United States, with survey data from 2019 and 2020."
	}
	var buf bytes.Buffer
	if err := write(&buf, works); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func BenchmarkParseBibTeX(b *testing.B) {
	in := benchList(b, func(buf *bytes.Buffer, w []Work) error { return BibTeX(buf, w...) })
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := ParseBibTeX(bytes.NewReader(in)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseRIS(b *testing.B) {
	in := benchList(b, func(buf *bytes.Buffer, w []Work) error { return RIS(buf, w...) })
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := ParseRIS(bytes.NewReader(in)); err != nil {
			b.Fatal(err)
		}
	}
}
