package indices

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"corridor/internal/cellsafe"
	"corridor/internal/data/flows"
)

// ErrHelp is returned by the Run functions when -h or --help was given
// (the usage has been written to stderr).
var ErrHelp = flag.ErrHelp

const indicesUsage = `usage: corridor indices --matrix M.csv [--population P.csv] [--k 1000] [--format text|csv|json]

Migration indices of a flow (or stock) matrix. The matrix CSV has the
layout "corridor flows" reads and writes: a header row with an empty first
cell, then the destinations; one row per origin (name, then one value per
destination). Rows and columns must name the same regions. Within-region
(diagonal) cells are left out of every index.

Output: per region the in-, out-, net and gross migration and the
migration effectiveness 100·net/gross; with --population (a region,value
CSV, header optional) also the population and the crude in/out/net/gross
rates per k; then the matrix-level indices: effectiveness, connectivity,
inequality of flows (equal and weighted expected flows), the Gini family,
the aggregated coefficient of variation and, with populations, the crude
migration rate and probability, Courgeau's k, the aggregate net migration
rate, preference and velocity. Definitions follow migest 2.0.5 and
migration.indices 0.3.1 (Bell et al. 2002); docs/data.md gives each
formula. --format csv writes level,region,index,value rows; json the whole
report (undefined values as null).

Options:
`

