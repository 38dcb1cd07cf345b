package credentials

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"corridor/internal/accounts"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

// BenchmarkPDF: one certificate drawn as PDF with its QR code and the
// embedded DejaVu subset.
func BenchmarkPDF(b *testing.B) {
	s := New(nil, nil, "Institute for Migration Studies")
	c := Certificate{Code: "ABCD-EFGH-JKMN", LearnerName: "Nguyễn Thị Minh Khai", ProgrammeTitle: "Certificate in Migration Management", IssuedAt: day("2026-06-01").Unix(), ExpiresAt: day("2029-06-01").Unix()}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.PDF(c, "https://corridor.example/verify/ABCD-EFGH-JKMN", EnglishPDFText); err != nil {
			b.Fatal(err)
		}
	}
}

// benchCerts: a programme and n learners with a certificate each.
func benchCerts(b *testing.B, d *db.DB, n int) (*Service, []string) {
	ctx := context.Background()
	s := New(d, nil, "Institute")
	p, err := s.CreateProgramme(ctx, Programme{Titles: map[string]string{"en": "Bench"}, Items: []string{"learning:course:1"}, ValidityMonths: 12}, 0)
	if err != nil {
		b.Fatal(err)
	}
	codes := make([]string, 0, n)
	for i := range n {
		u := addUser(b, d, fmt.Sprintf("bench%d@example.org", i), fmt.Sprintf("Learner %d", i))
		c, err := s.IssueManual(ctx, p.ID, u)
		if err != nil {
			b.Fatal(err)
		}
		codes = append(codes, c.Code)
	}
	return s, codes
}

// BenchmarkVerifyLookup: code lookups from parallel goroutines among 2,000
// certificates, on each engine.
func BenchmarkVerifyLookup(b *testing.B) {
	for _, engine := range dbtest.TestEngines() {
		b.Run(string(engine), func(b *testing.B) {
			s, codes := benchCerts(b, dbtest.OpenTest(b, engine), 2000)
			ctx := context.Background()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					if _, err := s.ByCode(ctx, codes[i%len(codes)]); err != nil {
						b.Fatal(err)
					}
					i += 7
				}
			})
		})
	}
}

// BenchmarkCredentialJWT: building the Open Badges credential and signing
// it (what /verify/{code}/credential.jwt does after the lookup).
func BenchmarkCredentialJWT(b *testing.B) {
	for _, engine := range dbtest.TestEngines() {
		b.Run(string(engine), func(b *testing.B) {
			s, codes := benchCerts(b, dbtest.OpenTest(b, engine), 50)
			ctx := context.Background()
			c, _ := s.ByCode(ctx, codes[0])
			b.ResetTimer()
			for b.Loop() {
				cred, err := s.Badge(ctx, c, "https://corridor.example")
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.SignJWT(ctx, cred); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerifyLookupLimited: the public route's work per lookup, the
// per-address rate-limit counter (a write) and then the lookup, from
// parallel goroutines as from 64 addresses.
func BenchmarkVerifyLookupLimited(b *testing.B) {
	for _, engine := range dbtest.TestEngines() {
		b.Run(string(engine), func(b *testing.B) {
			d := dbtest.OpenTest(b, engine)
			s, codes := benchCerts(b, d, 2000)
			acc := accounts.NewService(d, accounts.SignupApproval, "https://corridor.example")
			limit := accounts.Limit{Name: "bench-verify", Max: 1 << 30, Window: time.Minute, Message: "error.too_many_requests"}
			ctx := context.Background()
			var worker atomic.Int64
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				w := worker.Add(1)
				i := int(w)
				for pb.Next() {
					if err := acc.Take(ctx, limit, fmt.Sprintf("192.0.2.%d", i%64)); err != nil {
						b.Fatal(err)
					}
					if _, err := s.ByCode(ctx, codes[i%len(codes)]); err != nil {
						b.Fatal(err)
					}
					i += 7
				}
			})
		})
	}
}
