package points

import (
	"errors"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

func TestAward(t *testing.T) {
	tests := []struct {
		name   string
		key    string
		rider  string
		amount int64
		want   error
	}{
		{"ok", "report:1", "r1", 1, nil},
		{"zero amount", "report:1", "r1", 0, ErrInvalidAmount},
		{"negative amount", "report:1", "r1", -3, ErrInvalidAmount},
		{"empty rider", "report:1", "", 1, ErrInvalidRider},
		{"blank rider", "report:1", "  ", 1, ErrInvalidRider},
		{"empty key", "", "r1", 1, ErrInvalidAmount},
		{"blank key", " \t", "r1", 1, ErrInvalidAmount},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Award(tt.key, tt.rider, tt.amount, t0)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Award err = %v, want %v", err, tt.want)
			}
			if tt.want != nil {
				return
			}
			want := Entry{At: t0, Kind: KindAward, Debit: Issuance, Credit: RiderAccount(tt.rider),
				Amount: tt.amount, Rider: tt.rider, Key: tt.key}
			if e != want {
				t.Fatalf("Award = %+v, want %+v", e, want)
			}
			if avail, bal := e.Delta(); avail != tt.amount || bal != tt.amount {
				t.Fatalf("Delta = %d, %d, want %d, %d", avail, bal, tt.amount, tt.amount)
			}
			if got := e.Earned(); got != tt.amount {
				t.Fatalf("Earned = %d, want %d", got, tt.amount)
			}
		})
	}
}

func TestNewHold(t *testing.T) {
	tests := []struct {
		name      string
		rider     string
		amount    int64
		available int64
		ttl       time.Duration
		want      error
		missing   int64
	}{
		{"exact balance", "r1", 5, 5, time.Hour, nil, 0},
		{"more than enough", "r1", 5, 50, time.Hour, nil, 0},
		{"one short", "r1", 5, 4, time.Hour, ErrInsufficientPoints, 1},
		{"nothing available", "r1", 5, 0, time.Hour, ErrInsufficientPoints, 5},
		{"zero amount", "r1", 0, 10, time.Hour, ErrInvalidAmount, 0},
		{"negative amount", "r1", -1, 10, time.Hour, ErrInvalidAmount, 0},
		{"zero ttl", "r1", 1, 10, 0, ErrInvalidAmount, 0},
		{"empty rider", "", 1, 10, time.Hour, ErrInvalidRider, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, e, err := NewHold(7, tt.rider, tt.amount, tt.available, "R7", t0, tt.ttl)
			if !errors.Is(err, tt.want) {
				t.Fatalf("NewHold err = %v, want %v", err, tt.want)
			}
			if tt.missing != 0 {
				var se *ShortError
				if !errors.As(err, &se) {
					t.Fatalf("NewHold err = %T, want *ShortError", err)
				}
				if got := se.Missing(); got != tt.missing {
					t.Fatalf("Missing() = %d, want %d", got, tt.missing)
				}
			}
			if tt.want != nil {
				return
			}
			wantH := Hold{ID: 7, Rider: tt.rider, Amount: tt.amount, Ref: "R7", CreatedAt: t0,
				ExpiresAt: t0.Add(tt.ttl), State: HoldPending}
			if h != wantH {
				t.Fatalf("hold = %+v, want %+v", h, wantH)
			}
			wantE := Entry{At: t0, Kind: KindHold, Debit: RiderAccount(tt.rider), Credit: HoldAccount(tt.rider),
				Amount: tt.amount, Rider: tt.rider, HoldID: 7, Actor: tt.rider, Reason: "R7"}
			if e != wantE {
				t.Fatalf("entry = %+v, want %+v", e, wantE)
			}
			if avail, bal := e.Delta(); avail != -tt.amount || bal != 0 {
				t.Fatalf("Delta = %d, %d, want %d, 0", avail, bal, -tt.amount)
			}
		})
	}
}

func pendingHold(t *testing.T) Hold {
	t.Helper()
	h, _, err := NewHold(3, "r1", 4, 10, "R3", t0, time.Hour)
	if err != nil {
		t.Fatalf("NewHold: %v", err)
	}
	return h
}

