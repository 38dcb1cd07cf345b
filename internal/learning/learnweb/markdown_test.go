package learnweb

import (
	"strings"
	"testing"
)

func TestMarkdownIsSanitised(t *testing.T) {
	cases := map[string]string{
		"<script>alert(1)</script>":                         "<script",
		"[x](javascript:alert(1))":                          "javascript:",
		`<img src=x onerror="alert(1)">`:                    "onerror",
		"![a](/learning/files/1/a.png)":                     "",
		`<a href="https://example.org" onclick="x()">a</a>`: "onclick",
	}
	for in, banned := range cases {
		out := string(RenderMarkdown(in))
		if banned != "" && strings.Contains(strings.ToLower(out), banned) {
			t.Errorf("%q rendered %q", in, out)
		}
	}
	if out := string(RenderMarkdown("# Title\n\n**bold** ![map](/learning/files/1/map.png)")); !strings.Contains(out, "<h1") || !strings.Contains(out, "<strong>bold</strong>") || !strings.Contains(out, `<img src="/learning/files/1/map.png" alt="map"`) {
		t.Errorf("rendered %q", out)
	}
}
