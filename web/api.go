package web

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// apiFunc handles an authenticated API request; actor is "api:<token
// name>". It returns an error only before it has written anything.
type apiFunc func(w http.ResponseWriter, r *http.Request, actor string) error

// maxAPIBody caps an API request body.
const maxAPIBody = 64 << 10

// api wraps an API route: bearer authentication, a body cap, JSON errors.
func (h *Handler) api(fn apiFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, err := h.authenticate(r)
		if err != nil {
			h.failJSON(w, r, err)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxAPIBody)
		if err := fn(w, r, "api:"+name); err != nil {
			h.failJSON(w, r, err)
		}
	})
}

// authenticate returns the name of the request's bearer token: one in the
// config (api.tokens, compared in constant time) or an active stored one.
// Errors: errUnauthorized for a missing, unknown or revoked token.
func (h *Handler) authenticate(r *http.Request) (string, error) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" || len(token) > 256 {
		return "", fmt.Errorf("web: api: %w", errUnauthorized)
	}
	sha := sha256Hex(token)
	for _, t := range h.cfg.API.Tokens {
		if subtle.ConstantTimeCompare([]byte(strings.ToLower(t.SHA256)), []byte(sha)) == 1 {
			return t.Name, nil
		}
	}
	t, err := h.st.WebTokenBySHA256(sha)
	if err != nil && !isNotFound(err) {
		return "", fmt.Errorf("web: api: token: %w", err)
	}
	if err != nil || !t.Active() {
		return "", fmt.Errorf("web: api: %w", errUnauthorized)
	}
	return t.Name, nil
}

// apiNotFound answers API paths that match no route.
func (h *Handler) apiNotFound(w http.ResponseWriter, r *http.Request, _ string) error {
	return fmt.Errorf("web: api %s %s: %w", r.Method, r.URL.Path, errNotFound)
}

// apiMethodNotAllowed answers a known API path asked with a method it
// does not serve: 405 with the Allow header and the JSON error shape.
func (h *Handler) apiMethodNotAllowed(allow string) apiFunc {
	return func(w http.ResponseWriter, r *http.Request, _ string) error {
		w.Header().Set("Allow", allow)
		return fmt.Errorf("web: api %s %s: %w", r.Method, r.URL.Path, errMethodNotAllowed)
	}
}

// actionInput is the optional body of an API action: JSON, or form values.
type actionInput struct {
	Reason string `json:"reason"`
	To     string `json:"to"`
	Note   string `json:"note"`
}

// readAction decodes an action's body.
func readAction(r *http.Request) (actionInput, error) {
	var in actionInput
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		err := json.NewDecoder(r.Body).Decode(&in)
		if err != nil && !errors.Is(err, io.EOF) {
			return in, fmt.Errorf("web: api body: %w", errBadRequest)
		}
		return in, nil
	}
	if err := r.ParseForm(); err != nil {
		return in, fmt.Errorf("web: api body: %w", errBadRequest)
	}
	return actionInput{Reason: r.FormValue("reason"), To: r.FormValue("to"), Note: r.FormValue("note")}, nil
}
