package photo

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
)

// hashSet is every corpus photo's and every edit's hash under one
// algorithm.
type hashSet struct {
	orig  map[string]uint64
	edits map[string][]editHash // by corpus name
}

type editHash struct {
	kind, name string
	hash       uint64
}

var hashAlgos = map[string]func([]uint8, int, int) uint64{
	AlgoPHash: func(y []uint8, w, h int) uint64 { return hashLuma(y, w, h, pHash) },
	AlgoDHash: func(y []uint8, w, h int) uint64 { return hashLuma(y, w, h, dHash) },
}

// raceEditPhotos are the corpus photos whose edits are tested under
// -race: those with the largest edit distances and the closest distinct
// pair, in both formats.
var raceEditPhotos = map[string]bool{
	"baboon": true, "ela_original": true, "orange": true, "text_motion": true,
	"butterfly": true, "smarties": true, "left01": true,
}

var (
	hashesOnce sync.Once
	hashesBy   map[string]hashSet
)

// mustHashes hashes the corpus and its edits with every algorithm, once.
func mustHashes(tb testing.TB) map[string]hashSet {
	tb.Helper()
	corpus := mustCorpus(tb)
	hashesOnce.Do(func() {
		hashesBy = map[string]hashSet{}
		for algo := range hashAlgos {
			hashesBy[algo] = hashSet{orig: map[string]uint64{}, edits: map[string][]editHash{}}
		}
		var mu sync.Mutex
		var wg sync.WaitGroup
		sem := make(chan struct{}, 2)
		for _, p := range corpus {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				work := mustWork(tb, p.data)
				var edits []edit
				if !raceEnabled || raceEditPhotos[p.name] {
					edits = mustEdits(tb, p)
				}
				works := make([]*planes, len(edits))
				for i, e := range edits {
					works[i] = mustWork(tb, e.data)
				}
				mu.Lock()
				defer mu.Unlock()
				for algo, f := range hashAlgos {
					hs := hashesBy[algo]
					hs.orig[p.name] = f(work.y, work.w, work.h)
					for i, e := range edits {
						hs.edits[p.name] = append(hs.edits[p.name], editHash{e.kind, e.name, f(works[i].y, works[i].w, works[i].h)})
					}
				}
			}()
		}
		wg.Wait()
	})
	return hashesBy
}

func TestPHashKnownValues(t *testing.T) {
	flat := make([]uint8, 64*64)
	for i := range flat {
		flat[i] = 100
	}
	if got := Distance(pHash(flat, 64, 64), pHash(flat, 64, 64)); got != 0 {
		t.Errorf("distance of a hash to itself: got %d, want 0", got)
	}
	// A left-to-right ramp and its mirror differ in the odd horizontal
	// frequencies, which are a quarter of the 8×8 block.
	ramp, mirror := make([]uint8, 64*64), make([]uint8, 64*64)
	for y := 0; y < 64; y++ {
		for x := 0; x < 64; x++ {
			ramp[y*64+x] = uint8(x * 4)
			mirror[y*64+x] = uint8((63 - x) * 4)
		}
	}
	if got := Distance(pHash(ramp, 64, 64), pHash(mirror, 64, 64)); got < 4 {
		t.Errorf("distance between a ramp and its mirror: got %d, want at least 4", got)
	}
}

func TestFingerprintJSON(t *testing.T) {
	f := NewFingerprint(0x8000_0000_0000_00ff)
	data, err := f.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(data), `{"algo":"phash","version":1,"value":"80000000000000ff"}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	var back Fingerprint
	if err := back.UnmarshalJSON(data); err != nil {
		t.Fatal(err)
	}
	if back != f {
		t.Errorf("round trip: got %+v, want %+v", back, f)
	}
	if err := back.UnmarshalJSON([]byte(`{"algo":"phash","version":1,"value":"12"}`)); err == nil {
		t.Error("short hex: got nil error, want one")
	}
}

// TestHashSeparation measures both candidate algorithms on the corpus:
// the largest distance between a photo and one of its edits, the smallest
// distance between two distinct photos, and the burst pairs. It fails if
// the production algorithm does not separate the two at the default
// duplicate distance. Run with -v to see the figures in PHOTO_CHECKS.md.
func TestHashSeparation(t *testing.T) {
	d := mustChecker(t).cfg.DuplicateDistance
	for _, algo := range []string{AlgoPHash, AlgoDHash} {
		hs := mustHashes(t)[algo]
		names := make([]string, 0, len(hs.orig))
		for n := range hs.orig {
			names = append(names, n)
		}
		slices.Sort(names)
		maxByKind := map[string]int{}
		missByKind := map[string]int{}
		countByKind := map[string]int{}
		var worst []string
		for _, n := range names {
			for _, e := range hs.edits[n] {
				dist := Distance(hs.orig[n], e.hash)
				countByKind[e.kind]++
				if dist > maxByKind[e.kind] {
					maxByKind[e.kind] = dist
				}
				if dist > d {
					missByKind[e.kind]++
					worst = append(worst, fmt.Sprintf("%s/%s=%d", n, e.name, dist))
				}
			}
		}
		minDistinct, fp := 64, 0
		var hist [65]int
		var closest string
		for i, a := range names {
			for _, b := range names[i+1:] {
				dist := Distance(hs.orig[a], hs.orig[b])
				if isSameScene(a, b) {
					t.Logf("%s same scene %s/%s: %d", algo, a, b, dist)
					continue
				}
				hist[dist]++
				if dist < minDistinct {
					minDistinct, closest = dist, a+"/"+b
				}
				if dist <= d {
					fp++
				}
			}
		}
		var kinds []string
		for k := range countByKind {
			kinds = append(kinds, fmt.Sprintf("%s max %d miss %d/%d", k, maxByKind[k], missByKind[k], countByKind[k]))
		}
		slices.Sort(kinds)
		t.Logf("%s edits: %s", algo, strings.Join(kinds, "; "))
		t.Logf("%s distinct pairs: min %d (%s), pairs ≤ %d: %d", algo, minDistinct, closest, d, fp)
		t.Logf("%s misses: %v", algo, worst)
		t.Logf("%s distinct-pair distance histogram (distance:count): %v", algo, histString(hist[:]))
		if algo == HashAlgo {
			if len(worst) > 0 {
				t.Errorf("%s: %d edits beyond distance %d: %v", algo, len(worst), d, worst)
			}
			if fp > 0 {
				t.Errorf("%s: got %d distinct pairs within distance %d, want 0", algo, fp, d)
			}
		}
	}
}

func histString(h []int) string {
	var parts []string
	for d, n := range h {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d:%d", d, n))
		}
	}
	return strings.Join(parts, " ")
}
