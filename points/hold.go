package points

import "time"

// HoldState is the lifecycle state of a hold.
type HoldState string

// Hold states. Pending is the only state a hold leaves, and it leaves it once.
const (
	HoldPending HoldState = "pending"
	HoldPosted  HoldState = "posted"
	HoldVoided  HoldState = "voided"
	HoldExpired HoldState = "expired"
)

// Hold reserves a rider's points for a redemption until it is posted,
// voided or expires.
type Hold struct {
	ID         uint64    `json:"id"`
	Rider      string    `json:"rider"`
	Amount     int64     `json:"amount"`
	Ref        string    `json:"ref,omitempty"` // what the hold is for, e.g. "R12"
	CreatedAt  time.Time `json:"created_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	State      HoldState `json:"state"`
	ResolvedAt time.Time `json:"resolved_at,omitzero"`
	Reason     string    `json:"reason,omitempty"`
}
