package simui_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gridbot/simui"
	"gridbot/wx"
	"gridbot/wxsim"
)

const (
	testToken = "simuitesttoken"
	rider     = "sim-rider-1"
	staff     = "sim-staff"
)

// echoBot is a fake gridbot: it answers every callback with a passive
// reply naming what it got.
func echoBot(tb testing.TB) *httptest.Server {
	tb.Helper()
	codec, err := wx.NewCodec(wx.CodecConfig{Token: testToken, AppID: "wxsimuitest"})
	if err != nil {
		tb.Fatal(err)
	}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		cb, err := codec.ParseCallback(wx.ParseQuery(r.URL.Query()), body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		m := cb.Message
		text := "got " + string(m.MsgType) + ":" + m.Content + string(m.Event) + m.EventKey + m.Label
		out, _ := codec.EncodeReply(wx.NewTextReply(m, text, time.Now()), false, time.Now(), "")
		w.Write(out)
	}))
}

type env struct {
	h      *simui.Handler
	srv    *httptest.Server
	sim    *wxsim.Platform
	token  string
	grants []string
}

// newEnv serves the page in front of a platform that delivers to echoBot.
func newEnv(tb testing.TB, allowRemote bool) *env {
	tb.Helper()
	bot := echoBot(tb)
	tb.Cleanup(bot.Close)
	sim, err := wxsim.New(wxsim.Config{AppID: "wxsimuitest", AppSecret: "secret", Token: testToken,
		Mode: wx.ModePlain, CallbackURL: bot.URL, RetryInterval: -1})
	if err != nil {
		tb.Fatal(err)
	}
	e := &env{sim: sim}
	e.h = simui.New(simui.Deps{
		Platform: sim, Riders: []simui.Persona{{OpenID: rider, Name: "骑手 1"}},
		Staff: simui.Persona{OpenID: staff, Name: "工作人员"},
		Adjust: func(ctx context.Context, openid string, delta int64, actor, reason string) (int64, error) {
			e.grants = append(e.grants, openid+"/"+actor+"/"+reason)
			return delta + 1, nil
		},
		AllowRemote: allowRemote,
	})
	go e.h.Run()
	e.srv = httptest.NewServer(e.h)
	sim.SetBaseURL(e.srv.URL) // PicUrl links; the page rewrites them to /sim/media/
	tb.Cleanup(func() {
		e.h.Shutdown()
		e.srv.Close()
		sim.Close()
	})
	resp, err := http.Get(e.srv.URL + "/sim/")
	if err != nil {
		tb.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if m := regexp.MustCompile(`name="sim-token" content="([0-9a-f]+)"`).FindSubmatch(page); m != nil {
		e.token = string(m[1])
	}
	return e
}

func (e *env) post(tb testing.TB, path, contentType string, body io.Reader, token string) int {
	tb.Helper()
	req, _ := http.NewRequest("POST", e.srv.URL+path, body)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Sim-Token", token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func (e *env) postForm(tb testing.TB, path string, form url.Values) int {
	tb.Helper()
	return e.post(tb, path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()), e.token)
}

// events reads openid's event stream until want entries arrived.
func (e *env) events(tb testing.TB, openid string, want int) []simui.Entry {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", e.srv.URL+"/sim/events?openid="+openid, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		tb.Fatalf("got Content-Type %q, want text/event-stream", ct)
	}
	var out []simui.Entry
	sc := bufio.NewScanner(resp.Body)
	for len(out) < want && sc.Scan() {
		if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			var en simui.Entry
			if err := json.Unmarshal([]byte(data), &en); err != nil {
				tb.Fatal(err)
			}
			out = append(out, en)
		}
	}
	if len(out) < want {
		tb.Fatalf("got %d events (%v), want %d", len(out), sc.Err(), want)
	}
	return out
}

func TestPage(t *testing.T) {
	e := newEnv(t, false)
	if e.token == "" {
		t.Fatal("got no token on the page")
	}
	for _, path := range []string{"/sim/static/sim.js", "/sim/static/sim.css"} {
		resp, err := http.Get(e.srv.URL + path)
		if err != nil || resp.StatusCode != 200 {
			t.Errorf("GET %s: got %v %v, want 200", path, resp.StatusCode, err)
		}
		resp.Body.Close()
	}
}

