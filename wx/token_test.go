package wx

import (
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"gridbot/internal/testkit"
)

func TestTokenRefreshedOnceFor20ConcurrentCallers(t *testing.T) {
	f := newFakeWeChat(t)
	// The stored token looks valid locally, but the platform has revoked it
	// (another process fetched a new one): every caller gets 40001.
	store := &memTokens{token: "REVOKED_TOKEN", expires: time.Now().Add(time.Hour)}
	c, logs := testClient(t, f, store, nil)
	ctx := ctxTimeout(t, 10*time.Second)

	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- c.SendText(ctx, "oRider", strings.Repeat("x", i+1))
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("SendText: %v", err)
		}
	}
	stable, forced := f.counts()
	if stable != 1 || forced != 1 {
		t.Errorf("stable_token calls = %d (forced %d), want 1 (forced 1)", stable, forced)
	}
	if store.token != "ACCESS_TOKEN_1" {
		t.Errorf("stored token = %q, want ACCESS_TOKEN_1", store.token)
	}
	for _, secret := range []string{fakeSecret, "ACCESS_TOKEN_1", "REVOKED_TOKEN"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("log contains a secret %q:\n%s", secret, logs)
		}
	}
}

func TestTokenCachedPersistedAndRenewedAhead(t *testing.T) {
	f := newFakeWeChat(t)
	clk := testkit.NewClock(time.Unix(1714000000, 0))
	store := &memTokens{}
	c, _ := testClient(t, f, store, clk.Now)
	ctx := ctxTimeout(t, 10*time.Second)

	for range 3 {
		if err := c.SendText(ctx, "oRider", "hi"); err != nil {
			t.Fatalf("SendText: %v", err)
		}
	}
	if stable, _ := f.counts(); stable != 1 {
		t.Errorf("stable_token calls after 3 sends = %d, want 1", stable)
	}
	if want := clk.Now().Add(7200 * time.Second); store.token != "ACCESS_TOKEN_1" || !store.expires.Equal(want) {
		t.Errorf("stored %q until %v, want ACCESS_TOKEN_1 until %v", store.token, store.expires, want)
	}

	// A second client (a restart) reuses the stored token.
	c2, _ := testClient(t, f, store, clk.Now)
	if err := c2.SendText(ctx, "oRider", "hi"); err != nil {
		t.Fatalf("SendText after restart: %v", err)
	}
	if stable, _ := f.counts(); stable != 1 {
		t.Errorf("stable_token calls after restart = %d, want 1", stable)
	}

	// Within five minutes of expiry the token is renewed before use.
	clk.Advance(7200*time.Second - 4*time.Minute)
	if err := c.SendText(ctx, "oRider", "hi"); err != nil {
		t.Fatalf("SendText near expiry: %v", err)
	}
	if stable, forced := f.counts(); stable != 2 || forced != 0 {
		t.Errorf("stable_token calls near expiry = %d (forced %d), want 2 (forced 0)", stable, forced)
	}
}

func TestTokenFetchError(t *testing.T) {
	f := newFakeWeChat(t)
	c, err := NewClient(Options{AppID: fakeAppID, AppSecret: "wrong", APIBase: f.srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	err = c.SendText(ctxTimeout(t, 5*time.Second), "oRider", "hi")
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != 40125 || ae.Op != "stable_token" {
		t.Errorf("SendText error = %v, want APIError 40125 from stable_token", err)
	}
}

func TestTransportErrorsHideSecrets(t *testing.T) {
	// A server that accepts connections and closes them at once.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			conn.Close()
		}
	}()
	base := "http://" + ln.Addr().String()
	store := &memTokens{token: "TOKEN_IN_URL", expires: time.Now().Add(time.Hour)}
	c, err := NewClient(Options{AppID: fakeAppID, AppSecret: fakeSecret, APIBase: base, Tokens: store})
	if err != nil {
		t.Fatal(err)
	}
	ctx := ctxTimeout(t, 5*time.Second)
	_, err = c.DownloadMedia(ctx, "MEDIA", "", 1<<20)
	t.Logf("transport error: %v", err)
	if err == nil || strings.Contains(err.Error(), "TOKEN_IN_URL") {
		t.Errorf("DownloadMedia error = %v, want a transport error without the token", err)
	}
	r, err := NewRobot(RobotOptions{Key: "ROBOT_KEY_SECRET", APIBase: base, HTTPClient: &http.Client{Timeout: time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	err = r.Markdown(ctx, "hi")
	if err == nil || strings.Contains(err.Error(), "ROBOT_KEY_SECRET") {
		t.Errorf("Markdown error = %v, want a transport error without the key", err)
	}
}

func TestNewClientRejectsBadBase(t *testing.T) {
	for _, base := range []string{"ftp://x", "not a url", "http://"} {
		if _, err := NewClient(Options{APIBase: base}); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("NewClient(%q) error = %v, want ErrInvalidArgument", base, err)
		}
	}
}
