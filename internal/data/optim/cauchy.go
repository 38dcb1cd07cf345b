package optim

import "math"

// cauchy computes the generalized Cauchy point into z: the first local
// minimiser of the quadratic model along the projected steepest-descent
// path x(t) = P(x − t·g). The breakpoints where variables hit their
// bounds are visited in increasing order (the smallest one directly, the
// rest through a heap). On return wa[2m:4m] holds c = W'(xcp − x), used
// by cmprlb, and s.info is non-zero when a triangular solve in bmv was
// singular.
func (s *solver) cauchy() {
	n, m := s.n, s.m
	x, l, u, g, xcp := s.x, s.l, s.u, s.g, s.z
	d, t, iorder, iwhere := s.d, s.t, s.indx2, s.iwhere
	p, c, wbp, v := s.wa[0:2*m], s.wa[2*m:4*m], s.wa[4*m:6*m], s.wa[6*m:8*m]
	col, theta := s.col, s.theta

	if s.sbgnrm <= 0 {
		copy(xcp, x)
		return
	}
	bnded := true
	nfree := n
	nbreak := 0
	ibkmin := 0
	bkmin := 0.0
	col2 := 2 * col
	f1 := 0.0
	for i := 0; i < col2; i++ {
		p[i] = 0
	}
	// Determine each variable's bound status and breakpoint, build
	// p = W'd, and find the smallest breakpoint.
	var tl, tu float64
	for i := 0; i < n; i++ {
		neggi := -g[i]
		if iwhere[i] != 3 && iwhere[i] != -1 {
			if s.nbd[i] <= bothBounds {
				tl = x[i] - l[i]
			}
			if s.nbd[i] >= bothBounds {
				tu = u[i] - x[i]
			}
			xlower := s.nbd[i] <= bothBounds && tl <= 0
			xupper := s.nbd[i] >= bothBounds && tu <= 0
			iwhere[i] = 0
			if xlower {
				if neggi <= 0 {
					iwhere[i] = 1
				}
			} else if xupper {
				if neggi >= 0 {
					iwhere[i] = 2
				}
			} else if neggi == 0 {
				iwhere[i] = -3
			}
		}
		pointr := s.head
		if iwhere[i] != 0 && iwhere[i] != -1 {
			d[i] = 0
			continue
		}
		d[i] = neggi
		f1 -= neggi * neggi
		for j := 0; j < col; j++ {
			p[j] += s.wy[i+pointr*n] * neggi
			p[col+j] += s.ws[i+pointr*n] * neggi
			pointr = (pointr + 1) % m
		}
		switch {
		case s.nbd[i] <= bothBounds && s.nbd[i] != unbounded && neggi < 0:
			// x(i) + d(i) is bounded below.
			iorder[nbreak] = i
			t[nbreak] = tl / (-neggi)
			nbreak++
			if nbreak == 1 || t[nbreak-1] < bkmin {
				bkmin = t[nbreak-1]
				ibkmin = nbreak - 1
			}
		case s.nbd[i] >= bothBounds && neggi > 0:
			// x(i) + d(i) is bounded above.
			iorder[nbreak] = i
			t[nbreak] = tu / neggi
			nbreak++
			if nbreak == 1 || t[nbreak-1] < bkmin {
				bkmin = t[nbreak-1]
				ibkmin = nbreak - 1
			}
		default:
			// x(i) + d(i) is not bounded.
			nfree--
			iorder[nfree] = i
			if math.Abs(neggi) > 0 {
				bnded = false
			}
		}
	}
	// The non-zero components of d are now indexed by iorder[0:nbreak]
	// and iorder[nfree:n].
	if theta != 1 {
		scal(theta, p[col:col2])
	}
	copy(xcp, x)
	if nbreak == 0 && nfree == n {
		// d is zero: the GCP is x.
		return
	}
	for j := 0; j < col2; j++ {
		c[j] = 0
	}
	f2 := -theta * f1
	f2org := f2
	if col > 0 {
		if s.info = s.bmv(p, v); s.info != 0 {
			return
		}
		f2 -= dot(v[:col2], p[:col2])
	}
	dtm := -f1 / f2
	tsum := 0.0
	if nbreak > 0 {
		nleft := nbreak
		iter := 1
		tj := 0.0
		for {
			// Find the next smallest breakpoint.
			tj0 := tj
			var ibp int
			if iter == 1 {
				// The smallest is already known; often it is the only
				// one used and the heap is never built.
				tj = bkmin
				ibp = iorder[ibkmin]
			} else {
				if iter == 2 && ibkmin != nbreak-1 {
					// Replace the used smallest breakpoint by the last.
					t[ibkmin] = t[nbreak-1]
					iorder[ibkmin] = iorder[nbreak-1]
				}
				heapPopMin(t[:nleft], iorder[:nleft], iter == 2)
				tj = t[nleft-1]
				ibp = iorder[nleft-1]
			}
			dt := tj - tj0
			// A minimiser within this interval is the GCP.
			if dtm < dt {
				break
			}
			// Otherwise fix one variable at its bound and reset the
			// corresponding component of d to zero.
			tsum += dt
			nleft--
			iter++
			dibp := d[ibp]
			d[ibp] = 0
			var zibp float64
			if dibp > 0 {
				zibp = u[ibp] - x[ibp]
				xcp[ibp] = u[ibp]
				iwhere[ibp] = 2
			} else {
				zibp = l[ibp] - x[ibp]
				xcp[ibp] = l[ibp]
				iwhere[ibp] = 1
			}
			if nleft == 0 && nbreak == n {
				// All variables are fixed: xcp is the GCP.
				dtm = dt
				s.finishCauchy(c, p, dtm)
				return
			}
			dibp2 := dibp * dibp
			// Update f1 and f2, first as if col were 0.
			f1 += dt*f2 + dibp2 - theta*dibp*zibp
			f2 -= theta * dibp2
			if col > 0 {
				axpy(dt, p[:col2], c[:col2])
				// wbp is the row of W of the variable just fixed.
				pointr := s.head
				for j := 0; j < col; j++ {
					wbp[j] = s.wy[ibp+pointr*n]
					wbp[col+j] = theta * s.ws[ibp+pointr*n]
					pointr = (pointr + 1) % m
				}
				if s.info = s.bmv(wbp, v); s.info != 0 {
					return
				}
				wmc := dot(c[:col2], v[:col2])
				wmp := dot(p[:col2], v[:col2])
				wmw := dot(wbp[:col2], v[:col2])
				axpy(-dibp, wbp[:col2], p[:col2])
				f1 += dibp * wmc
				f2 += 2*dibp*wmp - dibp2*wmw
			}
			if lim := s.epsmch * f2org; f2 < lim {
				f2 = lim
			}
			if nleft > 0 {
				dtm = -f1 / f2
				continue
			}
			if bnded {
				f1, f2, dtm = 0, 0, 0
			} else {
				dtm = -f1 / f2
			}
			break
		}
	}
	if dtm <= 0 {
		dtm = 0
	}
	tsum += dtm
	// Move the free variables and those whose breakpoints were not
	// reached.
	axpy(tsum, d, xcp)
	s.finishCauchy(c, p, dtm)
}

