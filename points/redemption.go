package points

import (
	"crypto/rand"
	"errors"
	"fmt"
	"time"
)

// RedemptionStatus is where a redemption stands.
type RedemptionStatus string

// Redemption states. pending → approved → fulfilled, or pending → rejected,
// cancelled or expired.
const (
	RedemptionPending   RedemptionStatus = "pending"
	RedemptionApproved  RedemptionStatus = "approved"
	RedemptionFulfilled RedemptionStatus = "fulfilled"
	RedemptionRejected  RedemptionStatus = "rejected"
	RedemptionCancelled RedemptionStatus = "cancelled"
	RedemptionExpired   RedemptionStatus = "expired"
)

// ErrRedemptionState is returned when a redemption is not in the state an
// action needs (approving twice, fulfilling an unapproved voucher).
var ErrRedemptionState = errors.New("redemption is not in a state that allows this")

// Redemption is a rider's request to spend points on a reward. Its points
// are reserved by HoldID from creation; approval posts the hold and issues
// a voucher; rejection, cancellation and expiry void it.
type Redemption struct {
	ID          uint64           `json:"id"` // shown as R<id>
	Rider       string           `json:"rider"`
	Reward      string           `json:"reward"` // reward code
	RewardName  string           `json:"reward_name"`
	Cost        int64            `json:"cost"`
	HoldID      uint64           `json:"hold_id"`
	Status      RedemptionStatus `json:"status"`
	CreatedAt   time.Time        `json:"created_at"`
	ExpiresAt   time.Time        `json:"expires_at"`
	DecidedBy   string           `json:"decided_by,omitempty"`
	DecidedAt   time.Time        `json:"decided_at,omitzero"`
	Reason      string           `json:"reason,omitempty"`
	Voucher     string           `json:"voucher,omitempty"`
	FulfilledBy string           `json:"fulfilled_by,omitempty"`
	FulfilledAt time.Time        `json:"fulfilled_at,omitzero"`
	RemindedAt  time.Time        `json:"reminded_at,omitzero"`
}

// Label returns the id as people see it: R12.
func (r Redemption) Label() string { return fmt.Sprintf("R%d", r.ID) }

// voucherAlphabet has no look-alike characters (no 0/O, 1/I/L).
const voucherAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// VoucherLen is the length of a voucher code.
const VoucherLen = 8

// NewVoucher returns a random voucher code: 8 characters from a 31-letter
// alphabet (about 39.6 bits), drawn from crypto/rand without modulo bias.
func NewVoucher() string {
	return randomFrom(voucherAlphabet, VoucherLen)
}

func randomFrom(alphabet string, n int) string {
	out := make([]byte, 0, n)
	buf := make([]byte, 1)
	limit := 256 - 256%len(alphabet)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			panic(err) // crypto/rand never fails on supported platforms
		}
		if int(buf[0]) >= limit {
			continue
		}
		out = append(out, alphabet[int(buf[0])%len(alphabet)])
	}
	return string(out)
}

// NormalizeVoucher upper-cases a typed code and drops spaces and dashes.
func NormalizeVoucher(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '-':
			continue
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		}
		out = append(out, c)
	}
	return string(out)
}
