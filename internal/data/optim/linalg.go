package optim

import "math"

// Epsilon is the machine precision L-BFGS-B uses: C's DBL_EPSILON, R's
// .Machine$double.eps.
const Epsilon = 2.220446049250313e-16

// The BLAS and LINPACK operations L-BFGS-B calls, with the reference
// implementations' order of operations. Matrices are stored column by
// column with leading dimension lda.

// dot is ddot: Σ x_i·y_i summed from the first element.
func dot(x, y []float64) float64 {
	s := 0.0
	for i := range x {
		s += x[i] * y[i]
	}
	return s
}

// axpy is daxpy: y += a·x, a no-op for a = 0 as in the reference BLAS.
func axpy(a float64, x, y []float64) {
	if a == 0 {
		return
	}
	for i := range x {
		y[i] += a * x[i]
	}
}

// scal is dscal: x *= a.
func scal(a float64, x []float64) {
	for i := range x {
		x[i] *= a
	}
}

func sqrt(x float64) float64 { return math.Sqrt(x) }

// rmax and rmin are the C macros of lbfgsb.c, (a < b) ? b : a and
// (a > b) ? b : a.
func rmax(a, b float64) float64 {
	if a < b {
		return b
	}
	return a
}

func rmin(a, b float64) float64 {
	if a > b {
		return b
	}
	return a
}

// positiveDefiniteTol is the tolerance R added to LINPACK's dpofa: a
// pivot s with s ≤ 1e-14·|a_jj| counts as non-positive.
const positiveDefiniteTol = 1e-14

// cholesky is R's dpofa: it factors the n × n upper triangle of a as R'R
// with R in the upper triangle, and returns 0, or the 1-based column
// whose pivot was not positive enough.
func cholesky(a []float64, lda, n int) int {
	for j := 0; j < n; j++ {
		s := 0.0
		for k := 0; k < j; k++ {
			t := a[k+j*lda] - dot(a[k*lda:k*lda+k], a[j*lda:j*lda+k])
			t /= a[k+k*lda]
			a[k+j*lda] = t
			s += t * t
		}
		s = a[j+j*lda] - s
		if s <= positiveDefiniteTol*math.Abs(a[j+j*lda]) {
			return j + 1
		}
		a[j+j*lda] = math.Sqrt(s)
	}
	return 0
}

// zeroDiagonal is dtrsl's singularity check: the 1-based index of the
// first zero on the diagonal of t, or 0.
func zeroDiagonal(t []float64, ldt, n int) int {
	for i := 0; i < n; i++ {
		if t[i+i*ldt] == 0 {
			return i + 1
		}
	}
	return 0
}

// solveUpper is dtrsl with job 01: b = T⁻¹b for the upper triangle T of
// t, by columns from the last. It returns dtrsl's info.
func solveUpper(t []float64, ldt, n int, b []float64) int {
	if info := zeroDiagonal(t, ldt, n); info != 0 {
		return info
	}
	b[n-1] /= t[n-1+(n-1)*ldt]
	for j := n - 2; j >= 0; j-- {
		axpy(-b[j+1], t[(j+1)*ldt:(j+1)*ldt+j+1], b[:j+1])
		b[j] /= t[j+j*ldt]
	}
	return 0
}

// solveUpperTransposed is dtrsl with job 11: b = T'⁻¹b for the upper
// triangle T of t, by rows from the first. It returns dtrsl's info.
func solveUpperTransposed(t []float64, ldt, n int, b []float64) int {
	if info := zeroDiagonal(t, ldt, n); info != 0 {
		return info
	}
	b[0] /= t[0]
	for j := 1; j < n; j++ {
		b[j] -= dot(t[j*ldt:j*ldt+j], b[:j])
		b[j] /= t[j+j*ldt]
	}
	return 0
}
