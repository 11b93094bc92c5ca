package store

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"gridbot/internal/testkit"
	"gridbot/points"
)

var seedFlag = flag.Uint64("seed", 0, "seed for TestLedgerModel (0: the built-in seeds; env GRIDBOT_SEED works too)")

// model is the reference ledger: plain maps, no transactions.
type model struct {
	now       time.Time
	avail     map[string]int64 // rider → spendable points
	held      map[string]int64 // rider → reserved points
	holds     []modelHold      // index i is hold id i+1
	awards    map[string]modelAward
	awardKeys []string
}

type modelHold struct {
	rider   string
	amount  int64
	expires time.Time
	state   points.HoldState
}

type modelAward struct {
	rider    string
	amount   int64
	reversed bool
}

var modelRiders = []string{"r1", "r2", "r3", "r10"}

// TestLedgerModel applies random operations to the store and to the model
// and, after every step, compares every balance and error and runs Check.
func TestLedgerModel(t *testing.T) {
	seeds := []uint64{1, 2, 3, 20260301}
	if s := os.Getenv("GRIDBOT_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("GRIDBOT_SEED=%q: %v", s, err)
		}
		seeds = []uint64{v}
	}
	if *seedFlag != 0 {
		seeds = []uint64{*seedFlag}
	}
	steps := 400
	if testing.Short() {
		steps = 100
	}
	total := map[string]int{}
	for _, seed := range seeds {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			t.Logf("seed %d (rerun: go test ./store/ -run TestLedgerModel -args -seed %d, or GRIDBOT_SEED=%d)", seed, seed, seed)
			for k, n := range runModel(t, seed, steps) {
				total[k] += n
			}
		})
	}
	t.Logf("operations: %v", total)
	if len(seeds) > 1 && !testing.Short() {
		requireCoverage(t, total)
	}
}

// runModel runs steps random operations and returns how often each
// operation and each rejection happened.
func runModel(t *testing.T, seed uint64, steps int) map[string]int {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	clock := testkit.NewClock(time.Date(2026, 1, 31, 15, 0, 0, 0, time.UTC)) // crosses a Shanghai month
	path := filepath.Join(t.TempDir(), FileName)
	opts := fastCommit(clock)
	db := mustOpenAt(t, path, opts)
	m := &model{avail: map[string]int64{}, held: map[string]int64{}, awards: map[string]modelAward{}}
	counts := map[string]int{}
	for step := range steps {
		m.now = clock.Now()
		rider := modelRiders[rng.IntN(len(modelRiders))]
		var (
			op        string
			got, want error
		)
		switch r := rng.IntN(100); {
		case r < 30:
			op = "award"
			key := fmt.Sprintf("report:%d", rng.IntN(steps/3+1)) // about one in three repeats
			amount := int64(rng.IntN(6))                         // 0 is invalid
			var wantCreated bool
			wantCreated, want = m.award(key, rider, amount)
			var e points.Entry
			var created bool
			e, created, got = db.Award(ctx, key, rider, amount)
			if got == nil && want == nil {
				a := m.awards[key]
				if e.Key != key || e.Rider != a.rider || e.Amount != a.amount || created != wantCreated {
					t.Fatalf("step %d: Award(%s) = %+v, created %v, want rider %s amount %d, created %v",
						step, key, e, created, a.rider, a.amount, wantCreated)
				}
			}
		case r < 50:
			op = "hold"
			amount := int64(rng.IntN(8))
			ttl := time.Duration(1+rng.IntN(10)) * time.Minute
			var wantID uint64
			wantID, want = m.hold(rider, amount, ttl)
			var h points.Hold
			h, got = db.Hold(ctx, rider, amount, "R", ttl)
			if got == nil && want == nil && (h.ID != wantID || h.Amount != amount || h.State != points.HoldPending) {
				t.Fatalf("step %d: Hold = %+v, want pending hold %d of %d", step, h, wantID, amount)
			}
			var se *points.ShortError
			if errors.As(want, &se) {
				var gse *points.ShortError
				if !errors.As(got, &gse) || *gse != *se {
					t.Fatalf("step %d: Hold err = %v, want %v", step, got, want)
				}
				want = points.ErrInsufficientPoints
			}
		case r < 75:
			id := uint64(rng.IntN(len(m.holds) + 2)) // sometimes unknown (0 or past the end)
			var h points.Hold
			switch rng.IntN(3) {
			case 0:
				op = "post"
				want = m.resolve(id, points.HoldPosted)
				h, got = db.PostHold(ctx, id, "staff")
			case 1:
				op = "void"
				want = m.resolve(id, points.HoldVoided)
				h, got = db.VoidHold(ctx, id, "staff", "cancelled")
			default:
				op = "expire"
				want = m.resolve(id, points.HoldExpired)
				h, got = db.ExpireHold(ctx, id)
			}
			if got == nil && want == nil && h.State != m.holds[id-1].state {
				t.Fatalf("step %d: %s hold %d state = %s, want %s", step, op, id, h.State, m.holds[id-1].state)
			}
		case r < 82:
			op = "reverse"
			key, actor := "report:none", "alice"
			if len(m.awardKeys) > 0 && rng.IntN(5) > 0 {
				key = m.awardKeys[rng.IntN(len(m.awardKeys))]
			}
			if rng.IntN(8) == 0 {
				actor = ""
			}
			want = m.reverse(key, actor)
			_, got = db.Reverse(ctx, key, actor, "fake photo")
		case r < 90:
			op = "adjust"
			delta := int64(rng.IntN(11) - 5)
			reason := "correction"
			if rng.IntN(8) == 0 {
				reason = " "
			}
			want = m.adjust(rider, delta, reason)
			_, got = db.Adjust(ctx, rider, delta, "alice", reason)
		case r < 98:
			op = "tick"
			clock.Advance(time.Duration(rng.IntN(4*60)) * time.Second)
		default:
			op = "reopen"
			mustClose(t, db)
			db = mustOpenAt(t, path, opts)
		}
		counts[op]++
		if want == nil && got != nil || want != nil && !errors.Is(got, want) {
			t.Fatalf("step %d: %s: err = %v, want %v", step, op, got, want)
		}
		if want != nil {
			counts[op+": "+want.Error()]++
		}
		for _, r := range modelRiders {
			want := points.RiderBalance{Balance: m.avail[r] + m.held[r], Available: m.avail[r], Held: m.held[r]}
			got, err := db.Balance(r)
			if err != nil || got != want {
				t.Fatalf("step %d (%s): Balance(%s) = %+v, %v, want %+v", step, op, r, got, err, want)
			}
		}
		if rep, err := db.Check(); err != nil || !rep.OK() {
			t.Fatalf("step %d (%s): Check = %q, %v, want no problems", step, op, rep.Problems, err)
		}
	}
	return counts
}

