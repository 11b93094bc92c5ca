package wxsim

import (
	"errors"
	"strings"
	"testing"

	"gridbot/wx"
)

func TestConfigValidate(t *testing.T) {
	good := func() Config {
		return Config{AppID: "wx1", AppSecret: "s", Token: "t", EncodingAESKey: testAESKey, Mode: wx.ModeSafe}
	}
	tests := []struct {
		name string
		edit func(*Config)
		want string // part of the message; "" means valid
	}{
		{"valid", func(*Config) {}, ""},
		{"no app id", func(c *Config) { c.AppID = "" }, "AppID"},
		{"no secret", func(c *Config) { c.AppSecret = "" }, "AppSecret"},
		{"no token", func(c *Config) { c.Token = "" }, "Token"},
		{"safe without key", func(c *Config) { c.EncodingAESKey = "" }, "EncodingAESKey"},
		{"bad callback", func(c *Config) { c.CallbackURL = "localhost:8080/wechat" }, "CallbackURL"},
		{"negative attempts", func(c *Config) { c.Attempts = -1 }, "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good()
			tt.edit(&cfg)
			_, err := New(cfg)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrInvalidConfig) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New error = %v, want ErrInvalidConfig about %s", err, tt.want)
			}
		})
	}
	cfg := good()
	cfg.EncodingAESKey = "short"
	if _, err := New(cfg); !errors.Is(err, wx.ErrBadAESKey) {
		t.Errorf("bad key: %v, want wx.ErrBadAESKey", err)
	}
}

func TestRequestLogBounded(t *testing.T) {
	e := mustPlatform(t, func(c *Config) { c.MaxRequests = 3 })
	for range 5 {
		e.call(t, "GET", "/cgi-bin/token?grant_type=client_credential&appid=x&secret=y", "")
	}
	e.call(t, "GET", "/cgi-bin/menu/create", "")
	reqs := e.p.Requests()
	if len(reqs) != 3 {
		t.Fatalf("kept %d requests, want 3", len(reqs))
	}
	last := reqs[2]
	if last.Path != "/cgi-bin/menu/create" || last.ErrCode != 43002 || last.Status != 200 || last.Method != "GET" {
		t.Errorf("last request = %+v, want GET menu/create answered 43002", last)
	}
	if reqs[0].Query.Get("appid") != "x" || reqs[0].ErrCode != 40013 {
		t.Errorf("first kept request = %+v, want the token call refused with 40013", reqs[0])
	}
}
