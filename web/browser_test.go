package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gridbot/points"
)

// chromium finds Debian's Chromium (installed by .ci/run). Without it the
// browser test fails in CI (CI=true) and is skipped elsewhere.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("GRIDBOT_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium is missing: .ci/run installs it with `apt-get install -y chromium`")
	}
	t.Skip("skipping the browser test: Chromium is not installed (apt-get install -y chromium, or set GRIDBOT_CHROMIUM)")
	return ""
}

// artifactDir is where the test saves screenshots: $GRIDBOT_ARTIFACTS, or
// artifacts/ at the repository root (git-ignored).
func artifactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("GRIDBOT_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(dir)
	return abs
}

// TestBrowserApprovesARedemption drives a real Chromium: it signs in,
// approves a pending redemption, sees its status change, and saves a
// screenshot of the overview.
func TestBrowserApprovesARedemption(t *testing.T) {
	bin := chromium(t)
	e := newEnv(t, nil)
	f := e.seed()
	srv := httptest.NewServer(e.mux)
	defer srv.Close()

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 1600),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()

	row := chromedp.CSS(fmt.Sprintf("#redemption-%d .status", f.redemption.ID))
	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, steps...); err != nil {
			t.Fatalf("browser: %s: %v", what, err)
		}
	}
	text := func(sel chromedp.CSS) string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("browser: text of %s: %v", sel, err)
		}
		return s
	}
	step("sign in",
		chromedp.Navigate(srv.URL+"/admin/redemptions"), // redirects to the login form
		chromedp.WaitVisible(chromedp.CSS("#user")),
		chromedp.SendKeys(chromedp.CSS("#user"), testUser),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(row),
	)
	before := text(row)
	step("approve",
		chromedp.Click(chromedp.CSS(fmt.Sprintf("#approve-%d", f.redemption.ID))),
		chromedp.WaitVisible(chromedp.CSS("#flash")),
	)
	flash := text(chromedp.CSS("#flash"))
	step("list all", chromedp.Navigate(srv.URL+"/admin/redemptions?status=all"), chromedp.WaitVisible(row))
	after := text(row)
	if !strings.Contains(before, "待审核") {
		t.Errorf("status before = %q, want 待审核", before)
	}
	if !strings.Contains(flash, f.redemption.Label()) {
		t.Errorf("flash = %q, want the outcome for %s", flash, f.redemption.Label())
	}
	if !strings.Contains(after, "已通过") {
		t.Errorf("status after = %q, want 已通过", after)
	}
	if got := e.redemptionStatus(f.redemption.ID); got != points.RedemptionApproved {
		t.Errorf("stored status %s, want approved", got)
	}

	step("overview", chromedp.Navigate(srv.URL+"/admin/"), chromedp.WaitVisible(chromedp.CSS("#pending")))
	shot, err := chromedp.Run(bctx, chromedp.FullScreenshot(100)) // quality 100 gives a PNG
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	path := filepath.Join(artifactDir(t), "dashboard-overview.png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("overview screenshot saved to %s", path)
	fmt.Fprintf(os.Stderr, "browser test: overview screenshot saved to %s\n", path)

	// On a phone (420 px wide) the navigation wraps into a few rows of a
	// grid, every item visible, with nothing to scroll sideways.
	step("phone", chromedp.EmulateViewport(420, 860), chromedp.Navigate(srv.URL+"/admin/"), chromedp.WaitVisible(chromedp.CSS("#pending")))
	layout, err := chromedp.Run(bctx, chromedp.Evaluate[struct {
		Rows, Links, Visible int
		Overflow             bool
	}](`(() => {
		const nav = document.querySelector("header nav"), links = [...nav.querySelectorAll("a")];
		const tops = new Set(links.map(a => Math.round(a.getBoundingClientRect().top)));
		const visible = links.filter(a => { const r = a.getBoundingClientRect(); return r.left >= 0 && r.right <= innerWidth; }).length;
		return {Rows: tops.size, Links: links.length, Visible: visible,
			Overflow: nav.scrollWidth > nav.clientWidth || document.documentElement.scrollWidth > innerWidth};
	})()`))
	if err != nil {
		t.Fatalf("browser: measure the navigation: %v", err)
	}
	if layout.Rows < 2 || layout.Rows > 3 || layout.Visible != layout.Links || layout.Overflow {
		t.Errorf("navigation at 420 px = %+v, want 2 or 3 rows, every link visible, no sideways scrolling", layout)
	}
	shot, err = chromedp.Run(bctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	path = filepath.Join(artifactDir(t), "dashboard-phone.png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("phone screenshot saved to %s", path)
}
