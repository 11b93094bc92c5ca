package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gridbot/staff"
)

// Rider actions from the dashboard, as the signed-in user.

func (h *Handler) riderApprove(w http.ResponseWriter, r *http.Request, s *session) error {
	return h.riderDecide(w, r, s, true)
}

func (h *Handler) riderReject(w http.ResponseWriter, r *http.Request, s *session) error {
	return h.riderDecide(w, r, s, false)
}

// riderDecide approves or rejects a pending registration.
func (h *Handler) riderDecide(w http.ResponseWriter, r *http.Request, s *session, approve bool) error {
	openid := r.PathValue("openid")
	rd, err := h.st.Rider(openid)
	if err != nil {
		return riderRefusal(openid, err)
	}
	ref := staff.Ref{Kind: staff.KindRegistration, ID: rd.Seq}
	var out staff.Outcome
	if approve {
		out, err = h.desk.Approve(r.Context(), ref, s.user)
	} else {
		out, err = h.desk.Reject(r.Context(), ref, s.user, r.PostFormValue("reason"))
	}
	if err != nil {
		return err
	}
	return h.done(w, r, outcomeText(out), riderPath(openid))
}

func (h *Handler) riderDeactivate(w http.ResponseWriter, r *http.Request, s *session) error {
	openid := r.PathValue("openid")
	out, err := h.desk.Deactivate(r.Context(), openid, s.user, r.PostFormValue("reason"))
	if err != nil {
		return err
	}
	return h.done(w, r, outcomeText(out), riderPath(openid))
}

// riderAdjust credits or debits points; the reason is required.
func (h *Handler) riderAdjust(w http.ResponseWriter, r *http.Request, s *session) error {
	openid := r.PathValue("openid")
	delta, err := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("delta")), 10, 64)
	if err != nil {
		return fmt.Errorf("web: adjust: %w", errBadRequest)
	}
	out, err := h.desk.AdjustPoints(r.Context(), openid, delta, s.user, r.PostFormValue("reason"))
	if err != nil {
		return err
	}
	return h.done(w, r, outcomeText(out), riderPath(openid))
}

func riderPath(openid string) string { return "/admin/riders/" + url.PathEscape(openid) }

// riderRefusal turns a failed rider lookup into the desk's not-found
// refusal, or a store failure.
func riderRefusal(openid string, err error) error {
	if isNotFound(err) {
		return &staff.Error{Err: staff.ErrNotFound, Op: "rider", Cause: err}
	}
	return fmt.Errorf("web: rider %s: %w", openid, err)
}
