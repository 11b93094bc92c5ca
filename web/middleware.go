package web

import (
	"net/http"
	"net/url"
)

// pageFunc handles a dashboard request for the signed-in session. It
// returns an error only before it has written anything; the wrapper
// answers it with fail.
type pageFunc func(w http.ResponseWriter, r *http.Request, s *session) error

// maxFormBytes caps a dashboard form.
const maxFormBytes = 1 << 20

// securityHeaders sets the headers every dashboard answer carries.
func securityHeaders(w http.ResponseWriter) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Referrer-Policy", "same-origin")
	hd.Set("Cache-Control", "no-store")
}

// admin wraps a page that needs a session: without one, the browser is
// sent to the login form; a POST must carry the session's CSRF token.
func (h *Handler) admin(fn pageFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		securityHeaders(w)
		s, err := h.currentSession(r)
		if err != nil {
			h.fail(w, r, nil, err)
			return
		}
		if s == nil {
			next := r.URL.Path
			if r.Method != http.MethodGet {
				next = "/admin/"
			} else if r.URL.RawQuery != "" {
				next += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, "/admin/login?next="+url.QueryEscape(next), http.StatusSeeOther)
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
			if err := h.checkCSRF(r, s.csrf); err != nil {
				h.fail(w, r, s, err)
				return
			}
		}
		if err := fn(w, r, s); err != nil {
			h.fail(w, r, s, err)
		}
	})
}

// public wraps a dashboard page that needs no session (the login form).
func (h *Handler) public(fn pageFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		securityHeaders(w)
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		}
		if err := fn(w, r, nil); err != nil {
			h.fail(w, r, nil, err)
		}
	})
}

// localPath returns p if it is a dashboard path on this site (for
// redirects after an action or a sign-in), and def otherwise.
func localPath(p, def string) string {
	u, err := url.Parse(p)
	if err != nil || u.IsAbs() || u.Host != "" || len(p) < len(adminCookiePath) || p[:len(adminCookiePath)] != adminCookiePath || len(p) > 1 && p[1] == '/' || containsBackslash(p) {
		return def
	}
	return p
}

func containsBackslash(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			return true
		}
	}
	return false
}

// done records the outcome text of an action and sends the browser back.
func (h *Handler) done(w http.ResponseWriter, r *http.Request, text, def string) error {
	if text != "" {
		h.setFlash(w, r, text)
	}
	http.Redirect(w, r, localPath(r.PostFormValue("back"), def), http.StatusSeeOther)
	return nil
}
