package optim

import "math"

// Bound types of a variable (L-BFGS-B's nbd).
const (
	unbounded  = 0
	lowerOnly  = 1
	bothBounds = 2
	upperOnly  = 3
)

// Final tasks of L-BFGS-B, reported as optim's message.
const (
	msgConvPgtol    = "CONVERGENCE: NORM OF PROJECTED GRADIENT <= PGTOL"
	msgConvFactr    = "CONVERGENCE: REL_REDUCTION_OF_F <= FACTR*EPSMCH"
	msgAbnormal     = "ERROR: ABNORMAL_TERMINATION_IN_LNSRCH"
	taskFGLineSrch  = "FG_LNSRCH"
	taskNewX        = "NEW_X"
	taskRestartLine = "RESTART_FROM_LNSRCH"
)

type stopReason int

const (
	stopConverged stopReason = iota
	stopMaxIt
	stopError
)

// solver holds the state of R's mainlb: the limited-memory matrices, the
// work vectors and the scalars the Fortran code kept between calls. The
// index vectors are 0-based; the matrices are stored column by column
// with the leading dimensions of the Fortran code (n for ws and wy, m for
// sy, ss and wt, 2m for wn and snd), so the LINPACK routines see the same
// layout.
type solver struct {
	n, m         int
	x, l, u, g   []float64
	nbd          []int
	f            float64
	factr, pgtol float64
	maxit        int
	eval         func(x, g []float64) (float64, error)

	ws, wy, sy, ss, wt, wn, snd []float64
	z, r, d, t, wa              []float64
	indx, iwhere, indx2         []int

	cnstnd, boxed, updatd bool

	iback, head, col, itail, iter, iupdat   int
	nfgv, info, ifun, nfree, ileave, nenter int

	theta, fold, tol, dnorm, epsmch, gd, stpmx float64
	sbgnrm, stp, gdold, dtd                    float64

	task  string
	csave string
	ls    lineSearchState
	stop  stopReason
}

// newSolver allocates the work space of setulb for x (updated in place)
// and derives the bound types from which bounds are finite, as optim does.
func newSolver(x, l, u []float64, m int, factr, pgtol float64, maxit int, eval func(x, g []float64) (float64, error)) *solver {
	n := len(x)
	mm := m
	if mm < 0 {
		mm = 0
	}
	s := &solver{
		n: n, m: m, x: x, l: l, u: u, g: make([]float64, n), nbd: make([]int, n),
		factr: factr, pgtol: pgtol, maxit: maxit, eval: eval,
		ws: make([]float64, n*mm), wy: make([]float64, n*mm),
		sy: make([]float64, mm*mm), ss: make([]float64, mm*mm), wt: make([]float64, mm*mm),
		wn: make([]float64, 4*mm*mm), snd: make([]float64, 4*mm*mm),
		z: make([]float64, n), r: make([]float64, n), d: make([]float64, n), t: make([]float64, n),
		wa:   make([]float64, 8*mm),
		indx: make([]int, n), iwhere: make([]int, n), indx2: make([]int, n),
	}
	for i := range x {
		finiteL, finiteU := !math.IsInf(l[i], 0), !math.IsInf(u[i], 0)
		switch {
		case finiteL && finiteU:
			s.nbd[i] = bothBounds
		case finiteL:
			s.nbd[i] = lowerOnly
		case finiteU:
			s.nbd[i] = upperOnly
		default:
			s.nbd[i] = unbounded
		}
	}
	return s
}

// run is mainlb driven by R's lbfgsb(): the reverse-communication
// returns for f and g become calls of eval, and the driver's iteration
// limit is checked at each new iterate.
func (s *solver) run() error {
	s.epsmch = Epsilon
	s.head, s.theta, s.nfree = 0, 1, s.n
	s.tol = s.factr * s.epsmch
	if msg := s.checkInput(); msg != "" {
		s.task, s.stop = msg, stopError
		s.f = math.NaN()
		return nil
	}
	s.active()
	if err := s.evaluate(); err != nil {
		return err
	}
	s.nfgv = 1
	s.sbgnrm = s.projectedGradientNorm()
	if s.sbgnrm <= s.pgtol {
		s.task, s.stop = msgConvPgtol, stopConverged
		return nil
	}
	for {
		if !s.searchDirection() {
			s.resetMemory()
			continue
		}
		for i := range s.d {
			s.d[i] = s.z[i] - s.x[i]
		}
		ok, done, err := s.lineSearch()
		if err != nil || done {
			return err
		}
		if !ok {
			continue
		}
		s.iter++
		s.sbgnrm = s.projectedGradientNorm()
		if s.iter > s.maxit {
			s.task, s.stop = taskNewX, stopMaxIt // optim reports "NEW_X"
			return nil
		}
		if s.converged() {
			return nil
		}
		if s.updateMemory() != 0 {
			s.resetMemory()
		}
	}
}

// searchDirection computes the generalized Cauchy point and, when there
// are free variables and corrections, the subspace minimiser in z. It
// reports false when a factorisation or triangular solve failed, after
// which mainlb refreshes the memory and starts the iteration again.
func (s *solver) searchDirection() bool {
	var wrk bool
	if !s.cnstnd && s.col > 0 {
		// Unconstrained with corrections: skip the search for the GCP.
		copy(s.z, s.x)
		wrk = s.updatd
	} else {
		s.cauchy()
		if s.info != 0 {
			return false
		}
		wrk = s.freev()
	}
	if s.nfree == 0 || s.col == 0 {
		return true
	}
	if wrk {
		s.formk()
	}
	if s.info != 0 {
		return false
	}
	s.cmprlb()
	if s.info == 0 {
		s.subsm()
	}
	return s.info == 0
}

