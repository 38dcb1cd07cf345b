package treaty

import (
	"testing"

	"corridor/internal/testutil"
)

func BenchmarkLoadSnapshot(b *testing.B) {
	dir := testutil.SharedData(b, "untc-status-snapshot")
	for b.Loop() {
		if _, err := LoadSnapshot(dir); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStatusOn(b *testing.B) {
	s, _ := loadSnap(b)
	tr, err := s.Treaty("XVIII-12-a") // 167 participants, 284 actions
	if err != nil {
		b.Fatal(err)
	}
	on := tr.AsOf
	b.ReportMetric(float64(len(tr.Actions)), "actions")
	for b.Loop() {
		StatusOn(tr.Actions, on)
	}
}
