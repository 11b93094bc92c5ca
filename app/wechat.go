package app

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"time"

	"gridbot/config"
	"gridbot/wx"
	"gridbot/wxsim"
)

// localAppID is the app id of the simulated account in local mode.
const localAppID = "wxlocalsimulator0"

// account is the WeChat account gridbot talks to: the real one, or in local
// mode the in-process simulator with credentials made up for this process.
type account struct {
	appID, secret, token, aesKey string
	apiBase                      string
	requireEncryption            bool

	sim       *wxsim.Platform // local mode only
	simLn     net.Listener
	simServer *http.Server
}

// newAccount returns the real account from cfg, or in local mode starts the
// simulator's API on a loopback port of its own and makes up fresh
// credentials, so that nothing outside this process can sign callbacks.
func newAccount(cfg *config.Config, now func() time.Time) (*account, error) {
	w := cfg.WeChat
	if !w.LocalMode() {
		return &account{appID: w.AppID, secret: w.AppSecret, token: w.Token, aesKey: w.EncodingAESKey,
			apiBase: w.APIBase, requireEncryption: w.RequireEncryption}, nil
	}
	a := &account{appID: localAppID, secret: randomString(24), token: randomString(24), aesKey: randomAESKey(),
		requireEncryption: true}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("app: simulator listener: %w", err)
	}
	a.simLn = ln
	a.apiBase = "http://" + ln.Addr().String()
	if w.APIBase != "" { // a load tool or test serves the fake API itself
		a.apiBase = w.APIBase
	}
	a.sim, err = wxsim.New(wxsim.Config{
		AppID: a.appID, AppSecret: a.secret, Token: a.token, EncodingAESKey: a.aesKey,
		Mode: wx.ModeSafe, BaseURL: "http://" + ln.Addr().String(), Now: now,
	})
	if err != nil {
		ln.Close()
		return nil, err
	}
	a.simServer = &http.Server{Handler: a.sim.Handler(), ReadHeaderTimeout: 5 * time.Second}
	return a, nil
}

func (a *account) codec() (*wx.Codec, error) {
	return wx.NewCodec(wx.CodecConfig{Token: a.token, EncodingAESKey: a.aesKey, AppID: a.appID, RequireEncryption: a.requireEncryption})
}

func randomString(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)[:n]
}

// randomAESKey returns a fresh 43-character EncodingAESKey.
func randomAESKey() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)[:43]
}
