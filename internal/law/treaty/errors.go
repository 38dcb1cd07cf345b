package treaty

import (
	"fmt"
	"strings"
)

// InputError reports bad input at a place in a file. Row and Column are
// 1-based (Row is the line number; the header is row 1). Column is 0 when
// the error concerns a whole row or file.
type InputError struct {
	File   string // path relative to the folder loaded, e.g. "treaties/5-2.csv"
	Row    int
	Column int
	Header string // the column's header, when known
	Value  string // the offending value, when there is one
	Err    error
}

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Row > 0 {
		fmt.Fprintf(&b, ": row %d", e.Row)
	}
	if e.Column > 0 {
		fmt.Fprintf(&b, ", column %d", e.Column)
		if e.Header != "" {
			fmt.Fprintf(&b, " (%s)", e.Header)
		}
	}
	if e.Value != "" {
		fmt.Fprintf(&b, ": value %q", e.Value)
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	return b.String()
}

func (e *InputError) Unwrap() error { return e.Err }
