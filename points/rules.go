package points

import (
	"strings"
	"time"
)

// The functions below are the ledger's rules. Each checks its preconditions
// against the state the caller read in the same transaction and returns the
// entry (or entries) to append, with ID left zero for the store to assign.

// Award returns the entry crediting amount to rider under idempotency key.
// The caller must first look the key up and return the stored entry if it
// exists; Award itself only validates.
func Award(key, rider string, amount int64, at time.Time) (Entry, error) {
	if err := validRider(rider); err != nil {
		return Entry{}, err
	}
	if amount <= 0 {
		return Entry{}, ErrInvalidAmount
	}
	if strings.TrimSpace(key) == "" {
		return Entry{}, ErrInvalidAmount
	}
	return Entry{At: at, Kind: KindAward, Debit: Issuance, Credit: RiderAccount(rider),
		Amount: amount, Rider: rider, Key: key}, nil
}

// NewHold returns a pending hold and its entry, reserving amount of the
// rider's available points until at+ttl. available is the rider's current
// available balance.
func NewHold(id uint64, rider string, amount, available int64, ref string, at time.Time, ttl time.Duration) (Hold, Entry, error) {
	if err := validRider(rider); err != nil {
		return Hold{}, Entry{}, err
	}
	if amount <= 0 || ttl <= 0 {
		return Hold{}, Entry{}, ErrInvalidAmount
	}
	if available < amount {
		return Hold{}, Entry{}, &ShortError{Need: amount, Have: available}
	}
	h := Hold{ID: id, Rider: rider, Amount: amount, Ref: ref, CreatedAt: at,
		ExpiresAt: at.Add(ttl), State: HoldPending}
	e := Entry{At: at, Kind: KindHold, Debit: RiderAccount(rider), Credit: HoldAccount(rider),
		Amount: amount, Rider: rider, HoldID: id, Actor: rider, Reason: ref}
	return h, e, nil
}

// Post spends a pending hold. It fails with ErrHoldResolved if the hold was
// already resolved and ErrHoldExpired if at is at or past its expiry.
func Post(h Hold, actor string, at time.Time) (Hold, Entry, error) {
	if err := pending(h); err != nil {
		return h, Entry{}, err
	}
	if !at.Before(h.ExpiresAt) {
		return h, Entry{}, ErrHoldExpired
	}
	return resolve(h, HoldPosted, KindPost, Redeemed, actor, "", at)
}

// Void releases a pending hold back to the rider.
func Void(h Hold, actor, reason string, at time.Time) (Hold, Entry, error) {
	if err := pending(h); err != nil {
		return h, Entry{}, err
	}
	return resolve(h, HoldVoided, KindVoid, RiderAccount(h.Rider), actor, reason, at)
}

// Expire releases a pending hold whose expiry has passed.
func Expire(h Hold, at time.Time) (Hold, Entry, error) {
	if err := pending(h); err != nil {
		return h, Entry{}, err
	}
	if at.Before(h.ExpiresAt) {
		return h, Entry{}, ErrHoldNotExpired
	}
	return resolve(h, HoldExpired, KindExpire, RiderAccount(h.Rider), "", "expired", at)
}

func pending(h Hold) error {
	if h.State != HoldPending {
		return ErrHoldResolved
	}
	return nil
}

func resolve(h Hold, state HoldState, kind Kind, to Account, actor, reason string, at time.Time) (Hold, Entry, error) {
	h.State, h.ResolvedAt, h.Reason = state, at, reason
	note := reason
	if note == "" {
		note = h.Ref // the entry says what it was for, e.g. "R12"
	}
	e := Entry{At: at, Kind: kind, Debit: HoldAccount(h.Rider), Credit: to, Amount: h.Amount,
		Rider: h.Rider, HoldID: h.ID, Actor: actor, Reason: note}
	return h, e, nil
}

// Reverse returns the entry that revokes award orig. alreadyReversed says
// whether a reversal referencing orig exists; available is the rider's
// current available balance.
func Reverse(orig Entry, alreadyReversed bool, available int64, actor, reason string, at time.Time) (Entry, error) {
	if orig.Kind != KindAward || alreadyReversed {
		return Entry{}, ErrNotReversible
	}
	if err := explained(actor, reason); err != nil {
		return Entry{}, err
	}
	if available < orig.Amount {
		return Entry{}, &ShortError{Need: orig.Amount, Have: available}
	}
	return Entry{At: at, Kind: KindReversal, Debit: RiderAccount(orig.Rider), Credit: Reversal,
		Amount: orig.Amount, Rider: orig.Rider, Ref: orig.ID, Actor: actor, Reason: reason}, nil
}

// Adjust returns a staff adjustment of delta points (positive credits the
// rider, negative debits them). It always carries actor and reason.
func Adjust(rider string, delta, available int64, actor, reason string, at time.Time) (Entry, error) {
	if err := validRider(rider); err != nil {
		return Entry{}, err
	}
	if delta == 0 {
		return Entry{}, ErrInvalidAmount
	}
	if err := explained(actor, reason); err != nil {
		return Entry{}, err
	}
	e := Entry{At: at, Kind: KindAdjustment, Rider: rider, Actor: actor, Reason: reason}
	if delta > 0 {
		e.Debit, e.Credit, e.Amount = Issuance, RiderAccount(rider), delta
		return e, nil
	}
	if available < -delta {
		return Entry{}, &ShortError{Need: -delta, Have: available}
	}
	e.Debit, e.Credit, e.Amount = RiderAccount(rider), Reversal, -delta
	return e, nil
}

func validRider(rider string) error {
	if strings.TrimSpace(rider) == "" {
		return ErrInvalidRider
	}
	return nil
}

func explained(actor, reason string) error {
	if strings.TrimSpace(actor) == "" || strings.TrimSpace(reason) == "" {
		return ErrReasonRequired
	}
	return nil
}
