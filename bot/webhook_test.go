package bot

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"

	"gridbot/internal/testkit"
	"gridbot/store"
	"gridbot/wx"
)

const (
	testToken  = "test-token"
	testAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	testAppID  = "wxtestapp00000001"
)

// echoConversation replies "echo: <text>" and counts, in the transaction,
// how often a message was processed (committed): see processedCount.
type echoConversation struct{}

func (c *echoConversation) Handle(tx *store.Tx, m *wx.Message) (Answer, error) {
	// Record in the transaction, so only committed work counts.
	var n int
	_ = tx.GetState("echo", wx.DedupKey(m), &n)
	if err := tx.PutState("echo", wx.DedupKey(m), n+1); err != nil {
		return Answer{}, err
	}
	if m.MsgType == message.MsgTypeText {
		return Answer{Text: "echo: " + m.Content}, nil
	}
	return Answer{}, nil
}

// processedCount returns how many times the message with key was committed.
func processedCount(tb testing.TB, db *store.DB, key string) int {
	tb.Helper()
	var n int
	_ = db.View(func(tx *store.Tx) error { _ = tx.GetState("echo", key, &n); return nil })
	return n
}

type harness struct {
	db     *store.DB
	path   string
	codec  *wx.Codec
	server *httptest.Server
	now    atomic.Pointer[time.Time]
	logs   *testkit.LogBuffer
}

func newHarness(tb testing.TB, requireEncryption bool) *harness {
	tb.Helper()
	h := &harness{path: filepath.Join(tb.TempDir(), store.FileName), logs: &testkit.LogBuffer{}}
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	h.now.Store(&now)
	codec, err := wx.NewCodec(wx.CodecConfig{Token: testToken, EncodingAESKey: testAESKey, AppID: testAppID, RequireEncryption: requireEncryption})
	if err != nil {
		tb.Fatal(err)
	}
	h.codec = codec
	h.open(tb)
	return h
}

func (h *harness) clock() time.Time { return *h.now.Load() }

func (h *harness) advance(d time.Duration) {
	t := h.clock().Add(d)
	h.now.Store(&t)
}

// open (re)opens the store and the webhook server, as a restart would.
func (h *harness) open(tb testing.TB) {
	tb.Helper()
	db, err := store.Open(h.path, store.Options{Now: h.clock})
	if err != nil {
		tb.Fatal(err)
	}
	h.db = db
	log := slog.New(slog.NewTextHandler(h.logs, nil))
	wh := &Webhook{Codec: h.codec, Store: db, Conversation: &echoConversation{}, Now: h.clock, Log: log,
		Outbox: &Outbox{Store: db, Log: log}}
	h.server = httptest.NewServer(wh)
	tb.Cleanup(h.close)
}

func (h *harness) close() {
	if h.server != nil {
		h.server.Close()
		h.db.Close()
		h.server = nil
	}
}

func (h *harness) restart(tb testing.TB) {
	h.close()
	h.open(tb)
}

func textMessage(from, content string, msgID int64) *wx.Message {
	m := &wx.Message{}
	m.ToUserName = "gh_account"
	m.FromUserName = message.CDATA(from)
	m.CreateTime = 1764064800
	m.MsgType = message.MsgTypeText
	m.Content = content
	m.MsgID = msgID
	m.MsgIDText = strconv.FormatInt(msgID, 10)
	return m
}

// post signs m as WeChat would and POSTs it; it returns the response.
func (h *harness) post(tb testing.TB, m *wx.Message, mode wx.Mode, nonce string) *http.Response {
	tb.Helper()
	q, body, err := h.codec.SignCallback(m, wx.CallbackOptions{Mode: mode, Timestamp: strconv.FormatInt(h.clock().Unix(), 10), Nonce: nonce})
	if err != nil {
		tb.Fatal(err)
	}
	return h.do(tb, q, body)
}

func (h *harness) do(tb testing.TB, q url.Values, body []byte) *http.Response {
	tb.Helper()
	resp, err := http.Post(h.server.URL+"?"+q.Encode(), "text/xml", bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { resp.Body.Close() })
	return resp
}

