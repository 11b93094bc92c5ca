package app

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gridbot/catalog"
	"gridbot/config"
	"gridbot/store"
	"gridbot/web"
)

// startApp runs a local-mode gridbot on a free loopback port with a
// temporary data dir, and stops it on cleanup.
func startApp(tb testing.TB, mutate func(*config.Config)) *App {
	tb.Helper()
	return startAppWith(tb, mutate, Options{})
}

// startAppWith is startApp with app options.
func startAppWith(tb testing.TB, mutate func(*config.Config), opts Options) *App {
	tb.Helper()
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.DataDir = tb.TempDir()
	cfg.Backup.Every = 0
	if mutate != nil {
		mutate(cfg)
	}
	if err := cfg.Validate(); err != nil {
		tb.Fatal(err)
	}
	a, err := New(cfg, opts)
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
	return a
}

func get(tb testing.TB, url string) (int, []byte) {
	tb.Helper()
	resp, err := http.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp.StatusCode, body
}

func TestHealthzAndMetrics(t *testing.T) {
	a := startApp(t, nil)
	code, body := get(t, a.URL()+"/healthz")
	if code != 200 || !strings.Contains(string(body), `"status":"ok"`) {
		t.Errorf("healthz: got %d %s, want 200 ok", code, body)
	}
	a.health.Set("disk", os.ErrPermission)
	if code, body := get(t, a.URL()+"/healthz"); code != 503 || !strings.Contains(string(body), "disk") {
		t.Errorf("healthz while failing: got %d %s, want 503 naming the component", code, body)
	}
	a.health.Set("disk", nil)
	code, body = get(t, a.URL()+"/metrics")
	if code != 200 || !strings.Contains(string(body), "gridbot_http_requests_total") || !strings.Contains(string(body), "go_goroutines") {
		t.Errorf("metrics: got %d, want Prometheus text with gridbot and Go metrics", code)
	}
}

// login signs in to the dashboard as a fresh user and returns a client
// that carries the session cookie.
func login(tb testing.TB, a *App) *http.Client {
	tb.Helper()
	if err := web.SetPassword(context.Background(), a.Store(), "tester", "a long enough password"); err != nil {
		tb.Fatal(err)
	}
	jar, err := cookiejar.New(nil)
	if err != nil {
		tb.Fatal(err)
	}
	c := &http.Client{Jar: jar}
	resp, err := c.Get(a.URL() + "/admin/login")
	if err != nil {
		tb.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(page)
	if m == nil {
		tb.Fatalf("no csrf token on the login page")
	}
	resp, err = c.PostForm(a.URL()+"/admin/login", url.Values{
		"user": {"tester"}, "password": {"a long enough password"}, "csrf": {string(m[1])},
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

func TestOnlineBackupIsAConsistentCopy(t *testing.T) {
	a := startApp(t, nil)
	if _, _, err := a.Store().Award(context.Background(), "k1", "rider-1", 3); err != nil {
		t.Fatal(err)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	anon, err := noFollow.Get(a.URL() + "/admin/backup")
	var resp *http.Response
	if err != nil {
		t.Fatal(err)
	}
	anon.Body.Close()
	if loc := anon.Header.Get("Location"); anon.StatusCode/100 != 3 || !strings.Contains(loc, "/admin/login") {
		t.Fatalf("backup without a session: got %d to %q, want a redirect to the login page", anon.StatusCode, loc)
	}
	resp, err = login(t, a).Get(a.URL() + "/admin/backup")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "gridbot-") {
		t.Fatalf("got %d %q, want 200 and an attachment", resp.StatusCode, resp.Header.Get("Content-Disposition"))
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rep, err := db.Check()
	if err != nil || !rep.OK() {
		t.Fatalf("backup check: %v %v", err, rep.Problems)
	}
	if b, _ := db.Balance("rider-1"); b.Balance != 3 {
		t.Errorf("got balance %d in the backup, want 3", b.Balance)
	}
}

func TestSecondInstanceFailsFast(t *testing.T) {
	a := startApp(t, nil)
	cfg := *a.cfg
	start := time.Now()
	_, err := New(&cfg, Options{})
	if err == nil || !strings.Contains(err.Error(), "database is in use by another gridbot process") {
		t.Fatalf("got %v, want the in-use error", err)
	}
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("took %s to fail, want about 2 s", d)
	}
}

// TestRegisterThroughSimulator walks one message end to end: the simulator
// signs and encrypts a callback, gridbot answers from the catalog.
func TestRegisterThroughSimulator(t *testing.T) {
	a := startApp(t, nil)
	sim := a.Simulator()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	d, err := sim.Deliver(ctx, sim.NewText("rider-a", "注册 张三 13800001111"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Reply == nil {
		t.Fatalf("got no passive reply, want the registration answer")
	}
	want := catalog.Render(catalog.RegisterActive, catalog.Args{"Name": "张三", "Phone": "138****1111", "Seq": 1})
	if d.Reply.Content != want {
		t.Errorf("got %q, want %q", d.Reply.Content, want)
	}
}

func TestGracefulShutdownClosesTheStore(t *testing.T) {
	cfg := config.Default()
	cfg.Listen, cfg.DataDir, cfg.Backup.Every = "127.0.0.1:0", t.TempDir(), 0
	a, err := New(cfg, Options{Console: &bytes.Buffer{}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	select {
	case <-a.Ready():
	case <-time.After(10 * time.Second):
		t.Fatal("app did not start")
	}
	if code, _ := get(t, a.URL()+"/healthz"); code != 200 {
		t.Fatalf("healthz: got %d", code)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	// The file lock is released: the database opens again.
	db, err := store.Open(store.Path(cfg.DataDir), store.Options{})
	if err != nil {
		t.Fatalf("reopen after shutdown: %v", err)
	}
	db.Close()
}
