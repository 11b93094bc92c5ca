package web

import (
	"fmt"
	"net/http"

	"gridbot/catalog"
	"gridbot/points"
	"gridbot/staff"
	"gridbot/store"
)

// Redemption actions from the dashboard, as the signed-in user.

func (h *Handler) redemptionApprove(w http.ResponseWriter, r *http.Request, s *session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	out, err := h.desk.Approve(r.Context(), staff.Ref{Kind: staff.KindRedemption, ID: id}, s.user)
	if err != nil {
		return err
	}
	return h.done(w, r, outcomeText(out), "/admin/redemptions")
}

func (h *Handler) redemptionReject(w http.ResponseWriter, r *http.Request, s *session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	out, err := h.desk.Reject(r.Context(), staff.Ref{Kind: staff.KindRedemption, ID: id}, s.user, r.PostFormValue("reason"))
	if err != nil {
		return err
	}
	return h.done(w, r, outcomeText(out), "/admin/redemptions")
}

// redemptionFulfil marks an approved redemption's voucher as used.
func (h *Handler) redemptionFulfil(w http.ResponseWriter, r *http.Request, s *session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rd, err := h.fulfilRedemption(r, id, s.user)
	if err != nil {
		return err
	}
	return h.done(w, r, fulfilText(rd), "/admin/redemptions?status=approved")
}

// voucherFulfil marks a voucher typed by staff as used.
func (h *Handler) voucherFulfil(w http.ResponseWriter, r *http.Request, s *session) error {
	rd, err := h.desk.Fulfil(r.Context(), r.PostFormValue("voucher"), s.user)
	if err != nil {
		return err
	}
	return h.done(w, r, fulfilText(rd), "/admin/redemptions?status=approved")
}

// fulfilRedemption fulfils redemption id through its voucher. A
// redemption that has no voucher (not approved) is refused as the desk
// refuses a wrong state.
func (h *Handler) fulfilRedemption(r *http.Request, id uint64, actor string) (points.Redemption, error) {
	rd, err := h.st.Redemption(id)
	if err != nil && !store.IsNotFound(err) {
		return rd, fmt.Errorf("web: fulfil R%d: %w", id, err)
	}
	if err != nil {
		return rd, &staff.Error{Err: staff.ErrNotFound, Op: "fulfil", Ref: staff.Ref{Kind: staff.KindRedemption, ID: id}, Cause: err}
	}
	if rd.Status != points.RedemptionApproved && rd.Status != points.RedemptionFulfilled || rd.Voucher == "" {
		return rd, &staff.Error{Err: staff.ErrWrongState, Op: "fulfil", Ref: staff.Ref{Kind: staff.KindRedemption, ID: id},
			Status: string(rd.Status), Cause: points.ErrRedemptionState}
	}
	return h.desk.Fulfil(r.Context(), rd.Voucher, actor)
}

// fulfilOutcome is a fulfilment in the shape of the desk's other
// outcomes, for the JSON API.
func fulfilOutcome(rd points.Redemption) staff.Outcome {
	return staff.Outcome{Ref: staff.Ref{Kind: staff.KindRedemption, ID: rd.ID}, Status: string(rd.Status),
		Rider: rd.Rider, Voucher: rd.Voucher, Result: catalog.Render(catalog.DashFulfilled, catalog.Args{"Voucher": rd.Voucher})}
}

func outcomeText(out staff.Outcome) string {
	return catalog.Render(catalog.StaffDone, catalog.Args{"Label": out.Ref.String(), "Result": out.Result})
}

func fulfilText(rd points.Redemption) string {
	return catalog.Render(catalog.StaffDone, catalog.Args{"Label": rd.Label(),
		"Result": catalog.Render(catalog.DashFulfilled, catalog.Args{"Voucher": rd.Voucher})})
}
