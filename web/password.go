package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"golang.org/x/crypto/bcrypt"

	"gridbot/catalog"
)

// Password changes for the signed-in user (修改密码). A wrong current
// password counts against the same store-kept throttle as sign-ins, under
// the address and under "passwd:<user>", so a stolen session cannot guess
// the password any faster than the login form allows.

// passwordForm shows the form.
func (h *Handler) passwordForm(w http.ResponseWriter, r *http.Request, s *session) error {
	h.renderPassword(w, r, s, http.StatusOK, "")
	return nil
}

// renderPassword renders the form with status and an optional message.
func (h *Handler) renderPassword(w http.ResponseWriter, r *http.Request, s *session, status int, message string) {
	h.render(w, r, status, "password", s, map[string]any{"Message": message, "Min": MinPasswordLen})
}

// passwordChange checks the throttle and the current password, then sets
// the new one. On success the user's other sessions end and this one
// stays signed in.
func (h *Handler) passwordChange(w http.ResponseWriter, r *http.Request, s *session) error {
	addr := clientAddr(r)
	addrKey, userKey := "addr:"+addr, "passwd:"+s.user
	now := h.now()
	ok, retry, err := h.st.LoginAllowed(now, loginWindow, map[string]int{addrKey: loginPerAddress, userKey: loginPerUser})
	if err != nil {
		return fmt.Errorf("web: password: %w", err)
	}
	if !ok {
		h.log.Warn("web: password change throttled", slog.String("user", s.user), slog.String("addr", addr))
		return h.passwordProblem(w, r, s, &throttled{retry: retry})
	}
	u, err := h.st.WebUser(s.user)
	if err != nil {
		return fmt.Errorf("web: password: %w", err)
	}
	if bcrypt.CompareHashAndPassword(u.Hash, []byte(r.PostFormValue("current"))) != nil {
		h.log.Warn("web: wrong current password", slog.String("user", s.user), slog.String("addr", addr))
		if err := h.st.RecordLogin(r.Context(), now, loginWindow, false, addrKey, userKey); err != nil {
			return fmt.Errorf("web: password: %w", err)
		}
		return h.passwordProblem(w, r, s, errWrongPassword)
	}
	password := r.PostFormValue("new")
	if password != r.PostFormValue("confirm") {
		return h.passwordProblem(w, r, s, errPasswordMismatch)
	}
	hash, err := HashPassword(password)
	if err != nil {
		return h.passwordProblem(w, r, s, err)
	}
	if err := h.st.ChangeWebPassword(r.Context(), s.user, hash, s.key); err != nil {
		return fmt.Errorf("web: password: %w", err)
	}
	if err := h.st.RecordLogin(r.Context(), now, loginWindow, true, userKey); err != nil {
		return fmt.Errorf("web: password: %w", err)
	}
	h.log.Info("web: password changed", slog.String("user", s.user), slog.String("addr", addr))
	h.setFlash(w, r, catalog.Text(catalog.DashPasswordChanged))
	http.Redirect(w, r, "/admin/", http.StatusSeeOther)
	return nil
}

// passwordProblem shows the form again with the problem's text.
func (h *Handler) passwordProblem(w http.ResponseWriter, r *http.Request, s *session, err error) error {
	p := classify(err)
	var th *throttled
	if errors.As(err, &th) {
		w.Header().Set("Retry-After", strconv.Itoa(int(th.retry/time.Second)+1))
	}
	h.renderPassword(w, r, s, p.status, p.message)
	return nil
}