// lineSearch runs lnsrlb to its end. ok is false when mainlb restarts the
// iteration with a fresh memory after a bad direction; done is true when
// the search failed with no memory to discard (abnormal termination).
func (s *solver) lineSearch() (ok, done bool, err error) {
	start := true
	for {
		s.lnsrlb(start)
		start = false
		if s.info != 0 || s.iback >= 20 {
			// Restore the previous iterate.
			copy(s.x, s.t)
			copy(s.g, s.r)
			s.f = s.fold
			if s.col == 0 {
				if s.info == 0 {
					s.info = -9
					s.nfgv--
					s.ifun--
					s.iback--
				}
				s.task, s.stop = msgAbnormal, stopError
				s.iter++
				return false, true, nil
			}
			if s.info == 0 {
				s.nfgv--
			}
			s.resetMemory()
			s.task = taskRestartLine
			return false, false, nil
		}
		if s.task != taskFGLineSrch {
			return true, false, nil
		}
		if err := s.evaluate(); err != nil {
			return false, true, err
		}
	}
}

// converged applies mainlb's two stopping tests at a new iterate.
func (s *solver) converged() bool {
	if s.sbgnrm <= s.pgtol {
		s.task, s.stop = msgConvPgtol, stopConverged
		return true
	}
	ddum := rmax(rmax(math.Abs(s.fold), math.Abs(s.f)), 1)
	if s.fold-s.f <= s.tol*ddum {
		s.task, s.stop = msgConvFactr, stopConverged
		if s.iback >= 10 {
			s.info = -5
		}
		return true
	}
	return false
}

// updateMemory adds the step and gradient change to the limited-memory
// matrices unless the curvature condition fails (the update is then
// skipped). It returns formt's info: non-zero asks for a reset.
func (s *solver) updateMemory() int {
	for i := range s.r {
		s.r[i] = s.g[i] - s.r[i]
	}
	rr := dot(s.r, s.r)
	var dr, ddum float64
	if s.stp == 1 {
		dr = s.gd - s.gdold
		ddum = -s.gdold
	} else {
		dr = (s.gd - s.gdold) * s.stp
		scal(s.stp, s.d)
		ddum = -s.gdold * s.stp
	}
	if dr <= s.epsmch*ddum {
		// The curvature condition fails: skip the update.
		s.updatd = false
		return 0
	}
	s.updatd = true
	s.iupdat++
	s.matupd(rr, dr)
	s.formt()
	return s.info
}

// resetMemory discards the limited-memory matrices, as mainlb does after
// a numerical failure.
func (s *solver) resetMemory() {
	s.info = 0
	s.col = 0
	s.head = 0
	s.theta = 1
	s.iupdat = 0
	s.updatd = false
}

// evaluate sets f and g at x.
func (s *solver) evaluate() error {
	f, err := s.eval(s.x, s.g)
	if err != nil {
		return err
	}
	s.f = f
	return nil
}

// checkInput is errclb: the task L-BFGS-B reports for invalid input, or
// "" when the input is valid.
func (s *solver) checkInput() string {
	task := ""
	if s.n <= 0 {
		task = "ERROR: N .LE. 0"
	}
	if s.m <= 0 {
		task = "ERROR: M .LE. 0"
	}
	if s.factr < 0 {
		task = "ERROR: FACTR .LT. 0"
	}
	for i := 0; i < s.n; i++ {
		if s.nbd[i] == bothBounds && s.l[i] > s.u[i] {
			task = "ERROR: NO FEASIBLE SOLUTION"
			s.info = -7
		}
	}
	return task
}

// active projects the initial x onto the box and initialises iwhere:
// -1 for a variable without bounds, 3 for one fixed by l = u, else 0.
func (s *solver) active() {
	for i := 0; i < s.n; i++ {
		if s.nbd[i] <= unbounded {
			continue
		}
		if s.nbd[i] <= bothBounds && s.x[i] <= s.l[i] {
			if s.x[i] < s.l[i] {
				s.x[i] = s.l[i]
			}
		} else if s.nbd[i] >= bothBounds && s.x[i] >= s.u[i] {
			if s.x[i] > s.u[i] {
				s.x[i] = s.u[i]
			}
		}
	}
	s.boxed = true
	for i := 0; i < s.n; i++ {
		if s.nbd[i] != bothBounds {
			s.boxed = false
		}
		switch {
		case s.nbd[i] == unbounded:
			s.iwhere[i] = -1
		case s.nbd[i] == bothBounds && s.u[i]-s.l[i] <= 0:
			s.cnstnd = true
			s.iwhere[i] = 3
		default:
			s.cnstnd = true
			s.iwhere[i] = 0
		}
	}
}

// projectedGradientNorm is projgr: the infinity norm of the projected
// gradient.
func (s *solver) projectedGradientNorm() float64 {
	norm := 0.0
	for i := 0; i < s.n; i++ {
		gi := s.g[i]
		if s.nbd[i] != unbounded {
			if gi < 0 {
				if s.nbd[i] >= bothBounds {
					if d := s.x[i] - s.u[i]; gi < d {
						gi = d
					}
				}
			} else if s.nbd[i] <= bothBounds {
				if d := s.x[i] - s.l[i]; gi > d {
					gi = d
				}
			}
		}
		if a := math.Abs(gi); norm < a {
			norm = a
		}
	}
	return norm
}
