package points

import "strings"

// Account names a ledger account. Rider and hold accounts carry the rider id.
type Account string

// System accounts.
const (
	Issuance Account = "issuance"
	Redeemed Account = "redeemed"
	Reversal Account = "reversal"
)

const (
	riderPrefix = "rider:"
	holdPrefix  = "hold:"
)

// RiderAccount returns the spendable account of rider.
func RiderAccount(rider string) Account { return Account(riderPrefix + rider) }

// HoldAccount returns the account holding rider's reserved points.
func HoldAccount(rider string) Account { return Account(holdPrefix + rider) }

// Rider returns the rider id of a rider or hold account, and whether a has one.
func (a Account) Rider() (string, bool) {
	s := string(a)
	if r, ok := strings.CutPrefix(s, riderPrefix); ok {
		return r, true
	}
	if r, ok := strings.CutPrefix(s, holdPrefix); ok {
		return r, true
	}
	return "", false
}

// MustStayNonNegative reports whether the account's balance may never drop
// below zero (rider and hold accounts).
func (a Account) MustStayNonNegative() bool {
	_, ok := a.Rider()
	return ok
}
