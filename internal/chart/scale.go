package chart

import "math"

// niceStep returns a step of 1, 2 or 5 × 10^k such that [lo, hi] is covered
// by at most about n intervals.
func niceStep(lo, hi float64, n int) float64 {
	span := hi - lo
	if span <= 0 || math.IsNaN(span) || math.IsInf(span, 0) {
		span = math.Max(math.Abs(hi), 1)
	}
	if n < 1 {
		n = 1
	}
	raw := span / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw*(1-1e-9) {
			return m * mag
		}
	}
	return 10 * mag
}

// niceTicks extends [lo, hi] to multiples of a 1-2-5 step and returns the
// ticks from the new lo to the new hi.
func niceTicks(lo, hi float64, n int) (ticks []float64, step float64) {
	if lo == hi {
		if lo == 0 {
			hi = 1
		} else {
			lo, hi = math.Min(0, lo), math.Max(0, hi)
		}
	}
	step = niceStep(lo, hi, n)
	start := math.Floor(lo/step+1e-9) * step
	end := math.Ceil(hi/step-1e-9) * step
	for i := 0; ; i++ {
		v := start + float64(i)*step
		if v > end+step*1e-9 {
			break
		}
		// clean up floating noise such as 0.30000000000000004
		ticks = append(ticks, math.Round(v/step)*step)
	}
	return ticks, step
}

// linear maps a domain onto a range.
type linear struct{ d0, d1, r0, r1 float64 }

func (s linear) at(v float64) float64 {
	if s.d1 == s.d0 {
		return s.r0
	}
	return s.r0 + (v-s.d0)/(s.d1-s.d0)*(s.r1-s.r0)
}
