package wxsim

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"gridbot/internal/testkit"
	"gridbot/wx"
)

const (
	testAppID  = "wxsimtestapp0001"
	testSecret = "wxsim-test-secret"
	testToken  = "gridbotToken"
	testAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
)

// testEnv is a Platform served over loopback with a settable clock.
type testEnv struct {
	p     *Platform
	srv   *httptest.Server
	clock *testkit.Clock
}

// mustPlatform starts a Platform in safe mode with fast retries; edit
// adjusts the config first.
func mustPlatform(tb testing.TB, edit func(*Config)) *testEnv {
	tb.Helper()
	c := testkit.NewClock(time.Date(2025, 4, 25, 10, 0, 0, 0, time.UTC))
	cfg := Config{
		AppID: testAppID, AppSecret: testSecret, Token: testToken, EncodingAESKey: testAESKey,
		Mode: wx.ModeSafe, Now: c.Now,
		RetryInterval: 10 * time.Millisecond, AttemptTimeout: 300 * time.Millisecond,
	}
	if edit != nil {
		edit(&cfg)
	}
	p, err := New(cfg)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	srv := httptest.NewServer(p.Handler())
	tb.Cleanup(func() {
		p.Close()
		srv.Close()
	})
	if err := p.SetBaseURL(srv.URL); err != nil {
		tb.Fatalf("SetBaseURL: %v", err)
	}
	return &testEnv{p: p, srv: srv, clock: c}
}

// client returns a wx.Client for the platform, on the same clock.
func (e *testEnv) client(tb testing.TB, timeout time.Duration) *wx.Client {
	tb.Helper()
	c, err := wx.NewClient(wx.Options{
		AppID: testAppID, AppSecret: testSecret, APIBase: e.srv.URL,
		HTTPClient: &http.Client{Timeout: timeout}, Now: e.clock.Now,
	})
	if err != nil {
		tb.Fatalf("NewClient: %v", err)
	}
	return c
}

// call makes a raw request to the platform and decodes a JSON answer.
func (e *testEnv) call(tb testing.TB, method, path, body string) (int, map[string]any, http.Header) {
	tb.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out map[string]any
	json.Unmarshal(data, &out)
	return resp.StatusCode, out, resp.Header
}

// errcode returns the errcode of a decoded answer (0 when absent).
func errcode(m map[string]any) int {
	f, _ := m["errcode"].(float64)
	return int(f)
}

// token fetches an access_token over raw HTTP.
func (e *testEnv) token(tb testing.TB, force bool) string {
	tb.Helper()
	body, _ := json.Marshal(map[string]any{"grant_type": "client_credential", "appid": testAppID, "secret": testSecret, "force_refresh": force})
	_, out, _ := e.call(tb, "POST", "/cgi-bin/stable_token", string(body))
	tok, _ := out["access_token"].(string)
	if tok == "" {
		tb.Fatalf("stable_token answered %v", out)
	}
	return tok
}

// received is one callback the test receiver accepted.
type received struct {
	query    wx.Query
	body     []byte
	header   http.Header
	callback *wx.Callback
	at       time.Time // wall time
}

// receiver is a callback endpoint built on the wx package, as gridbot's
// webhook is: it verifies, decrypts and answers through a Codec.
type receiver struct {
	codec *wx.Codec
	srv   *httptest.Server
	// answer decides the n-th callback's answer (n from 1); nil answers
	// "success".
	answer func(n int, cb *wx.Callback) answer

	mu  sync.Mutex
	got []received
}

// answer is how the receiver answers one callback.
type answer struct {
	reply  *wx.Reply     // the passive reply; nil: "success"
	delay  time.Duration // wait this long first (or until the sender gives up)
	status int           // non-zero: answer this status, no body
	raw    string        // non-empty: answer this body as is
}

func newReceiver(tb testing.TB, answerFn func(n int, cb *wx.Callback) answer) *receiver {
	tb.Helper()
	codec, err := wx.NewCodec(wx.CodecConfig{Token: testToken, EncodingAESKey: testAESKey, AppID: testAppID})
	if err != nil {
		tb.Fatalf("NewCodec: %v", err)
	}
	rc := &receiver{codec: codec, answer: answerFn}
	rc.srv = httptest.NewServer(http.HandlerFunc(rc.serve))
	tb.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	q := wx.ParseQuery(r.URL.Query())
	cb, err := rc.codec.ParseCallback(q, body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	rc.mu.Lock()
	rc.got = append(rc.got, received{query: q, body: body, header: r.Header.Clone(), callback: cb, at: time.Now()})
	n := len(rc.got)
	rc.mu.Unlock()
	var a answer
	if rc.answer != nil {
		a = rc.answer(n, cb)
	}
	if a.delay > 0 {
		select {
		case <-r.Context().Done():
			return
		case <-time.After(a.delay):
		}
	}
	switch {
	case a.status != 0:
		w.WriteHeader(a.status)
		return
	case a.raw != "":
		io.WriteString(w, a.raw)
		return
	}
	out, err := rc.codec.EncodeReply(a.reply, cb.Encrypted, time.Now(), "")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Write(out)
}

func (rc *receiver) received() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.got...)
}

// testJPEG returns a small JPEG image.
func testJPEG(tb testing.TB) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for x := range 16 {
		img.Set(x, x, color.RGBA{R: 200, A: 255})
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func ctxTimeout(tb testing.TB, d time.Duration) context.Context {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	tb.Cleanup(cancel)
	return ctx
}

// connect points the platform at rc.
func (e *testEnv) connect(tb testing.TB, rc *receiver) {
	tb.Helper()
	if err := e.p.SetCallbackURL(rc.srv.URL + "/wechat"); err != nil {
		tb.Fatalf("SetCallbackURL: %v", err)
	}
}

// mustDeliver delivers m and fails the test on error.
func (e *testEnv) mustDeliver(tb testing.TB, m *wx.Message, opts ...DeliverOption) Delivery {
	tb.Helper()
	d, err := e.p.Deliver(ctxTimeout(tb, 5*time.Second), m, opts...)
	if err != nil {
		tb.Fatalf("Deliver: %v", err)
	}
	return d
}
