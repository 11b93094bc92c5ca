package photo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"
)

// near returns h with n distinct bits flipped.
func near(r *rand.Rand, h uint64, n int) uint64 {
	for _, b := range r.Perm(64)[:n] {
		h ^= 1 << uint(b)
	}
	return h
}

func ids(ms []Match) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	slices.Sort(out)
	return out
}

// TestIndexStrategiesAgree checks multi-index hashing against the linear
// scan: every neighbour within d must be found exactly once.
func TestIndexStrategiesAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	x := NewIndex()
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	queries := make([]uint64, 50)
	for i := range queries {
		queries[i] = r.Uint64()
	}
	n := 0
	for _, q := range queries {
		// Planted neighbours at every distance 0–20, plus random noise.
		for d := 0; d <= 20; d++ {
			x.Add(Entry{ID: fmt.Sprint(n), Hash: near(r, q, d), Owner: "o", At: base.Add(time.Duration(n) * time.Second)})
			n++
		}
	}
	for i := 0; i < 20000; i++ {
		x.Add(Entry{ID: fmt.Sprint(n), Hash: r.Uint64(), Owner: "o", At: base})
		n++
	}
	for _, d := range []int{0, 3, 7, 8, 11, 12, 16} {
		for qi, q := range queries {
			x.scan = scanLinear
			want := x.Query(q, d)
			x.scan = scanMIH
			got := x.Query(q, d)
			x.scan = 0
			if !slices.Equal(ids(got), ids(want)) {
				t.Fatalf("d=%d query %d: got %v, want %v", d, qi, ids(got), ids(want))
			}
			if len(want) < d+1 {
				t.Fatalf("d=%d query %d: got %d matches, want at least the %d planted", d, qi, len(want), d+1)
			}
			for i, m := range got {
				if m.Distance != Distance(m.Hash, q) || m.Distance > d || i > 0 && got[i-1].Distance > m.Distance {
					t.Fatalf("d=%d: match %d has distance %d, want sorted, exact and ≤ %d", d, i, m.Distance, d)
				}
			}
		}
	}
}

func TestIndexSinceOwnerExact(t *testing.T) {
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	sha := func(c byte) string { return string(slices.Repeat([]byte{c}, 64)) }
	x := NewIndex()
	x.AddAll([]Entry{
		{ID: "old", SHA256: sha('a'), Hash: 0xff, Owner: "alice", At: base},
		{ID: "new", SHA256: sha('b'), Hash: 0xfe, Owner: "bob", At: base.Add(time.Hour)},
		{ID: "alice2", Hash: 0xfc, Owner: "alice", At: base.Add(2 * time.Hour)},
	})
	tests := []struct {
		name string
		got  []Match
		want []string
	}{
		{"all", x.Query(0xff, 2), []string{"alice2", "new", "old"}},
		{"since", x.QuerySince(0xff, 2, base.Add(30*time.Minute)), []string{"alice2", "new"}},
		{"owner", x.QueryOwner(0xff, 2, "alice", time.Time{}), []string{"alice2", "old"}},
		{"owner since", x.QueryOwner(0xff, 2, "alice", base.Add(time.Minute)), []string{"alice2"}},
		{"unknown owner", x.QueryOwner(0xff, 2, "carol", time.Time{}), []string{}},
		{"negative distance", x.Query(0xff, -1), []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ids(tc.got); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	if e, ok := x.Exact(sha('b')); !ok || e.ID != "new" || e.Owner != "bob" || !e.At.Equal(base.Add(time.Hour)) {
		t.Errorf("Exact: got %+v %v, want entry new", e, ok)
	}
	if _, ok := x.Exact(sha('c')); ok {
		t.Error("Exact of an unknown sha: got a match, want none")
	}
	if got := x.Len(); got != 3 {
		t.Errorf("Len: got %d, want 3", got)
	}
}

func TestIndexConcurrent(t *testing.T) {
	x := NewIndex()
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(g), 9))
			for i := 0; i < 500; i++ {
				h := r.Uint64()
				x.Add(Entry{ID: fmt.Sprint(g, i), Hash: h, Owner: fmt.Sprint(g), At: time.Unix(int64(i), 0)})
				if ms := x.Query(h, 0); len(ms) == 0 {
					t.Errorf("got no match for a hash just added, want one")
					return
				}
			}
		})
	}
	wg.Wait()
	if got := x.Len(); got != 2000 {
		t.Errorf("Len: got %d, want 2000", got)
	}
}

// TestIndexBulkLoad checks that rebuilding at start is fast. The limit is
// generous for a loaded CI machine under -race.
func TestIndexBulkLoad(t *testing.T) {
	n := 200_000
	if testing.Short() {
		n = 50_000
	}
	start := time.Now()
	x := randomIndex(n, 3)
	if got := x.Len(); got != n {
		t.Fatalf("Len: got %d, want %d", got, n)
	}
	if el := time.Since(start); el > 20*time.Second {
		t.Errorf("loading %d entries took %v, want well under 20s", n, el)
	}
}
