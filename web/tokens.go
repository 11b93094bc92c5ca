package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"gridbot/catalog"
	"gridbot/store"
)

// tokenList shows the API tokens: those in the config (names only) and
// the stored ones, active and revoked.
func (h *Handler) tokenList(w http.ResponseWriter, r *http.Request, s *session) error {
	return h.renderTokens(w, r, s, http.StatusOK, "")
}

func (h *Handler) renderTokens(w http.ResponseWriter, r *http.Request, s *session, status int, created string) error {
	stored, err := h.st.WebTokens()
	if err != nil {
		return fmt.Errorf("web: tokens: %w", err)
	}
	h.render(w, r, status, "tokens", s, map[string]any{
		"Config": h.cfg.API.Tokens, "Stored": stored, "Created": created,
	})
	return nil
}

// tokenCreate creates a token and shows it once, on this answer only.
func (h *Handler) tokenCreate(w http.ResponseWriter, r *http.Request, s *session) error {
	name := strings.TrimSpace(r.PostFormValue("name"))
	token, err := CreateToken(r.Context(), h.st, h.cfg, name, s.user)
	switch {
	case errors.Is(err, ErrBadName):
		return fmt.Errorf("web: create token: %w", errBadRequest)
	case errors.Is(err, ErrNameTaken):
		return fmt.Errorf("web: create token: %w", errConflict)
	case err != nil:
		return fmt.Errorf("web: create token: %w", err)
	}
	h.log.Info("web: API token created", slog.String("name", name), slog.String("user", s.user))
	return h.renderTokens(w, r, s, http.StatusOK, token)
}

// tokenRevoke revokes a stored token; requests with it get 401 at once.
func (h *Handler) tokenRevoke(w http.ResponseWriter, r *http.Request, s *session) error {
	name := r.PathValue("name")
	if _, err := h.st.RevokeWebToken(r.Context(), name, s.user); err != nil {
		if store.IsNotFound(err) {
			return fmt.Errorf("web: revoke token: %w", errNotFound)
		}
		return fmt.Errorf("web: revoke token: %w", err)
	}
	h.log.Info("web: API token revoked", slog.String("name", name), slog.String("user", s.user))
	return h.done(w, r, catalog.Render(catalog.DashTokenRevoked, catalog.Args{"Name": name}), "/admin/tokens")
}
