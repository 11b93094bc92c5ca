package staff

import (
	"context"
	"errors"
	"strings"

	"gridbot/catalog"
	"gridbot/points"
	"gridbot/store"
)

// Fulfil redeems a voucher in its own transaction; see FulfilTx.
func (d *Desk) Fulfil(ctx context.Context, code, actor string) (points.Redemption, error) {
	return inTx(ctx, d, func(tx *store.Tx) (points.Redemption, error) { return d.FulfilTx(tx, code, actor) })
}

// FulfilTx marks the voucher with code (case, spaces and dashes ignored)
// as used at the partner, in tx, and tells the rider. A voucher is used
// once. Errors (refusals, before any write): ErrNotFound (no such code:
// only approved redemptions have one), ErrWrongState (already used; the
// error's At says when), ErrInvalid (no actor).
func (d *Desk) FulfilTx(tx *store.Tx, code, actor string) (points.Redemption, error) {
	code = points.NormalizeVoucher(strings.TrimSpace(halfWidth(code)))
	if actor == "" {
		return points.Redemption{}, &Error{Err: ErrInvalid, Op: opFulfil, Voucher: code}
	}
	r, err := tx.FulfilVoucher(code, actor)
	if err != nil {
		return r, voucherRefusal(opFulfil, code, r, err, d)
	}
	return r, d.tell(tx, r.Rider, catalog.RedemptionFulfilled, catalog.Args{"Voucher": r.Voucher, "Name": r.RewardName})
}

// Voucher returns the redemption voucher code was issued for, so that a
// partner or staff member can check it before use. Errors: ErrNotFound.
func (d *Desk) Voucher(code string) (r points.Redemption, err error) {
	code = points.NormalizeVoucher(strings.TrimSpace(halfWidth(code)))
	err = d.st.View(func(tx *store.Tx) error {
		r, err = tx.Voucher(code)
		return err
	})
	if err != nil {
		return r, voucherRefusal(opVoucher, code, r, err, d)
	}
	return r, nil
}

func voucherRefusal(op, code string, r points.Redemption, err error, d *Desk) error {
	e := &Error{Op: op, Voucher: code, Cause: err}
	switch {
	case store.IsNotFound(err):
		e.Err = ErrNotFound
	case errors.Is(err, points.ErrRedemptionState):
		e.Err, e.Status = ErrWrongState, string(r.Status)
		e.Ref = Ref{Kind: KindRedemption, ID: r.ID}
		if !r.FulfilledAt.IsZero() {
			e.At = r.FulfilledAt.In(d.loc)
		}
	default:
		return translate(op, Ref{Kind: KindRedemption, ID: r.ID}, err)
	}
	return e
}
