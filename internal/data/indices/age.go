package indices

import (
	"fmt"
	"math"
)

// AgeProfile holds migest index_age measures of an age-specific migration
// intensity schedule.
type AgeProfile struct {
	GMR         float64 // gross migraproduction: Σ m(x)
	PeakMI      float64 // highest intensity (in percent) between AgeMin and AgeMax (exclusive)
	PeakAge     float64 // age of the highest intensity
	PeakBreadth float64 // Σ intensity (percent) around the peak
	PeakShare   float64 // share (percent) of the schedule around the peak
	MURC        float64 // age of the maximum upward rate of change
	MDRC        float64 // age of the maximum downward rate of change
	Asymmetry   float64 // MURC/MDRC
}

// IndexAge computes AgeProfile from ages and intensities mi (migrants per
// person, not percent), with the study window (ageMin, ageMax) and breadth
// (migest defaults 5, 65, 5). As in migest, the peak window
// m[(peak−breadth):(peak+breadth)] indexes the schedule by position
// (1-based) with the peak age as a position: with ages starting at 0 it is
// shifted one year down. Corridor keeps this quirk to match migest.
func IndexAge(age, mi []float64, ageMin, ageMax float64, breadth int) (AgeProfile, error) {
	n := len(age)
	if n == 0 || len(mi) != n {
		return AgeProfile{}, fmt.Errorf("indices: need equal, non-empty age and intensity vectors")
	}
	m := make([]float64, n)
	tot := 0.0
	for i, v := range mi {
		m[i] = 100 * v
		tot += m[i]
	}
	nmi := make([]float64, n)
	for i := range m {
		nmi[i] = m[i] / tot
	}
	d := make([]float64, n)
	for i := 1; i < n; i++ {
		d[i] = nmi[i] - nmi[i-1]
	}
	var p AgeProfile
	p.GMR = tot / 100
	p.PeakMI = math.Inf(-1)
	maxD, minD := math.Inf(-1), math.Inf(1)
	maxN := math.Inf(-1)
	for i := range m {
		if age[i] > ageMin && age[i] < ageMax {
			p.PeakMI = math.Max(p.PeakMI, m[i])
			maxD = math.Max(maxD, d[i])
			minD = math.Min(minD, d[i])
		}
		if nmi[i] > maxN {
			maxN, p.PeakAge = nmi[i], age[i]
		}
	}
	lo, hi := int(p.PeakAge)-breadth, int(p.PeakAge)+breadth // 1-based positions
	for pos := lo; pos <= hi; pos++ {
		if pos >= 1 && pos <= n {
			p.PeakBreadth += m[pos-1]
			p.PeakShare += 100 * nmi[pos-1]
		}
	}
	for i := range d {
		if d[i] == maxD && p.MURC == 0 {
			p.MURC = age[i]
		}
		if d[i] == minD && p.MDRC == 0 {
			p.MDRC = age[i]
		}
	}
	p.Asymmetry = p.MURC / p.MDRC
	return p, nil
}

// RCIndices are migest index_age_rc measures of Rogers–Castro parameters.
type RCIndices struct {
	Peaking         float64 // μ2
	ChildDependency float64 // a1/a2
	LaborDependency float64 // a2/a1
	LaborAsymmetry  float64 // λ2/α2
	Regularity      float64 // α1/α2
}

// IndexAgeRC computes RCIndices.
func IndexAgeRC(p RCParams) RCIndices {
	cd := p.A1 / p.A2
	return RCIndices{
		Peaking:         p.Mu2,
		ChildDependency: cd,
		LaborDependency: 1 / cd,
		LaborAsymmetry:  p.Lambda2 / p.Alpha2,
		Regularity:      p.Alpha1 / p.Alpha2,
	}
}
