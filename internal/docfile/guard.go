package docfile

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Limits on the PDFs this package reads. A file over one of them is refused
// with an error naming the limit; none is ever half-read into memory.
//
// The PDF libraries parse recursively, allocate cross-reference tables from
// sizes the file declares, and inflate streams without a ceiling, so a
// hostile file could crash the process (a stack overflow or an out-of-memory
// is not a panic and cannot be recovered). scan checks those three things on
// the raw bytes before a library sees them; panics the libraries raise are
// turned into errors; and each call runs under a time budget.
const (
	MaxPDFSize  = 100 << 20 // bytes of the file
	MaxPages    = 5000      // pages read for text; more are refused
	MaxObjects  = 500000    // objects a cross-reference table may declare
	MaxInflated = 512 << 20 // bytes all compressed streams may expand to, together
	MaxNesting  = 2000      // depth of nested arrays and dictionaries
	TimeBudget  = 60 * time.Second
)

// ErrEncrypted is returned for a password-protected or encrypted PDF: its
// text cannot be indexed and its metadata cannot be rewritten reliably.
var ErrEncrypted = errors.New("the PDF is encrypted or password-protected; upload an unprotected copy")

var (
	reEncrypt = regexp.MustCompile(`/Encrypt[\s/<\[0-9]`)
	reSize    = regexp.MustCompile(`/Size\s*(-?\d+)`)
	reIndex   = regexp.MustCompile(`/Index\s*\[([^\]]{0,1000})\]`)
)

// scan checks a PDF's raw bytes against the limits above before any library
// parses it. It walks every stream (inflating zlib data, at most two layers
// deep, against the MaxInflated budget) and every stretch between streams
// (nesting depth, declared table sizes).
func scan(b []byte) error {
	if len(b) == 0 {
		return ErrEmpty
	}
	if len(b) > MaxPDFSize {
		return fmt.Errorf("the PDF is %d MiB, over the %d MiB limit", len(b)>>20, MaxPDFSize>>20)
	}
	budget := int64(MaxInflated)
	outside := &depthWriter{}
	pos := 0
	for pos < len(b) {
		start, end := nextStream(b, pos)
		if start < 0 {
			outside.Write(b[pos:])
			if err := checkDeclared(b[pos:]); err != nil {
				return err
			}
			break
		}
		dict := b[pos:start]
		outside.Write(dict)
		if err := checkDeclared(dict); err != nil {
			return err
		}
		if outside.max > MaxNesting {
			break
		}
		if err := inflateCheck(b[start:end], streamIsBinary(dict), &budget, 2); err != nil {
			return err
		}
		pos = end
	}
	if outside.max > MaxNesting {
		return fmt.Errorf("the PDF nests arrays or dictionaries %d deep, over the limit of %d", outside.max, MaxNesting)
	}
	return nil
}

// nextStream finds the data of the next stream at or after pos: from just
// after the "stream" keyword and its end of line to the next "endstream".
func nextStream(b []byte, pos int) (start, end int) {
	for {
		i := bytes.Index(b[pos:], []byte("stream"))
		if i < 0 {
			return -1, -1
		}
		i += pos
		pos = i + len("stream")
		if i >= 3 && string(b[i-3:i]) == "end" {
			continue
		}
		start = pos
		if start < len(b) && b[start] == '\r' {
			start++
		}
		if start < len(b) && b[start] == '\n' {
			start++
		}
		e := bytes.Index(b[start:], []byte("endstream"))
		if e < 0 {
			return start, len(b)
		}
		return start, start + e
	}
}

// streamIsBinary says whether the dictionary just before a stream makes it
// image or font data, which no parser reads as PDF syntax: brackets in it
// say nothing about nesting.
func streamIsBinary(dict []byte) bool {
	if len(dict) > 4096 {
		dict = dict[len(dict)-4096:]
	}
	if i := bytes.LastIndex(dict, []byte(" obj")); i >= 0 {
		dict = dict[i:]
	}
	for _, s := range []string{"/Image", "/DCTDecode", "/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode", "/Length1", "/Length2", "/Length3", "/FontFile", "/OpenType", "/Type1C", "/CIDFontType0C"} {
		if bytes.Contains(dict, []byte(s)) {
			return true
		}
	}
	return false
}

// inflateCheck inflates data when it is zlib, charging the output to
// budget and measuring its nesting unless it is binary; an inflated stream
// that is itself zlib is inflated again, up to layers deep.
func inflateCheck(data []byte, binary bool, budget *int64, layers int) error {
	if layers == 0 || len(data) < 2 || data[0]&0x0f != 8 || (uint16(data[0])<<8|uint16(data[1]))%31 != 0 {
		if !binary {
			d := &depthWriter{}
			d.Write(data)
			if d.max > MaxNesting {
				return fmt.Errorf("a stream in the PDF nests arrays or dictionaries %d deep, over the limit of %d", d.max, MaxNesting)
			}
		}
		return nil
	}
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil // not zlib after all: the library will say what is wrong
	}
	defer zr.Close()
	var head bytes.Buffer
	d := &depthWriter{keep: &head}
	n, _ := io.Copy(d, io.LimitReader(zr, *budget+1))
	*budget -= n
	if *budget < 0 {
		return fmt.Errorf("the PDF's compressed streams expand to over %d MiB, the limit", MaxInflated>>20)
	}
	if head.Len() >= 2 && layers > 1 && head.Bytes()[0]&0x0f == 8 && (uint16(head.Bytes()[0])<<8|uint16(head.Bytes()[1]))%31 == 0 {
		// A second zlib layer: inflate it again, from a bounded copy.
		zr2, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil
		}
		inner, _ := io.ReadAll(io.LimitReader(zr2, MaxPDFSize))
		return inflateCheck(inner, binary, budget, layers-1)
	}
	if !binary && d.max > MaxNesting {
		return fmt.Errorf("a stream in the PDF nests arrays or dictionaries %d deep, over the limit of %d", d.max, MaxNesting)
	}
	return nil
}

