package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"gridbot/catalog"
)

const newTestPassword = "a brand new passphrase"

// TestPasswordChange changes the signed-in user's password: bad input is
// refused with catalog text and changes nothing; success keeps this
// session, ends the user's other sessions, and only the new password signs
// in from then on.
func TestPasswordChange(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client().login()
	other := e.client().login() // the same user on another device

	rec := c.get("/admin/password")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `action="/admin/password"`) {
		t.Fatalf("GET /admin/password: got %d, want 200 with the form", rec.Code)
	}
	if !strings.Contains(rec.Body.String(), `href="/admin/password" class="on"`) {
		t.Errorf("the nav does not link the page as current")
	}

	tests := []struct {
		name                  string
		current, new, confirm string
		code                  int
		want                  string
	}{
		{"wrong current password", "wrong password!", newTestPassword, newTestPassword, http.StatusForbidden, catalog.Text(catalog.DashWrongPassword)},
		{"confirmation differs", testPassword, newTestPassword, newTestPassword + "x", http.StatusBadRequest, catalog.Text(catalog.DashPasswordMismatch)},
		{"too short", testPassword, "short", "short", http.StatusBadRequest, catalog.Render(catalog.DashWeakPassword, catalog.Args{"Min": MinPasswordLen})},
		{"too long", testPassword, strings.Repeat("x", 73), strings.Repeat("x", 73), http.StatusBadRequest, catalog.Render(catalog.DashWeakPassword, catalog.Args{"Min": MinPasswordLen})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := c.post("/admin/password", url.Values{"current": {tt.current}, "new": {tt.new}, "confirm": {tt.confirm}})
			if rec.Code != tt.code || !strings.Contains(rec.Body.String(), tt.want) {
				t.Fatalf("got %d, want %d with %q; body %s", rec.Code, tt.code, tt.want, rec.Body)
			}
		})
	}
	if rec := other.get("/admin/"); rec.Code != http.StatusOK {
		t.Fatalf("other session after refused changes: got %d, want 200", rec.Code)
	}

	rec = c.post("/admin/password", url.Values{"current": {testPassword}, "new": {newTestPassword}, "confirm": {newTestPassword}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/admin/" {
		t.Fatalf("change: got %d to %q, want 303 to /admin/; body %s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	rec = c.get("/admin/")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), catalog.Text(catalog.DashPasswordChanged)) {
		t.Fatalf("this session after the change: got %d, want 200 with %q", rec.Code, catalog.Text(catalog.DashPasswordChanged))
	}
	if rec := other.get("/admin/"); rec.Code != http.StatusSeeOther {
		t.Fatalf("other session after the change: got %d, want 303 to the login form", rec.Code)
	}

	old := e.client()
	old.get("/admin/login")
	if rec := old.post("/admin/login", url.Values{"user": {testUser}, "password": {testPassword}}); rec.Code != http.StatusUnauthorized {
		t.Errorf("sign in with the old password: got %d, want 401", rec.Code)
	}
	fresh := e.client()
	fresh.get("/admin/login")
	if rec := fresh.post("/admin/login", url.Values{"user": {testUser}, "password": {newTestPassword}}); rec.Code != http.StatusSeeOther {
		t.Errorf("sign in with the new password: got %d, want 303", rec.Code)
	}
}

// TestPasswordChangeThrottle checks that wrong current passwords are
// throttled like sign-ins: after loginPerUser failures even the right one
// is refused with 429 and Retry-After until the window ends.
func TestPasswordChangeThrottle(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client().login()
	wrong := url.Values{"current": {"wrong password!"}, "new": {newTestPassword}, "confirm": {newTestPassword}}
	for i := range loginPerUser {
		if rec := c.post("/admin/password", wrong); rec.Code != http.StatusForbidden {
			t.Fatalf("wrong password %d: got %d, want 403", i+1, rec.Code)
		}
	}
	right := url.Values{"current": {testPassword}, "new": {newTestPassword}, "confirm": {newTestPassword}}
	rec := c.post("/admin/password", right)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("after %d failures: got %d (Retry-After %q), want 429 with Retry-After", loginPerUser, rec.Code, rec.Header().Get("Retry-After"))
	}
	if u, _ := e.db.WebUser(testUser); !strings.HasPrefix(string(u.Hash), "$2") || checkPassword(u.Hash, newTestPassword) {
		t.Fatalf("the password changed while throttled")
	}
	e.clock.Advance(loginWindow)
	c.get("/admin/password") // the session outlives the window; pick up its token
	if rec := c.post("/admin/password", right); rec.Code != http.StatusSeeOther {
		t.Fatalf("after the window: got %d, want 303", rec.Code)
	}
}

// checkPassword reports whether password matches hash.
func checkPassword(hash []byte, password string) bool {
	return bcrypt.CompareHashAndPassword(hash, []byte(password)) == nil
}