func TestGuards(t *testing.T) {
	e := newEnv(t, false)
	form := url.Values{"openid": {rider}, "text": {"你好"}}.Encode()
	tests := []struct {
		name   string
		host   string
		token  string
		origin string
		openid string
		want   int
	}{
		{"ok", "", e.token, "", rider, http.StatusNoContent},
		{"localhost host", "localhost:8080", e.token, "", rider, http.StatusNoContent},
		{"remote host", "gridbot.example.com", e.token, "", rider, http.StatusForbidden},
		{"no token", "", "", "", rider, http.StatusForbidden},
		{"wrong token", "", "0000", "", rider, http.StatusForbidden},
		{"cross origin", "", e.token, "https://evil.example", rider, http.StatusForbidden},
		{"unknown openid", "", e.token, "", "someone-else", http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := strings.Replace(form, "sim-rider-1", tt.openid, 1)
			req, _ := http.NewRequest("POST", e.srv.URL+"/sim/send/text", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Sim-Token", tt.token)
			if tt.host != "" {
				req.Host = tt.host
			}
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
				req.Header.Set("Sec-Fetch-Site", "cross-site")
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("got %d, want %d", resp.StatusCode, tt.want)
			}
		})
	}
	remote := newEnv(t, true)
	req, _ := http.NewRequest("GET", remote.srv.URL+"/sim/", nil)
	req.Host = "gridbot.example.com"
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Errorf("AllowRemote: got %v %v, want 200", resp.StatusCode, err)
	}
}

func TestIsLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "LOCALHOST:8080": true, "127.0.0.1:80": true, "127.1.2.3": true, "[::1]:8080": true,
		"app.localhost": true, "example.com": false, "10.0.0.1": false, "0.0.0.0:8080": false, "": false,
	} {
		if got := simui.IsLoopbackHost(host); got != want {
			t.Errorf("IsLoopbackHost(%q): got %v, want %v", host, got, want)
		}
	}
}

