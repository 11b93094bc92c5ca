package staff

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"gridbot/catalog"
	"gridbot/grid"
	"gridbot/points"
	"gridbot/store"
)

// Sentinel errors. Every refusal a Desk action returns is an *Error that
// wraps exactly one of them (and the domain error underneath, if any), so
// callers test with errors.Is. Anything else is a store failure.
var (
	// ErrNotStaff is returned when the sender of a staff command is not
	// listed under staff in the configuration.
	ErrNotStaff = errors.New("sender is not a staff member")
	// ErrBadRef is returned for an item id that is not U, R or P followed
	// by a number, or whose kind the action does not take (撤销 R12).
	ErrBadRef = errors.New("not an item id such as U3, R12 or P40")
	// ErrNotFound is returned when the item, rider or voucher does not exist.
	ErrNotFound = errors.New("no such item")
	// ErrWrongState is returned when the item is not in a state that allows
	// the action: approving twice, fulfilling a voucher twice, revoking an
	// invalid report. It also wraps the domain error: points.ErrRedemptionState,
	// grid.ErrBadTransition or grid.ErrNotPending.
	ErrWrongState = errors.New("item is not in a state that allows this")
	// ErrReasonRequired is returned when an action that tells the rider why
	// (rejecting a report, revoking, adjusting, deactivating) has no reason.
	ErrReasonRequired = errors.New("a reason is required")
	// ErrInsufficientPoints is returned when revoking or a negative
	// adjustment would take more points than the rider has available.
	ErrInsufficientPoints = errors.New("the rider has too few available points")
	// ErrInvalid is returned for other input the action cannot use: an
	// empty actor, an unknown category, a zero adjustment, merging a report
	// into itself, an unknown export table or format, a malformed month.
	ErrInvalid = errors.New("invalid input")
)

// Error is a refusal: which sentinel, about which item, and what state the
// item was in. Message, HTTPStatus and Code read it.
type Error struct {
	// Err is one of the sentinels above.
	Err error
	// Op is the action: "approve", "reject", "fulfil", "revoke", …
	Op string
	// Ref is the item acted on (zero for vouchers and riders by openid).
	Ref Ref
	// Voucher is the code for voucher errors.
	Voucher string
	// Status is, for ErrWrongState, the item's current status code
	// (grid.ReportStatus, grid.RiderStatus or points.RedemptionStatus).
	Status string
	// At is, for ErrWrongState, when the item reached Status, if known
	// (when a voucher was used).
	At time.Time
	// Need and Have are, for ErrInsufficientPoints, the points the action
	// takes and the rider's available points.
	Need, Have int64
	// Cause is the domain error underneath, if any.
	Cause error
}

func (e *Error) Error() string {
	s := "staff: " + e.Op
	switch {
	case e.Ref.ID != 0:
		s += " " + e.Ref.String()
	case e.Voucher != "":
		s += " voucher " + e.Voucher
	}
	s += ": " + e.Err.Error()
	if e.Status != "" {
		s += " (" + e.Status + ")"
	}
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// Unwrap returns the sentinel and the domain cause.
func (e *Error) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Cause}
}

// refusal builds an *Error for op on ref.
func refusal(sentinel error, op string, ref Ref, cause error) *Error {
	return &Error{Err: sentinel, Op: op, Ref: ref, Cause: cause}
}

// wrongState is the ErrWrongState refusal of an item in status.
func wrongState(op string, ref Ref, status string, cause error) *Error {
	e := refusal(ErrWrongState, op, ref, cause)
	e.Status = status
	return e
}

// translate turns a domain error from store, points or grid into a refusal
// for op on ref. Store failures are returned wrapped with the operation.
func translate(op string, ref Ref, err error) error {
	var se *Error
	var short *points.ShortError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se):
		return err
	case store.IsNotFound(err):
		return refusal(ErrNotFound, op, ref, err)
	case errors.As(err, &short):
		e := refusal(ErrInsufficientPoints, op, ref, err)
		e.Need, e.Have = short.Need, short.Have
		return e
	case errors.Is(err, points.ErrRedemptionState), errors.Is(err, grid.ErrBadTransition),
		errors.Is(err, grid.ErrNotPending), errors.Is(err, points.ErrHoldResolved),
		errors.Is(err, points.ErrNotReversible):
		return refusal(ErrWrongState, op, ref, err)
	case errors.Is(err, points.ErrHoldExpired):
		return wrongState(op, ref, string(points.RedemptionExpired), err)
	case errors.Is(err, points.ErrReasonRequired):
		return refusal(ErrReasonRequired, op, ref, err)
	case errors.Is(err, points.ErrInvalidAmount), errors.Is(err, points.ErrInvalidRider):
		return refusal(ErrInvalid, op, ref, err)
	}
	return fmt.Errorf("staff: %s %s: %w", op, ref, err)
}

