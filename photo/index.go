package photo

import (
	"encoding/hex"
	"math/bits"
	"slices"
	"sync"
	"time"
)

// Entry is one stored photo's fingerprint, as the index keeps it.
type Entry struct {
	// ID identifies the photo to the caller, e.g. a report id.
	ID string
	// SHA256 is the hex SHA-256 of the file; optional, for exact matches.
	SHA256 string
	// Hash is the perceptual hash value (Fingerprint.Value of the current
	// algorithm).
	Hash uint64
	// Owner is the rider's openid.
	Owner string
	// At is when the photo was received.
	At time.Time
}

// Match is an entry found by a query, with its distance from the query.
type Match struct {
	Entry
	Distance int
}

// Multi-index hashing: the 64-bit hash is split into chunks of chunkBits,
// each indexed in its own table. If two hashes are within distance d, then
// by the pigeonhole principle at least one chunk is within d/chunks of the
// query's chunk, so probing every chunk value within that radius finds
// every neighbour.
const (
	chunks    = 4
	chunkBits = 64 / chunks
	chunkVals = 1 << chunkBits
)

// Index is an in-memory near-duplicate index of perceptual hashes, with a
// map of SHA-256s for exact matches. It is safe for concurrent use. Entries
// are never removed: hashes are kept after originals expire.
type Index struct {
	mu     sync.RWMutex
	hashes []uint64
	ats    []int64 // unix nanoseconds
	ids    []string
	owners []uint32 // index into ownerNames
	// ownerIDs interns owners: a city has far fewer riders than photos.
	ownerIDs   map[string]uint32
	ownerNames []string
	// tables[c][v] holds the entries whose chunk c is v, with their
	// hashes inline so a probe reads each bucket sequentially.
	tables [chunks][][]slot
	// byOwner lists each owner's entry positions in insertion order.
	byOwner [][]uint32
	sha     map[[32]byte]uint32
	// scan forces a strategy, for tests and benchmarks: 0 chooses by cost,
	// scanLinear or scanMIH force one.
	scan int
}

const (
	scanLinear = 1
	scanMIH    = 2
)

// slot is one entry in a chunk table.
type slot struct {
	hash uint64
	pos  uint32
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	x := &Index{ownerIDs: map[string]uint32{}, sha: map[[32]byte]uint32{}}
	for c := range x.tables {
		x.tables[c] = make([][]slot, chunkVals)
	}
	return x
}

// Len returns the number of entries.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.hashes)
}

// Add stores e. It does not check for an earlier entry with the same ID.
// An SHA256 that is not 64 hex digits is ignored for exact matching.
func (x *Index) Add(e Entry) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.add(e)
}

// AddAll stores every entry under one lock, for rebuilding at start.
func (x *Index) AddAll(es []Entry) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.hashes = slices.Grow(x.hashes, len(es))
	x.ats = slices.Grow(x.ats, len(es))
	x.ids = slices.Grow(x.ids, len(es))
	x.owners = slices.Grow(x.owners, len(es))
	for _, e := range es {
		x.add(e)
	}
}

func (x *Index) add(e Entry) {
	pos := uint32(len(x.hashes))
	owner, ok := x.ownerIDs[e.Owner]
	if !ok {
		owner = uint32(len(x.ownerNames))
		x.ownerIDs[e.Owner] = owner
		x.ownerNames = append(x.ownerNames, e.Owner)
		x.byOwner = append(x.byOwner, nil)
	}
	x.byOwner[owner] = append(x.byOwner[owner], pos)
	x.hashes = append(x.hashes, e.Hash)
	x.ats = append(x.ats, e.At.UnixNano())
	x.ids = append(x.ids, e.ID)
	x.owners = append(x.owners, owner)
	for c := 0; c < chunks; c++ {
		v := chunkOf(e.Hash, c)
		x.tables[c][v] = append(x.tables[c][v], slot{e.Hash, pos})
	}
	if k, ok := shaKey(e.SHA256); ok {
		if _, dup := x.sha[k]; !dup {
			x.sha[k] = pos
		}
	}
}

func chunkOf(h uint64, c int) uint32 {
	return uint32(h>>(uint(c)*chunkBits)) & (chunkVals - 1)
}

func shaKey(s string) (k [32]byte, ok bool) {
	if len(s) != 64 {
		return k, false
	}
	if _, err := hex.Decode(k[:], []byte(s)); err != nil {
		return k, false
	}
	return k, true
}

// entry rebuilds the Entry at pos. The caller holds the lock.
func (x *Index) entry(pos uint32) Entry {
	return Entry{
		ID:    x.ids[pos],
		Hash:  x.hashes[pos],
		Owner: x.ownerNames[x.owners[pos]],
		At:    time.Unix(0, x.ats[pos]),
	}
}

