package chart

import (
	"io"
	"sort"
)

func sortIdx(idx []int, less func(a, b int) bool) {
	sort.SliceStable(idx, func(i, j int) bool { return less(idx[i], idx[j]) })
}

func writeAll(w io.Writer, b []byte) (int64, error) {
	n, err := w.Write(b)
	return int64(n), err
}