// requireCoverage fails unless every kind of operation, and every rejection
// the model knows, happened: otherwise the test proves less than it claims.
func requireCoverage(t *testing.T, counts map[string]int) {
	t.Helper()
	required := []string{"award", "hold", "post", "void", "expire", "reverse", "adjust", "tick", "reopen"}
	for _, r := range []struct {
		op  string
		err error
	}{
		{"award", points.ErrInvalidAmount},
		{"hold", points.ErrInsufficientPoints}, {"hold", points.ErrInvalidAmount},
		{"post", points.ErrHoldExpired}, {"post", points.ErrHoldResolved}, {"post", points.ErrHoldNotFound},
		{"void", points.ErrHoldResolved},
		{"expire", points.ErrHoldNotExpired}, {"expire", points.ErrHoldResolved},
		{"reverse", ErrNotFound}, {"reverse", points.ErrNotReversible},
		{"reverse", points.ErrReasonRequired}, {"reverse", points.ErrInsufficientPoints},
		{"adjust", points.ErrInsufficientPoints}, {"adjust", points.ErrReasonRequired}, {"adjust", points.ErrInvalidAmount},
	} {
		required = append(required, r.op+": "+r.err.Error())
	}
	for _, k := range required {
		if counts[k] == 0 {
			t.Errorf("no %q step; raise the step count or change the mix", k)
		}
	}
}

func (m *model) award(key, rider string, amount int64) (created bool, err error) {
	if _, ok := m.awards[key]; ok {
		return false, nil
	}
	if amount <= 0 {
		return false, points.ErrInvalidAmount
	}
	m.awards[key] = modelAward{rider: rider, amount: amount}
	m.awardKeys = append(m.awardKeys, key)
	m.avail[rider] += amount
	return true, nil
}

func (m *model) hold(rider string, amount int64, ttl time.Duration) (uint64, error) {
	if amount <= 0 {
		return 0, points.ErrInvalidAmount
	}
	if m.avail[rider] < amount {
		return 0, &points.ShortError{Need: amount, Have: m.avail[rider]}
	}
	m.avail[rider] -= amount
	m.held[rider] += amount
	m.holds = append(m.holds, modelHold{rider: rider, amount: amount, expires: m.now.Add(ttl), state: points.HoldPending})
	return uint64(len(m.holds)), nil
}

func (m *model) resolve(id uint64, to points.HoldState) error {
	if id == 0 || id > uint64(len(m.holds)) {
		return points.ErrHoldNotFound
	}
	h := &m.holds[id-1]
	if h.state != points.HoldPending {
		return points.ErrHoldResolved
	}
	due := !m.now.Before(h.expires)
	switch {
	case to == points.HoldPosted && due:
		return points.ErrHoldExpired
	case to == points.HoldExpired && !due:
		return points.ErrHoldNotExpired
	}
	h.state = to
	m.held[h.rider] -= h.amount
	if to != points.HoldPosted {
		m.avail[h.rider] += h.amount
	}
	return nil
}

func (m *model) reverse(key, actor string) error {
	a, ok := m.awards[key]
	switch {
	case !ok:
		return ErrNotFound
	case a.reversed:
		return points.ErrNotReversible
	case actor == "":
		return points.ErrReasonRequired
	case m.avail[a.rider] < a.amount:
		return points.ErrInsufficientPoints
	}
	a.reversed = true
	m.awards[key] = a
	m.avail[a.rider] -= a.amount
	return nil
}

func (m *model) adjust(rider string, delta int64, reason string) error {
	switch {
	case delta == 0:
		return points.ErrInvalidAmount
	case reason == " ":
		return points.ErrReasonRequired
	case m.avail[rider] < -delta:
		return points.ErrInsufficientPoints
	}
	m.avail[rider] += delta
	return nil
}
