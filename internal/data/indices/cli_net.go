package indices

import (
	"errors"
	"fmt"
	"io"
	"os"

	"corridor/internal/data/flows"
)

const netUsage = `usage: corridor net-matrix --method ipf|lp|optim --net NET.csv [--prior M.csv]
         [--tol 1e-6] [--max-iter 500] [--out flows.csv]

Estimates bilateral migration flows whose net totals (in − out, column sum
minus row sum) equal the given net migration of each region. NET.csv is a
region,value CSV (header optional, negative values for net losers); the
totals must sum to 0 within --tol. The prior is a matrix CSV in the layout
"corridor flows" writes (header row with an empty first cell, then the
destinations; one row per origin), naming the same regions.

Methods (migest 2.0.5):
  ipf    net_matrix_ipf: y_ij = α_i·m_ij/α_j, the prior scaled until the net
         totals match (prior required; its zero cells stay zero)
  lp     net_matrix_lp: the smallest total flow meeting the net totals (the
         optimum of the L1 programme; no prior needed, one of the optimal
         solutions is given)
  optim  net_matrix_optim: least squares on the net totals with R's
         L-BFGS-B from the prior, flows kept non-negative (prior required)

Output: the origin × destination flow matrix as CSV (diagonal 0), to --out
or stdout; iterations and convergence are noted on stderr.

Options:
`

// RunNetMatrix implements "corridor net-matrix".
func RunNetMatrix(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("net-matrix", netUsage, stderr)
	method := fs.String("method", "", "ipf, lp or optim (required)")
	netPath := fs.String("net", "", "net migration by region, region,value CSV (required)")
	priorPath := fs.String("prior", "", "prior flow matrix CSV (ipf and optim)")
	tol := fs.Float64("tol", 1e-6, "tolerance: convergence (ipf, optim) and the zero sum of the net totals")
	maxIter := fs.Int("max-iter", 500, "most iterations (ipf, optim)")
	outPath := fs.String("out", "", "output CSV (default stdout)")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch *method {
	case "ipf", "optim":
		if *priorPath == "" {
			return fmt.Errorf("net-matrix: --method %s needs --prior", *method)
		}
	case "lp":
	case "":
		fs.Usage()
		return errors.New("net-matrix: --method is required")
	default:
		return fmt.Errorf("net-matrix: unknown --method %q (want ipf, lp or optim)", *method)
	}
	if *netPath == "" {
		fs.Usage()
		return errors.New("net-matrix: --net is required")
	}
	if !(*tol > 0) {
		return fmt.Errorf("net-matrix: --tol must be positive, not %v", *tol)
	}
	if *maxIter <= 0 {
		return fmt.Errorf("net-matrix: --max-iter must be positive, not %d", *maxIter)
	}
	netV, err := readFile(*netPath, flows.ReadSignedVectorCSV)
	if err != nil {
		return err
	}
	names, net := netV.Names, netV.Values
	var prior *flows.Matrix
	if *priorPath != "" {
		if prior, err = readFile(*priorPath, flows.ReadFlowCSV); err != nil {
			return err
		}
		names = prior.Rows
		if net, err = alignNames(netV, names, *netPath, *priorPath); err != nil {
			return err
		}
	}
	var y *flows.Matrix
	switch *method {
	case "ipf":
		res, err := NetMatrixIPF(net, prior, *tol, *maxIter)
		if err != nil {
			return fmt.Errorf("net-matrix: %w", err)
		}
		noteConvergence(stderr, res.Iterations, res.Converged, "")
		y = res.Flows
	case "optim":
		res, err := NetMatrixOptim(net, prior, nil, *maxIter, *tol)
		if err != nil {
			return fmt.Errorf("net-matrix: %w", err)
		}
		noteConvergence(stderr, res.Iterations, res.Converged, res.Message)
		y = res.Flows
	case "lp":
		if y, err = NetMatrixMinimal(net, names, *tol); err != nil {
			return fmt.Errorf("net-matrix: %w", err)
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
	err = writeOutput(w, func(w io.Writer) error { return flows.WriteMatrixCSV(w, y) })
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

func noteConvergence(stderr io.Writer, iterations int, converged bool, message string) {
	state := "converged"
	if !converged {
		state = "NOT converged"
	}
	if message != "" {
		state += " (" + message + ")"
	}
	fmt.Fprintf(stderr, "note: %d iterations, %s\n", iterations, state)
}
