package optim

// This file holds the limited-memory BFGS matrix in compact form,
// B = θI − W M W' with W = [Y θS], and the subspace minimisation over the
// variables that are free at the Cauchy point.

// next advances a position in the circular buffer of corrections.
func (s *solver) next(p int) int { return (p + 1) % s.m }

// bmv is the product p = M v of the 2col × 2col middle matrix with v,
// through the Cholesky factor J' of θS'S + L D⁻¹ L' held in wt. It
// returns dtrsl's info (non-zero for a singular system).
func (s *solver) bmv(v, p []float64) int {
	col, m, sy := s.col, s.m, s.sy
	if col == 0 {
		return 0
	}
	// Solve [D^½ 0; −L D^-½ J][p1; p2] = [v1; v2]: first J p2 = v2 + L D⁻¹ v1.
	p[col] = v[col]
	for i := 1; i < col; i++ {
		sum := 0.0
		for k := 0; k < i; k++ {
			sum += sy[i+k*m] * v[k] / sy[k+k*m]
		}
		p[col+i] = v[col+i] + sum
	}
	if info := solveUpperTransposed(s.wt, m, col, p[col:]); info != 0 {
		return info
	}
	// D^½ p1 = v1.
	for i := 0; i < col; i++ {
		p[i] = v[i] / sqrt(sy[i+i*m])
	}
	// Solve [−D^½ D^-½ L'; 0 J'][p1; p2] = [p1; p2].
	if info := solveUpper(s.wt, m, col, p[col:]); info != 0 {
		return info
	}
	// p1 = −D^-½ p1 + D⁻¹ L' p2.
	for i := 0; i < col; i++ {
		p[i] = -p[i] / sqrt(sy[i+i*m])
	}
	for i := 0; i < col; i++ {
		sum := 0.0
		for k := i + 1; k < col; k++ {
			sum += sy[k+i*m] * p[col+k] / sy[i+i*m]
		}
		p[i] += sum
	}
	return 0
}

// freev records which variables enter and leave the free set at the
// Cauchy point (in indx2: entering ones from the front, leaving ones from
// the back) and partitions indx into the free variables followed by the
// active ones. It reports whether the matrix K of formk must be formed
// again.
func (s *solver) freev() bool {
	n := s.n
	s.nenter = 0
	s.ileave = n
	if s.iter > 0 && s.cnstnd {
		for i := 0; i < s.nfree; i++ {
			if k := s.indx[i]; s.iwhere[k] > 0 {
				s.ileave--
				s.indx2[s.ileave] = k
			}
		}
		for i := s.nfree; i < n; i++ {
			if k := s.indx[i]; s.iwhere[k] <= 0 {
				s.indx2[s.nenter] = k
				s.nenter++
			}
		}
	}
	wrk := s.ileave < n || s.nenter > 0 || s.updatd
	s.nfree = 0
	iact := n
	for i := 0; i < n; i++ {
		if s.iwhere[i] <= 0 {
			s.indx[s.nfree] = i
			s.nfree++
		} else {
			iact--
			s.indx[iact] = i
		}
	}
	return wrk
}

