package points

import (
	"errors"
	"fmt"
)

// Sentinel errors. Callers test with errors.Is; the store wraps them with the
// operation that failed.
var (
	// ErrInsufficientPoints is returned when an operation would make a
	// rider's available points negative. It is wrapped in *ShortError, which
	// says how many points are missing.
	ErrInsufficientPoints = errors.New("insufficient points")
	// ErrInvalidAmount is returned for a zero or negative amount.
	ErrInvalidAmount = errors.New("amount must be a positive whole number")
	// ErrHoldNotFound is returned when a hold id is unknown.
	ErrHoldNotFound = errors.New("hold not found")
	// ErrHoldResolved is returned when a hold was already posted, voided or
	// expired: a hold resolves at most once.
	ErrHoldResolved = errors.New("hold already resolved")
	// ErrHoldExpired is returned when a hold is posted at or after its expiry.
	ErrHoldExpired = errors.New("hold expired")
	// ErrHoldNotExpired is returned when Expire is called before the expiry.
	ErrHoldNotExpired = errors.New("hold has not expired yet")
	// ErrEntryNotFound is returned when a referenced entry is unknown.
	ErrEntryNotFound = errors.New("entry not found")
	// ErrNotReversible is returned when the entry to reverse is not an award,
	// or was already reversed.
	ErrNotReversible = errors.New("entry cannot be reversed")
	// ErrReasonRequired is returned when a reversal or adjustment has no
	// reason or no actor.
	ErrReasonRequired = errors.New("a reason and the staff member's name are required")
	// ErrInvalidRider is returned for an empty rider id.
	ErrInvalidRider = errors.New("rider id must not be empty")
)

// ShortError reports how many points are missing. It wraps
// ErrInsufficientPoints.
type ShortError struct {
	Need, Have int64
}

func (e *ShortError) Error() string {
	return fmt.Sprintf("%v: need %d, have %d", ErrInsufficientPoints, e.Need, e.Have)
}

// Unwrap returns ErrInsufficientPoints.
func (e *ShortError) Unwrap() error { return ErrInsufficientPoints }

// Missing returns how many points the rider lacks.
func (e *ShortError) Missing() int64 { return e.Need - e.Have }