// TestConversation sends each kind of message and reads the conversation
// back from the event stream: the person's bubbles, the passive replies
// and a customer-service message.
func TestConversation(t *testing.T) {
	e := newEnv(t, false)
	steps := []struct {
		path string
		form url.Values
	}{
		{"/sim/send/subscribe", url.Values{}},
		{"/sim/send/text", url.Values{"text": {"注册 张三 13800001111"}}},
		{"/sim/send/location", url.Values{"lat": {"31.23"}, "lng": {"121.47"}, "label": {"菜市场东门"}}},
		{"/sim/send/click", url.Values{"key": {"my_points"}, "name": {"我的积分"}}},
	}
	for _, s := range steps {
		s.form.Set("openid", rider)
		if code := e.postForm(t, s.path, s.form); code != http.StatusNoContent {
			t.Fatalf("%s: got %d, want 204", s.path, code)
		}
	}
	jpg, err := os.ReadFile(filepath.Join("testdata", "photo.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("openid", rider)
	mw.WriteField("key", "report_safety")
	fw, _ := mw.CreateFormFile("photo", "photo.jpg")
	fw.Write(jpg)
	mw.Close()
	if code := e.post(t, "/sim/send/menu-photo", mw.FormDataContentType(), &body, e.token); code != http.StatusNoContent {
		t.Fatalf("menu photo: got %d, want 204", code)
	}
	if code := e.postForm(t, "/sim/demo/points", url.Values{"openid": {rider}}); code != http.StatusNoContent {
		t.Fatalf("demo: got %d, want 204", code)
	}
	// 4 messages × (bubble + reply), the menu event's reply, the photo and
	// its reply, the demo grant.
	got := e.events(t, rider, 12)
	want := []struct{ from, text string }{
		{simui.FromUser, "[已关注公众号]"}, {simui.FromBot, "got event:subscribe"},
		{simui.FromUser, "注册 张三 13800001111"}, {simui.FromBot, "got text:注册 张三 13800001111"},
		{simui.FromUser, "[位置] 菜市场东门"}, {simui.FromBot, "got location:菜市场东门"},
		{simui.FromUser, "[菜单] 我的积分"}, {simui.FromBot, "got event:CLICKmy_points"},
		{simui.FromBot, "got event:pic_photo_or_albumreport_safety"},
		{simui.FromUser, ""}, {simui.FromBot, "got image:"},
		{simui.FromSystem, "【本地演示】模拟器通过人工调整赠送 200 积分，当前积分 201。"},
	}
	for i, w := range want {
		if got[i].From != w.from || got[i].Text != w.text {
			t.Errorf("entry %d: got %s %q, want %s %q", i, got[i].From, got[i].Text, w.from, w.text)
		}
	}
	if img := got[9]; img.Kind != simui.KindImage || !strings.HasPrefix(img.Image, "/sim/media/") {
		t.Errorf("photo entry: got %+v, want an image under /sim/media/", img)
	} else if resp, err := http.Get(e.srv.URL + img.Image); err != nil || resp.StatusCode != 200 {
		t.Errorf("GET %s: got %v %v, want the photo", img.Image, resp.StatusCode, err)
	}
	if len(e.grants) != 1 || e.grants[0] != rider+"/模拟器/本地演示赠送积分" {
		t.Errorf("got grants %v, want one for %s by 模拟器", e.grants, rider)
	}
	// The staff member gets no demo button.
	if code := e.postForm(t, "/sim/demo/points", url.Values{"openid": {staff}}); code != http.StatusNotFound {
		t.Errorf("demo for staff: got %d, want 404", code)
	}
}

func TestBadInput(t *testing.T) {
	e := newEnv(t, false)
	for name, tc := range map[string]struct {
		path string
		form url.Values
	}{
		"empty text":   {"/sim/send/text", url.Values{"text": {"  "}}},
		"bad latitude": {"/sim/send/location", url.Values{"lat": {"95"}, "lng": {"121"}}},
		"no key":       {"/sim/send/click", url.Values{}},
		"no photo":     {"/sim/send/photo", url.Values{}},
	} {
		tc.form.Set("openid", rider)
		if code := e.postForm(t, tc.path, tc.form); code != http.StatusBadRequest {
			t.Errorf("%s: got %d, want 400", name, code)
		}
	}
}

func TestUndeliveredShowsWeChatError(t *testing.T) {
	e := newEnv(t, false)
	e.sim.SetCallbackURL("http://127.0.0.1:1/wechat") // nothing listens
	if code := e.postForm(t, "/sim/send/text", url.Values{"openid": {rider}, "text": {"你好"}}); code != http.StatusBadGateway {
		t.Fatalf("got %d, want 502", code)
	}
	got := e.events(t, rider, 2)
	if got[1].From != simui.FromSystem || got[1].Text != "该公众号暂时无法提供服务，请稍后再试" {
		t.Errorf("got %+v, want WeChat's error bubble", got[1])
	}
}

// TestCustomerServiceMessagesStream checks that a customer-service message
// accepted by the platform reaches an open stream live, and that a
// stream ends when Shutdown is called.
func TestCustomerServiceMessagesStream(t *testing.T) {
	e := newEnv(t, false)
	e.postForm(t, "/sim/send/text", url.Values{"openid": {rider}, "text": {"你好"}})
	api := httptest.NewServer(e.sim.Handler())
	defer api.Close()
	c, err := wx.NewClient(wx.Options{AppID: "wxsimuitest", AppSecret: "secret", APIBase: api.URL})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan []simui.Entry)
	go func() { done <- e.events(t, rider, 3) }()
	time.Sleep(100 * time.Millisecond)
	if err := c.SendText(context.Background(), rider, "✅ P1 有效"); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-done:
		if got[2].From != simui.FromBot || got[2].Text != "✅ P1 有效" {
			t.Errorf("got %+v, want the customer-service message", got[2])
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the customer-service message did not arrive")
	}
}
