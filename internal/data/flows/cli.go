package flows

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"corridor/internal/cellsafe"
)

const usageText = `usage: corridor flows --method demographic|difference --stock-start S0.csv --stock-end S1.csv
         [--births B.csv --deaths D.csv] [--stayer-assumption=true|false]
         [--birthplace-totals rescale|open|open-dr] [--global-match before|after]
         [--tolerance 1e-3] [--strict] [--out flows.csv] [--by-birthplace]

Estimates bilateral migration flows from two stock tables (place of birth ×
place of residence). A stock CSV has a header row (empty first cell, then the
places of residence) and one row per place of birth (name, then values).
Births and deaths are region,value CSVs; a header row is optional (the first
row is a header when its value field is not a number). Missing births or
deaths count as zero.

Output: the origin × destination flow matrix as CSV (header row with an
empty first cell, one row per origin, diagonal 0); with --by-birthplace the
long form origin,destination,birthplace,flow of every cell of the three-way
table, zeros included (rows with origin = destination are stayers), ordered by
birthplace, origin, destination. Without --out the CSV goes to stdout.

Defaults follow migest::ffs_demo: demographic method, stayer assumption on,
birthplace totals "rescale", global match "before", IPF tolerance 1e-3.
A birthplace whose out-movers and in-movers disagree beyond the margin
tolerance is rescaled as ffs_demo does and named in a warning on stderr;
--strict refuses such a table instead. --tolerance sets the IPF stopping
tolerance (the largest cell change between sweeps): migest stops at 1e-3,
so results agree with it to about 1e-3 relative; a smaller tolerance fits
closer to the margins at the cost of more sweeps.

Options:
`

// ErrHelp is returned by RunCommand when -h or --help was given (the usage
// has been written to stderr).
var ErrHelp = flag.ErrHelp

// RunCommand implements "corridor flows". args excludes the command name.
func RunCommand(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("flows", flag.ContinueOnError)
	fs.SetOutput(stderr)
	method := fs.String("method", "demographic", "estimator: demographic or difference")
	startPath := fs.String("stock-start", "", "stock table at the start of the period (required)")
	endPath := fs.String("stock-end", "", "stock table at the end of the period (required)")
	birthsPath := fs.String("births", "", "births by place of residence, region,value CSV (demographic only)")
	deathsPath := fs.String("deaths", "", "deaths by place of residence, region,value CSV (demographic only)")
	stayer := fs.Bool("stayer-assumption", true, "fix stayers at min(start, end) stocks (demographic only)")
	bpt := fs.String("birthplace-totals", Rescale, "birthplace totals: rescale, open or open-dr (demographic only)")
	gm := fs.String("global-match", Before, "global balance before or after removing births and deaths (rescale only)")
	outPath := fs.String("out", "", "output CSV (default stdout)")
	byPob := fs.Bool("by-birthplace", false, "write origin,destination,birthplace,flow (demographic only)")
	tol := fs.Float64("tolerance", DefaultTol, "IPF stopping tolerance: largest cell change between sweeps (demographic only)")
	strict := fs.Bool("strict", false, "refuse a table whose birthplace margins disagree beyond the tolerance (demographic only)")
	fs.Usage = func() {
		fmt.Fprint(stderr, usageText)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("flows: unexpected argument %q", fs.Arg(0))
	}
	if *startPath == "" || *endPath == "" {
		fs.Usage()
		return errors.New("flows: --stock-start and --stock-end are required")
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	switch *method {
	case "demographic":
	case "difference":
		for _, name := range []string{"births", "deaths", "stayer-assumption", "birthplace-totals", "global-match", "by-birthplace", "tolerance", "strict"} {
			if set[name] {
				return fmt.Errorf("flows: --%s applies only to --method demographic", name)
			}
		}
	default:
		return fmt.Errorf("flows: unknown --method %q (want demographic or difference)", *method)
	}
	switch *bpt {
	case Rescale, Open, OpenDR:
	default:
		return fmt.Errorf("flows: unknown --birthplace-totals %q (want rescale, open or open-dr)", *bpt)
	}
	if !(*tol > 0) || *tol > 1e6 {
		return fmt.Errorf("flows: --tolerance %v must be a positive number", *tol)
	}
	switch *gm {
	case Before, After:
	default:
		return fmt.Errorf("flows: unknown --global-match %q (want before or after)", *gm)
	}

	// The two tables are read at once, one per core; an error in the
	// start table is still the one reported first.
	var s1 *Matrix
	var endErr error
	endRead := make(chan struct{})
	go func() {
		defer close(endRead)
		s1, endErr = readFile(*endPath, ReadStockCSV)
	}()
	s0, err := readFile(*startPath, ReadStockCSV)
	<-endRead
	if err != nil {
		return err
	}
	if endErr != nil {
		return endErr
	}
	if err := sameNames(s0, s1, *startPath, *endPath); err != nil {
		return err
	}
	var births, deaths *Vector
	if *birthsPath != "" {
		if births, err = readFile(*birthsPath, ReadVectorCSV); err != nil {
			return err
		}
		if err := vectorNames(births, s0, *birthsPath); err != nil {
			return err
		}
	}
	if *deathsPath != "" {
		if deaths, err = readFile(*deathsPath, ReadVectorCSV); err != nil {
			return err
		}
		if err := vectorNames(deaths, s0, *deathsPath); err != nil {
			return err
		}
	}

	var res *Result
	var flowsM *Matrix
	if *method == "difference" {
		if flowsM, err = Difference(s0, s1, DifferenceOptions{}); err != nil {
			return err
		}
	} else {
		res, err = Demographic(s0, s1, births, deaths, Options{
			NoStayerAssumption: !*stayer,
			BirthplaceTotals:   *bpt,
			GlobalMatch:        *gm,
			Tol:                *tol,
			StrictMargins:      *strict,
			ReuseInputs:        true, // s0 and s1 are not read again
		})
		var me *MarginError
		if errors.As(err, &me) && *bpt != Open {
			return fmt.Errorf("%w\n(without --strict the estimate rescales such birthplaces as migest does; --birthplace-totals open lets birthplace totals change instead)", err)
		}
		if err != nil {
			return err
		}
		if u := res.Diagnostics.UnmetMargins; len(u) > 0 {
			fmt.Fprint(stderr, MarginWarning(u, *bpt))
		}
		flowsM = res.Flows
		for _, note := range res.Diagnostics.Notes {
			fmt.Fprintln(stderr, "note:", note)
		}
	}

	w := stdout
	var f *os.File
	if *outPath != "" {
		if f, err = os.Create(*outPath); err != nil {
			return err
		}
		w = f
	}
	bw := bufio.NewWriter(w)
	if *byPob {
		err = writeLong(bw, res.Table)
	} else {
		err = WriteMatrixCSV(bw, flowsM)
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("flows: writing output: %w", err)
	}
	return nil
}

// MarginWarning describes the birthplaces whose margins were not met
// (at most ten by name), as the command prints it and pages show it.
func MarginWarning(u []UnmetMargin, birthplaceTotals string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "warning: target margins not met for %d birthplace(s); their in-movers were rescaled to the out-movers' total, as migest's ffs_demo does:\n", len(u))
	for i, m := range u {
		if i == 10 {
			fmt.Fprintf(&b, "  … and %d more\n", len(u)-10)
			break
		}
		fmt.Fprintf(&b, "  %s\n", m)
	}
	if birthplaceTotals != Open {
		b.WriteString("  try --birthplace-totals open to let birthplace totals change, or --strict to refuse such a table\n")
	} else {
		b.WriteString("  use --strict to refuse such a table\n")
	}
	return b.String()
}

