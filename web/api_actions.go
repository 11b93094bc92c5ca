package web

import (
	"fmt"
	"net/http"

	"gridbot/points"
	"gridbot/staff"
)

// apiReportAction answers POST /api/v1/reports/{id}/{action} for approve,
// reject (reason), dispatch (to, note) and resolve (note), with the desk's
// outcome.
func (h *Handler) apiReportAction(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, err := readAction(r)
	if err != nil {
		return err
	}
	ref := staff.Ref{Kind: staff.KindReport, ID: id}
	var out staff.Outcome
	switch action := r.PathValue("action"); action {
	case "approve":
		out, err = h.desk.Approve(r.Context(), ref, actor)
	case "reject":
		out, err = h.desk.Reject(r.Context(), ref, actor, in.Reason)
	case "dispatch":
		out, err = h.desk.Dispatch(r.Context(), id, actor, in.To, in.Note)
	case "resolve":
		out, err = h.desk.Resolve(r.Context(), id, actor, in.Note)
	default:
		return fmt.Errorf("web: api report action %q: %w", action, errNotFound)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiRedemptionAction answers POST /api/v1/redemptions/{id}/{action} for
// approve, reject (reason) and fulfil, with the desk's outcome. Approve's
// outcome carries the voucher; fulfil's carries the voucher it used.
func (h *Handler) apiRedemptionAction(w http.ResponseWriter, r *http.Request, actor string) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, err := readAction(r)
	if err != nil {
		return err
	}
	ref := staff.Ref{Kind: staff.KindRedemption, ID: id}
	var out staff.Outcome
	switch action := r.PathValue("action"); action {
	case "approve":
		out, err = h.desk.Approve(r.Context(), ref, actor)
	case "reject":
		out, err = h.desk.Reject(r.Context(), ref, actor, in.Reason)
	case "fulfil":
		var rd points.Redemption
		if rd, err = h.fulfilRedemption(r, id, actor); err == nil {
			out = fulfilOutcome(rd)
		}
	default:
		return fmt.Errorf("web: api redemption action %q: %w", action, errNotFound)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