// checkDeclared refuses cross-reference sizes and indexes over MaxObjects,
// which the readers would allocate up front.
func checkDeclared(b []byte) error {
	for _, m := range reSize.FindAllSubmatch(b, -1) {
		if n, err := strconv.Atoi(string(m[1])); err != nil || n < 0 || n > MaxObjects {
			return fmt.Errorf("the PDF declares %s objects, over the limit of %d", m[1], MaxObjects)
		}
	}
	for _, m := range reIndex.FindAllSubmatch(b, -1) {
		for _, f := range strings.Fields(string(m[1])) {
			if n, err := strconv.Atoi(f); err != nil || n < 0 || n > MaxObjects {
				return fmt.Errorf("the PDF's cross-reference index names object %s, over the limit of %d", f, MaxObjects)
			}
		}
	}
	// Classic tables: "xref" then subsections "start count" and count
	// three-token entries each, until "trailer".
	for rest := b; ; {
		i := bytes.Index(rest, []byte("xref"))
		if i < 0 {
			return nil
		}
		if i >= 5 && string(rest[i-5:i]) == "start" {
			rest = rest[i+4:]
			continue
		}
		rest = rest[i+4:]
		section := rest
		if t := bytes.Index(section, []byte("trailer")); t >= 0 {
			section = section[:t]
		}
		f := strings.Fields(string(section))
		for k := 0; k+1 < len(f); {
			start, err1 := strconv.Atoi(f[k])
			count, err2 := strconv.Atoi(f[k+1])
			if err1 != nil || err2 != nil {
				break
			}
			if start < 0 || count < 0 || start > MaxObjects || count > MaxObjects || start+count > MaxObjects {
				return fmt.Errorf("the PDF's cross-reference table names objects up to %s+%s, over the limit of %d", f[k], f[k+1], MaxObjects)
			}
			k += 2 + 3*count
		}
	}
}

// encrypted says whether the file's trailer names an encryption dictionary.
func encrypted(b []byte) bool { return reEncrypt.Match(b) }

// depthWriter tracks how deep "[" and "<<" nest in PDF syntax, skipping
// strings and comments, across Write calls. keep, when set, receives the
// first bytes written (to tell a second zlib layer).
type depthWriter struct {
	depth, max int
	inString   int  // nesting of ( ) in a literal string
	escape     bool // last byte was a backslash inside a string
	comment    bool
	lt, gt     bool // last byte was < or >
	inHex      bool
	keep       *bytes.Buffer
}

func (d *depthWriter) Write(p []byte) (int, error) {
	if d.keep != nil && d.keep.Len() < 2 {
		d.keep.Write(p[:min(len(p), 2-d.keep.Len())])
	}
	for _, c := range p {
		switch {
		case d.inString > 0:
			switch {
			case d.escape:
				d.escape = false
			case c == '\\':
				d.escape = true
			case c == '(':
				d.inString++
			case c == ')':
				d.inString--
			}
			continue
		case d.comment:
			d.comment = c != '\n' && c != '\r'
			continue
		case d.inHex:
			d.inHex = c != '>'
			continue
		}
		lt, gt := d.lt, d.gt
		d.lt, d.gt = false, false
		switch c {
		case '(':
			d.inString = 1
		case '%':
			d.comment = true
		case '[':
			d.open()
		case ']':
			d.close()
		case '<':
			if lt {
				d.open()
			} else {
				d.lt = true
			}
		case '>':
			if gt {
				d.close()
			} else {
				d.gt = true
			}
		default:
			if lt {
				d.inHex = c != '>'
			}
		}
	}
	return len(p), nil
}

func (d *depthWriter) open() {
	d.depth++
	if d.depth > d.max {
		d.max = d.depth
	}
}

func (d *depthWriter) close() {
	if d.depth > 0 {
		d.depth--
	}
}

// guarded runs f with the time budget and ctx-free panic recovery: a panic
// in a library becomes an error naming where it came from, and a run past
// the budget returns an error while f is left to finish on its own (Go
// cannot stop it; scan's limits keep that work bounded).
func guarded[T any](what string, budget time.Duration, done <-chan struct{}, f func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	ch := make(chan result, 1)
	go func() {
		var r result
		defer func() {
			if p := recover(); p != nil {
				r.err = fmt.Errorf("%s: the PDF is malformed (%v)", what, p)
			}
			ch <- r
		}()
		r.v, r.err = f()
	}()
	timer := time.NewTimer(budget)
	defer timer.Stop()
	var zero T
	select {
	case r := <-ch:
		return r.v, r.err
	case <-timer.C:
		return zero, fmt.Errorf("%s: reading the PDF took over %s, the limit", what, budget)
	case <-done:
		return zero, fmt.Errorf("%s: cancelled", what)
	}
}
