package wxsim

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"

	"gridbot/wx"
)

func TestDeliverRoundTrip(t *testing.T) {
	for _, mode := range []wx.Mode{wx.ModePlain, wx.ModeCompatible, wx.ModeSafe} {
		for _, asJSON := range []bool{false, true} {
			t.Run(fmt.Sprintf("%v/json=%v", mode, asJSON), func(t *testing.T) {
				e := mustPlatform(t, func(c *Config) { c.Mode, c.JSON = mode, asJSON })
				rc := newReceiver(t, func(n int, cb *wx.Callback) answer {
					return answer{reply: wx.NewTextReply(cb.Message, "收到 <ok> & 谢谢", time.Now())}
				})
				e.connect(t, rc)
				m := e.p.NewText("oRider1", "井盖丢了 ]]> <b>")
				d := e.mustDeliver(t, m)

				got := rc.received()
				if len(got) != 1 {
					t.Fatalf("receiver got %d callbacks, want 1", len(got))
				}
				r := got[0]
				if want := strconv.FormatInt(e.clock.Now().Unix(), 10); r.query.Timestamp != want {
					t.Errorf("timestamp = %s, want the platform clock %s", r.query.Timestamp, want)
				}
				if r.query.OpenID != "oRider1" || r.query.Nonce == "" || r.query.Signature == "" {
					t.Errorf("query = %+v, want openid, nonce and signature", r.query)
				}
				encrypted := mode != wx.ModePlain
				if (r.query.EncryptType == "aes") != encrypted || (r.query.MsgSignature != "") != encrypted {
					t.Errorf("encrypt_type %q, msg_signature %q in mode %v", r.query.EncryptType, r.query.MsgSignature, mode)
				}
				if mode == wx.ModeSafe && bytes.Contains(r.body, []byte("oRider1")) {
					t.Errorf("safe-mode body carries plaintext: %s", r.body)
				}
				wantCT := "text/xml"
				if asJSON {
					wantCT = "application/json"
				}
				if ct := r.header.Get("Content-Type"); ct != wantCT {
					t.Errorf("Content-Type = %q, want %q", ct, wantCT)
				}
				if r.callback.JSON != asJSON || r.callback.Encrypted != encrypted {
					t.Errorf("callback json, encrypted = %v, %v, want %v, %v", r.callback.JSON, r.callback.Encrypted, asJSON, encrypted)
				}
				if got, want := wx.EncodeMessage(r.callback.Message), wx.EncodeMessage(m); !bytes.Equal(got, want) {
					t.Errorf("receiver decoded\n%s\nwant\n%s", got, want)
				}
				if d.Reply == nil || d.Reply.Content != "收到 <ok> & 谢谢" || d.Reply.ToUserName != "oRider1" {
					t.Fatalf("reply = %+v, want the receiver's text", d.Reply)
				}
				if d.Sealed != encrypted {
					t.Errorf("sealed = %v, want %v", d.Sealed, encrypted)
				}
				if len(d.Attempts) != 1 || d.Attempts[0].Status != 200 || d.Attempts[0].Err != nil {
					t.Errorf("attempts = %+v, want one 200", d.Attempts)
				}
			})
		}
	}
}

func TestDeliverMessageKinds(t *testing.T) {
	e := mustPlatform(t, nil)
	rc := newReceiver(t, nil)
	e.connect(t, rc)
	photo := testJPEG(t)
	event, images := e.p.NewPicPhotoOrAlbum("oRider2", "CAT_MANHOLE", photo)
	tests := []struct {
		name  string
		m     *wx.Message
		msgID bool
	}{
		{"text", e.p.NewText("oRider2", "hello"), true},
		{"image", e.p.NewImage("oRider2", photo), true},
		{"location", e.p.NewLocation("oRider2", 23.134521, 113.358803, 20, "广州市天河区"), true},
		{"subscribe", e.p.NewSubscribe("oRider2"), false},
		{"unsubscribe", e.p.NewUnsubscribe("oRider2"), false},
		{"click", e.p.NewClick("oRider2", wx.MenuKeyMyPoints), false},
		{"LOCATION", e.p.NewLocationEvent("oRider2", 23.137466, 113.352425, 119.38504), false},
		{"pic_photo_or_album", event, false},
		{"pic image", images[0], true},
	}
	ids := map[string]bool{}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.mustDeliver(t, tt.m)
			got := rc.received()[i].callback.Message
			if a, b := wx.EncodeMessage(got), wx.EncodeMessage(tt.m); !bytes.Equal(a, b) {
				t.Errorf("receiver decoded\n%s\nwant\n%s", a, b)
			}
			if (got.MsgIDText != "") != tt.msgID {
				t.Errorf("MsgId = %q, want one: %v", got.MsgIDText, tt.msgID)
			}
			if tt.msgID {
				if ids[got.MsgIDText] {
					t.Errorf("MsgId %s reused", got.MsgIDText)
				}
				ids[got.MsgIDText] = true
			}
			if got.CreateTime != e.clock.Now().Unix() {
				t.Errorf("CreateTime = %d, want %d", got.CreateTime, e.clock.Now().Unix())
			}
		})
	}
	if n := event.SendPicsInfo.Count; n != 1 || len(event.SendPicsInfo.PicList[0].PicMd5Sum) != 32 {
		t.Errorf("SendPicsInfo = %+v, want one MD5", event.SendPicsInfo)
	}
	if event.Event != message.EventPicPhotoOrAlbum || event.EventKey != "CAT_MANHOLE" {
		t.Errorf("event = %s %s", event.Event, event.EventKey)
	}
	// The image's PicUrl is a plain GET on the platform.
	c := e.client(t, 2*time.Second)
	data, err := c.DownloadMedia(ctxTimeout(t, 2*time.Second), "", images[0].PicURL, 1<<20)
	if err != nil || !bytes.Equal(data, photo) {
		t.Errorf("PicUrl get = %d bytes, %v; want the photo", len(data), err)
	}
}