// RunIndices implements "corridor indices". args excludes the command name.
func RunIndices(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("indices", indicesUsage, stderr)
	matrixPath := fs.String("matrix", "", "flow or stock matrix CSV (required)")
	popPath := fs.String("population", "", "population at risk by region, region,value CSV")
	k := fs.Float64("k", 1000, "base of the crude rates (100 = percent, 1000 = per mille)")
	format := fs.String("format", "text", "output: text, csv or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *matrixPath == "" {
		fs.Usage()
		return errors.New("indices: --matrix is required")
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	if !(*k > 0) || math.IsInf(*k, 0) {
		return fmt.Errorf("indices: --k must be a positive number, not %v", *k)
	}
	m, err := readFile(*matrixPath, flows.ReadFlowCSV)
	if err != nil {
		return err
	}
	var pop []float64
	if *popPath != "" {
		v, err := readFile(*popPath, flows.ReadVectorCSV)
		if err != nil {
			return err
		}
		if pop, err = alignNames(v, m.Rows, *popPath, *matrixPath); err != nil {
			return err
		}
	}
	rep, err := Summarize(m, pop, *k)
	if err != nil {
		return fmt.Errorf("%s: %w", *matrixPath, err)
	}
	return writeOutput(stdout, func(w io.Writer) error {
		switch *format {
		case "json":
			return writeJSON(w, rep)
		case "csv":
			return WriteReportCSV(w, rep)
		}
		return writeReportText(w, rep)
	})
}

// alignNames orders a region,value vector as names, the matrix's rows;
// every region must appear exactly once.
func alignNames(v *flows.Vector, names []string, path, matrixPath string) ([]float64, error) {
	pos := make(map[string]int, len(v.Names))
	for i, n := range v.Names {
		pos[n] = i
	}
	out := make([]float64, len(names))
	for i, n := range names {
		j, ok := pos[n]
		if !ok {
			return nil, fmt.Errorf("%s: no value for region %q of %s", path, n, matrixPath)
		}
		out[i] = v.Values[j]
		delete(pos, n)
	}
	for _, n := range v.Names {
		if _, extra := pos[n]; extra {
			return nil, fmt.Errorf("%s: region %q is not in %s", path, n, matrixPath)
		}
	}
	return out, nil
}

// regionColumns are the per-region columns of a report, with their
// values; the rate columns only when the report has populations.
func regionColumns(rep *Report) []struct {
	Key string
	Get func(RegionReport) Num
} {
	type col = struct {
		Key string
		Get func(RegionReport) Num
	}
	cols := []col{
		{"in", func(r RegionReport) Num { return r.In }},
		{"out", func(r RegionReport) Num { return r.Out }},
		{"net", func(r RegionReport) Num { return r.Net }},
		{"gross", func(r RegionReport) Num { return r.Gross }},
		{"effectiveness", func(r RegionReport) Num { return r.Effectiveness }},
	}
	if rep.K > 0 {
		cols = append(cols,
			col{"population", func(r RegionReport) Num { return *r.Population }},
			col{"in_rate", func(r RegionReport) Num { return *r.InRate }},
			col{"out_rate", func(r RegionReport) Num { return *r.OutRate }},
			col{"net_rate", func(r RegionReport) Num { return *r.NetRate }},
			col{"gross_rate", func(r RegionReport) Num { return *r.GrossRate }})
	}
	return cols
}

// RegionColumnKeys lists the per-region columns of rep (JSON field names).
func RegionColumnKeys(rep *Report) []string {
	var keys []string
	for _, c := range regionColumns(rep) {
		keys = append(keys, c.Key)
	}
	return keys
}

// RegionValues lists a region's values in the order of RegionColumnKeys.
func RegionValues(rep *Report, r RegionReport) []Num {
	var out []Num
	for _, c := range regionColumns(rep) {
		out = append(out, c.Get(r))
	}
	return out
}

// FormatNum writes a value with the shortest representation that
// round-trips, and an empty string when it is undefined.
func FormatNum(v Num) string {
	if !v.Defined() {
		return ""
	}
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(float64(v), 'g', -1, 64)
}

// WriteReportCSV writes a report as level,region,index,value rows: one per
// region and column, then one per matrix-level index (level "matrix",
// region empty). Undefined values are empty.
func WriteReportCSV(w io.Writer, rep *Report) error {
	cw := cellsafe.NewCSVWriter(w)
	cw.Write([]string{"level", "region", "index", "value"})
	keys := RegionColumnKeys(rep)
	for _, r := range rep.Regions {
		for i, v := range RegionValues(rep, r) {
			cw.Write([]string{"region", r.Region, keys[i], FormatNum(v)})
		}
	}
	for _, iv := range rep.MatrixIndices() {
		cw.Write([]string{"matrix", "", iv.Key, FormatNum(iv.Value)})
	}
	cw.Flush()
	return cw.Error()
}

func writeReportText(w io.Writer, rep *Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	keys := RegionColumnKeys(rep)
	fmt.Fprintf(tw, "region\t%s\t\n", strings.Join(keys, "\t"))
	for _, r := range rep.Regions {
		var cells []string
		for _, v := range RegionValues(rep, r) {
			cells = append(cells, textNum(v))
		}
		fmt.Fprintf(tw, "%s\t%s\t\n", r.Region, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if rep.K > 0 {
		fmt.Fprintf(w, "(rates per %s; effectiveness = 100·net/gross)\n", strconv.FormatFloat(rep.K, 'g', -1, 64))
	} else {
		fmt.Fprintln(w, "(effectiveness = 100·net/gross)")
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "index\tvalue\tformula\tsource")
	for _, iv := range rep.MatrixIndices() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", iv.Name, textNum(iv.Value), iv.Formula, iv.Source)
	}
	return tw.Flush()
}

// textNum prints a value with up to 6 significant digits ("–" when
// undefined).
func textNum(v Num) string {
	if !v.Defined() {
		return "–"
	}
	return strconv.FormatFloat(float64(v), 'g', 6, 64)
}

// Shared plumbing of the three commands.

func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}

func checkFormat(f string) error {
	switch f {
	case "text", "csv", "json":
		return nil
	}
	return fmt.Errorf("unknown --format %q (want text, csv or json)", f)
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

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeOutput runs write on a buffered stdout.
func writeOutput(stdout io.Writer, write func(io.Writer) error) error {
	bw := bufio.NewWriter(stdout)
	err := write(bw)
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return fmt.Errorf("writing output: %w", err)
	}
	return nil
}
