package wx

import (
	"encoding/xml"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"
)

func TestReplyRoundTrip(t *testing.T) {
	c := testCodec(t)
	m := sampleMessages()["image"]
	now := time.Unix(1714037060, 0)
	for _, tt := range []struct {
		name  string
		reply *Reply
	}{
		{"text", NewTextReply(m, "收到，正在审核 <1 min> ]]>", now)},
		{"image", NewImageReply(m, "MEDIA_REPLY", now)},
	} {
		for _, encrypted := range []bool{false, true} {
			t.Run(tt.name+"/encrypted="+strconv.FormatBool(encrypted), func(t *testing.T) {
				body, err := c.EncodeReply(tt.reply, encrypted, now, "")
				if err != nil {
					t.Fatalf("EncodeReply: %v", err)
				}
				got, sealed, err := c.DecodeReply(body)
				if err != nil {
					t.Fatalf("DecodeReply(%s): %v", body, err)
				}
				if sealed != encrypted {
					t.Errorf("sealed = %v, want %v", sealed, encrypted)
				}
				if *got != *tt.reply {
					t.Errorf("reply = %+v, want %+v", got, tt.reply)
				}
				if got.ToUserName != "oRider1" || got.FromUserName != "gh_station" {
					t.Errorf("reply goes from %q to %q, want gh_station to oRider1", got.FromUserName, got.ToUserName)
				}
			})
		}
	}
}

func TestSealedReplyEnvelope(t *testing.T) {
	c := testCodec(t)
	now := time.Unix(1714037060, 0)
	body, err := c.EncodeReply(NewTextReply(sampleMessages()["text"], "ok", now), true, now, "777")
	if err != nil {
		t.Fatal(err)
	}
	var env struct {
		XMLName      xml.Name `xml:"xml"`
		Encrypt      string   `xml:"Encrypt"`
		MsgSignature string   `xml:"MsgSignature"`
		TimeStamp    string   `xml:"TimeStamp"`
		Nonce        string   `xml:"Nonce"`
	}
	if err := xml.Unmarshal(body, &env); err != nil {
		t.Fatalf("envelope %s: %v", body, err)
	}
	if env.TimeStamp != "1714037060" || env.Nonce != "777" {
		t.Errorf("TimeStamp, Nonce = %q, %q, want 1714037060, 777", env.TimeStamp, env.Nonce)
	}
	if want := Signature(testToken, env.TimeStamp, env.Nonce, env.Encrypt); env.MsgSignature != want {
		t.Errorf("MsgSignature = %s, want %s", env.MsgSignature, want)
	}
	forged := []byte(string(body))
	forged[len("<xml><Encrypt>")] ^= 1 // first ciphertext character
	if _, _, err := c.DecodeReply(forged); !errors.Is(err, ErrBadSignature) {
		t.Errorf("DecodeReply(forged) error = %v, want ErrBadSignature", err)
	}
}

func TestNoReplyIsLiteralSuccess(t *testing.T) {
	c := testCodec(t)
	for _, encrypted := range []bool{false, true} {
		body, err := c.EncodeReply(nil, encrypted, time.Now(), "")
		if err != nil || string(body) != "success" {
			t.Errorf("EncodeReply(nil, %v) = %q, %v, want success", encrypted, body, err)
		}
		if r, _, err := c.DecodeReply(body); r != nil || err != nil {
			t.Errorf("DecodeReply(success) = %v, %v, want nil, nil", r, err)
		}
	}
	if _, err := (&Reply{MsgType: message.MsgTypeNews}).XML(); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("XML(news) error = %v, want ErrInvalidArgument", err)
	}
}

func TestDedupKey(t *testing.T) {
	msgs := sampleMessages()
	a := msgs["text"]
	b := *a
	b.FromUserName = "oRider2" // same MsgId, other user (WxJava #333)
	click := msgs["click"]
	other := *click
	other.EventKey = MenuKeyRewards // same second, other button
	tests := []struct {
		name string
		m    *Message
		want string
	}{
		{"message", a, "m|24543412345678901|oRider1"},
		{"same MsgId other user", &b, "m|24543412345678901|oRider2"},
		{"event", click, "e|oRider1|1714037059|event|CLICK|MY_POINTS"},
		{"event same second", &other, "e|oRider1|1714037059|event|CLICK|REWARDS"},
	}
	for _, tt := range tests {
		if got := DedupKey(tt.m); got != tt.want {
			t.Errorf("%s: DedupKey = %q, want %q", tt.name, got, tt.want)
		}
	}
}
