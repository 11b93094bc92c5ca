package web

import (
	"net/http"
	"strconv"

	"gridbot/staff"
)

// Report actions from the dashboard. Each runs one desk action as the
// signed-in user and returns to the page it came from with the outcome.

func (h *Handler) reportApprove(w http.ResponseWriter, r *http.Request, s *session) error {
	return h.reportAction(w, r, func(id uint64) (staff.Outcome, error) {
		return h.desk.Approve(r.Context(), staff.Ref{Kind: staff.KindReport, ID: id}, s.user)
	})
}

func (h *Handler) reportReject(w http.ResponseWriter, r *http.Request, s *session) error {
	return h.reportAction(w, r, func(id uint64) (staff.Outcome, error) {
		return h.desk.Reject(r.Context(), staff.Ref{Kind: staff.KindReport, ID: id}, s.user, r.PostFormValue("reason"))
	})
}

func (h *Handler) reportRevoke(w http.ResponseWriter, r *http.Request, s *session) error {
	return h.reportAction(w, r, func(id uint64) (staff.Outcome, error) {
		return h.desk.Revoke(r.Context(), id, s.user, r.PostFormValue("reason"))
	})
}

func (h *Handler) reportDispatch(w http.ResponseWriter, r *http.Request, s *session) error {
	return h.reportAction(w, r, func(id uint64) (staff.Outcome, error) {
		return h.desk.Dispatch(r.Context(), id, s.user, r.PostFormValue("to"), r.PostFormValue("note"))
	})
}

func (h *Handler) reportResolve(w http.ResponseWriter, r *http.Request, s *session) error {
	return h.reportAction(w, r, func(id uint64) (staff.Outcome, error) {
		return h.desk.Resolve(r.Context(), id, s.user, r.PostFormValue("note"))
	})
}

func (h *Handler) reportMerge(w http.ResponseWriter, r *http.Request, s *session) error {
	into, err := parseID(r.PostFormValue("into"))
	if err != nil {
		return err
	}
	return h.reportAction(w, r, func(id uint64) (staff.Outcome, error) {
		return h.desk.Merge(r.Context(), id, into, s.user)
	})
}

func (h *Handler) reportClassify(w http.ResponseWriter, r *http.Request, s *session) error {
	return h.reportAction(w, r, func(id uint64) (staff.Outcome, error) {
		return h.desk.Classify(r.Context(), id, r.PostFormValue("category"), s.user)
	})
}

// reportAction runs act on the report in the path and reports the outcome.
func (h *Handler) reportAction(w http.ResponseWriter, r *http.Request, act func(id uint64) (staff.Outcome, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	out, err := act(id)
	if err != nil {
		return err
	}
	return h.done(w, r, outcomeText(out),
		"/admin/reports/"+strconv.FormatUint(id, 10))
}
