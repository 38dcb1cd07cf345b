package optim

import (
	"math"
	"strings"
)

// Line-search constants of lnsrlb.
const (
	lsFtol   = 1e-3
	lsGtol   = 0.9
	lsXtol   = 0.1
	lsStpmin = 0.0
)

// lnsrlb performs one step of the line search along d from t (the saved
// x). With start it first sets up the search: the largest feasible step
// stpmx and the initial step. It then calls dcsrch with f and g'd at the
// current trial point and either moves x to the next trial point (task
// FG_LNSRCH: evaluate there) or accepts the point (task NEW_X). s.info
// is −4 when d is not a descent direction.
func (s *solver) lnsrlb(start bool) {
	n, x, d := s.n, s.x, s.d
	if start {
		s.dtd = dot(d, d)
		s.dnorm = sqrt(s.dtd)
		// The largest step along d that stays in the box.
		s.stpmx = 1e10
		if s.cnstnd {
			if s.iter == 0 {
				s.stpmx = 1
			} else {
				for i := 0; i < n; i++ {
					a1 := d[i]
					if s.nbd[i] == unbounded {
						continue
					}
					if a1 < 0 && s.nbd[i] <= bothBounds {
						if a2 := s.l[i] - x[i]; a2 >= 0 {
							s.stpmx = 0
						} else if a1*s.stpmx < a2 {
							s.stpmx = a2 / a1
						}
					} else if a1 > 0 && s.nbd[i] >= bothBounds {
						if a2 := s.u[i] - x[i]; a2 <= 0 {
							s.stpmx = 0
						} else if a1*s.stpmx > a2 {
							s.stpmx = a2 / a1
						}
					}
				}
			}
		}
		if s.iter == 0 && !s.boxed {
			s.stp = rmin(1/s.dnorm, s.stpmx)
		} else {
			s.stp = 1
		}
		copy(s.t, x)
		copy(s.r, s.g)
		s.fold = s.f
		s.ifun = 0
		s.iback = 0
		s.csave = "START"
	}
	s.gd = dot(s.g, d)
	if s.ifun == 0 {
		s.gdold = s.gd
		if s.gd >= 0 {
			// Not a descent direction: the line search is impossible.
			s.info = -4
			return
		}
	}
	s.csave = s.ls.dcsrch(s.f, s.gd, &s.stp, lsFtol, lsGtol, lsXtol, lsStpmin, s.stpmx, s.csave)
	if strings.HasPrefix(s.csave, "CONV") || strings.HasPrefix(s.csave, "WARN") {
		s.task = taskNewX
		return
	}
	s.task = taskFGLineSrch
	s.ifun++
	s.nfgv++
	s.iback = s.ifun - 1
	if s.stp == 1 {
		copy(x, s.z)
	} else {
		for i := 0; i < n; i++ {
			x[i] = s.stp*d[i] + s.t[i]
		}
	}
}

// lineSearchState is what dcsrch keeps between calls (Fortran SAVE
// variables). It is not reset between line searches: as in R, a search
// whose start is rejected continues from the previous state.
type lineSearchState struct {
	stage                          int
	brackt                         bool
	ginit, gtest, gx, gy, finit    float64
	fx, fy, stx, sty, stmin, stmax float64
	width, width1                  float64
}