// finishCauchy updates c = c + dtm·p = W'(xcp − x).
func (s *solver) finishCauchy(c, p []float64, dtm float64) {
	if s.col > 0 {
		axpy(dtm, p[:2*s.col], c[:2*s.col])
	}
}

// heapPopMin is hpsolb on the breakpoints t with their variables iorder:
// when build is set, t is first arranged into a heap; then its least
// element is moved to the last position and the others are restored as
// a heap in t[:len(t)-1]. The sift order is the Fortran code's, so ties
// are broken the same way.
func heapPopMin(t []float64, iorder []int, build bool) {
	n := len(t)
	// Heap positions are the Fortran code's 1-based ones, k ↦ t[k-1].
	set := func(k int, v float64, idx int) { t[k-1], iorder[k-1] = v, idx }
	if build {
		for k := 2; k <= n; k++ {
			ddum := t[k-1]
			indxin := iorder[k-1]
			i := k
			for i > 1 {
				j := i / 2
				if !(ddum < t[j-1]) {
					break
				}
				set(i, t[j-1], iorder[j-1])
				i = j
			}
			set(i, ddum, indxin)
		}
	}
	if n <= 1 {
		return
	}
	i := 1
	out := t[0]
	indxou := iorder[0]
	ddum := t[n-1]
	indxin := iorder[n-1]
	for {
		j := i + i
		if j > n-1 {
			break
		}
		if t[j] < t[j-1] {
			j++
		}
		if !(t[j-1] < ddum) {
			break
		}
		set(i, t[j-1], iorder[j-1])
		i = j
	}
	set(i, ddum, indxin)
	set(n, out, indxou)
}