// formk forms and factorises the indefinite matrix
//
//	K = [−D − Y'ZZ'Y/θ   L_a' − R_z']
//	    [L_a − R_z       θS'AA'S    ]
//
// of the subspace problem, Z selecting the free and A the active
// variables. The blocks of N = [Y'ZZ'Y, L_a'+R_z'; L_a+R_z, S'AA'S] are
// kept in snd and updated for the variables that entered or left the
// free set; the LEL' factors go to the upper triangle of wn. s.info is
// −1 or −2 when a Cholesky factorisation fails.
func (s *solver) formk() {
	n, m, col, head, theta := s.n, s.m, s.col, s.head, s.theta
	m2 := 2 * m
	ws, wy, ind, indx2, wn1, wn := s.ws, s.wy, s.indx, s.indx2, s.snd, s.wn
	nsub := s.nfree
	var upcl int
	if s.updatd {
		if s.iupdat > m {
			// Shift the old part of WN1.
			for jy := 0; jy < m-1; jy++ {
				js := m + jy
				copy(wn1[jy+jy*m2:jy+jy*m2+m-1-jy], wn1[jy+1+(jy+1)*m2:])
				copy(wn1[js+js*m2:js+js*m2+m-1-jy], wn1[js+1+(js+1)*m2:])
				copy(wn1[m+jy*m2:m+jy*m2+m-1], wn1[m+1+(jy+1)*m2:])
			}
		}
		// New rows of blocks (1,1), (2,1) and (2,2).
		iy, is := col-1, m+col-1
		ipntr := (head + col - 1) % m
		jpntr := head
		for jy := 0; jy < col; jy++ {
			js := m + jy
			temp1, temp2, temp3 := 0.0, 0.0, 0.0
			for k := 0; k < nsub; k++ {
				k1 := ind[k]
				temp1 += wy[k1+ipntr*n] * wy[k1+jpntr*n]
			}
			for k := nsub; k < n; k++ {
				k1 := ind[k]
				temp2 += ws[k1+ipntr*n] * ws[k1+jpntr*n]
				temp3 += ws[k1+ipntr*n] * wy[k1+jpntr*n]
			}
			wn1[iy+jy*m2] = temp1
			wn1[is+js*m2] = temp2
			wn1[is+jy*m2] = temp3
			jpntr = s.next(jpntr)
		}
		// New column of block (2,1).
		jy := col - 1
		jpntr = (head + col - 1) % m
		ipntr = head
		for i := 0; i < col; i++ {
			is := m + i
			temp3 := 0.0
			for k := 0; k < nsub; k++ {
				k1 := ind[k]
				temp3 += ws[k1+ipntr*n] * wy[k1+jpntr*n]
			}
			ipntr = s.next(ipntr)
			wn1[is+jy*m2] = temp3
		}
		upcl = col - 1
	} else {
		upcl = col
	}
	// Correct the old parts of blocks (1,1) and (2,2) for the variables
	// that entered or left the free set.
	ipntr := head
	for iy := 0; iy < upcl; iy++ {
		is := m + iy
		jpntr := head
		for jy := 0; jy <= iy; jy++ {
			js := m + jy
			temp1, temp2, temp3, temp4 := 0.0, 0.0, 0.0, 0.0
			for k := 0; k < s.nenter; k++ {
				k1 := indx2[k]
				temp1 += wy[k1+ipntr*n] * wy[k1+jpntr*n]
				temp2 += ws[k1+ipntr*n] * ws[k1+jpntr*n]
			}
			for k := s.ileave; k < n; k++ {
				k1 := indx2[k]
				temp3 += wy[k1+ipntr*n] * wy[k1+jpntr*n]
				temp4 += ws[k1+ipntr*n] * ws[k1+jpntr*n]
			}
			wn1[iy+jy*m2] = wn1[iy+jy*m2] + temp1 - temp3
			wn1[is+js*m2] = wn1[is+js*m2] - temp2 + temp4
			jpntr = s.next(jpntr)
		}
		ipntr = s.next(ipntr)
	}
	// Correct the old part of block (2,1).
	ipntr = head
	for is := m; is < m+upcl; is++ {
		jpntr := head
		for jy := 0; jy < upcl; jy++ {
			temp1, temp3 := 0.0, 0.0
			for k := 0; k < s.nenter; k++ {
				k1 := indx2[k]
				temp1 += ws[k1+ipntr*n] * wy[k1+jpntr*n]
			}
			for k := s.ileave; k < n; k++ {
				k1 := indx2[k]
				temp3 += ws[k1+ipntr*n] * wy[k1+jpntr*n]
			}
			if is <= jy+m {
				wn1[is+jy*m2] += temp1 - temp3
			} else {
				wn1[is+jy*m2] += -temp1 + temp3
			}
			jpntr = s.next(jpntr)
		}
		ipntr = s.next(ipntr)
	}
	// Upper triangle of WN = [D + Y'ZZ'Y/θ, −L_a' + R_z'; −L_a + R_z, θS'AA'S].
	for iy := 0; iy < col; iy++ {
		is, is1 := col+iy, m+iy
		for jy := 0; jy <= iy; jy++ {
			js, js1 := col+jy, m+jy
			wn[jy+iy*m2] = wn1[iy+jy*m2] / theta
			wn[js+is*m2] = wn1[is1+js1*m2] * theta
		}
		for jy := 0; jy < iy; jy++ {
			wn[jy+is*m2] = -wn1[is1+jy*m2]
		}
		for jy := iy; jy < col; jy++ {
			wn[jy+is*m2] = wn1[is1+jy*m2]
		}
		wn[iy+iy*m2] += s.sy[iy+iy*m]
	}
	// Factor the (1,1) block as LL' (L' in its upper triangle), form
	// L⁻¹(−L_a' + R_z') in the (1,2) block, add its cross-product to the
	// (2,2) block and factor that.
	if cholesky(wn, m2, col) != 0 {
		s.info = -1
		return
	}
	col2 := 2 * col
	for js := col; js < col2; js++ {
		solveUpperTransposed(wn, m2, col, wn[js*m2:])
	}
	for is := col; is < col2; is++ {
		for js := is; js < col2; js++ {
			wn[is+js*m2] += dot(wn[is*m2:is*m2+col], wn[js*m2:js*m2+col])
		}
	}
	if cholesky(wn[col+col*m2:], m2, col) != 0 {
		s.info = -2
	}
}