func readFile[T any](path string, read func(io.Reader, string) (T, error)) (T, error) {
	var zero T
	f, err := os.Open(path)
	if err != nil {
		return zero, err
	}
	defer f.Close()
	return read(f, path)
}

// sameNames checks that two stock tables name the same places.
func sameNames(a, b *Matrix, pa, pb string) error {
	in := make(map[string]bool, len(a.Rows))
	for _, r := range a.Rows {
		in[r] = true
	}
	for _, r := range b.Rows {
		if !in[r] {
			return fmt.Errorf("%s: place %q is not in %s", pb, r, pa)
		}
	}
	if len(a.Rows) != len(b.Rows) {
		return fmt.Errorf("%s has %d places but %s has %d", pa, len(a.Rows), pb, len(b.Rows))
	}
	return nil
}

func vectorNames(v *Vector, s *Matrix, path string) error {
	in := make(map[string]bool, len(s.Rows))
	for _, r := range s.Rows {
		in[r] = true
	}
	for _, r := range v.Names {
		if !in[r] {
			return fmt.Errorf("%s: region %q is not in the stock tables", path, r)
		}
	}
	if len(v.Names) != len(s.Rows) {
		return fmt.Errorf("%s: %d regions, the stock tables have %d", path, len(v.Names), len(s.Rows))
	}
	return nil
}

// writeLong writes every cell of the three-way table, zeros included, so a
// reader gets the full origin × destination × birthplace array.
func writeLong(w io.Writer, t *Table) error {
	cw := cellsafe.NewCSVWriter(w)
	if err := cw.Write([]string{"origin", "destination", "birthplace", "flow"}); err != nil {
		return err
	}
	n := t.N
	cell := make([]float64, n*n)
	rec := make([]string, 4)
	for k := 0; k < n; k++ {
		t.sliceInto(k, cell)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				rec[0], rec[1], rec[2], rec[3] = t.Places[i], t.Places[j], t.Places[k], strconv.FormatFloat(cell[i*n+j], 'g', -1, 64)
				if err := cw.Write(rec); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
