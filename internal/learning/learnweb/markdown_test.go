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

// BenchmarkRenderMarkdown: a lesson of about 6 KB with headings, lists, a
// table and links, rendered and sanitised.
func BenchmarkRenderMarkdown(b *testing.B) {
	src := strings.Repeat("## Section\n\nSome **bold** text with a [link](https://example.org) and `code`.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n", 40)
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		RenderMarkdown(src)
	}
}