// dcsrch is Moré and Thuente's line search (MINPACK-2): it returns the
// new task ("FG" to evaluate f and g at the new *stp, "CONVERGENCE",
// "WARNING: ..." or "ERROR: ...") for the function value f and the
// directional derivative g at *stp.
func (ls *lineSearchState) dcsrch(f, g float64, stp *float64, ftol, gtol, xtol, stpmin, stpmax float64, task string) string {
	if strings.HasPrefix(task, "START") {
		if *stp < stpmin {
			task = "ERROR: STP .LT. STPMIN"
		}
		if *stp > stpmax {
			task = "ERROR: STP .GT. STPMAX"
		}
		if g >= 0 {
			task = "ERROR: INITIAL G .GE. ZERO"
		}
		if stpmax < stpmin {
			task = "ERROR: STPMAX .LT. STPMIN"
		}
		if strings.HasPrefix(task, "ERROR") {
			return task
		}
		ls.brackt = false
		ls.stage = 1
		ls.finit = f
		ls.ginit = g
		ls.gtest = ftol * ls.ginit
		ls.width = stpmax - stpmin
		ls.width1 = ls.width / 0.5
		ls.stx, ls.fx, ls.gx = 0, ls.finit, ls.ginit
		ls.sty, ls.fy, ls.gy = 0, ls.finit, ls.ginit
		ls.stmin = 0
		ls.stmax = *stp + *stp*4
		return "FG"
	}
	// Enter the second stage once ψ(stp) ≤ 0 and f'(stp) ≥ 0.
	ftest := ls.finit + *stp*ls.gtest
	if ls.stage == 1 && f <= ftest && g >= 0 {
		ls.stage = 2
	}
	if ls.brackt && (*stp <= ls.stmin || *stp >= ls.stmax) {
		task = "WARNING: ROUNDING ERRORS PREVENT PROGRESS"
	}
	if ls.brackt && ls.stmax-ls.stmin <= xtol*ls.stmax {
		task = "WARNING: XTOL TEST SATISFIED"
	}
	if *stp == stpmax && f <= ftest && g <= ls.gtest {
		task = "WARNING: STP = STPMAX"
	}
	if *stp == stpmin && (f > ftest || g >= ls.gtest) {
		task = "WARNING: STP = STPMIN"
	}
	if f <= ftest && math.Abs(g) <= gtol*(-ls.ginit) {
		task = "CONVERGENCE"
	}
	if strings.HasPrefix(task, "WARN") || strings.HasPrefix(task, "CONV") {
		return task
	}
	if ls.stage == 1 && f <= ls.fx && f > ftest {
		// In the first stage, with a lower but not sufficiently lower
		// value, step on the modified function ψ.
		fm := f - *stp*ls.gtest
		fxm := ls.fx - ls.stx*ls.gtest
		fym := ls.fy - ls.sty*ls.gtest
		gm := g - ls.gtest
		gxm := ls.gx - ls.gtest
		gym := ls.gy - ls.gtest
		dcstep(&ls.stx, &fxm, &gxm, &ls.sty, &fym, &gym, stp, fm, gm, &ls.brackt, ls.stmin, ls.stmax)
		ls.fx = fxm + ls.stx*ls.gtest
		ls.fy = fym + ls.sty*ls.gtest
		ls.gx = gxm + ls.gtest
		ls.gy = gym + ls.gtest
	} else {
		dcstep(&ls.stx, &ls.fx, &ls.gx, &ls.sty, &ls.fy, &ls.gy, stp, f, g, &ls.brackt, ls.stmin, ls.stmax)
	}
	// Bisect when the interval does not shrink fast enough.
	if ls.brackt {
		if math.Abs(ls.sty-ls.stx) >= ls.width1*0.66 {
			*stp = ls.stx + (ls.sty-ls.stx)*0.5
		}
		ls.width1 = ls.width
		ls.width = math.Abs(ls.sty - ls.stx)
	}
	if ls.brackt {
		ls.stmin = rmin(ls.stx, ls.sty)
		ls.stmax = rmax(ls.stx, ls.sty)
	} else {
		ls.stmin = *stp + (*stp-ls.stx)*1.1
		ls.stmax = *stp + (*stp-ls.stx)*4
	}
	if *stp < stpmin {
		*stp = stpmin
	}
	if *stp > stpmax {
		*stp = stpmax
	}
	// Without further progress possible, take the best point found.
	if (ls.brackt && (*stp <= ls.stmin || *stp >= ls.stmax)) || (ls.brackt && ls.stmax-ls.stmin <= xtol*ls.stmax) {
		*stp = ls.stx
	}
	return "FG"
}

