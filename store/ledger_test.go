package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"gridbot/internal/testkit"
	"gridbot/points"
)

// fastCommit keeps single-caller tests quick: one lone writer otherwise waits
// bbolt's whole 10 ms batch delay.
func fastCommit(clock *testkit.Clock) Options {
	o := Options{BatchDelay: 200 * time.Microsecond}
	if clock != nil {
		o.Now = clock.Now
	}
	return o
}

func mustAward(tb testing.TB, db *DB, key, rider string, amount int64) points.Entry {
	tb.Helper()
	e, _, err := db.Award(context.Background(), key, rider, amount)
	if err != nil {
		tb.Fatalf("Award(%s, %s, %d): %v", key, rider, amount, err)
	}
	return e
}

func wantBalance(tb testing.TB, db *DB, rider string, want points.RiderBalance) {
	tb.Helper()
	got, err := db.Balance(rider)
	if err != nil {
		tb.Fatalf("Balance(%s): %v", rider, err)
	}
	if got != want {
		tb.Fatalf("Balance(%s) = %+v, want %+v", rider, got, want)
	}
}

func TestAwardIdempotent(t *testing.T) {
	ctx := context.Background()
	db := mustOpenStore(t, fastCommit(nil))
	first, created, err := db.Award(ctx, "report:1", "r1", 2)
	if err != nil || !created {
		t.Fatalf("first Award = created %v, err %v, want created, nil", created, err)
	}
	// The repeat asks for a different amount and rider: the first entry wins.
	again, created, err := db.Award(ctx, "report:1", "r2", 9)
	if err != nil || created {
		t.Fatalf("repeated Award = created %v, err %v, want not created, nil", created, err)
	}
	if again.ID != first.ID || again.Amount != 2 || again.Rider != "r1" {
		t.Fatalf("repeated Award = %+v, want the first entry %+v", again, first)
	}
	wantBalance(t, db, "r1", points.RiderBalance{Balance: 2, Available: 2})
	wantBalance(t, db, "r2", points.RiderBalance{})
}

func TestLedgerErrors(t *testing.T) {
	ctx := context.Background()
	clock := testkit.NewClock(time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC))
	db := mustOpenStore(t, fastCommit(clock))
	mustAward(t, db, "report:1", "r1", 10)
	posted, err := db.Hold(ctx, "r1", 2, "R1", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.PostHold(ctx, posted.ID, "staff"); err != nil {
		t.Fatal(err)
	}
	late, err := db.Hold(ctx, "r1", 1, "R2", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	early, err := db.Hold(ctx, "r1", 1, "R3", 2*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute) // late is now due, early is not

	tests := []struct {
		name string
		op   func() error
		want error
	}{
		{"award zero", func() error { _, _, err := db.Award(ctx, "k", "r1", 0); return err }, points.ErrInvalidAmount},
		{"award no rider", func() error { _, _, err := db.Award(ctx, "k", "", 1); return err }, points.ErrInvalidRider},
		{"hold too much", func() error { _, err := db.Hold(ctx, "r1", 7, "R", time.Hour); return err }, points.ErrInsufficientPoints},
		{"hold unknown rider", func() error { _, err := db.Hold(ctx, "nobody", 1, "R", time.Hour); return err }, points.ErrInsufficientPoints},
		{"post twice", func() error { _, err := db.PostHold(ctx, posted.ID, "staff"); return err }, points.ErrHoldResolved},
		{"void posted", func() error { _, err := db.VoidHold(ctx, posted.ID, "staff", "x"); return err }, points.ErrHoldResolved},
		{"post late", func() error { _, err := db.PostHold(ctx, late.ID, "staff"); return err }, points.ErrHoldExpired},
		{"expire early", func() error { _, err := db.ExpireHold(ctx, early.ID); return err }, points.ErrHoldNotExpired},
		{"post unknown", func() error { _, err := db.PostHold(ctx, 999, "staff"); return err }, points.ErrHoldNotFound},
		{"reverse unknown", func() error { _, err := db.Reverse(ctx, "nope", "alice", "x"); return err }, ErrNotFound},
		{"reverse no reason", func() error { _, err := db.Reverse(ctx, "report:1", "alice", ""); return err }, points.ErrReasonRequired},
		{"reverse spent", func() error { _, err := db.Reverse(ctx, "report:1", "alice", "fake"); return err }, points.ErrInsufficientPoints},
		{"adjust no reason", func() error { _, err := db.Adjust(ctx, "r1", 1, "alice", ""); return err }, points.ErrReasonRequired},
		{"adjust zero", func() error { _, err := db.Adjust(ctx, "r1", 0, "alice", "x"); return err }, points.ErrInvalidAmount},
		{"adjust below zero", func() error { _, err := db.Adjust(ctx, "r1", -7, "alice", "x"); return err }, points.ErrInsufficientPoints},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.op(); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			// A rejected operation changes nothing.
			wantBalance(t, db, "r1", points.RiderBalance{Balance: 8, Available: 6, Held: 2})
		})
	}

	if h, err := db.ExpireHold(ctx, late.ID); err != nil || h.State != points.HoldExpired {
		t.Fatalf("ExpireHold(late) = %s, %v, want expired, nil", h.State, err)
	}
	if h, err := db.VoidHold(ctx, early.ID, "staff", "cancelled"); err != nil || h.State != points.HoldVoided {
		t.Fatalf("VoidHold(early) = %s, %v, want voided, nil", h.State, err)
	}
	if _, err := db.ExpireHold(ctx, late.ID); !errors.Is(err, points.ErrHoldResolved) {
		t.Fatalf("second ExpireHold err = %v, want %v", err, points.ErrHoldResolved)
	}
	wantBalance(t, db, "r1", points.RiderBalance{Balance: 8, Available: 8})
	if _, err := db.Adjust(ctx, "r1", -1, "alice", "typo"); err != nil {
		t.Fatal(err)
	}
	var se *points.ShortError
	if _, err := db.Reverse(ctx, "report:1", "alice", "fake"); !errors.As(err, &se) || se.Missing() != 3 {
		t.Fatalf("Reverse with 7 of 10 left: err = %v, want a ShortError missing 3", err)
	}
	mustAward(t, db, "report:2", "r1", 3)
	if e, err := db.Reverse(ctx, "report:2", "alice", "fake"); err != nil || e.Amount != 3 || e.Kind != points.KindReversal {
		t.Fatalf("Reverse(report:2) = %+v, %v, want a reversal of 3", e, err)
	}
	if _, err := db.Reverse(ctx, "report:2", "alice", "fake"); !errors.Is(err, points.ErrNotReversible) {
		t.Fatalf("second Reverse err = %v, want %v", err, points.ErrNotReversible)
	}
	wantBalance(t, db, "r1", points.RiderBalance{Balance: 7, Available: 7})
	due, err := db.DueHolds(clock.Now())
	if err != nil || len(due) != 0 {
		t.Fatalf("DueHolds = %v, %v, want none", due, err)
	}
}

