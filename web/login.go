package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// Sign-in throttling: within loginWindow, an address may fail
// loginPerAddress times, and an address and user name loginPerUser times.
const (
	loginWindow     = 15 * time.Minute
	loginPerAddress = 50
	loginPerUser    = 5
)

// loginForm shows the sign-in form with a fresh double-submit token.
func (h *Handler) loginForm(w http.ResponseWriter, r *http.Request, _ *session) error {
	if s, err := h.currentSession(r); err == nil && s != nil {
		http.Redirect(w, r, "/admin/", http.StatusSeeOther)
		return nil
	}
	h.renderLogin(w, r, http.StatusOK, "")
	return nil
}

// renderLogin renders the sign-in form with status and an optional message.
func (h *Handler) renderLogin(w http.ResponseWriter, r *http.Request, status int, message string) {
	token := randomToken()
	h.setCookie(w, r, loginCSRFCookie, token, int(loginWindow.Seconds()))
	h.render(w, r, status, "login", &session{csrf: token}, map[string]any{
		"Next": localPath(r.FormValue("next"), "/admin/"), "Message": message,
	})
}

// login checks the form token, the throttle and the password, then starts
// a session.
func (h *Handler) login(w http.ResponseWriter, r *http.Request, _ *session) error {
	c, cerr := r.Cookie(loginCSRFCookie)
	if err := h.cop.Check(r); err != nil || cerr != nil || !equalTokens(c.Value, r.PostFormValue(csrfField)) {
		return fmt.Errorf("web: login: %w", errBadCSRF)
	}
	name := strings.TrimSpace(r.PostFormValue("user"))
	password := r.PostFormValue("password")
	addr := clientAddr(r)
	userKey := "user:" + addr + "/" + truncate(name, 64)
	now := h.now()
	ok, retry, err := h.st.LoginAllowed(now, loginWindow, map[string]int{"addr:" + addr: loginPerAddress, userKey: loginPerUser})
	if err != nil {
		return fmt.Errorf("web: login: %w", err)
	}
	if !ok {
		h.log.Warn("web: sign-in throttled", slog.String("addr", addr))
		return h.loginProblem(w, r, &throttled{retry: retry})
	}
	hash := dummyHash()
	u, err := h.st.WebUser(name)
	exists := err == nil
	if exists {
		hash = u.Hash
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil || !exists {
		h.log.Warn("web: failed sign-in", slog.String("addr", addr))
		if err := h.st.RecordLogin(r.Context(), now, loginWindow, false, "addr:"+addr, userKey); err != nil {
			return fmt.Errorf("web: login: %w", err)
		}
		return h.loginProblem(w, r, errBadLogin)
	}
	if err := h.st.RecordLogin(r.Context(), now, loginWindow, true, userKey); err != nil {
		return fmt.Errorf("web: login: %w", err)
	}
	if err := h.startSession(r.Context(), w, r, u.Name); err != nil {
		return err
	}
	h.setCookie(w, r, loginCSRFCookie, "", -1)
	h.log.Info("web: signed in", slog.String("user", u.Name), slog.String("addr", addr))
	http.Redirect(w, r, localPath(r.PostFormValue("next"), "/admin/"), http.StatusSeeOther)
	return nil
}

// loginProblem shows the sign-in form again with the problem's text.
func (h *Handler) loginProblem(w http.ResponseWriter, r *http.Request, err error) error {
	p := classify(err)
	var th *throttled
	if errors.As(err, &th) {
		w.Header().Set("Retry-After", fmt.Sprint(int(th.retry/time.Second)+1))
	}
	h.renderLogin(w, r, p.status, p.message)
	return nil
}

// logout ends the session.
func (h *Handler) logout(w http.ResponseWriter, r *http.Request, s *session) error {
	if err := h.st.DeleteWebSession(r.Context(), s.key); err != nil {
		return fmt.Errorf("web: logout: %w", err)
	}
	h.setCookie(w, r, sessionCookie, "", -1)
	http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
	return nil
}

// clientAddr is the request's remote IP address. Forwarding headers are
// not trusted: behind a proxy, every client shares the proxy's address.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// dummyHash is compared against when the user does not exist, so that a
// wrong name takes as long as a wrong password.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte(randomToken()), bcrypt.DefaultCost)
	return h
})
