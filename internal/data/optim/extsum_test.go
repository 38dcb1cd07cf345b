package optim

import (
	"math"
	"math/big"
	"math/rand"
	"testing"
)

// longDoubleSum is the reference for ExtendedSum: math/big with a
// 64-bit significand and round-to-nearest-even, which is what an x87
// long double addition does.
func longDoubleSum(xs []float64) float64 {
	s := new(big.Float).SetPrec(64)
	for _, x := range xs {
		s.Add(s, new(big.Float).SetPrec(64).SetFloat64(x))
	}
	f, _ := s.Float64()
	return f
}

func TestExtendedSumMatchesLongDouble(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	naiveDiffers := 0
	for trial := 0; trial < 20000; trial++ {
		n := 1 + rng.Intn(30)
		xs := make([]float64, n)
		for i := range xs {
			switch rng.Intn(4) {
			case 0: // magnitudes far apart
				xs[i] = (rng.Float64() - 0.5) * math.Pow(2, float64(rng.Intn(200)-100))
			case 1: // cancellation
				if i > 0 {
					xs[i] = -xs[i-1] * (1 + (rng.Float64()-0.5)*1e-12)
				} else {
					xs[i] = rng.Float64()
				}
			case 2: // flows of similar size
				xs[i] = rng.Float64() * 100
			default:
				xs[i] = rng.NormFloat64() * 1e-3
			}
		}
		var s ExtendedSum
		naive := 0.0
		for _, x := range xs {
			s.Add(x)
			naive += x
		}
		want := longDoubleSum(xs)
		if got := s.Float64(); got != want && !(got == 0 && want == 0) {
			t.Fatalf("trial %d: sum of %v = %.17g, long double gives %.17g", trial, xs, got, want)
		}
		if naive != want {
			naiveDiffers++
		}
	}
	// The test would be vacuous if plain double sums already agreed.
	if naiveDiffers < 100 {
		t.Errorf("only %d of 20000 double sums differ from long double ones", naiveDiffers)
	}
}

func TestExtendedSumSpecialValues(t *testing.T) {
	var s ExtendedSum
	if s.Float64() != 0 {
		t.Errorf("empty sum = %v", s.Float64())
	}
	s.Add(1e300)
	s.Add(-1e300)
	if v := s.Float64(); v != 0 || math.Signbit(v) {
		t.Errorf("1e300 − 1e300 = %v, want +0", v)
	}
	s.Add(math.Inf(1))
	s.Add(3)
	if !math.IsInf(s.Float64(), 1) {
		t.Errorf("with +Inf: %v", s.Float64())
	}
	s.Add(math.Inf(-1))
	if !math.IsNaN(s.Float64()) {
		t.Errorf("Inf − Inf: %v", s.Float64())
	}
	s.Reset()
	s.Add(0.1)
	s.Add(0.2)
	if s.Float64() != 0.30000000000000004 {
		t.Errorf("0.1 + 0.2 = %.17g", s.Float64())
	}
}
