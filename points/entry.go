package points

import "time"

// Kind says which operation appended an entry.
type Kind string

// Entry kinds.
const (
	KindAward      Kind = "award"
	KindHold       Kind = "hold"
	KindPost       Kind = "post"
	KindVoid       Kind = "void"
	KindExpire     Kind = "expire"
	KindReversal   Kind = "reversal"
	KindAdjustment Kind = "adjustment"
)

// Entry is one immutable ledger line: Amount moves from Debit to Credit.
type Entry struct {
	ID     uint64    `json:"id"`
	At     time.Time `json:"at"`
	Kind   Kind      `json:"kind"`
	Debit  Account   `json:"debit"`
	Credit Account   `json:"credit"`
	Amount int64     `json:"amount"`
	Rider  string    `json:"rider"`
	// Key is the idempotency key of an award (for example "report:12").
	Key string `json:"key,omitempty"`
	// HoldID links hold, post, void and expire entries to their hold.
	HoldID uint64 `json:"hold_id,omitempty"`
	// Ref is the id of the entry a reversal revokes.
	Ref    uint64 `json:"ref,omitempty"`
	Actor  string `json:"actor,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// Delta returns the signed effect of e on the rider's available points and
// on their balance (available plus held).
func (e Entry) Delta() (available, balance int64) {
	ra, ha := RiderAccount(e.Rider), HoldAccount(e.Rider)
	for _, side := range []struct {
		acct Account
		sign int64
	}{{e.Credit, 1}, {e.Debit, -1}} {
		switch side.acct {
		case ra:
			available += side.sign * e.Amount
			balance += side.sign * e.Amount
		case ha:
			balance += side.sign * e.Amount
		}
	}
	return available, balance
}

// Earned returns the entry's contribution to the points a rider earned by
// reporting (monthly points, the leaderboard): awards count, their
// reversals subtract. Staff adjustments change the balance but are not
// earnings, so a bonus or a demo grant never ranks a rider.
func (e Entry) Earned() int64 {
	switch e.Kind {
	case KindAward:
		return e.Amount
	case KindReversal:
		return -e.Amount
	}
	return 0
}