// dcstep computes a safeguarded step by cubic or quadratic interpolation
// and updates the interval [stx, sty] that brackets a step satisfying the
// sufficient decrease and curvature conditions (MINPACK-2).
func dcstep(stx, fx, dx, sty, fy, dy, stp *float64, fp, dp float64, brackt *bool, stpmin, stpmax float64) {
	sgnd := dp * (*dx / math.Abs(*dx))
	var stpf float64
	switch {
	case fp > *fx:
		// A higher function value: the minimum is bracketed. Take the
		// cubic step if it is closer to stx than the quadratic step,
		// else their average.
		theta := (*fx-fp)*3/(*stp-*stx) + *dx + dp
		s, disc := cubicTerms(theta, *dx, dp)
		gamm := s * sqrt(disc)
		if *stp < *stx {
			gamm = -gamm
		}
		p := gamm - *dx + theta
		q := gamm - *dx + gamm + dp
		r := p / q
		stpc := *stx + r*(*stp-*stx)
		stpq := *stx + *dx/((*fx-fp)/(*stp-*stx)+*dx)/2*(*stp-*stx)
		if math.Abs(stpc-*stx) < math.Abs(stpq-*stx) {
			stpf = stpc
		} else {
			stpf = stpc + (stpq-stpc)/2
		}
		*brackt = true
	case sgnd < 0:
		// A lower value and derivatives of opposite sign: bracketed.
		// Take the cubic step if it is farther from stp than the secant
		// step, else the secant step.
		stpc := cubicFrom(*stp, fp, dp, *stx, *fx, *dx)
		stpq := *stp + dp/(dp-*dx)*(*stx-*stp)
		if math.Abs(stpc-*stp) > math.Abs(stpq-*stp) {
			stpf = stpc
		} else {
			stpf = stpq
		}
		*brackt = true
	case math.Abs(dp) < math.Abs(*dx):
		// A lower value, derivatives of the same sign, and the
		// derivative's magnitude decreases. The cubic step is used only
		// if the cubic tends to infinity in the direction of the step or
		// its minimum is beyond stp; otherwise the secant step.
		theta := (*fx-fp)*3/(*stp-*stx) + *dx + dp
		s, disc := cubicTerms(theta, *dx, dp)
		gamm := 0.0
		if !(disc < 0) {
			gamm = s * sqrt(disc)
		}
		if *stp > *stx {
			gamm = -gamm
		}
		p := gamm - dp + theta
		q := gamm + (*dx - dp) + gamm
		r := p / q
		var stpc float64
		switch {
		case r < 0 && gamm != 0:
			stpc = *stp + r*(*stx-*stp)
		case *stp > *stx:
			stpc = stpmax
		default:
			stpc = stpmin
		}
		stpq := *stp + dp/(dp-*dx)*(*stx-*stp)
		if *brackt {
			// Bracketed: the step closer to stp, kept within 0.66 of
			// the way to sty.
			if math.Abs(stpc-*stp) < math.Abs(stpq-*stp) {
				stpf = stpc
			} else {
				stpf = stpq
			}
			lim := *stp + (*sty-*stp)*0.66
			if *stp > *stx {
				stpf = rmin(lim, stpf)
			} else {
				stpf = rmax(lim, stpf)
			}
		} else {
			// Not bracketed: the step farther from stp, within bounds.
			if math.Abs(stpc-*stp) > math.Abs(stpq-*stp) {
				stpf = stpc
			} else {
				stpf = stpq
			}
			stpf = rmin(stpmax, stpf)
			stpf = rmax(stpmin, stpf)
		}
	default:
		// A lower value, derivatives of the same sign, and no decrease
		// of the derivative's magnitude: the cubic step when bracketed,
		// else stpmin or stpmax.
		switch {
		case *brackt:
			stpf = cubicFrom(*stp, fp, dp, *sty, *fy, *dy)
		case *stp > *stx:
			stpf = stpmax
		default:
			stpf = stpmin
		}
	}
	// Update the interval that contains a minimiser.
	if fp > *fx {
		*sty, *fy, *dy = *stp, fp, dp
	} else {
		if sgnd < 0 {
			*sty, *fy, *dy = *stx, *fx, *dx
		}
		*stx, *fx, *dx = *stp, fp, dp
	}
	*stp = stpf
}

// cubicTerms returns the scale s = max(|θ|, |a|, |b|) of the cubic
// interpolating two steps with derivatives a and b, and its discriminant
// (θ/s)² − (a/s)(b/s), scaled to avoid overflow; γ = s·√disc.
func cubicTerms(theta, a, b float64) (s, disc float64) {
	s = rmax(rmax(math.Abs(theta), math.Abs(a)), math.Abs(b))
	t := theta / s
	return s, t*t - a/s*(b/s)
}

// cubicFrom is the step from stp towards other to the minimiser of the
// cubic that interpolates f and f' at both. Written from stp's side, it
// gives bit for bit both of dcstep's formulas (with stx and with sty):
// the differences only change sign.
func cubicFrom(stp, fp, dp, other, fo, do float64) float64 {
	theta := (fo-fp)*3/(stp-other) + do + dp
	s, disc := cubicTerms(theta, do, dp)
	gamm := s * sqrt(disc)
	if stp > other {
		gamm = -gamm
	}
	p := gamm - dp + theta
	q := gamm - dp + gamm + do
	return stp + p/q*(other-stp)
}
