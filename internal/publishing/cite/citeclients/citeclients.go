// Package citeclients runs the real reference-manager parsers the tests
// read our citation exports back with: citation-js 0.8.2 (BibTeX, RIS,
// CSL-JSON) and citeproc-js (APA from CSL-JSON) through
// cite/testdata/clients/parse.js, and bibutils' bib2xml and ris2xml.
// Only tests import it; scripts/test installs the clients. Without them a
// test skips loudly, and fails under CORRIDOR_E2E_REQUIRED=1.
package citeclients

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Dir is the folder of parse.js and its node_modules.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata", "clients")
}

// Need skips (or, under CORRIDOR_E2E_REQUIRED=1, fails) the test when a
// client is missing.
func Need(t testing.TB) {
	t.Helper()
	var missing []string
	for _, tool := range []string{"node", "bib2xml", "ris2xml"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if _, err := os.Stat(filepath.Join(Dir(), "node_modules", "@citation-js", "core")); err != nil {
		missing = append(missing, "internal/publishing/cite/testdata/clients/node_modules (run npm ci there)")
	}
	if len(missing) == 0 {
		return
	}
	msg := "CITATION CLIENT TESTS NOT RUN: missing " + strings.Join(missing, ", ") + " (./scripts/test installs them)"
	if os.Getenv("CORRIDOR_E2E_REQUIRED") == "1" {
		t.Fatal(msg + " — CORRIDOR_E2E_REQUIRED=1, so this is a failure")
	}
	t.Skip(msg)
}

// Parse runs parse.js over data in one format ("bibtex", "ris", "csl"):
// the items as CSL-JSON, and APA as citation-js and citeproc render them.
func Parse(t testing.TB, kind string, data []byte) (items []map[string]any, apa, citeproc string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "export."+kind)
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", "parse.js", kind, file)
	cmd.Dir = Dir()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("citation-js could not read our %s: %v\n%s\n--- input:\n%s", kind, err, stderr.String(), data)
	}
	var res struct {
		Items    []map[string]any `json:"items"`
		APA      string           `json:"apa"`
		Citeproc string           `json:"citeproc"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("parse.js output: %v\n%s", err, out)
	}
	return res.Items, res.APA, res.Citeproc
}

// MODS is what the tests read of bibutils' MODS output.
type MODS struct {
	Items []struct {
		ID     string   `xml:"ID,attr"`
		Titles []string `xml:"titleInfo>title"`
		Names  []struct {
			Parts []struct {
				Type string `xml:"type,attr"`
				Text string `xml:",chardata"`
			} `xml:"namePart"`
		} `xml:"name"`
		// bib2xml puts the series in a host item, ris2xml in a host of a host.
		Hosts      []string `xml:"relatedItem>titleInfo>title"`
		HostsHosts []string `xml:"relatedItem>relatedItem>titleInfo>title"`
		Numbers    []string `xml:"part>detail>number"`
	} `xml:"mods"`
}

// Bibutils runs bib2xml or ris2xml over data and reads its MODS.
func Bibutils(t testing.TB, tool string, data []byte) MODS {
	t.Helper()
	cmd := exec.Command(tool)
	cmd.Stdin = bytes.NewReader(data)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", tool, err, stderr.String())
	}
	var doc MODS
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("%s output: %v\n%s", tool, err, out)
	}
	return doc
}
