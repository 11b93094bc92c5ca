package reliability

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gridbot/app"
	"gridbot/catalog"
	"gridbot/config"
	"gridbot/loadtest"
	"gridbot/photo"
	"gridbot/web"
	"gridbot/wx"
	"gridbot/wxsim"
)

// The test account. The values are distinctive so that a grep of logs and
// replies finds any leak.
const (
	testAppID    = "wxrel1abilityt3st"
	testSecret   = "SECRET-app-7f3a9c1e5b2d4f60"
	testToken    = "TOKENrel1ab1l1tyZq9"
	testAESKey   = "RELaesKEY0123456789abcdefghijklmnopqrstuvwx" // 43 characters
	testRobotKey = "ROBOTKEY-5e6f7a8b-9c0d"
	staffOpenID  = "o_rel_staff"
)

// envInt returns the integer in environment variable name, or def.
func envInt(tb testing.TB, name string, def int) int {
	tb.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		tb.Fatalf("%s=%q: want a non-negative integer", name, s)
	}
	return n
}

// freeAddr returns a loopback address with a port that was free a moment
// ago, for a process that must keep one address across restarts.
func freeAddr(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// newPlatform returns a fake WeChat platform for the test account, its API
// served on a loopback port (and its BaseURL set to it), in safe mode.
// edit may adjust the wxsim config first.
func newPlatform(tb testing.TB, edit func(*wxsim.Config)) (*wxsim.Platform, string) {
	tb.Helper()
	c := wxsim.Config{
		AppID: testAppID, AppSecret: testSecret, Token: testToken, EncodingAESKey: testAESKey,
		Mode: wx.ModeSafe, RobotKeys: []string{testRobotKey}, RetryInterval: 200 * time.Millisecond,
	}
	if edit != nil {
		edit(&c)
	}
	p, err := wxsim.New(c)
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(p.Handler())
	if err := p.SetBaseURL(srv.URL); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
		p.Close()
	})
	return p, srv.URL
}

// testConfig returns a non-local configuration for the test account with
// its API at apiBase, data in a temporary directory, generous limits, no
// daily cap, a cheap reward (so riders can redeem after a few photos),
// one staff member, and quick job retries.
func testConfig(tb testing.TB, apiBase string) *config.Config {
	tb.Helper()
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.DataDir = tb.TempDir()
	cfg.WeChat.AppID, cfg.WeChat.AppSecret = testAppID, testSecret
	cfg.WeChat.Token, cfg.WeChat.EncodingAESKey = testToken, testAESKey
	cfg.WeChat.APIBase = apiBase
	cfg.Staff = []config.StaffMember{{OpenID: staffOpenID, Name: "测试工作人员"}}
	cfg.Points.DailyCap = 0
	cfg.Points.HoldTTL = time.Hour
	cfg.Rewards = []config.Reward{{Code: "tea", Name: "奶茶", Cost: 2, Partner: "测试茶饮店"}}
	cfg.Limits = config.RateLimitsConfig{PhotosPerMinute: 100000, PhotosPerDay: 1000000, MessagesPerMinute: 100000}
	cfg.Jobs.MaxAttempts = 50
	cfg.Jobs.BackoffBase = 20 * time.Millisecond
	cfg.Jobs.BackoffMax = 500 * time.Millisecond
	cfg.Backup.Every = 0
	return cfg
}

// startGridbot runs gridbot in-process for cfg, points the platform's
// callbacks at it, and stops it on cleanup.
func startGridbot(tb testing.TB, cfg *config.Config, p *wxsim.Platform, opts app.Options) *app.App {
	tb.Helper()
	if err := cfg.Validate(); err != nil {
		tb.Fatal(err)
	}
	a, err := app.New(cfg, opts)
	if err != nil {
		tb.Fatal(err)
	}
	if err := a.Start(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := a.Close(); err != nil {
			tb.Errorf("close: %v", err)
		}
	})
	if p != nil {
		if err := p.SetCallbackURL(a.URL() + cfg.WeChat.WebhookPath); err != nil {
			tb.Fatal(err)
		}
	}
	return a
}