func TestRiderEntries(t *testing.T) {
	db := mustOpenStore(t, fastCommit(nil))
	// "r1" is a prefix of "r10": their index keys must not mix.
	for i, rider := range []string{"r1", "r10", "r1", "r", "r1"} {
		mustAward(t, db, fmt.Sprintf("k%d", i), rider, int64(i+1))
	}
	tests := []struct {
		rider string
		limit int
		want  []int64 // amounts, newest first
	}{
		{"r1", 0, []int64{5, 3, 1}},
		{"r1", 2, []int64{5, 3}},
		{"r10", 0, []int64{2}},
		{"r", 0, []int64{4}},
		{"nobody", 0, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.rider, tt.limit), func(t *testing.T) {
			got, err := db.RiderEntries(tt.rider, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			var amounts []int64
			for _, e := range got {
				if e.Rider != tt.rider {
					t.Fatalf("entry %d belongs to %q, want %q", e.ID, e.Rider, tt.rider)
				}
				amounts = append(amounts, e.Amount)
			}
			if fmt.Sprint(amounts) != fmt.Sprint(tt.want) {
				t.Fatalf("amounts = %v, want %v", amounts, tt.want)
			}
		})
	}
}

// TestStatementMonthBoundaries checks that months follow Asia/Shanghai and
// that opening + entries = closing chains from month to month.
func TestStatementMonthBoundaries(t *testing.T) {
	ctx := context.Background()
	clock := testkit.NewClock(time.Time{})
	db := mustOpenStore(t, fastCommit(clock))
	at := func(s string) {
		t.Helper()
		ts, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		clock.Set(ts)
	}
	at("2026-01-10T04:00:00Z")
	mustAward(t, db, "a1", "r1", 5) // January
	at("2026-01-31T15:59:59Z")      // 23:59:59 on 31 January in Shanghai
	mustAward(t, db, "a2", "r1", 2)
	at("2026-01-31T16:30:00Z") // 00:30 on 1 February in Shanghai
	mustAward(t, db, "a3", "r1", 4)
	h, err := db.Hold(ctx, "r1", 3, "R1", 30*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	at("2026-02-14T00:00:00Z")
	if _, err := db.PostHold(ctx, h.ID, "staff"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Reverse(ctx, "a2", "alice", "fake"); err != nil {
		t.Fatal(err)
	}
	at("2026-02-28T16:00:00Z") // 1 March in Shanghai
	if _, err := db.Adjust(ctx, "r1", 10, "alice", "bonus"); err != nil {
		t.Fatal(err)
	}
	mustAward(t, db, "b1", "r2", 1)

	tests := []struct {
		month                    points.Month
		opening, closing, earned int64
		entries                  int
	}{
		{"2025-12", 0, 0, 0, 0},
		{"2026-01", 0, 7, 7, 2},
		{"2026-02", 7, 6, 2, 4},  // +4 award, hold (0), post -3, reversal -2
		{"2026-03", 6, 16, 0, 1}, // the bonus adjusts the balance but is not earned
		{"2026-04", 16, 16, 0, 0},
	}
	for _, tt := range tests {
		t.Run(string(tt.month), func(t *testing.T) {
			st, err := db.Statement("r1", tt.month)
			if err != nil {
				t.Fatal(err)
			}
			if st.Opening != tt.opening || st.Closing != tt.closing || st.Earned != tt.earned || len(st.Entries) != tt.entries {
				t.Fatalf("statement = opening %d, closing %d, earned %d, %d entries; want %d, %d, %d, %d",
					st.Opening, st.Closing, st.Earned, len(st.Entries), tt.opening, tt.closing, tt.earned, tt.entries)
			}
			sum := st.Opening
			for i, e := range st.Entries {
				if i > 0 && e.ID <= st.Entries[i-1].ID {
					t.Fatalf("entries out of order: %d after %d", e.ID, st.Entries[i-1].ID)
				}
				_, d := e.Delta()
				sum += d
			}
			if sum != st.Closing {
				t.Fatalf("opening + entries = %d, closing = %d", sum, st.Closing)
			}
			earned, err := db.MonthEarned(tt.month, "r1")
			if err != nil || earned != tt.earned {
				t.Fatalf("MonthEarned = %d, %v, want %d", earned, err, tt.earned)
			}
		})
	}
	b, err := db.Balance("r1")
	if err != nil || b.Balance != 16 {
		t.Fatalf("Balance = %+v, %v, want 16 = the last closing", b, err)
	}
	all, err := db.MonthEarnings("2026-03")
	if err != nil || len(all) != 1 || all["r2"] != 1 {
		t.Fatalf("MonthEarnings(2026-03) = %v, %v, want map[r2:1] (adjustments are not earnings)", all, err)
	}
	if _, err := db.Statement("r1", "March"); err == nil {
		t.Fatal("Statement(March) err = nil, want a bad-month error")
	}
}

// TestConcurrentHolds redeems from one rider in 100 goroutines at once:
// exactly floor(balance/cost) holds succeed and the rest are short.
func TestConcurrentHolds(t *testing.T) {
	tests := []struct {
		name          string
		balance, cost int64
	}{
		{"some succeed", 250, 7},
		{"all succeed", 700, 7},
		{"none succeed", 6, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db := mustOpenStore(t, Options{BatchDelay: 2 * time.Millisecond})
			mustAward(t, db, "seed", "r1", tt.balance)
			const n = 100
			var (
				wg         sync.WaitGroup
				mu         sync.Mutex
				ok, short  int64
				unexpected []error
				start      = make(chan struct{})
			)
			for range n {
				wg.Go(func() {
					<-start
					_, err := db.Hold(ctx, "r1", tt.cost, "R", time.Hour)
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err == nil:
						ok++
					case errors.Is(err, points.ErrInsufficientPoints):
						short++
					default:
						unexpected = append(unexpected, err)
					}
				})
			}
			close(start)
			wg.Wait()
			if len(unexpected) > 0 {
				t.Fatalf("unexpected errors: %v", unexpected)
			}
			want := min(tt.balance/tt.cost, n)
			if ok != want || short != n-want {
				t.Fatalf("%d holds succeeded and %d were short, want %d and %d", ok, short, want, n-want)
			}
			wantBalance(t, db, "r1", points.RiderBalance{Balance: tt.balance, Held: want * tt.cost, Available: tt.balance - want*tt.cost})
		})
	}
}

