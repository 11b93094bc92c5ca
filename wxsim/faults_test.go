package wxsim

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"gridbot/wx"
)

func TestFaults(t *testing.T) {
	const send = "/cgi-bin/message/custom/send"
	tests := []struct {
		name  string
		fault Fault
		check func(t *testing.T, err error)
	}{
		{
			name:  "timeout",
			fault: Fault{Kind: FaultTimeout, Path: send, Delay: 5 * time.Second},
			check: func(t *testing.T, err error) {
				var ne net.Error
				if !errors.As(err, &ne) || !ne.Timeout() {
					t.Errorf("error = %v, want a timeout", err)
				}
			},
		},
		{
			name:  "server error",
			fault: Fault{Kind: FaultServerError, Path: send, Status: 503},
			check: func(t *testing.T, err error) {
				if !errors.Is(err, wx.ErrUnexpectedResponse) {
					t.Errorf("error = %v, want ErrUnexpectedResponse", err)
				}
			},
		},
		{
			name:  "reset",
			fault: Fault{Kind: FaultReset, Path: send},
			check: func(t *testing.T, err error) {
				var ae *wx.APIError
				if err == nil || errors.As(err, &ae) || errors.Is(err, wx.ErrUnexpectedResponse) {
					t.Errorf("error = %v, want a transport error", err)
				}
			},
		},
		{
			name:  "system busy",
			fault: Fault{Kind: FaultErrCode, Path: send},
			check: func(t *testing.T, err error) {
				if !isCode(err, -1) {
					t.Errorf("error = %v, want errcode -1", err)
				}
			},
		},
		{
			name:  "token rejected",
			fault: Fault{Kind: FaultErrCode, Path: "/cgi-bin/message/", ErrCode: 40001},
			check: func(t *testing.T, err error) {
				if !errors.Is(err, wx.ErrTokenInvalid) {
					t.Errorf("error = %v, want ErrTokenInvalid", err)
				}
			},
		},
		{
			name:  "out of window",
			fault: Fault{Kind: FaultErrCode, Path: send, ErrCode: 45015},
			check: func(t *testing.T, err error) {
				if !errors.Is(err, wx.ErrOutOfWindow) {
					t.Errorf("error = %v, want ErrOutOfWindow", err)
				}
			},
		},
		{
			name:  "quota",
			fault: Fault{Kind: FaultErrCode, Path: send, ErrCode: 45047},
			check: func(t *testing.T, err error) {
				if !errors.Is(err, wx.ErrQuota) {
					t.Errorf("error = %v, want ErrQuota", err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustPlatform(t, nil)
			e.connect(t, newReceiver(t, nil))
			e.mustDeliver(t, e.p.NewText("oRider", "hi"))
			c := e.client(t, 300*time.Millisecond)
			if err := e.p.SetFaults(Faults{Rules: []Fault{tt.fault}}); err != nil {
				t.Fatalf("SetFaults: %v", err)
			}
			tt.check(t, c.SendText(ctxTimeout(t, 5*time.Second), "oRider", "hello"))
			if n := len(e.p.Messages("oRider")); n != 0 {
				t.Errorf("%d messages recorded despite the fault", n)
			}
			e.p.SetFaults(Faults{})
			if err := c.SendText(ctxTimeout(t, 5*time.Second), "oRider", "hello"); err != nil {
				t.Errorf("send with faults off: %v", err)
			}
		})
	}
}

func TestFaultOnceRecovers(t *testing.T) {
	e := mustPlatform(t, nil)
	c := e.client(t, 2*time.Second)
	menu := wx.DefaultMenu(wx.MenuLabels{}, []wx.MenuCategory{{Name: "井盖", Key: "CAT"}})
	if err := e.p.SetFaults(Faults{Rules: []Fault{{Kind: FaultErrCode, Path: "/cgi-bin/menu/create", ErrCode: 40001, Times: 1}}}); err != nil {
		t.Fatal(err)
	}
	if err := c.CreateMenu(ctxTimeout(t, 2*time.Second), menu); err != nil {
		t.Fatalf("CreateMenu with one 40001: %v", err)
	}
	if _, forced := countStable(e.p.Requests()); forced != 1 {
		t.Errorf("%d forced refreshes, want 1", forced)
	}
	var faults []FaultKind
	for _, r := range e.p.Requests() {
		if r.Path == "/cgi-bin/menu/create" {
			faults = append(faults, r.Fault)
		}
	}
	if !slices.Equal(faults, []FaultKind{FaultErrCode, ""}) {
		t.Errorf("menu/create faults = %q, want one errcode then none", faults)
	}
}

func TestFaultSlowMedia(t *testing.T) {
	e := mustPlatform(t, nil)
	photo := testJPEG(t)
	id, _ := e.p.AddMedia(photo, "image/jpeg")
	if err := e.p.SetFaults(Faults{Rules: []Fault{{Kind: FaultSlowBody, Path: "/cgi-bin/media/get", Delay: 400 * time.Millisecond}}}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	data, err := e.client(t, 2*time.Second).DownloadMedia(ctxTimeout(t, 2*time.Second), id, "", 1<<20)
	if err != nil || len(data) != len(photo) {
		t.Fatalf("slow download: %d bytes, %v", len(data), err)
	}
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("slow download took %s, want about 400ms", d)
	}
	if _, err := e.client(t, 100*time.Millisecond).DownloadMedia(ctxTimeout(t, 2*time.Second), id, "", 1<<20); err == nil {
		t.Error("slow download beat a 100ms client timeout")
	}
}

// TestFaultsDeterministic checks that a seed gives the same failures.
func TestFaultsDeterministic(t *testing.T) {
	pattern := func(seed int64) []bool {
		e := mustPlatform(t, func(c *Config) {
			c.Faults = Faults{Seed: seed, Rules: []Fault{{Kind: FaultErrCode, Path: "/cgi-bin/token", Rate: 0.5}}}
		})
		q := url.Values{"grant_type": {"client_credential"}, "appid": {testAppID}, "secret": {testSecret}}
		var out []bool
		for range 40 {
			_, ans, _ := e.call(t, "GET", "/cgi-bin/token?"+q.Encode(), "")
			out = append(out, errcode(ans) == -1)
		}
		return out
	}
	a, b, c := pattern(7), pattern(7), pattern(8)
	if !slices.Equal(a, b) {
		t.Errorf("seed 7 gave two patterns:\n%v\n%v", a, b)
	}
	if slices.Equal(a, c) {
		t.Errorf("seeds 7 and 8 gave the same pattern")
	}
	n := 0
	for _, failed := range a {
		if failed {
			n++
		}
	}
	if n < 8 || n > 32 {
		t.Errorf("%d of 40 calls failed at rate 0.5", n)
	}
}

func TestSetFaultsConcurrently(t *testing.T) {
	e := mustPlatform(t, nil)
	if err := e.p.SetFaults(Faults{Rules: []Fault{{Kind: "meteor"}}}); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("unknown kind: %v, want ErrInvalidConfig", err)
	}
	if err := e.p.SetFaults(Faults{Rules: []Fault{{Kind: FaultReset, Rate: 2}}}); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("rate 2: %v, want ErrInvalidConfig", err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 20 {
				resp, err := http.Get(e.srv.URL + "/cgi-bin/token?grant_type=client_credential&appid=" + testAppID + "&secret=" + testSecret)
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
			}
		})
	}
	for i := range 20 {
		e.p.SetFaults(Faults{Seed: int64(i), Rules: []Fault{{Kind: FaultErrCode, Rate: 0.3}}})
	}
	wg.Wait()
	if n := len(e.p.Requests()); n != 80 {
		t.Errorf("recorded %d requests, want 80", n)
	}
}