func TestDeliverRetries(t *testing.T) {
	tests := []struct {
		name     string
		answer   func(n int, cb *wx.Callback) answer
		attempts int
		err      []error
		reply    bool
	}{
		{
			name: "slow first attempt",
			answer: func(n int, cb *wx.Callback) answer {
				if n == 1 {
					return answer{delay: 2 * time.Second}
				}
				return answer{reply: wx.NewTextReply(cb.Message, "ok", time.Now())}
			},
			attempts: 2, reply: true,
		},
		{
			name:     "always 500",
			answer:   func(int, *wx.Callback) answer { return answer{status: 500} },
			attempts: 3, err: []error{ErrUndelivered, ErrStatus},
		},
		{
			name:     "always slow",
			answer:   func(int, *wx.Callback) answer { return answer{delay: 2 * time.Second} },
			attempts: 3, err: []error{ErrUndelivered, ErrAttemptTimeout},
		},
		{
			name:     "malformed reply",
			answer:   func(int, *wx.Callback) answer { return answer{raw: "<html>oops</html>"} },
			attempts: 1, err: []error{ErrBadReply},
		},
		{
			name: "plain reply in safe mode",
			answer: func(int, *wx.Callback) answer {
				return answer{raw: "<xml><ToUserName><![CDATA[oR]]></ToUserName><FromUserName><![CDATA[gh]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[x]]></Content></xml>"}
			},
			attempts: 1, err: []error{ErrBadReply},
		},
		{
			name:     "empty body",
			answer:   func(int, *wx.Callback) answer { return answer{raw: " "} },
			attempts: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustPlatform(t, nil)
			rc := newReceiver(t, tt.answer)
			e.connect(t, rc)
			d, err := e.p.Deliver(ctxTimeout(t, 5*time.Second), e.p.NewText("oRider", "hi"))
			for _, want := range tt.err {
				if !errors.Is(err, want) {
					t.Errorf("error = %v, want %v", err, want)
				}
			}
			if tt.err == nil && err != nil {
				t.Errorf("error = %v, want nil", err)
			}
			if len(d.Attempts) != tt.attempts {
				t.Fatalf("got %d attempts, want %d: %+v", len(d.Attempts), tt.attempts, d.Attempts)
			}
			if (d.Reply != nil) != tt.reply {
				t.Errorf("reply = %+v, want one: %v", d.Reply, tt.reply)
			}
			nonces := map[string]bool{}
			for i, a := range d.Attempts {
				if a.Try != i+1 || nonces[a.Nonce] {
					t.Errorf("attempt %d: try %d, nonce %q reused", i, a.Try, a.Nonce)
				}
				nonces[a.Nonce] = true
			}
			if tt.name == "slow first attempt" && !errors.Is(d.Attempts[0].Err, ErrAttemptTimeout) {
				t.Errorf("first attempt error = %v, want ErrAttemptTimeout", d.Attempts[0].Err)
			}
		})
	}
}

func TestDeliverConnectionRefused(t *testing.T) {
	e := mustPlatform(t, nil)
	rc := newReceiver(t, nil)
	e.connect(t, rc)
	rc.srv.Close()
	d, err := e.p.Deliver(ctxTimeout(t, 5*time.Second), e.p.NewText("oRider", "hi"))
	if !errors.Is(err, ErrUndelivered) || len(d.Attempts) != 3 {
		t.Errorf("got %d attempts, error %v; want 3 and ErrUndelivered", len(d.Attempts), err)
	}
}

func TestDeliverNoCallbackURL(t *testing.T) {
	e := mustPlatform(t, nil)
	if _, err := e.p.Deliver(ctxTimeout(t, time.Second), e.p.NewText("o", "x")); !errors.Is(err, ErrNoCallbackURL) {
		t.Errorf("error = %v, want ErrNoCallbackURL", err)
	}
}

func TestDeliverCopies(t *testing.T) {
	e := mustPlatform(t, nil)
	rc := newReceiver(t, func(n int, cb *wx.Callback) answer {
		return answer{reply: wx.NewTextReply(cb.Message, "ok", time.Now())}
	})
	e.connect(t, rc)
	m := e.p.NewText("oStorm", "hi")
	d := e.mustDeliver(t, m, Copies(4, 0))
	if len(d.Attempts) != 4 || d.Reply == nil {
		t.Fatalf("attempts = %d, reply %v; want 4 and a reply", len(d.Attempts), d.Reply)
	}
	got := rc.received()
	nonces := map[string]bool{}
	for _, r := range got {
		if r.callback.Message.MsgIDText != m.MsgIDText {
			t.Errorf("copy MsgId = %s, want %s", r.callback.Message.MsgIDText, m.MsgIDText)
		}
		nonces[r.query.Nonce] = true
	}
	if len(got) != 4 || len(nonces) != 4 {
		t.Errorf("receiver got %d copies with %d nonces, want 4 and 4", len(got), len(nonces))
	}

	gap := 80 * time.Millisecond
	m2 := e.p.NewText("oStorm", "again")
	e.mustDeliver(t, m2, Copies(2, gap))
	got = rc.received()[4:]
	if len(got) != 2 {
		t.Fatalf("receiver got %d delayed copies, want 2", len(got))
	}
	if d := got[1].at.Sub(got[0].at); d < gap*3/4 {
		t.Errorf("copies %s apart, want about %s", d, gap)
	}
}
