//go:build ignore

// gen.go rebuilds data/countries.csv from the shared country-codes folder
// (unsd-m49-en.csv and country-codes.csv). Run it from this directory:
//
//	go run gen.go -src <path to shared/data/country-codes>
//
// The default -src is the shared data folder beside the repository.
package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

func main() {
	src := flag.String("src", filepath.Join("..", "..", "..", "shared", "data", "country-codes"), "folder holding unsd-m49-en.csv and country-codes.csv")
	out := flag.String("out", filepath.Join("data", "countries.csv"), "output file")
	flag.Parse()

	m49 := readCSV(filepath.Join(*src, "unsd-m49-en.csv"))
	cc := readCSV(filepath.Join(*src, "country-codes.csv"))
	byA3 := map[string]map[string]string{}
	for _, r := range cc {
		byA3[r["ISO3166-1-Alpha-3"]] = r
	}

	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	must(w.Write(columns))
	for _, r := range m49 {
		x := byA3[r["ISO-alpha3 Code"]]
		if x == nil {
			log.Fatalf("no country-codes row for %s", r["ISO-alpha3 Code"])
		}
		row := []string{
			r["M49 Code"], r["ISO-alpha2 Code"], r["ISO-alpha3 Code"], r["Country or Area"],
			r["Region Code"], r["Region Name"], r["Sub-region Code"], r["Sub-region Name"],
			r["Intermediate Region Code"], r["Intermediate Region Name"],
			flag01(r["Least Developed Countries (LDC)"]), flag01(r["Land Locked Developing Countries (LLDC)"]), flag01(r["Small Island Developing States (SIDS)"]),
			pick(short(x["UNTERM French Short"]), x["official_name_fr"]),
			pick(short(x["UNTERM Spanish Short"]), x["official_name_es"]),
			x["official_name_en"], short(x["UNTERM English Short"]), formal(x["UNTERM English Formal"]), x["CLDR display name"],
			x["official_name_fr"], x["official_name_es"],
		}
		must(w.Write(row))
	}
	w.Flush()
	must(w.Error())
	must(os.WriteFile(*out, buf.Bytes(), 0o644))
	fmt.Printf("wrote %d rows to %s\n", len(m49), *out)
}

var columns = []string{
	"m49", "alpha2", "alpha3", "name",
	"region_code", "region_name", "subregion_code", "subregion_name",
	"intermediate_code", "intermediate_name",
	"ldc", "lldc", "sids",
	"name_fr", "name_es",
	"official_en", "unterm_en_short", "unterm_en_formal", "cldr_en",
	"official_fr", "official_es",
}

// article matches the UNTERM short-name suffixes: "(the)", "(l')", "(les)", …
// and the "*"/"**" status markers.
var article = regexp.MustCompile(`\s*\((the|l'|l’|la|le|les|el|los|las)\)\s*$`)

func short(s string) string {
	s = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), "*"))
	return strings.TrimSpace(article.ReplaceAllString(s, ""))
}

func formal(s string) string {
	s = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), "*"))
	return strings.TrimSpace(strings.TrimPrefix(s, "the "))
}

func pick(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func flag01(s string) string {
	if strings.TrimSpace(s) != "" {
		return "1"
	}
	return ""
}

func readCSV(path string) []map[string]string {
	b, err := os.ReadFile(path)
	must(err)
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	must(err)
	var rows []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		rows = append(rows, m)
	}
	return rows
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