func readAll(tb testing.TB, r io.Reader) []byte {
	tb.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestRoundTripInAllModes(t *testing.T) {
	for _, mode := range []wx.Mode{wx.ModePlain, wx.ModeCompatible, wx.ModeSafe} {
		t.Run(mode.String(), func(t *testing.T) {
			h := newHarness(t, false)
			m := textMessage("rider-1", "你好", 1001)
			resp := h.post(t, m, mode, "")
			body := readAll(t, resp.Body)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("got status %d (%s), want 200", resp.StatusCode, body)
			}
			reply, sealed, err := h.codec.DecodeReply(body)
			if err != nil {
				t.Fatal(err)
			}
			if wantSealed := mode != wx.ModePlain; sealed != wantSealed {
				t.Errorf("got sealed=%v, want %v", sealed, wantSealed)
			}
			if reply == nil || reply.Content != "echo: 你好" || reply.ToUserName != "rider-1" {
				t.Errorf("got reply %+v, want echo to rider-1", reply)
			}
		})
	}
}

func TestURLVerification(t *testing.T) {
	h := newHarness(t, false)
	ts, nonce := strconv.FormatInt(h.clock().Unix(), 10), "1514711492"
	q := url.Values{"signature": {wx.Signature(testToken, ts, nonce)}, "timestamp": {ts}, "nonce": {nonce}, "echostr": {"4375120948345356249"}}
	resp, err := http.Get(h.server.URL + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if body := readAll(t, resp.Body); resp.StatusCode != 200 || string(body) != "4375120948345356249" {
		t.Errorf("got %d %q, want 200 and the echostr", resp.StatusCode, body)
	}
	q.Set("signature", strings.Repeat("0", 40))
	resp2, err := http.Get(h.server.URL + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp2.Body.Close()
	if resp2.StatusCode != http.StatusUnauthorized {
		t.Errorf("forged URL check: got %d, want 401", resp2.StatusCode)
	}
	// A correctly signed but stale check is refused too.
	old := strconv.FormatInt(h.clock().Add(-10*time.Minute).Unix(), 10)
	q = url.Values{"signature": {wx.Signature(testToken, old, nonce)}, "timestamp": {old}, "nonce": {nonce}, "echostr": {"x"}}
	resp3, err := http.Get(h.server.URL + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp3.Body.Close()
	if resp3.StatusCode != http.StatusUnauthorized {
		t.Errorf("stale URL check: got %d, want 401", resp3.StatusCode)
	}
}

func TestRefusals(t *testing.T) {
	h := newHarness(t, false)
	good := textMessage("rider-1", "hi", 2001)
	ts := strconv.FormatInt(h.clock().Unix(), 10)
	sign := func(m *wx.Message, mode wx.Mode, ts string) (url.Values, []byte) {
		q, b, err := h.codec.SignCallback(m, wx.CallbackOptions{Mode: mode, Timestamp: ts})
		if err != nil {
			t.Fatal(err)
		}
		return q, b
	}
	tests := []struct {
		name   string
		build  func() (url.Values, []byte)
		status int
		reason string
	}{
		{"forged signature", func() (url.Values, []byte) {
			q, b := sign(good, wx.ModePlain, ts)
			q.Set("signature", strings.Repeat("a", 40))
			return q, b
		}, 401, "bad signature"},
		{"forged msg_signature", func() (url.Values, []byte) {
			q, b := sign(good, wx.ModeSafe, ts)
			q.Set("msg_signature", strings.Repeat("b", 40))
			return q, b
		}, 401, "bad signature"},
		{"stale timestamp", func() (url.Values, []byte) {
			return sign(good, wx.ModePlain, strconv.FormatInt(h.clock().Add(-6*time.Minute).Unix(), 10))
		}, 401, "timestamp outside window"},
		{"future timestamp", func() (url.Values, []byte) {
			return sign(good, wx.ModePlain, strconv.FormatInt(h.clock().Add(6*time.Minute).Unix(), 10))
		}, 401, "timestamp outside window"},
		{"truncated XML", func() (url.Values, []byte) {
			q, b := sign(good, wx.ModePlain, ts)
			return q, b[:len(b)/2]
		}, 400, "malformed message"},
		{"1 MB body", func() (url.Values, []byte) {
			q, _ := sign(good, wx.ModePlain, ts)
			return q, bytes.Repeat([]byte("<xml>"), 200_000)
		}, 413, "body too large"},
		{"wrong app id in AES payload", func() (url.Values, []byte) {
			other, err := wx.NewCodec(wx.CodecConfig{Token: testToken, EncodingAESKey: testAESKey, AppID: "wxsomeoneelse0000"})
			if err != nil {
				t.Fatal(err)
			}
			q, b, err := other.SignCallback(good, wx.CallbackOptions{Mode: wx.ModeSafe, Timestamp: ts})
			if err != nil {
				t.Fatal(err)
			}
			return q, b
		}, 401, "undecryptable payload"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, b := tt.build()
			resp := h.do(t, q, b)
			body := readAll(t, resp.Body)
			if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.reason) {
				t.Errorf("got %d %q, want %d %q", resp.StatusCode, body, tt.status, tt.reason)
			}
			if !strings.Contains(h.logs.String(), tt.reason) {
				t.Errorf("refusal %q was not logged", tt.reason)
			}
		})
	}
	if n := processedCount(t, h.db, wx.DedupKey(good)); n != 0 {
		t.Errorf("refused callbacks processed the message %d times, want 0", n)
	}
}

func TestRequireEncryptionRefusesPlain(t *testing.T) {
	h := newHarness(t, true)
	resp := h.post(t, textMessage("r", "x", 5), wx.ModePlain, "")
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("got %d, want 403", resp.StatusCode)
	}
	resp = h.post(t, textMessage("r", "x", 6), wx.ModeSafe, "")
	if resp.StatusCode != http.StatusOK {
		t.Errorf("safe mode: got %d, want 200", resp.StatusCode)
	}
}