// formt forms the upper half of T = θS'S + L D⁻¹ L' in wt and factorises
// it as J J' (J' in the upper triangle); s.info is −3 when T is not
// positive definite.
func (s *solver) formt() {
	m, col, theta, wt, sy, ss := s.m, s.col, s.theta, s.wt, s.sy, s.ss
	for j := 0; j < col; j++ {
		wt[j*m] = theta * ss[j*m]
	}
	for i := 1; i < col; i++ {
		for j := i; j < col; j++ {
			ddum := 0.0
			for k := 0; k < i; k++ {
				ddum += sy[i+k*m] * sy[j+k*m] / sy[k+k*m]
			}
			wt[i+j*m] = ddum + theta*ss[i+j*m]
		}
	}
	if cholesky(wt, m, col) != 0 {
		s.info = -3
	}
}

// matupd stores the newest correction pair (s = d, y = r) in the circular
// buffers ws and wy, sets θ = y'y / y's, and updates S'S (upper triangle)
// and S'Y (lower triangle).
func (s *solver) matupd(rr, dr float64) {
	n, m, ss, sy := s.n, s.m, s.ss, s.sy
	if s.iupdat <= m {
		s.col = s.iupdat
		s.itail = (s.head + s.iupdat - 1) % m
	} else {
		s.itail = s.next(s.itail)
		s.head = s.next(s.head)
	}
	copy(s.ws[s.itail*n:(s.itail+1)*n], s.d)
	copy(s.wy[s.itail*n:(s.itail+1)*n], s.r)
	s.theta = rr / dr
	col := s.col
	if s.iupdat > m {
		// Move the old information one place up.
		for j := 0; j < col-1; j++ {
			copy(ss[j*m:j*m+j+1], ss[1+(j+1)*m:])
			copy(sy[j+j*m:j+j*m+col-1-j], sy[j+1+(j+1)*m:])
		}
	}
	// The last row of S'Y and the last column of S'S.
	pointr := s.head
	for j := 0; j < col-1; j++ {
		sy[col-1+j*m] = dot(s.d, s.wy[pointr*n:(pointr+1)*n])
		ss[j+(col-1)*m] = dot(s.ws[pointr*n:(pointr+1)*n], s.d)
		pointr = s.next(pointr)
	}
	if s.stp == 1 {
		ss[col-1+(col-1)*m] = s.dtd
	} else {
		ss[col-1+(col-1)*m] = s.stp * s.stp * s.dtd
	}
	sy[col-1+(col-1)*m] = dr
}

