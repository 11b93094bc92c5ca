package web

import (
	"fmt"
	"net/http"
	"strings"

	"gridbot/catalog"
	"gridbot/staff"
)

// reviewBulk approves or rejects (with one reason) every checked report.
// Each report is its own transaction: one refusal does not stop the
// others, and the outcome lists what happened to each.
func (h *Handler) reviewBulk(w http.ResponseWriter, r *http.Request, s *session) error {
	action := r.PostFormValue("action")
	if action != "approve" && action != "reject" {
		return fmt.Errorf("web: bulk action %q: %w", action, errBadRequest)
	}
	reason := r.PostFormValue("reason")
	var lines []string
	for _, v := range r.PostForm["id"] {
		id, err := parseID(v)
		if err != nil {
			return err
		}
		ref := staff.Ref{Kind: staff.KindReport, ID: id}
		var out staff.Outcome
		if action == "approve" {
			out, err = h.desk.Approve(r.Context(), ref, s.user)
		} else {
			out, err = h.desk.Reject(r.Context(), ref, s.user, reason)
		}
		if err != nil {
			text, ok := staff.Message(err)
			if !ok {
				return fmt.Errorf("web: bulk %s %s: %w", action, ref, err)
			}
			lines = append(lines, text)
			continue
		}
		lines = append(lines, catalog.Render(catalog.StaffDone, catalog.Args{"Label": ref.String(), "Result": out.Result}))
	}
	if len(lines) == 0 {
		lines = append(lines, catalog.Text(catalog.DashNothingSelected))
	}
	return h.done(w, r, strings.Join(lines, "\n"), "/admin/reviews")
}
