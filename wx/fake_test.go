package wx

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"gridbot/internal/testkit"
)

const (
	fakeAppID  = "wxfakeapp0000001"
	fakeSecret = "s3cr3t-app-secret-value"
)

// fakeWeChat is a hand-written stand-in for api.weixin.qq.com and
// qyapi.weixin.qq.com, served over loopback. It issues stable tokens and
// rejects unknown ones with errcode 40001 and HTTP 200, as WeChat does.
// Handlers for individual APIs are function fields; nil ones answer ok.
type fakeWeChat struct {
	srv *httptest.Server

	mu          sync.Mutex
	stableCalls int
	forcedCalls int
	issued      int
	current     string          // the token stable_token hands out
	valid       map[string]bool // tokens the APIs accept
	requests    []string        // method and path of every request

	customSend func(w http.ResponseWriter, body []byte)
	menuCreate func(w http.ResponseWriter, body []byte)
	mediaGet   func(w http.ResponseWriter, r *http.Request)
	mediaUp    func(w http.ResponseWriter, r *http.Request)
	pic        func(w http.ResponseWriter, r *http.Request)
	robot      func(w http.ResponseWriter, r *http.Request, body []byte)
}

func newFakeWeChat(tb testing.TB) *fakeWeChat {
	tb.Helper()
	f := &fakeWeChat{valid: map[string]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /cgi-bin/stable_token", f.stableToken)
	mux.HandleFunc("POST /cgi-bin/message/custom/send", f.api(func(w http.ResponseWriter, r *http.Request, body []byte) {
		if f.customSend != nil {
			f.customSend(w, body)
			return
		}
		writeJSON(w, `{"errcode":0,"errmsg":"ok"}`)
	}))
	mux.HandleFunc("POST /cgi-bin/menu/create", f.api(func(w http.ResponseWriter, r *http.Request, body []byte) {
		if f.menuCreate != nil {
			f.menuCreate(w, body)
			return
		}
		writeJSON(w, `{"errcode":0,"errmsg":"ok"}`)
	}))
	mux.HandleFunc("GET /cgi-bin/media/get", f.api(func(w http.ResponseWriter, r *http.Request, _ []byte) {
		f.mediaGet(w, r)
	}))
	mux.HandleFunc("POST /cgi-bin/media/upload", f.api(func(w http.ResponseWriter, r *http.Request, _ []byte) {
		f.mediaUp(w, r)
	}))
	mux.HandleFunc("GET /pic/", func(w http.ResponseWriter, r *http.Request) {
		f.record(r)
		f.pic(w, r)
	})
	mux.HandleFunc("POST /cgi-bin/webhook/send", func(w http.ResponseWriter, r *http.Request) {
		f.record(r)
		body, _ := io.ReadAll(r.Body)
		if f.robot != nil {
			f.robot(w, r, body)
			return
		}
		writeJSON(w, `{"errcode":0,"errmsg":"ok"}`)
	})
	f.srv = httptest.NewServer(mux)
	tb.Cleanup(f.srv.Close)
	return f
}

func (f *fakeWeChat) record(r *http.Request) {
	f.mu.Lock()
	f.requests = append(f.requests, r.Method+" "+r.URL.Path)
	f.mu.Unlock()
}

func (f *fakeWeChat) stableToken(w http.ResponseWriter, r *http.Request) {
	f.record(r)
	var req stableTokenRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.GrantType != "client_credential" {
		writeJSON(w, `{"errcode":40002,"errmsg":"invalid grant_type"}`)
		return
	}
	if req.AppID != fakeAppID || req.Secret != fakeSecret {
		writeJSON(w, `{"errcode":40125,"errmsg":"invalid appsecret"}`)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stableCalls++
	if req.ForceRefresh {
		f.forcedCalls++
	}
	if req.ForceRefresh || f.current == "" {
		f.issued++
		f.current = fmt.Sprintf("ACCESS_TOKEN_%d", f.issued)
		f.valid = map[string]bool{f.current: true}
	}
	writeJSON(w, `{"access_token":"`+f.current+`","expires_in":7200}`)
}

// api wraps an API handler with access_token checking.
func (f *fakeWeChat) api(h func(w http.ResponseWriter, r *http.Request, body []byte)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f.record(r)
		f.mu.Lock()
		ok := f.valid[r.URL.Query().Get("access_token")]
		f.mu.Unlock()
		if !ok {
			writeJSON(w, `{"errcode":40001,"errmsg":"invalid credential, access_token is invalid or not latest"}`)
			return
		}
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		h(w, r, body)
	}
}

func (f *fakeWeChat) counts() (stable, forced int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stableCalls, f.forcedCalls
}

func writeJSON(w http.ResponseWriter, s string) {
	w.Header().Set("Content-Type", "application/json; encoding=utf-8")
	io.WriteString(w, s)
}

// memTokens is an in-memory TokenStore.
type memTokens struct {
	mu      sync.Mutex
	token   string
	expires time.Time
	saves   int
}

func (m *memTokens) LoadToken(appID string) (string, time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.token, m.expires, nil
}

func (m *memTokens) SaveToken(appID, token string, expiresAt time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.token, m.expires = token, expiresAt
	m.saves++
	return nil
}

var _ TokenStore = (*memTokens)(nil)

// testClient is a Client talking to f, with its log in logs.
func testClient(tb testing.TB, f *fakeWeChat, store TokenStore, now func() time.Time) (*Client, *testkit.LogBuffer) {
	tb.Helper()
	logs := &testkit.LogBuffer{}
	c, err := NewClient(Options{
		AppID: fakeAppID, AppSecret: fakeSecret, APIBase: f.srv.URL + "/",
		HTTPClient: &http.Client{Timeout: 5 * time.Second},
		Tokens:     store, Now: now,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		tb.Fatalf("NewClient: %v", err)
	}
	return c, logs
}

func ctxTimeout(tb testing.TB, d time.Duration) context.Context {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	tb.Cleanup(cancel)
	return ctx
}
