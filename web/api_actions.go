package web

import (
	"fmt"
	"net/http"

	"gridbot/staff"
)

// apiReportAction answers POST /api/v1/reports/{id}/{action} for approve,
// reject (reason), dispatch (to, note) and resolve (note), with the desk's
// outcome.
func (h *Handler) apiReportAction(w http.ResponseWriter, r *http.Request, actor string) error {
	return h.apiAction(w, r, actor, staff.KindReport, func(action string, id uint64, in actionInput) (staff.Outcome, bool, error) {
		switch action {
		case "dispatch":
			out, err := h.desk.Dispatch(r.Context(), id, actor, in.To, in.Note)
			return out, true, err
		case "resolve":
			out, err := h.desk.Resolve(r.Context(), id, actor, in.Note)
			return out, true, err
		}
		return staff.Outcome{}, false, nil
	})
}

// apiRedemptionAction answers POST /api/v1/redemptions/{id}/{action} for
// approve, reject (reason) and fulfil, with the desk's outcome. Approve's
// outcome carries the voucher; fulfil's carries the voucher it used.
func (h *Handler) apiRedemptionAction(w http.ResponseWriter, r *http.Request, actor string) error {
	return h.apiAction(w, r, actor, staff.KindRedemption, func(action string, id uint64, _ actionInput) (staff.Outcome, bool, error) {
		if action != "fulfil" {
			return staff.Outcome{}, false, nil
		}
		rd, err := h.fulfilRedemption(r, id, actor)
		if err != nil {
			return staff.Outcome{}, true, err
		}
		return fulfilOutcome(rd), true, nil
	})
}

// apiAction runs the action named by the path on the item of kind with the
// path's id: approve and reject for every kind, the kind's own actions
// through more (which reports whether it knows the action). It answers
// with the desk's outcome as JSON.
func (h *Handler) apiAction(w http.ResponseWriter, r *http.Request, actor string, kind staff.Kind,
	more func(action string, id uint64, in actionInput) (staff.Outcome, bool, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, err := readAction(r)
	if err != nil {
		return err
	}
	ref := staff.Ref{Kind: kind, ID: id}
	var out staff.Outcome
	switch action := r.PathValue("action"); action {
	case "approve":
		out, err = h.desk.Approve(r.Context(), ref, actor)
	case "reject":
		out, err = h.desk.Reject(r.Context(), ref, actor, in.Reason)
	default:
		var known bool
		if out, known, err = more(action, id, in); !known {
			return fmt.Errorf("web: api %s action %q: %w", kind, action, errNotFound)
		}
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
