package wxsim

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"gridbot/wx"
)

func TestTokenCredentials(t *testing.T) {
	e := mustPlatform(t, nil)
	tests := []struct {
		name, method, path, body string
		code                     int
	}{
		{"stable ok", "POST", "/cgi-bin/stable_token", `{"grant_type":"client_credential","appid":"` + testAppID + `","secret":"` + testSecret + `"}`, 0},
		{"stable bad appid", "POST", "/cgi-bin/stable_token", `{"grant_type":"client_credential","appid":"wxother","secret":"` + testSecret + `"}`, 40013},
		{"stable bad secret", "POST", "/cgi-bin/stable_token", `{"grant_type":"client_credential","appid":"` + testAppID + `","secret":"nope"}`, 40125},
		{"stable bad grant", "POST", "/cgi-bin/stable_token", `{"grant_type":"password","appid":"` + testAppID + `","secret":"` + testSecret + `"}`, 40002},
		{"stable not json", "POST", "/cgi-bin/stable_token", `grant_type=client_credential`, 47001},
		{"stable by GET", "GET", "/cgi-bin/stable_token", ``, 43002},
		{"token ok", "GET", "/cgi-bin/token?grant_type=client_credential&appid=" + testAppID + "&secret=" + testSecret, ``, 0},
		{"token bad secret", "GET", "/cgi-bin/token?grant_type=client_credential&appid=" + testAppID + "&secret=x", ``, 40125},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, out, _ := e.call(t, tt.method, tt.path, tt.body)
			if status != 200 || errcode(out) != tt.code {
				t.Fatalf("got HTTP %d %v, want 200 errcode %d", status, out, tt.code)
			}
			if tt.code == 0 && (out["access_token"] == "" || out["expires_in"] != float64(7200)) {
				t.Errorf("answer %v, want a token for 7200 s", out)
			}
			if msg, _ := out["errmsg"].(string); tt.code != 0 && !strings.Contains(msg, " rid: ") {
				t.Errorf("errmsg %q has no rid", msg)
			}
		})
	}
}

func TestTokenLifecycle(t *testing.T) {
	e := mustPlatform(t, nil)
	send := func(token string) int {
		t.Helper()
		q := url.Values{"access_token": {token}}
		_, out, _ := e.call(t, "POST", "/cgi-bin/menu/create?"+q.Encode(), `{"button":[{"type":"click","name":"a","key":"K"}]}`)
		return errcode(out)
	}
	first := e.token(t, false)
	if again := e.token(t, false); again != first {
		t.Errorf("stable_token without force gave a new token")
	}
	e.clock.Advance(time.Hour)
	_, out, _ := e.call(t, "POST", "/cgi-bin/stable_token",
		`{"grant_type":"client_credential","appid":"`+testAppID+`","secret":"`+testSecret+`"}`)
	if got := out["expires_in"]; got != float64(3600) {
		t.Errorf("expires_in after an hour = %v, want 3600", got)
	}
	if code := send(first); code != 0 {
		t.Fatalf("valid token: errcode %d", code)
	}
	forced := e.token(t, true)
	if forced == first {
		t.Fatal("force_refresh returned the old token")
	}
	e.clock.Advance(4 * time.Minute)
	if code := send(first); code != 0 {
		t.Errorf("replaced token within the overlap: errcode %d, want 0", code)
	}
	e.clock.Advance(2 * time.Minute)
	for _, tt := range []struct {
		name, token string
		code        int
	}{
		{"replaced after overlap", first, 40001},
		{"current", forced, 0},
		{"bogus", "not-a-token", 40001},
		{"missing", "", 41001},
	} {
		if code := send(tt.token); code != tt.code {
			t.Errorf("%s: errcode %d, want %d", tt.name, code, tt.code)
		}
	}
	e.clock.Advance(TokenLifetime)
	if code := send(forced); code != 42001 {
		t.Errorf("expired token: errcode %d, want 42001", code)
	}
	if fresh := e.token(t, false); fresh == forced {
		t.Error("stable_token returned an expired token")
	}
}

func TestClassicTokenLogsOthersOut(t *testing.T) {
	e := mustPlatform(t, nil)
	path := "/cgi-bin/token?grant_type=client_credential&appid=" + testAppID + "&secret=" + testSecret
	_, a, _ := e.call(t, "GET", path, "")
	_, b, _ := e.call(t, "GET", path, "")
	if a["access_token"] == b["access_token"] {
		t.Fatal("GET /cgi-bin/token returned the same token twice")
	}
}

// TestClientRefreshesToken checks that wx.Client and the platform agree:
// a token the platform stopped accepting is replaced and the call retried.
func TestClientRefreshesToken(t *testing.T) {
	e := mustPlatform(t, nil)
	c := e.client(t, 2*time.Second)
	menu := wx.DefaultMenu(wx.MenuLabels{}, []wx.MenuCategory{{Name: "井盖", Key: "CAT_MANHOLE"}})
	if err := c.CreateMenu(ctxTimeout(t, 2*time.Second), menu); err != nil {
		t.Fatalf("CreateMenu: %v", err)
	}
	// Another process forces a new token; after the overlap the client's
	// token is rejected with 40001.
	e.token(t, true)
	e.clock.Advance(6 * time.Minute)
	if err := c.CreateMenu(ctxTimeout(t, 2*time.Second), menu); err != nil {
		t.Fatalf("CreateMenu after being logged out: %v", err)
	}
	if all, forced := countStable(e.p.Requests()); all != 3 || forced != 2 {
		t.Errorf("stable_token calls = %d (%d forced), want 3 (2 forced)", all, forced)
	}
	var rejected int
	for _, r := range e.p.Requests() {
		if r.Path == "/cgi-bin/menu/create" && r.ErrCode == 40001 {
			rejected++
		}
	}
	if rejected != 1 {
		t.Errorf("menu/create rejected %d times with 40001, want 1", rejected)
	}
	// Past the token's lifetime the client fetches a new one by itself.
	e.clock.Advance(TokenLifetime)
	if err := c.CreateMenu(ctxTimeout(t, 2*time.Second), menu); err != nil {
		t.Fatalf("CreateMenu after expiry: %v", err)
	}
}

func countStable(reqs []Request) (all, forced int) {
	for _, r := range reqs {
		if r.Path == "/cgi-bin/stable_token" {
			all++
			if strings.Contains(string(r.Body), `"force_refresh":true`) {
				forced++
			}
		}
	}
	return all, forced
}