func TestReplayedNonceWithDifferentBody(t *testing.T) {
	h := newHarness(t, false)
	first := h.post(t, textMessage("rider-1", "one", 3001), wx.ModeSafe, "424242")
	if first.StatusCode != 200 {
		t.Fatalf("first: got %d, want 200", first.StatusCode)
	}
	// Same nonce, same timestamp, another message: a captured URL replayed
	// with a forged body.
	second := h.post(t, textMessage("rider-1", "two", 3002), wx.ModeSafe, "424242")
	if second.StatusCode != http.StatusUnauthorized {
		t.Errorf("replay: got %d, want 401", second.StatusCode)
	}
	if n := processedCount(t, h.db, "m|3002|rider-1"); n != 0 {
		t.Errorf("replayed message processed %d times, want 0", n)
	}
}

// TestRetriesAreProcessedOnce follows WeChat's retry pattern: the same
// message three times (0.1 s and 5 s apart), then once more after a
// restart. Each answer is the same reply; the message is processed once.
func TestRetriesAreProcessedOnce(t *testing.T) {
	h := newHarness(t, false)
	m := textMessage("rider-9", "积分", 4001)
	key := wx.DedupKey(m)
	var replies []string
	deliver := func() {
		resp := h.post(t, m, wx.ModeSafe, "") // WeChat signs each attempt anew
		body := readAll(t, resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("got %d %s, want 200", resp.StatusCode, body)
		}
		r, _, err := h.codec.DecodeReply(body)
		if err != nil || r == nil {
			t.Fatalf("reply %q: %v", body, err)
		}
		replies = append(replies, r.Content)
	}
	deliver()
	h.advance(100 * time.Millisecond)
	deliver()
	h.advance(5 * time.Second)
	deliver()
	h.restart(t)
	h.advance(time.Second)
	deliver()
	for i, r := range replies {
		if r != "echo: 积分" {
			t.Errorf("reply %d: got %q, want the stored echo", i, r)
		}
	}
	if n := processedCount(t, h.db, key); n != 1 {
		t.Errorf("got processed %d times, want exactly once", n)
	}
}

// failingStore makes Intake fail, as a full or read-only disk would.
type failingStore struct{}

func (failingStore) Intake(context.Context, store.Delivery, func(*store.Tx) ([]byte, error)) ([]byte, bool, error) {
	return nil, false, errors.New("disk full")
}

func TestStoreFailureIsNotAnEmpty200(t *testing.T) {
	h := newHarness(t, false)
	wh := &Webhook{Codec: h.codec, Store: failingStore{}, Conversation: &echoConversation{}, Now: h.clock, Log: slog.New(slog.DiscardHandler)}
	srv := httptest.NewServer(wh)
	defer srv.Close()
	q, body, err := h.codec.SignCallback(textMessage("r", "x", 9), wx.CallbackOptions{Timestamp: strconv.FormatInt(h.clock().Unix(), 10)})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(srv.URL+"?"+q.Encode(), "text/xml", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("got %d, want 503 so that WeChat retries", resp.StatusCode)
	}
}

func TestNoReplyAnswersSuccess(t *testing.T) {
	h := newHarness(t, false)
	m := &wx.Message{}
	m.ToUserName, m.FromUserName, m.CreateTime = "gh", "rider-1", 1764064800
	m.MsgType, m.Event = message.MsgTypeEvent, message.EventLocation
	for _, mode := range []wx.Mode{wx.ModePlain, wx.ModeSafe} {
		resp := h.post(t, m, mode, "")
		if body := readAll(t, resp.Body); resp.StatusCode != 200 || string(body) != "success" {
			t.Errorf("%s: got %d %q, want 200 \"success\"", mode, resp.StatusCode, body)
		}
	}
}
