package photo

import (
	"slices"
	"testing"
	"time"
)

func TestClassify(t *testing.T) {
	base := time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
	p := Policy{DuplicateDistance: 16, BurstDistance: 22, BurstWindow: 2 * time.Minute}
	shaA := string(slices.Repeat([]byte{'a'}, 64))
	shaX := string(slices.Repeat([]byte{'9'}, 64))
	const h = uint64(0x0123_4567_89ab_cdef)
	flip := func(n int) uint64 { return h ^ (1<<uint(n) - 1) } // n low bits flipped
	idx := func() *Index {
		x := NewIndex()
		x.Add(Entry{ID: "orig", SHA256: shaA, Hash: h, Owner: "alice", At: base})
		return x
	}
	tests := []struct {
		name     string
		sha      string
		hash     uint64
		owner    string
		at       time.Time
		policy   Policy
		want     Kind
		wantOf   string
		wantDist int
	}{
		{"exact resend by another rider", shaA, h, "bob", base.Add(time.Hour), p, KindExact, "orig", 0},
		{"exact resend by the same rider in the burst window", shaA, h, "alice", base.Add(time.Second), p, KindExact, "orig", 0},
		{"edited copy by another rider", shaX, flip(10), "bob", base.Add(time.Minute), p, KindNear, "orig", 10},
		{"edited copy a year later", shaX, flip(16), "bob", base.AddDate(1, 0, 0), p, KindNear, "orig", 16},
		{"copy outside the duplicate window", shaX, flip(10), "bob", base.AddDate(1, 0, 0), Policy{DuplicateDistance: 16, DuplicateWindow: 24 * time.Hour}, KindNew, "", 0},
		{"burst shot by the same rider", shaX, flip(20), "alice", base.Add(90 * time.Second), p, KindBurst, "orig", 20},
		{"close shot by the same rider counts as burst", shaX, flip(4), "alice", base.Add(30 * time.Second), p, KindBurst, "orig", 4},
		{"same rider after the burst window, similar scene", shaX, flip(20), "alice", base.Add(3 * time.Minute), p, KindNew, "", 0},
		{"same rider after the burst window, copy", shaX, flip(8), "alice", base.Add(3 * time.Minute), p, KindNear, "orig", 8},
		{"similar scene by another rider", shaX, flip(20), "bob", base.Add(30 * time.Second), p, KindNew, "", 0},
		{"burst grouping off", shaX, flip(20), "alice", base.Add(30 * time.Second), Policy{DuplicateDistance: 16, BurstDistance: 22}, KindNew, "", 0},
		{"different photo", shaX, ^h, "alice", base.Add(time.Second), p, KindNew, "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := Classify(idx(), tc.sha, tc.hash, tc.owner, tc.at, tc.policy)
			if v.Kind != tc.want || v.Of.ID != tc.wantOf || v.Distance != tc.wantDist {
				t.Errorf("got %s of %q at %d, want %s of %q at %d", v.Kind, v.Of.ID, v.Distance, tc.want, tc.wantOf, tc.wantDist)
			}
			if tc.want != KindNew && !v.Of.At.Equal(base) {
				t.Errorf("got original at %v, want %v", v.Of.At, base)
			}
		})
	}
}

func TestClassifyNamesTheOriginal(t *testing.T) {
	base := time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
	x := NewIndex()
	x.Add(Entry{ID: "first", Hash: 0b1111, Owner: "a", At: base})
	x.Add(Entry{ID: "copy", Hash: 0b0000, Owner: "b", At: base.Add(time.Hour)})
	v := Classify(x, "", 0b0000, "c", base.Add(2*time.Hour), Policy{DuplicateDistance: 8})
	if v.Kind != KindNear || v.Of.ID != "first" || v.Reason() != ReasonDuplicate {
		t.Errorf("got %s of %q (%q), want near_duplicate of %q (duplicate)", v.Kind, v.Of.ID, v.Reason(), "first")
	}
}

// TestCorpusEditsClassified runs the whole pipeline on the corpus: each
// original is stored, then every edited copy sent by another rider must be
// classified as a duplicate of it, and no original as a duplicate of
// another.
func TestCorpusEditsClassified(t *testing.T) {
	c := mustChecker(t)
	p := PolicyFrom(c.Config())
	base := time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
	x := NewIndex()
	corpus := mustCorpus(t)
	for i, ph := range corpus {
		res := c.CheckBytes(ph.data)
		at := base.Add(time.Duration(i) * time.Hour)
		v := Classify(x, res.SHA256, res.Hash.Value, "rider"+ph.name, at, p)
		sameScenePrior := false
		for _, prev := range corpus[:i] {
			sameScenePrior = sameScenePrior || isSameScene(prev.name, ph.name)
		}
		if v.Kind != KindNew && !sameScenePrior {
			t.Errorf("%s: got %s of %s, want new", ph.name, v.Kind, v.Of.ID)
		}
		x.Add(Entry{ID: ph.name, SHA256: res.SHA256, Hash: res.Hash.Value, Owner: "rider" + ph.name, At: at})
	}
	hs := mustHashes(t)[HashAlgo]
	for _, ph := range corpus {
		for _, e := range hs.edits[ph.name] {
			v := Classify(x, "", e.hash, "copier", base.AddDate(0, 1, 0), p)
			if v.Kind != KindNear || v.Of.ID != ph.name && !isSameScene(v.Of.ID, ph.name) {
				t.Errorf("%s/%s: got %s of %q, want near_duplicate of %s", ph.name, e.name, v.Kind, v.Of.ID, ph.name)
			}
		}
	}
}
