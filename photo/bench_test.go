package photo

import (
	"bytes"
	"fmt"
	"image/jpeg"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/disintegration/imaging"
)

// benchJPEG returns a w×h JPEG (quality 90) made by upscaling a corpus
// photo, so that no large file is committed.
func benchJPEG(b *testing.B, w, h int) []byte {
	b.Helper()
	var src corpusPhoto
	for _, p := range mustCorpus(b) {
		if p.name == "fruits" {
			src = p
		}
	}
	return mustJPEG(b, imaging.Resize(src.img, w, h, imaging.Linear), 90)
}

// BenchmarkVet compares vetting a photo with decoding it alone. The ratio
// of the two is the cost of vetting over the unavoidable decode.
func BenchmarkVet(b *testing.B) {
	c := mustChecker(b)
	for _, sz := range [][2]int{{1080, 1440}, {1440, 1920}, {4032, 3024}} {
		data := benchJPEG(b, sz[0], sz[1])
		name := fmt.Sprintf("%dx%d", sz[0], sz[1])
		b.Run(name+"/jpeg.Decode", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/Check", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if res := c.CheckBytes(data); res.Hash.Algo == "" {
					b.Fatalf("got reasons %v, want a decoded photo", res.Reasons)
				}
			}
		})
	}
}

// randomIndex builds an index of n random hashes, with 1,000 owners and
// times over a year.
func randomIndex(n int, seed uint64) *Index {
	r := rand.New(rand.NewPCG(seed, 1))
	owners := make([]string, 1000)
	for i := range owners {
		owners[i] = fmt.Sprintf("o%04d", i)
	}
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	x := NewIndex()
	const batch = 1 << 16
	es := make([]Entry, 0, batch)
	for i := 0; i < n; i++ {
		es = append(es, Entry{ID: "r" + fmt.Sprint(i), Hash: r.Uint64(), Owner: owners[i%len(owners)], At: base.Add(time.Duration(i) * time.Second)})
		if len(es) == batch {
			x.AddAll(es)
			es = es[:0]
		}
	}
	x.AddAll(es)
	return x
}

var (
	bigIndexOnce sync.Once
	bigIndex     *Index
)

// BenchmarkIndexQuery measures a near-duplicate query at the default
// duplicate and burst distances. The 10^7 index is built once, only when
// benchmarks run.
func BenchmarkIndexQuery(b *testing.B) {
	for _, n := range []int{1e4, 1e6, 1e7} {
		var x *Index
		if n == 1e7 {
			bigIndexOnce.Do(func() { bigIndex = randomIndex(1e7, 7) })
			x = bigIndex
		} else {
			x = randomIndex(n, 7)
		}
		for _, d := range []int{16, 22} {
			b.Run(fmt.Sprintf("n=%d/d=%d", n, d), func(b *testing.B) {
				r := rand.New(rand.NewPCG(3, 4))
				b.ReportAllocs()
				for b.Loop() {
					x.Query(r.Uint64(), d)
				}
			})
		}
	}
}

// BenchmarkIndexQueryP99 reports the 99th percentile of single query
// times at 10^6 entries and the default duplicate distance, as p99-ns.
func BenchmarkIndexQueryP99(b *testing.B) {
	x := randomIndex(1e6, 11)
	r := rand.New(rand.NewPCG(5, 6))
	var times []time.Duration
	b.ResetTimer()
	for b.Loop() {
		q := r.Uint64()
		t := time.Now()
		x.Query(q, 16)
		times = append(times, time.Since(t))
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)*99/100].Nanoseconds()), "p99-ns")
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "p50-ns")
}

// BenchmarkIndexBulkLoad measures rebuilding an index of 10^6 entries.
func BenchmarkIndexBulkLoad(b *testing.B) {
	for b.Loop() {
		randomIndex(1e6, 13)
	}
}

// BenchmarkVetPeakMemory vets two photos at the 40 MP cap at once and
// reports the peak heap in use above the heap before they start (other
// benchmarks keep large indexes alive), sampled every millisecond while
// they run, as peak-MiB.
func BenchmarkVetPeakMemory(b *testing.B) {
	c := mustChecker(b)
	data := benchJPEG(b, 7296, 5472) // 39.9 MP
	var peak uint64
	for b.Loop() {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		done := make(chan struct{})
		var sampled sync.WaitGroup
		sampled.Add(1)
		go func() {
			defer sampled.Done()
			var ms runtime.MemStats
			for {
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > before.HeapInuse {
					peak = max(peak, ms.HeapInuse-before.HeapInuse)
				}
				select {
				case <-done:
					return
				case <-time.After(time.Millisecond):
				}
			}
		}()
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				if res := c.CheckBytes(data); res.Hash.Algo == "" {
					b.Errorf("got reasons %v, want a decoded photo", res.Reasons)
				}
			})
		}
		wg.Wait()
		close(done)
		sampled.Wait()
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
}

// BenchmarkIndexStrategy compares the linear scan with the multi-index
// probe at several distances, to tune the cost model in index.go.
func BenchmarkIndexStrategy(b *testing.B) {
	x := randomIndex(1e6, 7)
	for _, d := range []int{8, 11, 12, 16} {
		for _, s := range []struct {
			name string
			scan int
		}{{"linear", scanLinear}, {"mih", scanMIH}} {
			b.Run(fmt.Sprintf("n=1000000/d=%d/%s", d, s.name), func(b *testing.B) {
				x.scan = s.scan
				defer func() { x.scan = 0 }()
				r := rand.New(rand.NewPCG(3, 4))
				for b.Loop() {
					x.Query(r.Uint64(), d)
				}
			})
		}
	}
}
