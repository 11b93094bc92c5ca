package wxsim

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"gridbot/wx"
)

func mustRobot(tb testing.TB, e *testEnv, key string) *wx.Robot {
	tb.Helper()
	r, err := wx.NewRobot(wx.RobotOptions{Key: key, APIBase: e.srv.URL, Every: time.Millisecond, Burst: 100})
	if err != nil {
		tb.Fatalf("NewRobot: %v", err)
	}
	return r
}

func TestRobotRateLimit(t *testing.T) {
	e := mustPlatform(t, nil)
	r := mustRobot(t, e, "key-1")
	other := mustRobot(t, e, "key-2")
	ctx := ctxTimeout(t, 5*time.Second)
	for i := range RobotPerMinute {
		if err := r.Text(ctx, fmt.Sprint("alert ", i)); err != nil {
			t.Fatalf("message %d: %v", i+1, err)
		}
		e.clock.Advance(time.Second)
	}
	if err := r.Markdown(ctx, "**one too many**"); !isCode(err, 45009) {
		t.Errorf("21st message: %v, want errcode 45009", err)
	}
	if err := other.Text(ctx, "another robot"); err != nil {
		t.Errorf("another key is limited separately: %v", err)
	}
	e.clock.Advance(41 * time.Second) // the first message is now a minute old
	if err := r.Markdown(ctx, "**back**"); err != nil {
		t.Errorf("after the oldest left the minute: %v", err)
	}
	msgs := e.p.RobotMessages()
	if len(msgs) != RobotPerMinute+2 || msgs[0].Content != "alert 0" || msgs[len(msgs)-1].MsgType != "markdown" {
		t.Errorf("recorded %d messages: first %+v", len(msgs), msgs[0])
	}
}

func TestRobotMessages(t *testing.T) {
	e := mustPlatform(t, func(c *Config) { c.RobotKeys = []string{"good"} })
	photo := testJPEG(t)
	ctx := ctxTimeout(t, 5*time.Second)
	if err := mustRobot(t, e, "good").Image(ctx, photo); err != nil {
		t.Fatalf("Image: %v", err)
	}
	if got := e.p.RobotMessages(); len(got) != 1 || !bytes.Equal(got[0].Image, photo) {
		t.Errorf("recorded %+v", got)
	}
	if err := mustRobot(t, e, "bad").Text(ctx, "hi"); !isCode(err, 93000) {
		t.Errorf("unknown key: %v, want errcode 93000", err)
	}

	sum := md5.Sum(photo)
	b64 := base64.StdEncoding.EncodeToString(photo)
	tests := []struct {
		name, body string
		code       int
	}{
		{"md5 mismatch", `{"msgtype":"image","image":{"base64":"` + b64 + `","md5":"00112233445566778899aabbccddeeff"}}`, 301019},
		{"not base64", `{"msgtype":"image","image":{"base64":"%%%","md5":"` + hex.EncodeToString(sum[:]) + `"}}`, 40058},
		{"text too long", `{"msgtype":"text","text":{"content":"` + strings.Repeat("x", 2049) + `"}}`, 40058},
		{"empty text", `{"msgtype":"text","text":{"content":""}}`, 44004},
		{"unknown type", `{"msgtype":"voice"}`, 40008},
		{"image ok", `{"msgtype":"image","image":{"base64":"` + b64 + `","md5":"` + hex.EncodeToString(sum[:]) + `"}}`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, out, _ := e.call(t, "POST", "/cgi-bin/webhook/send?key=good", tt.body)
			if code := errcode(out); code != tt.code {
				t.Errorf("errcode %d, want %d", code, tt.code)
			}
		})
	}
	if err := mustRobot(t, e, "good").Text(ctx, "ok"); errors.Is(err, wx.ErrRateLimited) {
		t.Error(err)
	}
}