// TestConcurrentSameKey awards one key from many goroutines: it credits once
// and every caller gets the same entry.
func TestConcurrentSameKey(t *testing.T) {
	ctx := context.Background()
	db := mustOpenStore(t, Options{BatchDelay: 2 * time.Millisecond})
	const n = 64
	entries := make([]points.Entry, n)
	created := make([]bool, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			// Two keys, so that a batch mixes fresh and repeated keys.
			entries[i], created[i], errs[i] = db.Award(ctx, fmt.Sprintf("report:%d", i%2), "r1", 3)
		})
	}
	wg.Wait()
	ids := map[string]uint64{}
	creations := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("Award %d: %v", i, errs[i])
		}
		if created[i] {
			creations++
		}
		if id, seen := ids[entries[i].Key]; seen && id != entries[i].ID {
			t.Fatalf("key %s returned entries %d and %d, want one", entries[i].Key, id, entries[i].ID)
		}
		ids[entries[i].Key] = entries[i].ID
	}
	if creations != 2 {
		t.Fatalf("%d calls created an entry, want 2 (one per key)", creations)
	}
	wantBalance(t, db, "r1", points.RiderBalance{Balance: 6, Available: 6})
}

func TestCanceledContext(t *testing.T) {
	db := mustOpenStore(t, fastCommit(nil))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := db.Award(ctx, "k", "r1", 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("Award with canceled context: err = %v, want %v", err, context.Canceled)
	}
	wantBalance(t, db, "r1", points.RiderBalance{})
}
