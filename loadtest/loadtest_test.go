package loadtest_test

import (
	"bytes"
	"context"
	"errors"
	"math/bits"
	"net"
	"strings"
	"testing"
	"time"

	"gridbot/app"
	"gridbot/config"
	"gridbot/loadtest"
	"gridbot/photo"
)

// Credentials of the target under test: real-looking, made up.
const (
	testAppID  = "wx0123456789abcdef"
	testSecret = "0123456789abcdef0123456789abcdef"
	testToken  = "loadtesttoken"
	testAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
)

// freeAddr returns a loopback address nothing listens on (for the fake
// API, which the target must know before it starts).
func freeAddr(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startTarget runs a gridbot with a real-looking account whose API is the
// load tool's fake at api, with limits high enough for a load run.
func startTarget(tb testing.TB, api string) (*app.App, *config.Config) {
	tb.Helper()
	cfg := config.Default()
	cfg.Listen, cfg.DataDir, cfg.Backup.Every = "127.0.0.1:0", tb.TempDir(), 0
	cfg.WeChat.AppID, cfg.WeChat.AppSecret, cfg.WeChat.Token = testAppID, testSecret, testToken
	cfg.WeChat.EncodingAESKey, cfg.WeChat.APIBase = testAESKey, "http://"+api
	cfg.Points.DailyCap = 0
	cfg.Limits.PhotosPerMinute, cfg.Limits.PhotosPerDay, cfg.Limits.MessagesPerMinute = 100000, 100000, 100000
	if err := cfg.Validate(); err != nil {
		tb.Fatal(err)
	}
	a, err := app.New(cfg, app.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	if err := a.Start(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { a.Close() })
	return a, cfg
}

// TestLoadSmall is the CI load run: about 10 s of photos with duplicates
// and retry storms in safe mode; nothing may be lost or credited twice.
func TestLoadSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("load run skipped in -short mode")
	}
	api := freeAddr(t)
	a, cfg := startTarget(t, api)
	lc := loadtest.Config{
		Riders: 4, Photos: 5, Duplicates: 0.2, Retries: 0.3, Encrypt: true,
		Rate: 2, Duration: 20 * time.Second, Drain: 60 * time.Second, Seed: 7,
	}
	lc.FromConfig(cfg)
	lc.Target = a.URL() + cfg.WeChat.WebhookPath
	rep, err := loadtest.Run(t.Context(), lc)
	if err != nil {
		t.Fatal(err)
	}
	var table bytes.Buffer
	rep.WriteTable(&table)
	t.Logf("report:\n%s", table.String())
	p := rep.Photos
	if !rep.OK || p.Lost != 0 || p.CreditedTwice != 0 {
		t.Errorf("got lost %d, credited twice %d, want none", p.Lost, p.CreditedTwice)
	}
	if p.Sent != 20 || p.Acked != 20 || p.Duplicates != 4 {
		t.Errorf("got %d sent (%d duplicates), %d acknowledged, want 20 (4) and 20", p.Sent, p.Duplicates, p.Acked)
	}
	if p.Credited != p.Expected || p.Expected != p.Sent-p.Duplicates {
		t.Errorf("got %d credited of %d expected (%d sent, %d duplicates), want all credited", p.Credited, p.Expected, p.Sent, p.Duplicates)
	}
	if p.Outcomes["duplicate"] != p.Duplicates {
		t.Errorf("got %d duplicate outcomes, want %d", p.Outcomes["duplicate"], p.Duplicates)
	}
	if rep.Copies == 0 || rep.Ack.N < rep.Messages || rep.Credit.N != p.Credited {
		t.Errorf("got %d copies, %d acks for %d messages, %d credit samples for %d credits", rep.Copies, rep.Ack.N, rep.Messages, rep.Credit.N, p.Credited)
	}
}

// TestLoadTexts sends text messages at a fixed rate for a short time.
func TestLoadTexts(t *testing.T) {
	if testing.Short() {
		t.Skip("load run skipped in -short mode")
	}
	api := freeAddr(t)
	a, cfg := startTarget(t, api)
	lc := loadtest.Config{Riders: 3, Photos: 0, Rate: 50, Duration: 2 * time.Second, Retries: 0.2}
	lc.FromConfig(cfg)
	lc.Target = a.URL() + cfg.WeChat.WebhookPath
	rep, err := loadtest.Run(t.Context(), lc)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK || rep.Messages < 80 || len(rep.Errors) != 0 {
		t.Errorf("got ok=%v, %d messages, errors %v; want ok, about 100 messages, no errors", rep.OK, rep.Messages, rep.Errors)
	}
	var out bytes.Buffer
	if err := rep.WriteJSON(&out); err != nil || !strings.Contains(out.String(), `"mode": "texts"`) {
		t.Errorf("JSON report: %v %s", err, out.String())
	}
}

func TestValidateRefusesRemoteAddresses(t *testing.T) {
	base := loadtest.Config{Target: "http://127.0.0.1:8080/wechat", API: "127.0.0.1:9180",
		AppID: testAppID, AppSecret: testSecret, Token: testToken, Riders: 1, Photos: 1}
	tests := []struct {
		name string
		edit func(*loadtest.Config)
		ok   bool
	}{
		{"loopback", func(c *loadtest.Config) {}, true},
		{"localhost", func(c *loadtest.Config) { c.Target = "http://localhost:8080/wechat"; c.API = "localhost:9180" }, true},
		{"ipv6 loopback", func(c *loadtest.Config) { c.Target = "http://[::1]:8080/wechat" }, true},
		{"remote target", func(c *loadtest.Config) { c.Target = "http://example.com/wechat" }, false},
		{"private target", func(c *loadtest.Config) { c.Target = "http://10.0.0.5:8080/wechat" }, false},
		{"remote api", func(c *loadtest.Config) { c.API = "0.0.0.0:9180" }, false},
		{"no credentials", func(c *loadtest.Config) { c.Token = "" }, false},
		{"encrypt without key", func(c *loadtest.Config) { c.Encrypt = true }, false},
		{"bad duplicates", func(c *loadtest.Config) { c.Duplicates = 1 }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base
			tt.edit(&c)
			err := c.Validate()
			if (err == nil) != tt.ok || (err != nil && !errors.Is(err, loadtest.ErrUsage)) {
				t.Errorf("got %v, want ok=%v (or ErrUsage)", err, tt.ok)
			}
		})
	}
}

// TestGeneratedPhotosPassAndDiffer checks the generator against the
// default photo checks: valid, sharp and pairwise farther apart than the
// burst distance.
func TestGeneratedPhotosPassAndDiffer(t *testing.T) {
	pc := config.Default().Photo
	checker := photo.NewChecker(pc)
	a, b := checker.CheckBytes(loadtest.GeneratePhoto(1)), checker.CheckBytes(loadtest.GeneratePhoto(2))
	for _, r := range []photo.Result{a, b} {
		if !r.OK || r.Retake || r.Width != 800 || r.Height != 600 {
			t.Errorf("got ok=%v retake=%v %dx%d reasons %v, want a valid 800x600 photo", r.OK, r.Retake, r.Width, r.Height, r.Reasons)
		}
	}
	if d := bits.OnesCount64(a.Hash.Value ^ b.Hash.Value); d <= pc.DuplicateDistance {
		t.Errorf("got hash distance %d between two seeds, want more than %d", d, pc.DuplicateDistance)
	}
	if !bytes.Equal(loadtest.GeneratePhoto(1), loadtest.GeneratePhoto(1)) {
		t.Error("GeneratePhoto(1) differs between calls, want a pure function of the seed")
	}
}
