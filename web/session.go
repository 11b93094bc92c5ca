package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	"gridbot/store"
)

// Cookie names. The session cookie is scoped to /admin/.
const (
	sessionCookie    = "gridbot_session"
	loginCSRFCookie  = "gridbot_login"
	flashCookie      = "gridbot_flash"
	csrfField        = "csrf"
	adminCookiePath  = "/admin/"
	randomTokenBytes = 32
)

// session is a signed-in request's session.
type session struct {
	key  string // hex SHA-256 of the cookie value
	user string
	csrf string
}

// randomToken returns 32 random bytes, base64url-encoded.
func randomToken() string {
	b := make([]byte, randomTokenBytes)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

// sha256Hex returns the hex SHA-256 of s.
func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// equalTokens compares two secrets in constant time.
func equalTokens(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// secure reports whether cookies must carry the Secure attribute.
func (h *Handler) secure(r *http.Request) bool {
	return h.cfg.Admin.SecureCookie || r.TLS != nil || strings.HasPrefix(h.cfg.PublicURL, "https://")
}

// setCookie sets an HttpOnly, SameSite=Lax cookie under /admin/; maxAge < 0
// deletes it.
func (h *Handler) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: adminCookiePath, MaxAge: maxAge,
		HttpOnly: true, Secure: h.secure(r), SameSite: http.SameSiteLaxMode,
	})
}

// startSession stores a new session for user and sets its cookie.
func (h *Handler) startSession(ctx context.Context, w http.ResponseWriter, r *http.Request, user string) error {
	id := randomToken()
	now := h.now()
	ttl := h.cfg.Admin.SessionTTL
	s := store.WebSession{Key: sha256Hex(id), User: user, CSRF: randomToken(), CreatedAt: now, ExpiresAt: now.Add(ttl)}
	if err := h.st.PutWebSession(ctx, s); err != nil {
		return fmt.Errorf("web: start session: %w", err)
	}
	h.setCookie(w, r, sessionCookie, id, int(ttl.Seconds()))
	return nil
}

// currentSession returns the request's session, or nil if it has none
// (no cookie, unknown, expired, or its user no longer exists).
func (h *Handler) currentSession(r *http.Request) (*session, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" || len(c.Value) > 128 {
		return nil, nil
	}
	s, err := h.st.WebSession(sha256Hex(c.Value))
	if store.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("web: session: %w", err)
	}
	if _, err := h.st.WebUser(s.User); err != nil {
		if store.IsNotFound(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("web: session user: %w", err)
	}
	return &session{key: s.Key, user: s.User, csrf: s.CSRF}, nil
}

// checkCSRF refuses a POST whose form token does not match the session's,
// or that a browser marks as cross-origin.
func (h *Handler) checkCSRF(r *http.Request, want string) error {
	if err := h.cop.Check(r); err != nil {
		return fmt.Errorf("web: %w: %w", errBadCSRF, err)
	}
	if !equalTokens(want, r.PostFormValue(csrfField)) {
		return fmt.Errorf("web: %w", errBadCSRF)
	}
	return nil
}

// setFlash stores a one-time message shown on the next page.
func (h *Handler) setFlash(w http.ResponseWriter, r *http.Request, text string) {
	h.setCookie(w, r, flashCookie, base64.RawURLEncoding.EncodeToString([]byte(text)), 60)
}

// takeFlash returns and clears the one-time message.
func (h *Handler) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	h.setCookie(w, r, flashCookie, "", -1)
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil || len(b) > 2048 {
		return ""
	}
	return string(b)
}