// login signs in to the dashboard of a with a fresh user and returns a
// client that carries the session cookie.
func login(tb testing.TB, a *app.App) *http.Client {
	tb.Helper()
	if err := web.SetPassword(context.Background(), a.Store(), "tester", testAdminPassword); err != nil {
		tb.Fatal(err)
	}
	jar, err := cookiejar.New(nil)
	if err != nil {
		tb.Fatal(err)
	}
	c := &http.Client{Jar: jar}
	token := csrfToken(tb, c, a.URL()+"/admin/login")
	resp, err := c.PostForm(a.URL()+"/admin/login", url.Values{
		"user": {"tester"}, "password": {testAdminPassword}, "csrf": {token},
	})
	if err != nil {
		tb.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("login: got %d, want 200 after the redirect", resp.StatusCode)
	}
	return c
}

// testAdminPassword is the dashboard password of login's user.
const testAdminPassword = "ADMINpw-correct-horse-battery"

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrfToken GETs page with c and returns the form's CSRF token.
func csrfToken(tb testing.TB, c *http.Client, page string) string {
	tb.Helper()
	resp, err := c.Get(page)
	if err != nil {
		tb.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfField.FindSubmatch(body)
	if m == nil {
		tb.Fatalf("no csrf token on %s (status %d)", page, resp.StatusCode)
	}
	return string(m[1])
}

// pattern turns catalog entry id into a regexp matching a text that starts
// with it: each named argument matches lazily, except Label, which
// captures a report or redemption label (P12, R3), and Voucher, which
// captures a voucher code.
func pattern(id catalog.ID, args ...string) *regexp.Regexp {
	a := catalog.Args{}
	for i, name := range args {
		a[name] = "\x00" + string(rune('A'+i)) + "\x00"
	}
	re := regexp.QuoteMeta(catalog.Render(id, a))
	for i, name := range args {
		sub := `(?s:.*?)`
		switch name {
		case "Label":
			sub = `([PR]\d+)`
		case "Voucher":
			sub = `([0-9A-Z]+)`
		}
		re = strings.ReplaceAll(re, "\x00"+string(rune('A'+i))+"\x00", sub)
	}
	return regexp.MustCompile("^" + re)
}

// photoSource generates distinct photos in the background: each passes
// the photo checks of pc and is no near-duplicate or burst of another,
// judged by the checker gridbot uses.
type photoSource struct {
	ch chan []byte
}

// newPhotoSource starts generating up to n photos from seed until ctx ends.
func newPhotoSource(ctx context.Context, n int, seed uint64, pc config.PhotoConfig) *photoSource {
	s := &photoSource{ch: make(chan []byte, n)}
	go func() {
		defer close(s.ch)
		checker := photo.NewChecker(pc)
		idx := photo.NewIndex()
		type cand struct {
			data []byte
			hash uint64
			ok   bool
		}
		workers := max(1, runtime.NumCPU()-1)
		for made, next := 0, seed; made < n && ctx.Err() == nil; {
			cands := make([]cand, workers)
			var wg sync.WaitGroup
			for i := range cands {
				wg.Go(func() {
					data := loadtest.GeneratePhoto(next + uint64(i))
					res := checker.CheckBytes(data)
					cands[i] = cand{data, res.Hash.Value, res.OK && !res.Retake}
				})
			}
			wg.Wait()
			next += uint64(workers)
			for _, c := range cands {
				if !c.ok || made >= n || len(idx.Query(c.hash, max(pc.DuplicateDistance, pc.BurstDistance))) > 0 {
					continue
				}
				idx.Add(photo.Entry{ID: strconv.Itoa(made), Hash: c.hash, Owner: "all", At: time.Unix(0, 0)})
				s.ch <- c.data
				made++
			}
		}
	}()
	return s
}

// next returns a fresh photo, or nil when none is ready.
func (s *photoSource) next() []byte {
	select {
	case b := <-s.ch:
		return b
	default:
		return nil
	}
}

// percentile returns the p-th percentile (0–100) of ds, nearest rank.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(p/100*float64(len(s))+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}
