package docfile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	// The PDF writer: github.com/pdfcpu/pdfcpu (Apache-2.0), pinned at
	// v0.11.1. It is served but not an approved release; it is used because
	// nothing else fits: rsc.io/pdf and ledongthuc/pdf only read, and a
	// copy without the old metadata must be written anew. Its writer
	// rewrites the whole file from the document catalog down (never as an
	// incremental update), so objects of earlier revisions, object streams
	// and anything no longer referenced are left behind.
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

func init() {
	// pdfcpu otherwise creates a configuration directory in the user's
	// home on first use; Corridor configures it in code.
	api.DisableConfigDir()
}

// privateKeys are the dictionary entries that carry author or application
// metadata anywhere in a document: XMP streams (on the catalog, pages,
// images, fonts) and applications' private data.
var privateKeys = []string{"Metadata", "PieceInfo"}

// StripMetadata returns a copy of a PDF without its author metadata: the
// document information dictionary (Author, Creator, Producer, Title,
// Subject, Keywords) and every XMP metadata stream, rewritten whole so the
// old values are not left in the file (no earlier revisions, no old object
// streams). The copy gets a new file identifier; pdfcpu gives it a fresh
// information dictionary holding only its own name as Producer and the
// current dates. Comment annotations lose their author label (/T). Pages and their text are unchanged. Encrypted PDFs and
// PDFs over the limits are refused.
func StripMetadata(b []byte) ([]byte, error) {
	out, err := guarded("docfile: PDF metadata", TimeBudget, nil, func() ([]byte, error) {
		if err := scan(b); err != nil {
			return nil, err
		}
		if encrypted(b) {
			// A stray "/Encrypt" in page text could match too; pdfcpu
			// below tells for sure, but an encrypted file is refused
			// here before it decrypts anything.
			if _, err := open(b); errors.Is(err, ErrEncrypted) {
				return nil, err
			}
		}
		conf := model.NewDefaultConfiguration()
		conf.ValidationMode = model.ValidationRelaxed
		conf.WriteObjectStream = true
		conf.WriteXRefStream = true
		ctx, err := api.ReadContext(bytes.NewReader(b), conf)
		if err != nil {
			if strings.Contains(strings.ToLower(err.Error()), "password") || strings.Contains(err.Error(), "encrypt") {
				return nil, ErrEncrypted
			}
			return nil, fmt.Errorf("the PDF cannot be read: %v", err)
		}
		if ctx.Encrypt != nil || ctx.E != nil {
			return nil, ErrEncrypted
		}
		if ctx.RootDict == nil {
			return nil, errors.New("the PDF cannot be read: it has no document catalog")
		}
		for _, e := range ctx.Table {
			if e == nil || e.Free {
				continue
			}
			// Objects in object streams are decoded on demand; decode them
			// all now, or their metadata would be written back untouched.
			if l, ok := e.Object.(types.LazyObjectStreamObject); ok {
				o, err := l.DecodedObject(context.Background())
				if err != nil {
					return nil, fmt.Errorf("the PDF cannot be read: %v", err)
				}
				model.ProcessRefCounts(ctx.XRefTable, o)
				e.Object = o
			}
			scrub(e.Object, 0)
		}
		scrub(ctx.RootDict, 0)
		ctx.Info = nil
		ctx.ID = nil // the old identifier would tie the copy to the author's file
		var buf bytes.Buffer
		if err := api.WriteContext(ctx, &buf); err != nil {
			return nil, fmt.Errorf("the PDF cannot be rewritten: %v", err)
		}
		return buf.Bytes(), nil
	})
	if err != nil {
		if !strings.HasPrefix(err.Error(), "docfile:") {
			err = fmt.Errorf("docfile: PDF metadata: %w", err)
		}
		return nil, err
	}
	return out, nil
}

// scrub drops the private entries from a dictionary and what it holds
// directly (indirect objects are scrubbed on their own), and the author
// label (/T) of comment-like annotations: a reviewer opening the copy in a
// PDF reader would otherwise see the author's name on each note. Form
// field widgets keep /T, which there is the field's name.
func scrub(o types.Object, depth int) {
	if depth > MaxNesting {
		return
	}
	switch o := o.(type) {
	case types.Dict:
		for _, k := range privateKeys {
			delete(o, k)
		}
		if st, ok := o["Subtype"].(types.Name); ok && st != "Widget" && o["Rect"] != nil {
			delete(o, "T")
		}
		for _, v := range o {
			scrub(v, depth+1)
		}
	case types.StreamDict:
		scrub(o.Dict, depth+1)
	case types.Array:
		for _, v := range o {
			scrub(v, depth+1)
		}
	}
}
