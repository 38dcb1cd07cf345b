package lawdb

import (
	"regexp"
	"strings"
)

// Paragraphs is the statement's text in paragraphs, for display (see
// statementParas); the stored text stays as published.
func (s Statement) Paragraphs() []string {
	p, _ := statementParas(s.Text)
	return p
}

// RestoredBreaks reports whether Paragraphs broke the text where the
// imported copy had lost a paragraph break.
func (s Statement) RestoredBreaks() bool {
	_, r := statementParas(s.Text)
	return r
}

// runTogether finds where the imported copy ran two sentences or a
// sentence and a list item into each other: "citizens.The",
// "ratified:(a)Subject". Two lower-case letters before the stop keep
// abbreviations ("U.S.A.", "No.II") whole.
var runTogether = regexp.MustCompile(`([a-z]{2}[.:;])(\([a-z0-9]{1,4}\)|[A-Z][a-z])`)

// statementParas splits a statement's text into its paragraphs: the
// source's own line breaks, and a break where the copy lost one (see
// runTogether). Nothing else of the text is changed.
func statementParas(text string) (paras []string, restored bool) {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		for {
			loc := runTogether.FindStringSubmatchIndex(line)
			if loc == nil {
				break
			}
			restored = true
			paras = append(paras, line[:loc[3]])
			line = line[loc[3]:]
		}
		paras = append(paras, line)
	}
	return paras, restored
}
