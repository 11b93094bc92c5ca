package wx

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func testRobot(tb testing.TB, f *fakeWeChat, every time.Duration, burst int) *Robot {
	tb.Helper()
	r, err := NewRobot(RobotOptions{Key: "ROBOT_KEY", APIBase: f.srv.URL, Every: every, Burst: burst})
	if err != nil {
		tb.Fatalf("NewRobot: %v", err)
	}
	return r
}

func TestRobotSends(t *testing.T) {
	f := newFakeWeChat(t)
	var got struct {
		key  string
		body map[string]map[string]string
		typ  string
	}
	f.robot = func(w http.ResponseWriter, r *http.Request, body []byte) {
		var m map[string]json.RawMessage
		json.Unmarshal(body, &m)
		got.key = r.URL.Query().Get("key")
		got.body = map[string]map[string]string{}
		for k, v := range m {
			if k == "msgtype" {
				json.Unmarshal(v, &got.typ)
				continue
			}
			inner := map[string]string{}
			json.Unmarshal(v, &inner)
			got.body[k] = inner
		}
		writeJSON(w, `{"errcode":0,"errmsg":"ok"}`)
	}
	r := testRobot(t, f, time.Millisecond, 10)
	ctx := ctxTimeout(t, 5*time.Second)

	if err := r.Markdown(ctx, "**新举报** <font color=\"warning\">待审核</font>"); err != nil {
		t.Fatalf("Markdown: %v", err)
	}
	if got.key != "ROBOT_KEY" || got.typ != "markdown" || got.body["markdown"]["content"] != "**新举报** <font color=\"warning\">待审核</font>" {
		t.Errorf("platform received key %q, %s %v", got.key, got.typ, got.body)
	}

	if err := r.Image(ctx, jpegBytes); err != nil {
		t.Fatalf("Image: %v", err)
	}
	sum := md5.Sum(jpegBytes)
	if got.typ != "image" || got.body["image"]["md5"] != hex.EncodeToString(sum[:]) ||
		got.body["image"]["base64"] != base64.StdEncoding.EncodeToString(jpegBytes) {
		t.Errorf("platform received %s with md5 %s", got.typ, got.body["image"]["md5"])
	}

	if err := r.Text(ctx, "hello"); err != nil || got.typ != "text" || got.body["text"]["content"] != "hello" {
		t.Errorf("Text: %v; platform received %s %v", err, got.typ, got.body)
	}
}

func TestRobotRejects(t *testing.T) {
	f := newFakeWeChat(t)
	var calls atomic.Int32
	f.robot = func(w http.ResponseWriter, r *http.Request, body []byte) {
		calls.Add(1)
		writeJSON(w, `{"errcode":93000,"errmsg":"invalid webhook url"}`)
	}
	r := testRobot(t, f, time.Millisecond, 10)
	ctx := ctxTimeout(t, 5*time.Second)
	var ae *APIError
	if err := r.Markdown(ctx, "hi"); !errors.As(err, &ae) || ae.Code != 93000 {
		t.Errorf("Markdown error = %v, want APIError 93000", err)
	}
	tests := []struct {
		name string
		send func() error
		want error
	}{
		{"long markdown", func() error { return r.Markdown(ctx, strings.Repeat("a", MaxRobotMarkdown+1)) }, ErrTooLarge},
		{"long text", func() error { return r.Text(ctx, strings.Repeat("a", MaxRobotText+1)) }, ErrTooLarge},
		{"large image", func() error { return r.Image(ctx, append(jpegBytes, make([]byte, MaxRobotImage)...)) }, ErrTooLarge},
		{"gif", func() error { return r.Image(ctx, []byte("GIF89a....")) }, ErrInvalidArgument},
	}
	for _, tt := range tests {
		if err := tt.send(); !errors.Is(err, tt.want) {
			t.Errorf("%s: error = %v, want %v", tt.name, err, tt.want)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("robot calls = %d, want 1: rejected messages must not be sent", n)
	}
	if _, err := NewRobot(RobotOptions{}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("NewRobot(no key) error = %v, want ErrInvalidArgument", err)
	}
}

func TestRobotRateLimit(t *testing.T) {
	f := newFakeWeChat(t)
	const every = 100 * time.Millisecond
	r := testRobot(t, f, every, 2)
	ctx := ctxTimeout(t, 5*time.Second)

	start := time.Now()
	for range 4 { // a burst of 2, then two waits
		if err := r.Markdown(ctx, "hi"); err != nil {
			t.Fatalf("Markdown: %v", err)
		}
	}
	if elapsed := time.Since(start); elapsed < 2*every-20*time.Millisecond {
		t.Errorf("4 messages took %v, want at least %v", elapsed, 2*every)
	}

	// With the limit exhausted, a context that ends first gives up.
	short, cancel := context.WithTimeout(context.Background(), every/10)
	defer cancel()
	if err := r.Markdown(short, "hi"); !errors.Is(err, ErrRateLimited) {
		t.Errorf("Markdown(short deadline) error = %v, want ErrRateLimited", err)
	}
}