// IsRefusal reports whether err is a refusal (an *Error) rather than a
// store failure.
func IsRefusal(err error) bool {
	var e *Error
	return errors.As(err, &e)
}

// Message returns the Chinese reply telling a staff member why an action
// was refused, and ok=false for an error that is not a refusal (a store
// failure: log it and show catalog.TryAgainLater). This is the only place
// refusals become text, for chat and for the dashboard alike.
func Message(err error) (text string, ok bool) {
	var e *Error
	if !errors.As(err, &e) {
		return "", false
	}
	label := e.Ref.String()
	switch {
	case errors.Is(e.Err, ErrNotStaff):
		return catalog.Text(catalog.StaffOnly), true
	case errors.Is(e.Err, ErrBadRef):
		return catalog.Text(catalog.StaffBadID), true
	case errors.Is(e.Err, ErrNotFound) && e.Voucher != "":
		return catalog.Render(catalog.StaffVoucherUnknown, catalog.Args{"Voucher": e.Voucher}), true
	case errors.Is(e.Err, ErrNotFound) && e.Ref.ID == 0:
		return catalog.Text(catalog.StaffRiderUnknown), true
	case errors.Is(e.Err, ErrNotFound):
		return catalog.Render(catalog.StaffNotFound, catalog.Args{"Label": label}), true
	case errors.Is(e.Err, ErrWrongState) && e.Voucher != "" && e.Status == string(points.RedemptionFulfilled):
		return catalog.Render(catalog.StaffVoucherUsed, catalog.Args{"Voucher": e.Voucher, "When": clock(e.At)}), true
	case errors.Is(e.Err, ErrWrongState):
		if e.Voucher != "" {
			label = e.Voucher
		}
		return catalog.Render(catalog.StaffWrongState, catalog.Args{"Label": label, "Status": statusName(e.Ref.Kind, e.Status)}), true
	case errors.Is(e.Err, ErrReasonRequired):
		switch e.Op {
		case opRevoke:
			return catalog.Render(catalog.StaffNeedReason, catalog.Args{"Example": catalog.Render(catalog.StaffExampleRevoke, catalog.Args{"Label": label})}), true
		case opReject:
			return catalog.Render(catalog.StaffNeedReason, catalog.Args{"Example": catalog.Render(catalog.StaffExampleReject, catalog.Args{"Label": label})}), true
		}
		return catalog.Text(catalog.StaffReasonMissing), true
	case errors.Is(e.Err, ErrInsufficientPoints):
		return catalog.Render(catalog.StaffShort, catalog.Args{"Need": e.Need, "Have": e.Have}), true
	}
	return catalog.Text(catalog.StaffBadInput), true
}

// HTTPStatus returns the HTTP status for err: 403 ErrNotStaff, 400
// ErrBadRef and ErrInvalid, 404 ErrNotFound, 409 ErrWrongState and
// ErrInsufficientPoints, 422 ErrReasonRequired, 500 anything else.
func HTTPStatus(err error) int {
	switch Code(err) {
	case "not_staff":
		return http.StatusForbidden
	case "bad_ref", "invalid":
		return http.StatusBadRequest
	case "not_found":
		return http.StatusNotFound
	case "wrong_state", "insufficient_points":
		return http.StatusConflict
	case "reason_required":
		return http.StatusUnprocessableEntity
	}
	return http.StatusInternalServerError
}

// Code returns a stable machine-readable code for err, for the JSON API:
// "not_staff", "bad_ref", "not_found", "wrong_state", "reason_required",
// "insufficient_points", "invalid", or "internal" for a store failure.
func Code(err error) string {
	switch {
	case !IsRefusal(err):
		return "internal"
	case errors.Is(err, ErrNotStaff):
		return "not_staff"
	case errors.Is(err, ErrBadRef):
		return "bad_ref"
	case errors.Is(err, ErrNotFound):
		return "not_found"
	case errors.Is(err, ErrWrongState):
		return "wrong_state"
	case errors.Is(err, ErrReasonRequired):
		return "reason_required"
	case errors.Is(err, ErrInsufficientPoints):
		return "insufficient_points"
	}
	return "invalid"
}
