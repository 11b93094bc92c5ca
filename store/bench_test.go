package store

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// configOptions mirrors config.Default's store section (batch_delay 0,
// batch_max_size 1000).
func configOptions() Options {
	return Options{BatchDelay: 0, BatchMaxSize: 1000}
}

// runWriters performs b.N operations spread over writers goroutines and
// reports the rate as unit/s. op gets a unique sequence number.
func runWriters(b *testing.B, writers int, unit string, op func(i uint64) error) {
	b.Helper()
	var next atomic.Uint64
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	n := uint64(b.N)
	b.ResetTimer()
	start := time.Now()
	for range writers {
		wg.Go(func() {
			for {
				i := next.Add(1)
				if i > n {
					return
				}
				if err := op(i); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), unit+"/s")
}

// BenchmarkAward measures durable (fsync'd) awards per second through group
// commit, against a plain bbolt Update per award as the baseline.
func BenchmarkAward(b *testing.B) {
	ctx := context.Background()
	for _, writers := range []int{1, 8, 64} {
		b.Run(fmt.Sprintf("update/writers=%d", writers), func(b *testing.B) {
			db := mustOpenStore(b, configOptions())
			now := time.Now()
			runWriters(b, writers, "awards", func(i uint64) error {
				return boltDB(db).Update(func(tx *bolt.Tx) error {
					_, _, err := db.awardTx(tx, fmt.Sprintf("report:%d", i), fmt.Sprintf("o%d", i%1000), "", 1, now)
					return err
				})
			})
		})
		b.Run(fmt.Sprintf("batch/writers=%d", writers), func(b *testing.B) {
			db := mustOpenStore(b, configOptions())
			runWriters(b, writers, "awards", func(i uint64) error {
				_, _, err := db.Award(ctx, fmt.Sprintf("report:%d", i), fmt.Sprintf("o%d", i%1000), 1)
				return err
			})
		})
	}
}

// BenchmarkAwardTuning compares group-commit settings at 64 writers.
func BenchmarkAwardTuning(b *testing.B) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		opts Options
	}{
		{"delay=0,max=1000(default)", Options{BatchMaxSize: 1000}},
		{"delay=500us,max=1000", Options{BatchDelay: 500 * time.Microsecond, BatchMaxSize: 1000}},
		{"delay=2ms,max=1000", Options{BatchDelay: 2 * time.Millisecond, BatchMaxSize: 1000}},
		{"delay=0,max=64", Options{BatchMaxSize: 64}},
		{"delay=0,max=16", Options{BatchMaxSize: 16}},
		{"delay=0,max=1000,nosync", Options{BatchMaxSize: 1000, NoSync: true}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			db := mustOpenStore(b, tc.opts)
			runWriters(b, 64, "awards", func(i uint64) error {
				_, _, err := db.Award(ctx, fmt.Sprintf("report:%d", i), fmt.Sprintf("o%d", i%1000), 1)
				return err
			})
		})
	}
}

// BenchmarkRedeem measures a redemption: Hold then PostHold, each durable.
func BenchmarkRedeem(b *testing.B) {
	ctx := context.Background()
	for _, writers := range []int{1, 64} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			db := mustOpenStore(b, configOptions())
			const riders = 1000
			for r := range riders {
				if _, err := db.Adjust(ctx, fmt.Sprintf("o%d", r), 1<<40, "bench", "seed"); err != nil {
					b.Fatal(err)
				}
			}
			runWriters(b, writers, "redemptions", func(i uint64) error {
				h, err := db.Hold(ctx, fmt.Sprintf("o%d", i%riders), 1, "R", time.Hour)
				if err != nil {
					return err
				}
				_, err = db.PostHold(ctx, h.ID, "staff")
				return err
			})
		})
	}
}

// BenchmarkBalance measures balance reads, in parallel over GOMAXPROCS.
func BenchmarkBalance(b *testing.B) {
	ctx := context.Background()
	db := mustOpenStore(b, configOptions())
	const riders = 1000
	for r := range riders {
		if _, err := db.Adjust(ctx, fmt.Sprintf("o%d", r), 10, "bench", "seed"); err != nil {
			b.Fatal(err)
		}
	}
	var i atomic.Uint64
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := db.Balance(fmt.Sprintf("o%d", i.Add(1)%riders)); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "reads/s")
}
