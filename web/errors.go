package web

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"gridbot/catalog"
	"gridbot/staff"
	"gridbot/store"
)

// Sentinel errors of this package. Handlers wrap them with %w; answer
// turns them (and the desk's refusals) into a status, a code and catalog
// text.
var (
	// errBadRequest is returned for a malformed parameter: an id that is
	// not a number, a month or date that does not parse, an unknown status.
	errBadRequest = errors.New("bad request")
	// errNotFound is returned when a page's item does not exist.
	errNotFound = errors.New("not found")
	// errUnauthorized is returned for an API request without a valid,
	// unrevoked bearer token.
	errUnauthorized = errors.New("unauthorized")
	// errBadCSRF is returned for a form without the right CSRF token, or a
	// cross-origin POST.
	errBadCSRF = errors.New("missing or wrong form token")
	// errBadLogin is returned for a wrong user name or password.
	errBadLogin = errors.New("wrong user name or password")
	// errConflict is returned when a token name is taken.
	errConflict = errors.New("conflict")
	// errUnavailable is returned when an optional dependency (photos,
	// backup) is not configured.
	errUnavailable = errors.New("unavailable")
	// errWrongPassword is returned when the current password given to
	// change it is wrong.
	errWrongPassword = errors.New("wrong current password")
	// errPasswordMismatch is returned when the new password and its
	// confirmation differ.
	errPasswordMismatch = errors.New("new passwords differ")
	// errMethodNotAllowed is returned for a known API path asked with a
	// method it does not serve (GET on an action).
	errMethodNotAllowed = errors.New("method not allowed")
)

// throttled is returned while sign-ins from an address are refused.
type throttled struct{ retry time.Duration }

func (t *throttled) Error() string { return "too many failed sign-ins" }

// problem is how one error reads to a client.
type problem struct {
	status  int
	code    string
	message string // catalog text, safe to show
}

// classify is the one place where errors become HTTP: it returns the
// status, the machine code (for the JSON API) and the catalog text (for
// people). Desk refusals map through staff.HTTPStatus, staff.Code and
// staff.Message; anything unknown is a 500 with catalog.TryAgainLater.
func classify(err error) problem {
	var th *throttled
	switch {
	case staff.IsRefusal(err):
		text, _ := staff.Message(err)
		return problem{staff.HTTPStatus(err), staff.Code(err), text}
	case errors.As(err, &th):
		return problem{http.StatusTooManyRequests, "too_many_attempts", catalog.Text(catalog.DashTooManyLogins)}
	case errors.Is(err, errBadLogin):
		return problem{http.StatusUnauthorized, "bad_login", catalog.Text(catalog.DashBadLogin)}
	case errors.Is(err, errUnauthorized):
		return problem{http.StatusUnauthorized, "unauthorized", catalog.Text(catalog.DashUnauthorized)}
	case errors.Is(err, errWrongPassword):
		return problem{http.StatusForbidden, "wrong_password", catalog.Text(catalog.DashWrongPassword)}
	case errors.Is(err, errPasswordMismatch):
		return problem{http.StatusBadRequest, "password_mismatch", catalog.Text(catalog.DashPasswordMismatch)}
	case errors.Is(err, ErrWeakPassword):
		return problem{http.StatusBadRequest, "weak_password", catalog.Render(catalog.DashWeakPassword, catalog.Args{"Min": MinPasswordLen})}
	case errors.Is(err, errMethodNotAllowed):
		return problem{http.StatusMethodNotAllowed, "method_not_allowed", catalog.Text(catalog.DashMethodNotAllowed)}
	case errors.Is(err, errBadCSRF):
		return problem{http.StatusForbidden, "bad_csrf", catalog.Text(catalog.DashBadCSRF)}
	case errors.Is(err, errBadRequest):
		return problem{http.StatusBadRequest, "invalid", catalog.Text(catalog.DashBadRequest)}
	case errors.Is(err, errNotFound), store.IsNotFound(err):
		return problem{http.StatusNotFound, "not_found", catalog.Text(catalog.DashNotFound)}
	case errors.Is(err, errConflict), errors.Is(err, store.ErrConflict):
		return problem{http.StatusConflict, "conflict", catalog.Text(catalog.DashNameTaken)}
	case errors.Is(err, errUnavailable):
		return problem{http.StatusNotFound, "unavailable", catalog.Text(catalog.DashUnavailable)}
	}
	return problem{http.StatusInternalServerError, "internal", catalog.Text(catalog.TryAgainLater)}
}

// logProblem logs err once, where it is handled: server errors at error
// level, refusals and bad input at debug level.
func (h *Handler) logProblem(r *http.Request, p problem, err error) {
	level := slog.LevelDebug
	switch {
	case p.status >= 500:
		level = slog.LevelError
	case p.status == http.StatusUnauthorized, p.status == http.StatusForbidden, p.status == http.StatusTooManyRequests:
		level = slog.LevelWarn
	}
	h.log.Log(r.Context(), level, "web: request failed", slog.String("method", r.Method),
		slog.String("path", r.URL.Path), slog.Int("status", p.status), slog.Any("err", err))
}

// fail answers a dashboard request with an error page.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, sess *session, err error) {
	p := classify(err)
	h.logProblem(r, p, err)
	if p.status == http.StatusTooManyRequests {
		var th *throttled
		if errors.As(err, &th) {
			w.Header().Set("Retry-After", strconv.Itoa(int(th.retry/time.Second)+1))
		}
	}
	h.render(w, r, p.status, "error", sess, map[string]any{"Message": p.message, "Status": p.status})
}

// apiError is the JSON API's error body.
type apiError struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

// failJSON answers an API request with {"error": code, "message": text}.
func (h *Handler) failJSON(w http.ResponseWriter, r *http.Request, err error) {
	p := classify(err)
	h.logProblem(r, p, err)
	if p.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="gridbot"`)
	}
	writeJSON(w, p.status, apiError{Error: p.code, Message: p.message})
}

// writeJSON writes v as the JSON body with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// isNotFound reports whether err means a missing record.
func isNotFound(err error) bool { return store.IsNotFound(err) || errors.Is(err, errNotFound) }
