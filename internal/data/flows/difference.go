package flows

import "fmt"

// Decrease rules for Difference.
const (
	// DecreaseReturn counts a fall in the k-born stock living in j as a
	// return flow j → k (migest default).
	DecreaseReturn = "return"
	// DecreaseZero ignores falls in stocks.
	DecreaseZero = "zero"
)

// DifferenceOptions configures Difference. The zero value is migest
// ffs_diff's default: decreases are returns, native-born cells excluded.
type DifferenceOptions struct {
	// Decrease is DecreaseReturn (default) or DecreaseZero.
	Decrease string
	// IncludeNativeBorn keeps the diagonal (native-born) cells in the
	// differences.
	IncludeNativeBorn bool
}

// Difference estimates flows by stock differencing (migest ffs_diff). With
// Y = end − start (birthplace k × residence j), the flow k → j is
// max(Y[k][j], 0) and, with DecreaseReturn, the flow j → k also gains
// max(−Y[k][j], 0). Origins are the rows and destinations the columns of
// the result; the diagonal is 0 unless IncludeNativeBorn is set.
func Difference(start, end *Matrix, opt DifferenceOptions) (*Matrix, error) {
	switch opt.Decrease {
	case "":
		opt.Decrease = DecreaseReturn
	case DecreaseReturn, DecreaseZero:
	default:
		return nil, fmt.Errorf("flows: unknown decrease rule %q (want return or zero)", opt.Decrease)
	}
	if start == nil || end == nil {
		return nil, fmt.Errorf("flows: both stock tables are required")
	}
	places := start.Rows
	s0, err := alignSquare(start, places, "start stock table", false)
	if err != nil {
		return nil, err
	}
	s1, err := alignSquare(end, places, "end stock table", false)
	if err != nil {
		return nil, err
	}
	n := len(places)
	out := NewSquare(places)
	for k := 0; k < n; k++ {
		for j := 0; j < n; j++ {
			if k == j && !opt.IncludeNativeBorn {
				continue
			}
			y := s1.Values[k*n+j] - s0.Values[k*n+j]
			if y > 0 {
				out.Values[k*n+j] += y
			} else if y < 0 && opt.Decrease == DecreaseReturn {
				out.Values[j*n+k] += -y
			}
		}
	}
	return out, nil
}
