package chat

import (
	"errors"

	"gridbot/catalog"
	"gridbot/grid"
	"gridbot/points"
	"gridbot/store"
)

// Refusals found by the conversation itself.
var (
	// errUnknownReward is returned for a reward number not in the list.
	errUnknownReward = errors.New("no reward with that number")
	// errMonthlyLimit is returned when the rider used a reward's
	// monthly_limit this month.
	errMonthlyLimit = errors.New("reward monthly limit reached")
	// errOutOfStock is returned when a reward's stock is used up.
	errOutOfStock = errors.New("reward out of stock")
	// errNothingToConfirm is returned for 确认 with no reward chosen (or
	// the choice expired).
	errNothingToConfirm = errors.New("no redemption to confirm")
)

// replyFor maps a domain error to the catalog entry that tells the rider
// what happened. ok is false for an error that is not a rider's mistake
// (a store failure): the caller returns it, and the webhook answers 503
// so that WeChat retries. This is the only place errors become replies.
func replyFor(err error) (id catalog.ID, ok bool) {
	switch {
	case err == nil:
		return "", false
	case errors.Is(err, grid.ErrBadPhone):
		return catalog.RegisterBadPhone, true
	case errors.Is(err, grid.ErrBadName):
		return catalog.RegisterBadName, true
	case errors.Is(err, errUnknownReward):
		return catalog.RewardUnknown, true
	case errors.Is(err, errMonthlyLimit):
		return catalog.RedeemMonthlyLimit, true
	case errors.Is(err, errOutOfStock):
		return catalog.RedeemOutOfStock, true
	case errors.Is(err, errNothingToConfirm):
		return catalog.RedeemNothingToOK, true
	case errors.Is(err, points.ErrInsufficientPoints):
		return catalog.RedeemShort, true
	case errors.Is(err, points.ErrRedemptionState), store.IsNotFound(err),
		errors.Is(err, points.ErrHoldResolved), errors.Is(err, points.ErrHoldExpired):
		return catalog.RedeemCancelUnknown, true
	}
	return "", false
}
