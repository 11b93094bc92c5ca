package wxsim

import (
	"encoding/json"
	"net/http"
	"time"
)

// Token lifetimes, as WeChat's.
const (
	// TokenLifetime is how long an access_token is valid.
	TokenLifetime = 7200 * time.Second
	// TokenOverlap is how long a replaced access_token keeps working.
	TokenOverlap = 5 * time.Minute
)

// tokenState holds the current token and every token issued, with the
// time each stops working; guarded by Platform.mu.
type tokenState struct {
	current string
	issued  map[string]tokenInfo
}

type tokenInfo struct {
	until    time.Time
	replaced bool // until was cut short by a newer token
}

// issue makes a new current token at now; the previous one keeps working
// for TokenOverlap (or until it expires, if sooner).
func (t *tokenState) issue(now time.Time) string {
	if old, ok := t.issued[t.current]; ok && now.Before(old.until) {
		if cut := now.Add(TokenOverlap); cut.Before(old.until) {
			t.issued[t.current] = tokenInfo{until: cut, replaced: true}
		}
	}
	t.current = randomID(96)
	t.issued[t.current] = tokenInfo{until: now.Add(TokenLifetime)}
	return t.current
}

// check returns the errcode for a call made with tok at now: 0, 41001
// (missing), 42001 (expired) or 40001 (unknown or replaced).
func (t *tokenState) check(tok string, now time.Time) int {
	if tok == "" {
		return codeTokenMissing
	}
	info, ok := t.issued[tok]
	switch {
	case !ok:
		return codeInvalidToken
	case !now.Before(info.until) && info.replaced:
		return codeInvalidToken
	case !now.Before(info.until):
		return codeTokenExpired
	}
	return 0
}

type tokenAnswer struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int64  `json:"expires_in"`
}

// checkCredentials returns the errcode for a token request: 40002, 40013
// (app id) or 40125 (secret), or 0.
func (p *Platform) checkCredentials(grant, appID, secret string) int {
	switch {
	case grant != "client_credential":
		return codeInvalidGrant
	case appID != p.cfg.AppID:
		return codeInvalidAppID
	case secret != p.cfg.AppSecret:
		return codeInvalidSecret
	}
	return 0
}

// stableToken serves POST /cgi-bin/stable_token: the current token while
// it is valid, with its remaining lifetime; a new one when force_refresh
// is set or the current one expired.
func (p *Platform) stableToken(w http.ResponseWriter, r *http.Request) {
	var req struct {
		GrantType    string `json:"grant_type"`
		AppID        string `json:"appid"`
		Secret       string `json:"secret"`
		ForceRefresh bool   `json:"force_refresh"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, codeDataFormat)
		return
	}
	if code := p.checkCredentials(req.GrantType, req.AppID, req.Secret); code != 0 {
		writeError(w, code)
		return
	}
	now := p.now()
	p.mu.Lock()
	tok := p.tokens.current
	info, ok := p.tokens.issued[tok]
	if req.ForceRefresh || !ok || !now.Before(info.until) {
		tok = p.tokens.issue(now)
		info = p.tokens.issued[tok]
	}
	p.mu.Unlock()
	writeJSON(w, tokenAnswer{AccessToken: tok, ExpiresIn: int64(info.until.Sub(now) / time.Second)})
}

// token serves GET /cgi-bin/token, the classic API: every call issues a
// new token, so processes fetching their own log each other out.
func (p *Platform) token(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if code := p.checkCredentials(q.Get("grant_type"), q.Get("appid"), q.Get("secret")); code != 0 {
		writeError(w, code)
		return
	}
	p.mu.Lock()
	tok := p.tokens.issue(p.now())
	p.mu.Unlock()
	writeJSON(w, tokenAnswer{AccessToken: tok, ExpiresIn: int64(TokenLifetime / time.Second)})
}

// withToken wraps an API handler with WeChat's access_token check.
func (p *Platform) withToken(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok := r.URL.Query().Get("access_token")
		p.mu.Lock()
		code := p.tokens.check(tok, p.now())
		p.mu.Unlock()
		if code != 0 {
			writeError(w, code)
			return
		}
		h(w, r)
	}
}