// Exact returns the first entry added with the given hex SHA-256, if any.
func (x *Index) Exact(sha string) (Entry, bool) {
	k, ok := shaKey(sha)
	if !ok {
		return Entry{}, false
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	pos, ok := x.sha[k]
	if !ok {
		return Entry{}, false
	}
	e := x.entry(pos)
	e.SHA256 = sha
	return e, true
}

// Query returns every entry within maxDist of hash, nearest first (ties:
// earliest first). A negative maxDist matches nothing.
func (x *Index) Query(hash uint64, maxDist int) []Match {
	return x.QuerySince(hash, maxDist, time.Time{})
}

// QuerySince is Query restricted to entries with At not before since; a
// zero since means no restriction.
func (x *Index) QuerySince(hash uint64, maxDist int, since time.Time) []Match {
	if maxDist < 0 {
		return nil
	}
	maxDist = min(maxDist, 64)
	var after int64 = -1 << 63
	if !since.IsZero() {
		after = since.UnixNano()
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	var found []uint32
	radius := maxDist / chunks
	linear := x.probeCost(radius) >= len(x.hashes)
	if x.scan != 0 {
		linear = x.scan == scanLinear
	}
	if linear {
		for pos, h := range x.hashes {
			if bits.OnesCount64(h^hash) <= maxDist && x.ats[pos] >= after {
				found = append(found, uint32(pos))
			}
		}
	} else {
		x.probe(hash, radius, func(pos uint32, h uint64) {
			if bits.OnesCount64(h^hash) <= maxDist && x.ats[pos] >= after {
				found = append(found, pos)
			}
		})
	}
	return x.matches(hash, found)
}

// QueryOwner is QuerySince restricted to one owner's entries. It reads
// only that owner's entries from since on, so it is cheap for a burst
// window whatever the index size.
func (x *Index) QueryOwner(hash uint64, maxDist int, owner string, since time.Time) []Match {
	if maxDist < 0 {
		return nil
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	o, ok := x.ownerIDs[owner]
	if !ok {
		return nil
	}
	after := since.UnixNano()
	if since.IsZero() {
		after = -1 << 63
	}
	var found []uint32
	ps := x.byOwner[o]
	// Entries are usually added in time order: walk back from the newest
	// and stop after a run of older ones.
	older := 0
	for i := len(ps) - 1; i >= 0 && older < 64; i-- {
		pos := ps[i]
		if x.ats[pos] < after {
			older++
			continue
		}
		if bits.OnesCount64(x.hashes[pos]^hash) <= maxDist {
			found = append(found, pos)
		}
	}
	return x.matches(hash, found)
}

// matches builds sorted matches for positions. The caller holds the lock.
func (x *Index) matches(hash uint64, found []uint32) []Match {
	ms := make([]Match, len(found))
	for i, pos := range found {
		ms[i] = Match{Entry: x.entry(pos), Distance: bits.OnesCount64(x.hashes[pos] ^ hash)}
	}
	slices.SortFunc(ms, func(a, b Match) int {
		if a.Distance != b.Distance {
			return a.Distance - b.Distance
		}
		return a.At.Compare(b.At)
	})
	return ms
}

// Relative costs, in units of one linear-scan entry (one XOR and
// popcount over a contiguous slice, ~0.5 ns), measured with
// BenchmarkIndexStrategy: a bucket probe ~100, a candidate in a bucket ~40
// (the probe's callbacks and dedup check). With 16-bit chunks the probe
// wins at 10^6 entries up to radius 2 (d ≤ 11) and loses from radius 3.
const (
	costProbe     = 100
	costCandidate = 40
	costLinear    = 1
)

// probeCost estimates the cost of a multi-index probe at radius in units
// of one linear-scan entry; the caller compares it with len(x.hashes).
// The caller holds the lock.
func (x *Index) probeCost(radius int) int {
	probes := 0
	for k := 0; k <= radius; k++ {
		probes += binomial(chunkBits, k)
	}
	probes *= chunks
	return (probes*costProbe + probes*len(x.hashes)/chunkVals*costCandidate) / costLinear
}

func binomial(n, k int) int {
	r := 1
	for i := 0; i < k; i++ {
		r = r * (n - i) / (i + 1)
	}
	return r
}

// probe calls visit once for every entry having some chunk within radius
// of hash's chunk. An entry found through an earlier chunk is skipped in
// later ones, so each is visited once. The caller holds the lock.
func (x *Index) probe(hash uint64, radius int, visit func(pos uint32, h uint64)) {
	for c := 0; c < chunks; c++ {
		q := chunkOf(hash, c)
		forEachWithin(q, radius, func(v uint32) {
			for _, sl := range x.tables[c][v] {
				if c > 0 && foundEarlier(sl.hash, hash, c, radius) {
					continue
				}
				visit(sl.pos, sl.hash)
			}
		})
	}
}

// foundEarlier reports whether h has a chunk before c within radius of
// the query's, and so was already visited.
func foundEarlier(h, q uint64, c, radius int) bool {
	for e := 0; e < c; e++ {
		if bits.OnesCount32(chunkOf(h, e)^chunkOf(q, e)) <= radius {
			return true
		}
	}
	return false
}

// forEachWithin calls f with every chunkBits-bit value within radius of q.
func forEachWithin(q uint32, radius int, f func(uint32)) {
	var rec func(v uint32, from, left int)
	rec = func(v uint32, from, left int) {
		f(v)
		if left == 0 {
			return
		}
		for b := from; b < chunkBits; b++ {
			rec(v^1<<uint(b), b+1, left-1)
		}
	}
	rec(q, 0, radius)
}