// cmprlb computes r = −Z'(B(xcp − x) + g) for the free variables, using
// c = W'(xcp − x) left in wa[2m:4m] by cauchy; s.info is −8 when bmv
// meets a singular system.
func (s *solver) cmprlb() {
	n, m, col, theta := s.n, s.m, s.col, s.theta
	if !s.cnstnd && col > 0 {
		for i := 0; i < n; i++ {
			s.r[i] = -s.g[i]
		}
		return
	}
	for i := 0; i < s.nfree; i++ {
		k := s.indx[i]
		s.r[i] = -theta*(s.z[k]-s.x[k]) - s.g[k]
	}
	wa := s.wa
	if s.bmv(wa[2*m:4*m], wa[0:2*m]) != 0 {
		s.info = -8
		return
	}
	pointr := s.head
	for j := 0; j < col; j++ {
		a1 := wa[j]
		a2 := theta * wa[col+j]
		for i := 0; i < s.nfree; i++ {
			k := s.indx[i]
			s.r[i] += s.wy[k+pointr*n]*a1 + s.ws[k+pointr*n]*a2
		}
		pointr = s.next(pointr)
	}
}

// subsm is the direct primal method of version 2.3 for the subspace
// problem: the unconstrained Newton step d = −(Z'BZ)⁻¹ r over the free
// variables, through the factors of K in wn, then cut back to the box
// along d (the first bound reached is hit exactly). The result goes to z.
func (s *solver) subsm() {
	n, m, col, theta := s.n, s.m, s.col, s.theta
	ns := s.nfree
	ind, x, d, wv := s.indx, s.z, s.r, s.wa[0:2*m]
	if ns <= 0 {
		return
	}
	// wv = W'Zd.
	pointr := s.head
	for i := 0; i < col; i++ {
		temp1, temp2 := 0.0, 0.0
		for j := 0; j < ns; j++ {
			k := ind[j]
			temp1 += s.wy[k+pointr*n] * d[j]
			temp2 += s.ws[k+pointr*n] * d[j]
		}
		wv[i] = temp1
		wv[col+i] = theta * temp2
		pointr = s.next(pointr)
	}
	// wv = K⁻¹ wv.
	m2, col2 := 2*m, 2*col
	if s.info = solveUpperTransposed(s.wn, m2, col2, wv); s.info != 0 {
		return
	}
	for i := 0; i < col; i++ {
		wv[i] = -wv[i]
	}
	if s.info = solveUpper(s.wn, m2, col2, wv); s.info != 0 {
		return
	}
	// d = d/θ + Z'W wv/θ².
	pointr = s.head
	for jy := 0; jy < col; jy++ {
		js := col + jy
		for i := 0; i < ns; i++ {
			k := ind[i]
			d[i] += s.wy[k+pointr*n]*wv[jy]/theta + s.ws[k+pointr*n]*wv[js]
		}
		pointr = s.next(pointr)
	}
	for i := 0; i < ns; i++ {
		d[i] /= theta
	}
	// Backtrack to the feasible region. (temp1 carries over from one
	// variable to the next, as in the Fortran code.)
	alpha := 1.0
	temp1 := alpha
	ibd := 0
	for i := 0; i < ns; i++ {
		k := ind[i]
		dk := d[i]
		if s.nbd[k] == unbounded {
			continue
		}
		if dk < 0 && s.nbd[k] <= bothBounds {
			if temp2 := s.l[k] - x[k]; temp2 >= 0 {
				temp1 = 0
			} else if dk*alpha < temp2 {
				temp1 = temp2 / dk
			}
		} else if dk > 0 && s.nbd[k] >= bothBounds {
			if temp2 := s.u[k] - x[k]; temp2 <= 0 {
				temp1 = 0
			} else if dk*alpha > temp2 {
				temp1 = temp2 / dk
			}
		}
		if temp1 < alpha {
			alpha = temp1
			ibd = i
		}
	}
	if alpha < 1 {
		dk := d[ibd]
		k := ind[ibd]
		if dk > 0 {
			x[k] = s.u[k]
			d[ibd] = 0
		} else if dk < 0 {
			x[k] = s.l[k]
			d[ibd] = 0
		}
	}
	for i := 0; i < ns; i++ {
		x[ind[i]] += alpha * d[i]
	}
}