// TestResolve covers Post, Void and Expire on pending and resolved holds,
// before, at and after the expiry.
func TestResolve(t *testing.T) {
	exp := t0.Add(time.Hour)
	post := func(h Hold, at time.Time) (Hold, Entry, error) { return Post(h, "staff", at) }
	void := func(h Hold, at time.Time) (Hold, Entry, error) { return Void(h, "staff", "out of stock", at) }
	expire := func(h Hold, at time.Time) (Hold, Entry, error) { return Expire(h, at) }
	tests := []struct {
		name      string
		rule      func(Hold, time.Time) (Hold, Entry, error)
		from      HoldState
		at        time.Time
		want      error
		wantState HoldState
		wantKind  Kind
		wantTo    Account
	}{
		{"post before expiry", post, HoldPending, exp.Add(-time.Nanosecond), nil, HoldPosted, KindPost, Redeemed},
		{"post at expiry", post, HoldPending, exp, ErrHoldExpired, "", "", ""},
		{"post after expiry", post, HoldPending, exp.Add(time.Minute), ErrHoldExpired, "", "", ""},
		{"post posted", post, HoldPosted, t0, ErrHoldResolved, "", "", ""},
		{"post voided", post, HoldVoided, t0, ErrHoldResolved, "", "", ""},
		{"post expired hold", post, HoldExpired, exp.Add(time.Minute), ErrHoldResolved, "", "", ""},
		{"void pending", void, HoldPending, t0, nil, HoldVoided, KindVoid, RiderAccount("r1")},
		{"void after expiry", void, HoldPending, exp.Add(time.Hour), nil, HoldVoided, KindVoid, RiderAccount("r1")},
		{"void posted", void, HoldPosted, t0, ErrHoldResolved, "", "", ""},
		{"void voided", void, HoldVoided, t0, ErrHoldResolved, "", "", ""},
		{"expire before expiry", expire, HoldPending, exp.Add(-time.Nanosecond), ErrHoldNotExpired, "", "", ""},
		{"expire at expiry", expire, HoldPending, exp, nil, HoldExpired, KindExpire, RiderAccount("r1")},
		{"expire posted", expire, HoldPosted, exp.Add(time.Hour), ErrHoldResolved, "", "", ""},
		{"expire expired", expire, HoldExpired, exp.Add(time.Hour), ErrHoldResolved, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := pendingHold(t)
			h.State = tt.from
			got, e, err := tt.rule(h, tt.at)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if tt.want != nil {
				if got != h {
					t.Fatalf("rejected rule changed the hold: got %+v, want %+v", got, h)
				}
				if e != (Entry{}) {
					t.Fatalf("rejected rule returned entry %+v, want none", e)
				}
				return
			}
			if got.State != tt.wantState || !got.ResolvedAt.Equal(tt.at) {
				t.Fatalf("hold = %s at %v, want %s at %v", got.State, got.ResolvedAt, tt.wantState, tt.at)
			}
			if e.Kind != tt.wantKind || e.Debit != HoldAccount("r1") || e.Credit != tt.wantTo ||
				e.Amount != 4 || e.HoldID != 3 || e.Rider != "r1" {
				t.Fatalf("entry = %+v, want %s of 4 from %s to %s for hold 3", e, tt.wantKind, HoldAccount("r1"), tt.wantTo)
			}
			// A resolved hold never resolves again, whichever rule is tried.
			for name, again := range map[string]func(Hold, time.Time) (Hold, Entry, error){"post": post, "void": void, "expire": expire} {
				if _, _, err := again(got, tt.at); !errors.Is(err, ErrHoldResolved) {
					t.Errorf("second resolution by %s: err = %v, want %v", name, err, ErrHoldResolved)
				}
			}
		})
	}
}

func TestReverse(t *testing.T) {
	award, err := Award("report:1", "r1", 3, t0)
	if err != nil {
		t.Fatal(err)
	}
	award.ID = 11
	adj := award
	adj.Kind = KindAdjustment
	tests := []struct {
		name      string
		orig      Entry
		reversed  bool
		available int64
		actor     string
		reason    string
		want      error
	}{
		{"ok", award, false, 3, "alice", "fake photo", nil},
		{"already reversed", award, true, 3, "alice", "fake photo", ErrNotReversible},
		{"not an award", adj, false, 3, "alice", "fake photo", ErrNotReversible},
		{"missing reason", award, false, 3, "alice", " ", ErrReasonRequired},
		{"missing actor", award, false, 3, "", "fake photo", ErrReasonRequired},
		{"already spent", award, false, 2, "alice", "fake photo", ErrInsufficientPoints},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Reverse(tt.orig, tt.reversed, tt.available, tt.actor, tt.reason, t0)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if tt.want != nil {
				return
			}
			want := Entry{At: t0, Kind: KindReversal, Debit: RiderAccount("r1"), Credit: Reversal,
				Amount: 3, Rider: "r1", Ref: 11, Actor: tt.actor, Reason: tt.reason}
			if e != want {
				t.Fatalf("entry = %+v, want %+v", e, want)
			}
			if got := e.Earned(); got != -3 {
				t.Fatalf("Earned = %d, want -3", got)
			}
		})
	}
}

