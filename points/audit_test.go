package points

import (
	"strings"
	"testing"
	"time"
)

// ledger is a small consistent history built with the rules: two awards, a
// posted hold, a voided hold, a pending hold, a reversal and an adjustment.
type ledger struct {
	entries []Entry
	holds   []Hold
}

func buildLedger(t *testing.T) ledger {
	t.Helper()
	var l ledger
	bal := Balances{}
	add := func(e Entry, err error) Entry {
		t.Helper()
		if err != nil {
			t.Fatalf("building ledger: %v", err)
		}
		e.ID = uint64(len(l.entries) + 1)
		l.entries = append(l.entries, e)
		bal.Apply(e)
		return e
	}
	avail := func() int64 { return bal[RiderAccount("r1")] }
	add(Award("report:1", "r1", 5, t0))
	a2 := add(Award("report:2", "r1", 3, t0))
	for i, resolve := range []func(Hold) (Hold, Entry, error){
		func(h Hold) (Hold, Entry, error) { return Post(h, "staff", t0) },
		func(h Hold) (Hold, Entry, error) { return Void(h, "staff", "cancelled", t0) },
		nil,
	} {
		h, e, err := NewHold(uint64(i+1), "r1", 2, avail(), "R", t0, time.Hour)
		add(e, err)
		if resolve != nil {
			var re Entry
			h, re, err = resolve(h)
			add(re, err)
		}
		l.holds = append(l.holds, h)
	}
	add(Reverse(a2, false, avail(), "alice", "fake", t0))
	add(Adjust("r1", 1, avail(), "alice", "bonus", t0))
	return l
}

// run feeds l to a fresh Audit and returns its findings for the stored
// balances (the replayed ones when stored is nil).
func (l ledger) run(stored Balances) []string {
	a := NewAudit()
	for _, e := range l.entries {
		a.Entry(e)
	}
	for _, h := range l.holds {
		a.Hold(h)
	}
	if stored == nil {
		replay := Balances{}
		for _, e := range l.entries {
			replay.Apply(e)
		}
		stored = replay
	}
	return a.Finish(stored)
}

func TestAuditClean(t *testing.T) {
	l := buildLedger(t)
	if problems := l.run(nil); len(problems) != 0 {
		t.Fatalf("Audit of a consistent ledger found %q, want none", problems)
	}
	a := NewAudit()
	for _, e := range l.entries {
		a.Entry(e)
	}
	if got, want := a.Entries(), len(l.entries); got != want {
		t.Fatalf("Entries() = %d, want %d", got, want)
	}
	// 5 + 3 awarded, 2 posted, 3 reversed, 1 adjusted: 4 owned, 2 of them held.
	if got := a.Replayed()[RiderAccount("r1")]; got != 2 {
		t.Fatalf("replayed rider account = %d, want 2", got)
	}
	if got := a.Replayed()[HoldAccount("r1")]; got != 2 {
		t.Fatalf("replayed hold account = %d, want 2", got)
	}
}

func TestAuditFindsViolations(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(l *ledger, stored Balances)
		want   []string // substrings, each must appear in some problem
	}{
		{
			name:   "corrupted stored balance",
			mutate: func(_ *ledger, s Balances) { s[RiderAccount("r1")] += 7; s[Issuance] -= 7 },
			want:   []string{"account rider:r1: stored balance 9, replayed 2"},
		},
		{
			name:   "stored balances do not sum to zero",
			mutate: func(_ *ledger, s Balances) { s[Redeemed]++ },
			want:   []string{"stored balances sum to 1, want 0", "account redeemed"},
		},
		{
			name: "entry debiting an account the store does not know",
			mutate: func(l *ledger, s Balances) {
				l.entries[0].Debit = ""
				s[""] = 0
			},
			want: []string{"account : stored balance 0, replayed -5"},
		},
		{
			name: "hold resolved twice",
			mutate: func(l *ledger, _ Balances) {
				h := l.holds[0]
				_, e, _ := Void(Hold{ID: h.ID, Rider: h.Rider, Amount: h.Amount, State: HoldPending}, "staff", "again", t0)
				e.ID = uint64(len(l.entries) + 1)
				l.entries = append(l.entries, e)
			},
			want: []string{"hold 1 is resolved 2 times", "hold 1 is posted but its resolution entries are [post void]"},
		},
		{
			name: "key credited twice",
			mutate: func(l *ledger, _ Balances) {
				e, _ := Award("report:1", "r1", 5, t0)
				e.ID = uint64(len(l.entries) + 1)
				l.entries = append(l.entries, e)
			},
			want: []string{`idempotency key "report:1" credits twice (entries 1 and 10)`},
		},
		{
			name: "award reversed twice",
			mutate: func(l *ledger, _ Balances) {
				e := l.entries[7]
				e.ID = uint64(len(l.entries) + 1)
				l.entries = append(l.entries, e)
			},
			want: []string{"entry 2 is reversed twice"},
		},
		{
			name: "negative rider account",
			mutate: func(l *ledger, _ Balances) {
				e, _ := Adjust("r2", 1, 0, "alice", "x", t0)
				e.Debit, e.Credit = RiderAccount("r2"), Reversal
				e.ID = uint64(len(l.entries) + 1)
				l.entries = append(l.entries, e)
			},
			want: []string{"account rider:r2 is negative: -1"},
		},
		{
			name:   "entries out of order",
			mutate: func(l *ledger, _ Balances) { l.entries[1].ID, l.entries[2].ID = l.entries[2].ID, l.entries[1].ID },
			want:   []string{"entry 2 is out of order after entry 3"},
		},
		{
			name: "non-positive amount",
			mutate: func(l *ledger, _ Balances) {
				l.entries = append(l.entries, Entry{ID: 99, Kind: KindAdjustment, Debit: Issuance, Credit: Reversal})
			},
			want: []string{"entry 99 has non-positive amount 0"},
		},
		{
			name:   "pending hold with a resolution",
			mutate: func(l *ledger, _ Balances) { l.holds[1].State = HoldPending },
			want:   []string{"hold 2 is pending but has resolution entries [void]"},
		},
		{
			name:   "resolved hold without its entry",
			mutate: func(l *ledger, _ Balances) { l.holds[2].State = HoldPosted },
			want:   []string{"hold 3 is posted but its resolution entries are []"},
		},
		{
			name:   "hold entry for an unknown hold",
			mutate: func(l *ledger, _ Balances) { l.holds = l.holds[:2] },
			want:   []string{"hold entry references unknown hold 3"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := buildLedger(t)
			stored := Balances{}
			for _, e := range l.entries {
				stored.Apply(e)
			}
			tt.mutate(&l, stored)
			problems := l.run(stored)
			for _, w := range tt.want {
				if !containsProblem(problems, w) {
					t.Errorf("problems = %q, want one containing %q", problems, w)
				}
			}
		})
	}
}

func containsProblem(problems []string, want string) bool {
	for _, p := range problems {
		if strings.Contains(p, want) {
			return true
		}
	}
	return false
}
