package points

import (
	"fmt"
	"sort"
)

// Audit replays entries and compares the result with stored state. Feed it
// every entry in id order with Entry and every stored hold with Hold, then
// call Finish with the stored balances. It holds no I/O.
type Audit struct {
	replayed    Balances
	keys        map[string]uint64
	reversed    map[uint64]uint64
	resolutions map[uint64][]Kind
	holdEntries map[uint64]int
	holds       map[uint64]Hold
	lastID      uint64
	entries     int
	problems    []string
}

// NewAudit returns an empty Audit.
func NewAudit() *Audit {
	return &Audit{
		replayed:    Balances{},
		keys:        map[string]uint64{},
		reversed:    map[uint64]uint64{},
		resolutions: map[uint64][]Kind{},
		holdEntries: map[uint64]int{},
		holds:       map[uint64]Hold{},
	}
}

func (a *Audit) fail(format string, args ...any) {
	a.problems = append(a.problems, fmt.Sprintf(format, args...))
}

// Entry replays one entry.
func (a *Audit) Entry(e Entry) {
	a.entries++
	if e.ID <= a.lastID {
		a.fail("entry %d is out of order after entry %d", e.ID, a.lastID)
	}
	a.lastID = e.ID
	if e.Amount <= 0 {
		a.fail("entry %d has non-positive amount %d", e.ID, e.Amount)
	}
	a.replayed.Apply(e)
	switch e.Kind {
	case KindAward:
		if prev, dup := a.keys[e.Key]; dup {
			a.fail("idempotency key %q credits twice (entries %d and %d)", e.Key, prev, e.ID)
		}
		a.keys[e.Key] = e.ID
	case KindReversal:
		if prev, dup := a.reversed[e.Ref]; dup {
			a.fail("entry %d is reversed twice (entries %d and %d)", e.Ref, prev, e.ID)
		}
		a.reversed[e.Ref] = e.ID
	case KindHold:
		a.holdEntries[e.HoldID]++
	case KindPost, KindVoid, KindExpire:
		a.resolutions[e.HoldID] = append(a.resolutions[e.HoldID], e.Kind)
	}
}

// Hold records one stored hold.
func (a *Audit) Hold(h Hold) { a.holds[h.ID] = h }

// Finish compares the replay with the stored balances and returns every
// violated invariant, or nil.
func (a *Audit) Finish(stored Balances) []string {
	if s := a.replayed.Sum(); s != 0 {
		a.fail("replayed balances sum to %d, want 0", s)
	}
	if s := stored.Sum(); s != 0 {
		a.fail("stored balances sum to %d, want 0", s)
	}
	for _, acct := range unionAccounts(a.replayed, stored) {
		if got, want := stored[acct], a.replayed[acct]; got != want {
			a.fail("account %s: stored balance %d, replayed %d", acct, got, want)
		}
		if acct.MustStayNonNegative() && a.replayed[acct] < 0 {
			a.fail("account %s is negative: %d", acct, a.replayed[acct])
		}
	}
	for id, kinds := range a.resolutions {
		if len(kinds) > 1 {
			a.fail("hold %d is resolved %d times: %v", id, len(kinds), kinds)
		}
	}
	for id, h := range a.holds {
		kinds := a.resolutions[id]
		if a.holdEntries[id] != 1 {
			a.fail("hold %d has %d hold entries, want 1", id, a.holdEntries[id])
		}
		want := map[HoldState]Kind{HoldPosted: KindPost, HoldVoided: KindVoid, HoldExpired: KindExpire}[h.State]
		switch {
		case h.State == HoldPending && len(kinds) != 0:
			a.fail("hold %d is pending but has resolution entries %v", id, kinds)
		case h.State != HoldPending && (len(kinds) != 1 || kinds[0] != want):
			a.fail("hold %d is %s but its resolution entries are %v", id, h.State, kinds)
		}
	}
	for id := range a.holdEntries {
		if _, ok := a.holds[id]; !ok {
			a.fail("hold entry references unknown hold %d", id)
		}
	}
	return a.problems
}

// Entries returns how many entries were replayed.
func (a *Audit) Entries() int { return a.entries }

// Replayed returns the balances computed from the entries.
func (a *Audit) Replayed() Balances { return a.replayed }

func unionAccounts(x, y Balances) []Account {
	seen := map[Account]bool{}
	var out []Account
	for _, m := range []Balances{x, y} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
