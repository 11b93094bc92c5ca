// Package points is gridbot's ledger domain: accounts, entries, holds and the
// pure rules that decide which entries an operation produces. It does no I/O;
// package store applies the entries inside one bbolt transaction.
//
// # Basics
//
// The ledger is double-entry and append-only. Every Entry moves a positive
// Amount from its Debit account to its Credit account, so the sum of all
// account balances is always zero. The accounts are:
//
//	issuance      the source of every point (goes negative as points are issued)
//	rider:<id>    a rider's spendable points (never negative)
//	hold:<id>     a rider's points reserved by pending redemptions (never negative)
//	redeemed      points spent on rewards
//	reversal      points taken back (revoked awards, negative adjustments)
//
// The operations and the entries they append:
//
//	award        issuance → rider     (idempotent by key: a repeated key returns the first entry)
//	hold         rider    → hold      (phase one of a redemption; has an expiry)
//	post         hold     → redeemed  (phase two: the points are spent)
//	void/expire  hold     → rider     (phase two: the points are released)
//	reversal     rider    → reversal  (references the award it revokes)
//	adjustment   issuance → rider, or rider → reversal (always with a reason and an actor)
//
// A rider's Balance is what they own: their rider account plus their hold
// account. Available is what they can spend: the rider account alone, that is
// Balance minus pending holds. Available can never go negative; an operation
// that would make it so fails with ErrInsufficientPoints.
//
// # Invariants
//
// Audit checks, over a full replay of the entries:
//   - replaying the entries reproduces every stored balance;
//   - the balances sum to zero;
//   - no hold is resolved twice (posted and voided, or twice either way);
//   - no idempotency key credits twice, and no award is reversed twice;
//   - no rider or hold account is negative.
//
// # Caveats
//
// Amounts are whole points (int64). Times are supplied by the caller's clock;
// the rules never read the wall clock.
package points
