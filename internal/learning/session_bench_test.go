package learning

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"corridor/internal/db/dbtest"
)

// BenchmarkEnrolParallel: learners enrolling in one session at once
// (b.RunParallel, GOMAXPROCS×4 goroutines), every enrolment a transaction
// that locks the session's seat row, counts and takes a seat. Capacity is a
// tenth of the enrolments, so most land on the waitlist, as on a popular
// session. Reports enrolments per second.
func BenchmarkEnrolParallel(b *testing.B) {
	for _, engine := range dbtest.TestEngines() {
		b.Run(string(engine), func(b *testing.B) {
			d := dbtest.OpenTest(b, engine)
			ctx := context.Background()
			svc := New(d, nil)
			start := time.Now().Add(72 * time.Hour)
			x, err := svc.CreateSession(ctx, SessionInput{Title: "Bench", Venue: "Room", Starts: start, Ends: start.Add(time.Hour), Capacity: max(b.N/10, 1)}, 0)
			if err != nil {
				b.Fatal(err)
			}
			users := make([]int64, b.N)
			for i := range users {
				users[i] = addUser(b, d, fmt.Sprintf("p%d@example.org", i))
			}
			var next atomic.Int64
			b.SetParallelism(4)
			b.ResetTimer()
			began := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					u := users[next.Add(1)-1]
					if _, err := svc.EnrolSession(ctx, x.ID, u); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/time.Since(began).Seconds(), "enrolments/s")
			b.StopTimer()
			if got, _ := svc.Session(ctx, x.ID); got.Confirmed != max(b.N/10, 1) && b.N >= 10 {
				b.Fatalf("%d confirmed for %d seats", got.Confirmed, b.N/10)
			}
		})
	}
}
