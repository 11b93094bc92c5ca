package simui_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"gridbot/simui"
	"gridbot/wx"
	"gridbot/wxsim"
)

// TestStaffFollowsOnce: the first page load makes the staff persona
// follow (one subscribe, one welcome); later loads and POSTs do not
// again, and riders follow only when told to.
func TestStaffFollowsOnce(t *testing.T) {
	e := newEnv(t, false) // loads the page once
	for range 2 {
		resp, err := http.Get(e.srv.URL + "/sim/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if code := e.postForm(t, "/sim/send/text", url.Values{"openid": {staff}, "text": {"待办"}}); code != http.StatusNoContent {
		t.Fatalf("staff text: got %d, want 204", code)
	}
	if code := e.postForm(t, "/sim/send/text", url.Values{"openid": {rider}, "text": {"你好"}}); code != http.StatusNoContent {
		t.Fatalf("rider text: got %d, want 204", code)
	}
	got := e.events(t, staff, 4)
	want := []struct{ from, text string }{
		{simui.FromSystem, "【模拟器】已替工作人员关注公众号，以便及时收到通知。"},
		{simui.FromBot, "got event:subscribe"},
		{simui.FromUser, "待办"}, {simui.FromBot, "got text:待办"},
	}
	for i, w := range want {
		if got[i].From != w.from || got[i].Text != w.text {
			t.Errorf("staff entry %d: got %s %q, want %s %q", i, got[i].From, got[i].Text, w.from, w.text)
		}
	}
	if got := e.events(t, rider, 2); got[0].Text != "你好" || got[1].Text != "got text:你好" {
		t.Errorf("rider: got %+v, want only the text and its reply (no follow)", got)
	}
}

// TestStaffFollowRetries: when gridbot cannot be reached, the follow is
// tried again on the next request.
func TestStaffFollowRetries(t *testing.T) {
	sim, err := wxsim.New(wxsim.Config{AppID: "wxsimuitest", AppSecret: "secret", Token: testToken,
		Mode: wx.ModePlain, CallbackURL: "http://127.0.0.1:1/wechat", RetryInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	h := simui.New(simui.Deps{Platform: sim, Riders: []simui.Persona{{OpenID: rider, Name: "骑手 1"}},
		Staff: simui.Persona{OpenID: staff, Name: "工作人员"}})
	go h.Run()
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		h.Shutdown()
		srv.Close()
		sim.Close()
	})
	get := func() {
		t.Helper()
		resp, err := http.Get(srv.URL + "/sim/")
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET /sim/: got %d, want 200", resp.StatusCode)
		}
	}
	get() // gridbot is down: no follow
	bot := echoBot(t)
	defer bot.Close()
	if err := sim.SetCallbackURL(bot.URL); err != nil {
		t.Fatal(err)
	}
	get()
	e := &env{srv: srv}
	if got := e.events(t, staff, 2); got[0].From != simui.FromSystem || got[1].Text != "got event:subscribe" {
		t.Errorf("got %+v, want the follow note and the welcome", got)
	}
}
