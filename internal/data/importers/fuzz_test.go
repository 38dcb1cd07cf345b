package importers

import (
	"bytes"
	"strings"
	"testing"
)

func parseAll(f Format, data []byte) (int, error) {
	in := Input{Name: "fuzz", R: bytes.NewReader(data), Size: int64(len(data))}
	if err := f.Check(in); err != nil {
		return 0, err
	}
	n := 0
	err := f.Parse(in, func(Record) error {
		n++
		return nil
	})
	return n, err
}

// FuzzCSV feeds arbitrary bytes to every CSV format: they must return
// records or an error, never panic or hang.
func FuzzCSV(f *testing.F) {
	f.Add([]byte("origin,destination,year,sex,measure,value\nMEX,USA,2019,total,migrant_stock,12\n"))
	f.Add([]byte("Year,Dest,Mexico,Canada\n2019,United States of America,12,\"3\"\n1990,Canada,..,-\n"))
	f.Add([]byte("year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,refugees,asylum_seekers\n2020,Syria,SYR,SYR,Turkey,TUR,TUR,3600000,\n"))
	f.Add([]byte("\xef\xbb\xbfYear,Dest\n"))
	f.Add([]byte{0x1f, 0x8b, 0x08, 0x00})
	f.Add([]byte("year0,orig_reg,dest_reg,flow\n1960,Africa,Europe,919252\n1965,Europe,Africa,..\n"))
	f.Add([]byte("-\t-\t-\t2\t7\n-\t-\t-\tAfrica\tEast_Asia\n2\t210,150,12\tAfrica\t3142471\t916\n7\t0,255,233\tEast_Asia\t25549\t1\n\t\t\t\t\n"))
	f.Add([]byte("-\t-\t-\n-\t-\t-\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"tidy-csv", "undesa-ims-2019-csv", "undesa-ims-2019", "unhcr-population", "unhcr-flows", "abel-2018-region-flows", "abel-sander-2014-regions", "abel-sander-2014-countries"} {
			fm, _ := Lookup(name)
			n, err := parseAll(fm, data)
			if err != nil && !strings.Contains(err.Error(), `file "fuzz"`) {
				t.Errorf("%s: error without the file name: %v", name, err)
			}
			if n > len(data)*4+16 {
				t.Errorf("%s: %d records from %d bytes", name, n, len(data))
			}
		}
	})
}
