package optim

import (
	"math"
	"math/bits"
)

// ExtendedSum adds float64 values the way R's sum(), colSums() and
// rowSums() do on x86-64: in an x87 long double, a 64-bit significand
// rounded to nearest-even after every addition, and rounded to a double
// at the end. Objectives ported from R evaluate with it to the same
// double as R, which keeps the finite-difference gradients — and so the
// optimiser's path — the same. The zero value is an empty sum.
type ExtendedSum struct {
	mant      uint64 // significand with its top bit set, or 0 for zero
	exp       int    // value = ±mant·2^exp
	neg       bool
	nonFinite bool    // an infinity or NaN was added
	special   float64 // the IEEE sum of the non-finite values
}

// Add adds v.
func (s *ExtendedSum) Add(v float64) {
	if v == 0 {
		return // x + ±0 = x, and the sum starts at +0
	}
	b := math.Float64bits(v)
	e := int(b >> 52 & 0x7ff)
	if e == 0x7ff { // an infinity or NaN
		s.nonFinite = true
		s.special += v
		return
	}
	// The magnitude as m·2^e with m's top bit set.
	m := b & (1<<52 - 1)
	if e == 0 {
		e = -1074 // subnormal
	} else {
		m |= 1 << 52
		e -= 1075
	}
	lz := bits.LeadingZeros64(m)
	m, e = m<<lz, e-lz
	if s.mant == 0 {
		s.mant, s.exp, s.neg = m, e, v < 0
		return
	}
	s.addNormalized(m, e, v < 0)
}

// addNormalized adds ±m·2^e to the (non-zero) sum with a 128-bit
// intermediate and a sticky bit, then rounds to 64 bits.
func (s *ExtendedSum) addNormalized(m uint64, e int, neg bool) {
	aM, aE, aNeg := s.mant, s.exp, s.neg
	bM, bE, bNeg := m, e, neg
	if aE < bE || aE == bE && aM < bM {
		aM, aE, aNeg, bM, bE, bNeg = bM, bE, bNeg, aM, aE, aNeg
	}
	// A = aM·2^64, B = bM·2^64 shifted right by the exponent difference,
	// both in units of 2^(aE−64).
	d := aE - bE
	var bHi, bLo uint64
	sticky := false
	switch {
	case d < 64:
		bHi, bLo = bM>>d, bM<<(64-d) // Go's shift by 64 gives 0
	case d < 128:
		bLo = bM >> (d - 64)
		sticky = bM<<(128-d) != 0
	default:
		sticky = true
	}
	hi, lo, exp := aM, uint64(0), aE
	if aNeg == bNeg {
		var c uint64
		lo, c = bits.Add64(lo, bLo, 0)
		hi, c = bits.Add64(hi, bHi, c)
		if c != 0 {
			sticky = sticky || lo&1 != 0
			lo = lo>>1 | hi<<63
			hi = hi>>1 | 1<<63
			exp++
		}
	} else {
		var br uint64
		lo, br = bits.Sub64(lo, bLo, 0)
		hi, _ = bits.Sub64(hi, bHi, br)
		if sticky {
			// The true B is slightly larger: take one unit off and keep
			// the sticky bit for the fraction left over.
			lo, br = bits.Sub64(lo, 1, 0)
			hi -= br
		}
		if hi == 0 && lo == 0 {
			*s = ExtendedSum{nonFinite: s.nonFinite, special: s.special}
			return
		}
		lz := bits.LeadingZeros64(hi)
		if hi == 0 {
			lz = 64 + bits.LeadingZeros64(lo)
		}
		if lz >= 64 {
			hi, lo = lo<<(lz-64), 0
		} else if lz > 0 {
			hi, lo = hi<<lz|lo>>(64-lz), lo<<lz
		}
		exp -= lz
	}
	// Round to nearest, ties to even, at the 64th bit.
	round := lo>>63 != 0
	rest := lo<<1 != 0 || sticky
	if round && (rest || hi&1 != 0) {
		hi++
		if hi == 0 {
			hi = 1 << 63
			exp++
		}
	}
	s.mant, s.exp, s.neg = hi, exp, aNeg
}

// Float64 returns the sum rounded to the nearest double (ties to even),
// as storing a long double does. Results in the subnormal range of
// float64 are rounded twice.
func (s *ExtendedSum) Float64() float64 {
	if s.nonFinite {
		return s.special
	}
	if s.mant == 0 {
		return 0
	}
	q := s.mant >> 11
	rem := s.mant & 0x7ff
	e := s.exp + 11
	if rem > 0x400 || rem == 0x400 && q&1 != 0 {
		q++
		if q == 1<<53 {
			q >>= 1
			e++
		}
	}
	v := math.Ldexp(float64(q), e)
	if s.neg {
		return -v
	}
	return v
}

// Reset empties the sum.
func (s *ExtendedSum) Reset() { *s = ExtendedSum{} }
