package indices

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"corridor/internal/data/flows"
)

// DistanceProfile holds migest index_distance measures.
type DistanceProfile struct {
	Mean   float64 // flow-weighted mean distance
	Median float64 // flow-weighted median distance, interpolated
	// Decay is the distance coefficient β of the Poisson model
	// round(flow) ~ origin + destination + β·log(distance) on the
	// off-diagonal cells (maximum likelihood).
	Decay float64
}

// DistanceIndex computes DistanceProfile for flows m and distances d (same
// names, off-diagonal distances positive).
func DistanceIndex(m, d *flows.Matrix) (DistanceProfile, error) {
	n, err := check(m)
	if err != nil {
		return DistanceProfile{}, err
	}
	if len(d.Rows) != n || len(d.Cols) != n || len(d.Values) != n*n {
		return DistanceProfile{}, errors.New("indices: distance matrix must match the flows")
	}
	var x, w []float64
	num, den := 0.0, 0.0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i == j {
				continue
			}
			dv := d.At(i, j)
			if !(dv > 0) {
				return DistanceProfile{}, fmt.Errorf("indices: distance %s–%s is %v; need positive distances", m.Rows[i], m.Rows[j], dv)
			}
			f := m.At(i, j)
			num += f * dv
			den += f
			x = append(x, dv)
			w = append(w, f)
		}
	}
	p := DistanceProfile{Mean: num / den, Median: WeightedMedian(x, w)}
	p.Decay, err = distanceDecay(m, d, n)
	return p, err
}

// WeightedMedian is the interpolated weighted median (the definition of
// matrixStats::weightedMedian with interpolate = TRUE): values with
// positive weight are sorted, each carries its normalised weight centred on
// it (cumulative weight minus half its own), and the median is linearly
// interpolated where that centred cumulative weight reaches one half.
func WeightedMedian(x, w []float64) float64 {
	type pt struct{ x, w float64 }
	var pts []pt
	tot := 0.0
	for i := range x {
		if w[i] > 0 && !math.IsNaN(x[i]) {
			pts = append(pts, pt{x[i], w[i]})
			tot += w[i]
		}
	}
	if len(pts) == 0 {
		return math.NaN()
	}
	if len(pts) == 1 {
		return pts[0].x
	}
	sort.SliceStable(pts, func(a, b int) bool { return pts[a].x < pts[b].x })
	cum := 0.0
	prev := 0.0
	for k, p := range pts {
		wk := p.w / tot
		cum += wk
		c := cum - wk/2
		if c >= 0.5 {
			if k == 0 {
				return p.x
			}
			return p.x + (0.5-c)/(c-prev)*(p.x-pts[k-1].x)
		}
		prev = c
	}
	return pts[len(pts)-1].x
}

// distanceDecay profiles the Poisson likelihood over β: for a given β the
// origin and destination effects are the IPF fit of the seed d^β (zero
// diagonal) to the observed margins, and the score Σ(μ − y)·log d is
// increasing in β; it is solved by bisection on a bracket.
func distanceDecay(m, d *flows.Matrix, n int) (float64, error) {
	y := make([]float64, n*n)
	ld := make([]float64, n*n)
	rs := make([]float64, n)
	cs := make([]float64, n)
	target := 0.0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i == j {
				continue
			}
			v := math.RoundToEven(m.At(i, j))
			y[i*n+j] = v
			ld[i*n+j] = math.Log(d.At(i, j))
			rs[i] += v
			cs[j] += v
			target += v * ld[i*n+j]
		}
	}
	score := func(beta float64) float64 {
		mu := make([]float64, n*n)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if i != j {
					mu[i*n+j] = math.Exp(beta * ld[i*n+j])
				}
			}
		}
		for it := 0; it < 10000; it++ {
			for i := 0; i < n; i++ {
				s := 0.0
				for j := 0; j < n; j++ {
					s += mu[i*n+j]
				}
				if s > 0 {
					f := rs[i] / s
					for j := 0; j < n; j++ {
						mu[i*n+j] *= f
					}
				}
			}
			dev := 0.0
			for j := 0; j < n; j++ {
				s := 0.0
				for i := 0; i < n; i++ {
					s += mu[i*n+j]
				}
				if s > 0 {
					dev = math.Max(dev, math.Abs(s-cs[j])/math.Max(1, cs[j]))
					f := cs[j] / s
					for i := 0; i < n; i++ {
						mu[i*n+j] *= f
					}
				}
			}
			if dev < 1e-13 {
				break
			}
		}
		s := 0.0
		for k := range mu {
			s += mu[k] * ld[k]
		}
		return s - target
	}
	lo, hi := -1.0, 1.0
	for score(lo) > 0 {
		lo *= 2
		if lo < -1e3 {
			return math.NaN(), errors.New("indices: distance decay: no bracket")
		}
	}
	for score(hi) < 0 {
		hi *= 2
		if hi > 1e3 {
			return math.NaN(), errors.New("indices: distance decay: no bracket")
		}
	}
	for k := 0; k < 200 && hi-lo > 1e-12; k++ {
		mid := (lo + hi) / 2
		if score(mid) < 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2, nil
}