func TestAdjust(t *testing.T) {
	tests := []struct {
		name      string
		delta     int64
		available int64
		actor     string
		reason    string
		want      error
		debit     Account
		credit    Account
	}{
		{"credit", 5, 0, "alice", "bonus", nil, Issuance, RiderAccount("r1")},
		{"debit", -2, 2, "alice", "correction", nil, RiderAccount("r1"), Reversal},
		{"debit too much", -3, 2, "alice", "correction", ErrInsufficientPoints, "", ""},
		{"zero", 0, 2, "alice", "nothing", ErrInvalidAmount, "", ""},
		{"missing reason", 5, 0, "alice", "", ErrReasonRequired, "", ""},
		{"blank reason", -1, 5, "alice", "   ", ErrReasonRequired, "", ""},
		{"missing actor", 5, 0, "", "bonus", ErrReasonRequired, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Adjust("r1", tt.delta, tt.available, tt.actor, tt.reason, t0)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if tt.want != nil {
				return
			}
			if e.Kind != KindAdjustment || e.Debit != tt.debit || e.Credit != tt.credit || e.Amount != abs(tt.delta) ||
				e.Actor != tt.actor || e.Reason != tt.reason {
				t.Fatalf("entry = %+v, want adjustment of %d from %s to %s", e, abs(tt.delta), tt.debit, tt.credit)
			}
			if got := e.Earned(); got != 0 {
				t.Fatalf("Earned = %d, want 0: adjustments are not earnings", got)
			}
			if avail, _ := e.Delta(); avail != tt.delta {
				t.Fatalf("Delta available = %d, want %d", avail, tt.delta)
			}
		})
	}
	if _, err := Adjust("", 1, 0, "alice", "bonus", t0); !errors.Is(err, ErrInvalidRider) {
		t.Fatalf("empty rider: err = %v, want %v", err, ErrInvalidRider)
	}
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func TestShortError(t *testing.T) {
	err := error(&ShortError{Need: 10, Have: 3})
	if !errors.Is(err, ErrInsufficientPoints) {
		t.Fatalf("errors.Is(%v, ErrInsufficientPoints) = false, want true", err)
	}
	var se *ShortError
	if !errors.As(err, &se) {
		t.Fatal("errors.As *ShortError = false, want true")
	}
	if got := se.Missing(); got != 7 {
		t.Fatalf("Missing() = %d, want 7", got)
	}
	if got, want := err.Error(), "insufficient points: need 10, have 3"; got != want {
		t.Fatalf("Error() = %q, want %q", got, want)
	}
}

func TestAccountRider(t *testing.T) {
	tests := []struct {
		acct        Account
		rider       string
		ok          bool
		nonNegative bool
	}{
		{RiderAccount("o1"), "o1", true, true},
		{HoldAccount("o1"), "o1", true, true},
		{Issuance, "", false, false},
		{Redeemed, "", false, false},
		{Reversal, "", false, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.acct), func(t *testing.T) {
			r, ok := tt.acct.Rider()
			if r != tt.rider || ok != tt.ok {
				t.Fatalf("Rider() = %q, %v, want %q, %v", r, ok, tt.rider, tt.ok)
			}
			if got := tt.acct.MustStayNonNegative(); got != tt.nonNegative {
				t.Fatalf("MustStayNonNegative() = %v, want %v", got, tt.nonNegative)
			}
		})
	}
}

func TestMonth(t *testing.T) {
	sh := time.FixedZone("CST", 8*3600)
	at := time.Date(2026, 1, 31, 16, 30, 0, 0, time.UTC)
	if got := MonthOf(at, sh); got != "2026-02" {
		t.Fatalf("MonthOf(%v, Shanghai) = %s, want 2026-02", at, got)
	}
	if got := MonthOf(at, time.UTC); got != "2026-01" {
		t.Fatalf("MonthOf(%v, UTC) = %s, want 2026-01", at, got)
	}
	from, to, err := Month("2026-02").Range(sh)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 1, 31, 16, 0, 0, 0, time.UTC); !from.Equal(want) {
		t.Fatalf("from = %v, want %v", from, want)
	}
	if want := time.Date(2026, 2, 28, 16, 0, 0, 0, time.UTC); !to.Equal(want) {
		t.Fatalf("to = %v, want %v", to, want)
	}
	if _, _, err := Month("2026-13").Range(sh); err == nil {
		t.Fatal("Range(2026-13) err = nil, want an error")
	}
}
