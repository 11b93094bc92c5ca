package reliability

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gridbot/app"
	"gridbot/catalog"
	"gridbot/cli"
	"gridbot/config"
	"gridbot/grid"
	"gridbot/internal/testkit"
	"gridbot/loadtest"
	"gridbot/photo"
	"gridbot/points"
	"gridbot/store"
	"gridbot/web"
	"gridbot/wx"
	"gridbot/wxsim"
)

// bodies collects HTTP answers (and command output) to grep for secrets.
type bodies struct {
	mu  sync.Mutex
	all map[string][]byte
}

func (b *bodies) add(label string, body []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.all == nil {
		b.all = map[string][]byte{}
	}
	b.all[fmt.Sprintf("%03d %s", len(b.all), label)] = bytes.Clone(body)
}

// do sends req with c and records the answer; it returns status and body.
func (b *bodies) do(tb testing.TB, c *http.Client, label string, req *http.Request) (int, []byte) {
	tb.Helper()
	resp, err := c.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var hdr bytes.Buffer
	resp.Header.Write(&hdr)
	b.add(label, append(hdr.Bytes(), body...))
	return resp.StatusCode, body
}

// TestSecretsNeverLeak runs gridbot with known secrets, some from the
// environment, through token fetches, API failures (errcodes, 5xx,
// resets, robot errors), forged callbacks, wrong and right dashboard
// passwords, a revoked API token and `gridbot config` with good and bad
// files, and greps every log line, console line, HTTP answer and command
// output for each secret.
func TestSecretsNeverLeak(t *testing.T) {
	p, api := newPlatform(t, nil)
	cfg := testConfig(t, api)
	cfg.WeChat.AppSecret, cfg.WeChat.EncodingAESKey = "file-secret-overridden", "file-aes-key-overridden"
	env := map[string]string{
		config.EnvAppSecret: testSecret, config.EnvEncodingAESKey: testAESKey, config.EnvWeComRobotKey: testRobotKey,
	}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	config.ApplyEnv(cfg, lookup)
	logs, console := &testkit.LogBuffer{}, &testkit.LogBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a := startGridbot(t, cfg, p, app.Options{Logger: logger, Console: console})
	var out bodies
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	deliver := func(m *wx.Message) wxsim.Delivery {
		t.Helper()
		d, err := p.Deliver(ctx, m)
		if err != nil {
			t.Fatalf("deliver %s %q: %v", m.MsgType, m.Content, err)
		}
		for _, at := range d.Attempts {
			out.add("callback answer", at.Body)
		}
		return d
	}

	// Traffic with the API failing: token fetches and refreshes (40001,
	// 42001), errcode -1, 5xx, resets, and robot errors.
	rider := "o_secret_rider"
	deliver(p.NewText(staffOpenID, "待办"))
	deliver(p.NewText(rider, "注册 张三 13800001111"))
	if err := p.SetFaults(wxsim.Faults{Seed: 7, Rules: []wxsim.Fault{
		{Kind: wxsim.FaultErrCode, ErrCode: 40001, Rate: 0.2},
		{Kind: wxsim.FaultErrCode, ErrCode: 42001, Rate: 0.2},
		{Kind: wxsim.FaultErrCode, ErrCode: -1, Rate: 0.2},
		{Kind: wxsim.FaultServerError, Rate: 0.2},
		{Kind: wxsim.FaultReset, Rate: 0.2},
	}}); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		deliver(p.NewImage(rider, loadtest.GeneratePhoto(uint64(1000+i))))
	}
	valid := pattern(catalog.OutcomeValid, "Label", "Balance", "Today", "Cap")
	waitFor(t, 60*time.Second, "two ✅ outcomes", func() bool {
		n := 0
		for _, s := range p.Messages(rider) {
			if valid.MatchString(s.Text) {
				n++
			}
		}
		return n >= 2
	})
	deliver(p.NewText(rider, "兑换 1"))
	deliver(p.NewText(rider, "确认")) // notifies staff: custom message and robot
	waitFor(t, 60*time.Second, "a robot message", func() bool { return len(p.RobotMessages()) > 0 })
	if err := p.SetFaults(wxsim.Faults{}); err != nil {
		t.Fatal(err)
	}

	// Forged callbacks: a wrong signature, a wrong msg_signature, junk.
	forged := []url.Values{
		{"signature": {strings.Repeat("a", 40)}, "timestamp": {strconv.FormatInt(time.Now().Unix(), 10)}, "nonce": {"1"}},
		{"msg_signature": {strings.Repeat("b", 40)}, "encrypt_type": {"aes"}, "timestamp": {strconv.FormatInt(time.Now().Unix(), 10)}, "nonce": {"2"}},
	}
	for i, q := range forged {
		req, _ := http.NewRequest(http.MethodPost, a.URL()+cfg.WeChat.WebhookPath+"?"+q.Encode(), strings.NewReader("<xml><Encrypt>AAAA</Encrypt></xml>"))
		if code, _ := out.do(t, http.DefaultClient, "forged callback", req); code != http.StatusUnauthorized {
			t.Errorf("forged callback %d: got %d, want 401", i, code)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, a.URL()+cfg.WeChat.WebhookPath+"?echostr=x&signature=0&timestamp=1&nonce=1", nil)
	out.do(t, http.DefaultClient, "forged URL verification", req)

	// The dashboard: a wrong password, then the right one.
	const wrong = "WRONGpw-attacker-guess-1234"
	jarless := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if err := web.SetPassword(ctx, a.Store(), "tester", testAdminPassword); err != nil {
		t.Fatal(err)
	}
	wc := anonymous(t)
	token := csrfToken(t, wc, a.URL()+"/admin/login")
	req, _ = http.NewRequest(http.MethodPost, a.URL()+"/admin/login", strings.NewReader(url.Values{"user": {"tester"}, "password": {wrong}, "csrf": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if code, _ := out.do(t, wc, "wrong password", req); code != http.StatusUnauthorized {
		t.Errorf("wrong password: got %d, want 401", code)
	}
	lc := login(t, a)
	for _, path := range []string{"/admin/", "/admin/jobs", "/admin/redemptions", "/admin/riders", "/admin/tokens"} {
		req, _ := http.NewRequest(http.MethodGet, a.URL()+path, nil)
		out.do(t, lc, "dashboard "+path, req)
		req, _ = http.NewRequest(http.MethodGet, a.URL()+path, nil)
		out.do(t, jarless, "anonymous "+path, req)
	}

	// A revoked API token.
	apiToken, err := web.CreateToken(ctx, a.Store(), cfg, "partner", "test")
	if err != nil {
		t.Fatal(err)
	}
	if err := web.RevokeToken(ctx, a.Store(), "partner", "test"); err != nil {
		t.Fatal(err)
	}
	req, _ = http.NewRequest(http.MethodGet, a.URL()+"/api/v1/riders", nil)
	req.Header.Set("Authorization", "Bearer "+apiToken)
	if code, _ := out.do(t, http.DefaultClient, "revoked token", req); code != http.StatusUnauthorized {
		t.Errorf("revoked API token: got %d, want 401", code)
	}
	req, _ = http.NewRequest(http.MethodGet, a.URL()+"/metrics", nil)
	out.do(t, http.DefaultClient, "metrics", req)

	// `gridbot config` on a file with secrets, overridden from the
	// environment, and on a bad file with secrets.
	good := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(good, []byte(fmt.Sprintf("wechat:\n  app_id: %s\n  app_secret: %s\n  token: %s\n  encoding_aes_key: %s\nnotify:\n  wecom_robot_key: %s\n",
		testAppID, testSecret, testToken, testAESKey, testRobotKey)), 0o600)
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte(fmt.Sprintf("wechat:\n  app_id: %s\n  app_secret: %s\n  token: %s\n  encoding_aes_key: %s-too-long\n  lisen: x\n",
		testAppID, testSecret, testToken, testAESKey)), 0o600)
	for _, args := range [][]string{{"config", "-config", good}, {"config", "-config", bad}, {"check", "-config", bad}} {
		var stdout, stderr bytes.Buffer
		code := cli.Main(ctx, &cli.Env{Args: args, Stdout: &stdout, Stderr: &stderr,
			Getenv: func(k string) string { return env[k] }})
		out.add(fmt.Sprintf("gridbot %v (exit %d) stdout", args, code), stdout.Bytes())
		out.add(fmt.Sprintf("gridbot %v (exit %d) stderr", args, code), stderr.Bytes())
	}

	// Every secret, and every access token the platform issued.
	secrets := map[string]string{
		"app secret": testSecret, "AES key": testAESKey, "callback token": testToken, "robot key": testRobotKey,
		"admin password": testAdminPassword, "wrong password": wrong, "API token": apiToken,
	}
	if pw, ok := a.FirstRunPassword(); ok {
		secrets["first-run password"] = pw
	}
	tokens := 0
	for _, r := range p.Requests() {
		if tok := r.Query.Get("access_token"); tok != "" && secrets["access token "+tok[:6]] == "" {
			secrets["access token "+tok[:6]] = tok
			tokens++
		}
	}
	if tokens == 0 {
		t.Fatal("the platform saw no access token; the test exercised no API call")
	}
	logText := logs.String()
	if !strings.Contains(logText, "level=WARN") && !strings.Contains(logText, "level=ERROR") {
		t.Errorf("no warning or error logged; the faults did not reach the logs")
	}
	for name, secret := range secrets {
		if strings.Contains(logText, secret) {
			t.Errorf("the %s appears in the log: %s", name, lineWith(logText, secret))
		}
		if name != "first-run password" && strings.Contains(console.String(), secret) {
			t.Errorf("the %s appears on the console", name)
		}
		for label, body := range out.all {
			if bytes.Contains(body, []byte(secret)) {
				t.Errorf("the %s appears in %s: %s", name, label, lineWith(string(body), secret))
			}
		}
	}
	t.Logf("grepped %d KB of logs and %d answers for %d secrets (%d access tokens)", len(logText)>>10, len(out.all), len(secrets), tokens)
}

// anonymous returns a client with an empty cookie jar that does not
// follow redirects.
func anonymous(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// lineWith returns the line of s that contains sub.
func lineWith(s, sub string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return l
		}
	}
	return ""
}

// waitFor polls cond every 50 ms until it holds or timeout passes.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("no %s after %s", what, timeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// signedPost posts body to the webhook with a valid plain-mode signature
// (which covers token, timestamp and nonce, not the body) and query extras.
func signedPost(t *testing.T, a *app.App, cfg *config.Config, nonce string, body []byte, extra url.Values) (int, string) {
	t.Helper()
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	q := url.Values{"timestamp": {ts}, "nonce": {nonce}, "signature": {wx.Signature(testToken, ts, nonce)}}
	for k, v := range extra {
		q[k] = v
	}
	start := time.Now()
	resp, err := http.Post(a.URL()+cfg.WeChat.WebhookPath+"?"+q.Encode(), "text/xml", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if d := time.Since(start); d >= 5*time.Second {
		t.Errorf("answer took %s, want it within WeChat's 5 s", d)
	}
	return resp.StatusCode, string(b)
}

// TestHostileCallbacks posts correctly signed callbacks with hostile
// bodies: deep nesting (XML, JSON, and inside a sealed envelope), huge
// attributes, entity tricks, bodies over 64 KB, and replays. Each is
// refused (or, for a harmless oddity, answered) quickly, and none is
// processed.
func TestHostileCallbacks(t *testing.T) {
	p, api := newPlatform(t, nil)
	cfg := testConfig(t, api)
	a := startGridbot(t, cfg, p, app.Options{})
	msg := func(text string) []byte {
		m := p.NewText("o_hostile", text)
		return wx.EncodeMessage(m)
	}
	nest := func(open, close string, n int) string { return strings.Repeat(open, n) + strings.Repeat(close, n) }
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	tests := []struct {
		name   string
		body   string
		extra  url.Values
		status []int
	}{
		{"XML nested 2000 deep", "<xml>" + nest("<a>", "</a>", 2000) + "<MsgType>text</MsgType><FromUserName>o_hostile</FromUserName></xml>", nil, []int{400}},
		{"JSON nested 10000 deep", `{"MsgType":"text","FromUserName":"o_hostile","a":` + nest("[", "]", 10000) + `}`, nil, []int{400}},
		{"sealed envelope nested deep", "<xml>" + nest("<a>", "</a>", 1000) + "<Encrypt>AAAA</Encrypt></xml>",
			url.Values{"encrypt_type": {"aes"}, "msg_signature": {wx.Signature(testToken, ts, "n-sealed", "AAAA")}}, []int{400, 401}},
		{"huge attribute", `<xml><ToUserName a="` + strings.Repeat("x", 60000) + `">gh</ToUserName><FromUserName>o_hostile</FromUserName><MsgType>text</MsgType><Content>积分</Content><MsgId>1</MsgId><CreateTime>1</CreateTime></xml>`, nil, []int{200, 400}},
		{"many attributes", `<xml ` + strings.Repeat(`a="1" `, 5000) + `><MsgType>text</MsgType></xml>`, nil, []int{400}},
		{"entity expansion", `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "` + strings.Repeat("A", 100) + `"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><xml><MsgType>text</MsgType><FromUserName>o_hostile</FromUserName><Content>&b;</Content></xml>`, nil, []int{400}},
		{"external entity", `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><MsgType>text</MsgType><FromUserName>o_hostile</FromUserName><Content>&e;</Content></xml>`, nil, []int{400}},
		{"64 KB + 1", string(msg(strings.Repeat("x", 64<<10))), nil, []int{413}},
		{"not XML at all", "\x00\x01\x02garbage", nil, []int{400}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nonce := fmt.Sprintf("n-%d", i)
			if tt.extra != nil && tt.extra.Get("encrypt_type") == "aes" {
				nonce = "n-sealed"
			}
			code, body := signedPost(t, a, cfg, nonce, []byte(tt.body), tt.extra)
			ok := false
			for _, s := range tt.status {
				ok = ok || code == s
			}
			if !ok {
				t.Errorf("got %d %q, want one of %v", code, body, tt.status)
			}
			if strings.Contains(body, "root:") {
				t.Errorf("the answer contains /etc/passwd: %q", body)
			}
		})
	}

	// A replay: the same nonce with another body is refused; the same
	// request again is answered from the record and processed once.
	first := msg("注册 李四 13900002222")
	if code, body := signedPost(t, a, cfg, "replay-1", first, nil); code != 200 {
		t.Fatalf("first: got %d %q", code, body)
	}
	if code, _ := signedPost(t, a, cfg, "replay-1", msg("注册 王五 13900003333"), nil); code != http.StatusUnauthorized {
		t.Errorf("same nonce, other body: got %d, want 401", code)
	}
	code1, body1 := signedPost(t, a, cfg, "replay-1", first, nil)
	if code1 != 200 || !strings.Contains(body1, "李四") {
		t.Errorf("identical retry: got %d %q, want the stored reply", code1, body1)
	}
	riders, err := a.Store().Riders()
	if err != nil {
		t.Fatal(err)
	}
	if len(riders) != 1 || riders[0].Name != "李四" {
		t.Errorf("got riders %+v, want exactly 李四: hostile callbacks must not be processed", riders)
	}
}

// TestPathTricks sends photo ids and file names with path tricks to every
// place that turns one into a file name: photo.Files, the dashboard's
// photo and export routes, Open311's media route, and an image message
// whose MediaId is a path. Nothing outside data_dir/photos is read or
// written.
func TestPathTricks(t *testing.T) {
	p, api := newPlatform(t, nil)
	cfg := testConfig(t, api)
	a := startGridbot(t, cfg, p, app.Options{})
	tricks := []string{
		"../../../../etc/passwd", "..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "....//....//etc/passwd",
		"/etc/passwd", "..\\..\\etc\\passwd", strings.Repeat("a", 62) + "/..", strings.Repeat("A", 64),
		strings.Repeat("0", 63) + "\x00", "%00", "..", ".", "",
	}
	files := &photo.Files{Root: filepath.Join(cfg.DataDir, "photos"), Now: time.Now}
	for _, tr := range tricks {
		if f, err := files.Open(tr); err == nil {
			f.Close()
			t.Errorf("Files.Open(%q) succeeded, want ErrBadID", tr)
		}
		if _, err := files.ThumbPath(tr); err == nil {
			t.Errorf("Files.ThumbPath(%q) succeeded, want ErrBadID", tr)
		}
	}

	c := login(t, a)
	for _, tr := range tricks {
		for _, path := range []string{"/admin/photos/" + tr, "/admin/photos/" + tr + "/thumb", "/admin/exports/" + tr,
			"/open311/v2/media/" + tr + ".jpg", "/open311/v2/requests/" + tr + ".json"} {
			resp, err := c.Get(a.URL() + path)
			if err != nil {
				continue // a URL the client itself refuses
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			// The mux redirects a path with dot segments to its cleaned form
			// on this server (/admin/photos/.. → /admin/, a page): harmless.
			// What must never come back is a file.
			ct := resp.Header.Get("Content-Type")
			if bytes.Contains(body, []byte("root:")) || resp.StatusCode == http.StatusOK && !strings.HasPrefix(ct, "text/html") {
				t.Errorf("GET %s: got %d %s %.80q, want a refusal", path, resp.StatusCode, ct, body)
			}
		}
	}

	// An image message naming a path as its media: it settles as a failed
	// download, and no file appears outside the content-addressed tree.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rider := "o_tricky"
	if _, err := p.Deliver(ctx, p.NewText(rider, "注册 赵六 13700004444")); err != nil {
		t.Fatal(err)
	}
	m := p.NewImage(rider, loadtest.GeneratePhoto(99))
	m.MediaID, m.PicURL = "../../../../etc/passwd", ""
	if _, err := p.Deliver(ctx, m); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "the report to settle", func() bool {
		rs, _ := a.Store().Reports(store.ReportFilter{Rider: rider})
		return len(rs) == 1 && rs[0].Status != grid.ReportReceived
	})
	if rs, _ := a.Store().Reports(store.ReportFilter{Rider: rider}); rs[0].Status != grid.ReportInvalid || rs[0].SHA256 != "" {
		t.Errorf("report of a path media id: %s sha %q, want invalid with no photo", rs[0].Status, rs[0].SHA256)
	}
	wellFormed := regexp.MustCompile(`^(orig|thumb)/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}\.(jpg|png|gif)$`)
	filepath.WalkDir(files.Root, func(path string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(files.Root, path)
		if err == nil && !d.IsDir() && !wellFormed.MatchString(filepath.ToSlash(rel)) {
			t.Errorf("unexpected file %s under the photo store", rel)
		}
		return nil
	})
}

// TestAccessControl checks, end to end, that staff commands from a rider
// are refused and change nothing, that the dashboard needs a session and
// its forms a CSRF token, and that repeated wrong passwords are
// rate-limited (even the right password is then refused for a while).
func TestAccessControl(t *testing.T) {
	p, api := newPlatform(t, nil)
	cfg := testConfig(t, api)
	a := startGridbot(t, cfg, p, app.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	rider, other := "o_ac_rider", "o_ac_other"
	for _, id := range []string{rider, other} {
		if _, err := p.Deliver(ctx, p.NewText(id, "注册 钱七 13600005555")); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := a.Store().Award(ctx, "test:seed", rider, 10); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"兑换 1", "确认"} {
		if _, err := p.Deliver(ctx, p.NewText(rider, text)); err != nil {
			t.Fatal(err)
		}
	}
	reds, err := a.Store().Redemptions(points.RedemptionPending)
	if err != nil || len(reds) != 1 {
		t.Fatalf("got %d pending redemptions (%v), want 1", len(reds), err)
	}
	for _, cmd := range []string{"通过 " + reds[0].Label(), "拒绝 " + reds[0].Label() + " 不行", "待办", "撤销 P1 x", "核销 ABCDEFGH"} {
		d, err := p.Deliver(ctx, p.NewText(other, cmd))
		if err != nil {
			t.Fatal(err)
		}
		if d.Reply == nil || d.Reply.Content != catalog.Text(catalog.StaffOnly) {
			t.Errorf("rider sent %q: got %+v, want the staff-only refusal", cmd, d.Reply)
		}
	}
	if r, _ := a.Store().Redemption(reds[0].ID); r.Status != points.RedemptionPending {
		t.Errorf("after riders' staff commands: %s is %s, want pending", r.Label(), r.Status)
	}

	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, route := range []string{"GET /admin/", "GET /admin/backup", "GET /admin/riders", "POST /admin/redemptions/1/approve", "POST /admin/tokens"} {
		method, path, _ := strings.Cut(route, " ")
		req, _ := http.NewRequest(method, a.URL()+path, nil)
		resp, err := noFollow.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode < 300 || resp.StatusCode == http.StatusNotFound {
			t.Errorf("%s without a session: got %d, want a redirect to the login or a refusal", route, resp.StatusCode)
		}
	}
	c := login(t, a)
	resp, err := c.PostForm(a.URL()+"/admin/redemptions/"+strconv.FormatUint(reds[0].ID, 10)+"/approve", url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("approve without a CSRF token: got %d, want 403", resp.StatusCode)
	}
	if r, _ := a.Store().Redemption(reds[0].ID); r.Status != points.RedemptionPending {
		t.Errorf("after a form without CSRF: %s is %s, want pending", r.Label(), r.Status)
	}

	// Brute force: wrong passwords until refused, then even the right one.
	var limited int
	bc := anonymous(t)
	for i := 1; i <= 50 && limited == 0; i++ {
		token := csrfToken(t, bc, a.URL()+"/admin/login")
		resp, err := bc.PostForm(a.URL()+"/admin/login", url.Values{"user": {"tester"}, "password": {fmt.Sprintf("guess-%d", i)}, "csrf": {token}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusTooManyRequests {
			limited = i
			if resp.Header.Get("Retry-After") == "" {
				t.Errorf("429 without Retry-After")
			}
		}
	}
	if limited == 0 {
		t.Fatal("50 wrong passwords in a row were not rate-limited")
	}
	token := csrfToken(t, bc, a.URL()+"/admin/login")
	resp, err = bc.PostForm(a.URL()+"/admin/login", url.Values{"user": {"tester"}, "password": {testAdminPassword}, "csrf": {token}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("right password after %d wrong ones: got %d, want 429", limited-1, resp.StatusCode)
	}
	t.Logf("login refused with 429 from attempt %d", limited)
}
