package learnweb

import (
	"bytes"
	"html/template"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// Lessons are Markdown written by trainers: rendered by goldmark (raw
// HTML in the source is dropped, as goldmark does without WithUnsafe) and
// then sanitised by bluemonday's user-content policy, so that neither a
// script nor an event handler nor a javascript: URL reaches a learner.
var (
	md     = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))
	policy = sync.OnceValue(func() *bluemonday.Policy {
		p := bluemonday.UGCPolicy()
		p.RequireNoFollowOnLinks(true)
		p.AddTargetBlankToFullyQualifiedLinks(false)
		return p
	})
)

// maxRenderBytes bounds the Markdown rendered for one page.
const maxRenderBytes = 512 << 10

// RenderMarkdown turns a lesson's Markdown into safe HTML.
func RenderMarkdown(src string) template.HTML {
	if len(src) > maxRenderBytes {
		src = src[:maxRenderBytes]
	}
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(policy().SanitizeBytes(buf.Bytes()))
}
