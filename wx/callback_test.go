package wx

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/silenceper/wechat/v2/officialaccount/message"
)

const (
	testToken  = "gridbotToken"
	testAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	testAppID  = "wxb11529c136998cb6"
	testTS     = "1714037059"
)

func testCodec(tb testing.TB) *Codec {
	tb.Helper()
	return mustCodec(tb, CodecConfig{Token: testToken, EncodingAESKey: testAESKey, AppID: testAppID})
}

// sampleMessages are the kinds of callback gridbot handles.
func sampleMessages() map[string]*Message {
	mk := func(typ message.MsgType, f func(m *Message)) *Message {
		m := &Message{}
		m.ToUserName, m.FromUserName, m.CreateTime, m.MsgType = "gh_station", "oRider1", 1714037059, typ
		f(m)
		return m
	}
	return map[string]*Message{
		"text": mk(message.MsgTypeText, func(m *Message) {
			m.Content, m.MsgIDText = "井盖丢了 ]]> <b>&amp;", "24543412345678901"
		}),
		"image": mk(message.MsgTypeImage, func(m *Message) {
			m.PicURL, m.MediaID, m.MsgIDText = "http://mmbiz.qpic.cn/x/0", "MEDIA_1", "24543412345678902"
		}),
		"location": mk(message.MsgTypeLocation, func(m *Message) {
			m.LocationX, m.LocationY, m.Scale, m.Label, m.MsgIDText = 23.134521, 113.358803, 20, "广州市天河区", "24543412345678903"
		}),
		"huge msgid": mk(message.MsgTypeText, func(m *Message) {
			m.Content, m.MsgIDText = "x", "18446744073709551615"
		}),
		"subscribe": mk(message.MsgTypeEvent, func(m *Message) { m.Event = message.EventSubscribe }),
		"click":     mk(message.MsgTypeEvent, func(m *Message) { m.Event, m.EventKey = message.EventClick, MenuKeyMyPoints }),
		"LOCATION": mk(message.MsgTypeEvent, func(m *Message) {
			m.Event, m.Latitude, m.Longitude, m.Precision = message.EventLocation, "23.137466", "113.352425", "119.385040"
		}),
		"pic_photo_or_album": mk(message.MsgTypeEvent, func(m *Message) {
			m.Event, m.EventKey = message.EventPicPhotoOrAlbum, "CAT_MANHOLE"
			m.SendPicsInfo.Count = 1
			m.SendPicsInfo.PicList = []message.EventPic{{PicMd5Sum: "1b5f7c23b5bf75682a53e7b6d163e185"}}
		}),
	}
}

func TestCallbackRoundTrip(t *testing.T) {
	c := testCodec(t)
	for name, m := range sampleMessages() {
		for _, mode := range []Mode{ModePlain, ModeCompatible, ModeSafe} {
			for _, asJSON := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%v/json=%v", name, mode, asJSON), func(t *testing.T) {
					v, body, err := c.SignCallback(m, CallbackOptions{Mode: mode, JSON: asJSON, Timestamp: testTS})
					if err != nil {
						t.Fatalf("SignCallback: %v", err)
					}
					if got := v.Get("openid"); got != "oRider1" {
						t.Errorf("openid = %q, want oRider1", got)
					}
					if mode == ModeSafe && contains(body, "oRider1") {
						t.Errorf("safe-mode body leaks the plaintext: %s", body)
					}
					cb, err := c.ParseCallback(ParseQuery(v), body)
					if err != nil {
						t.Fatalf("ParseCallback(%s): %v", body, err)
					}
					if cb.Encrypted != (mode != ModePlain) || cb.JSON != asJSON {
						t.Errorf("encrypted, json = %v, %v, want %v, %v", cb.Encrypted, cb.JSON, mode != ModePlain, asJSON)
					}
					if got, want := EncodeMessage(cb.Message), EncodeMessage(m); !bytes.Equal(got, want) {
						t.Errorf("decoded message re-encodes as\n%s\nwant\n%s", got, want)
					}
					if DedupKey(cb.Message) != DedupKey(m) {
						t.Errorf("DedupKey = %q, want %q", DedupKey(cb.Message), DedupKey(m))
					}
				})
			}
		}
	}
}

func TestCompatibleModeUsesCiphertext(t *testing.T) {
	c := testCodec(t)
	m := sampleMessages()["text"]
	v, body, err := c.SignCallback(m, CallbackOptions{Mode: ModeCompatible, Timestamp: testTS})
	if err != nil {
		t.Fatal(err)
	}
	// An attacker edits the plaintext fields, which msg_signature does not
	// cover; the decrypted copy must win.
	body = bytes.Replace(body, []byte("井盖丢了"), []byte("forged"), 1)
	cb, err := c.ParseCallback(ParseQuery(v), body)
	if err != nil {
		t.Fatalf("ParseCallback: %v", err)
	}
	if cb.Message.Content != m.Content {
		t.Errorf("Content = %q, want %q", cb.Message.Content, m.Content)
	}
}

func TestParseCallbackRejects(t *testing.T) {
	c := testCodec(t)
	m := sampleMessages()["text"]
	sign := func(mode Mode) (Query, []byte) {
		v, body, err := c.SignCallback(m, CallbackOptions{Mode: mode, Timestamp: testTS, Nonce: "42"})
		if err != nil {
			t.Fatal(err)
		}
		return ParseQuery(v), body
	}
	plainQ, plainBody := sign(ModePlain)
	safeQ, safeBody := sign(ModeSafe)
	key := mustAESKey(t, testAESKey)
	signedSafe := func(enc string) (Query, []byte) {
		q := safeQ
		q.MsgSignature = Signature(testToken, q.Timestamp, q.Nonce, enc)
		return q, []byte("<xml><ToUserName>gh</ToUserName><Encrypt>" + enc + "</Encrypt></xml>")
	}
	wrongIDQ, wrongIDBody := signedSafe(mustEncrypt(t, key, "wx0000000000000000", string(EncodeMessage(m))))
	garbageQ, garbageBody := signedSafe("!!!!not-base64!!!!")
	junkPlainQ, junkPlainBody := signedSafe(mustEncrypt(t, key, testAppID, "<xml><unclosed>"))
	deep := strings.Repeat("<a>", 40) + strings.Repeat("</a>", 40)
	deepQ, deepBody := signedSafe(mustEncrypt(t, key, testAppID, "<xml>"+deep+"</xml>"))

	with := func(q Query, f func(*Query)) Query { f(&q); return q }
	tests := []struct {
		name string
		q    Query
		body []byte
		want error
	}{
		{"forged signature", with(plainQ, func(q *Query) { q.Signature = strings.Repeat("0", 40) }), plainBody, ErrBadSignature},
		{"missing signature", with(plainQ, func(q *Query) { q.Signature = "" }), plainBody, ErrBadSignature},
		{"replayed with other nonce", with(plainQ, func(q *Query) { q.Nonce = "43" }), plainBody, ErrBadSignature},
		{"forged msg_signature", with(safeQ, func(q *Query) { q.MsgSignature = q.Signature }), safeBody, ErrBadSignature},
		{"tampered ciphertext", safeQ, bytes.Replace(safeBody, []byte("<Encrypt><![CDATA["), []byte("<Encrypt><![CDATA[A"), 1), ErrBadSignature},
		{"safe body, plain query", plainQ, safeBody, ErrMalformed},
		{"unknown encrypt_type", with(plainQ, func(q *Query) { q.EncryptType = "des" }), plainBody, ErrMalformed},
		{"aes without Encrypt", safeQ, plainBody, ErrMalformed},
		{"wrong app id", wrongIDQ, wrongIDBody, ErrAppIDMismatch},
		{"garbage base64", garbageQ, garbageBody, ErrBadCiphertext},
		{"truncated xml", plainQ, plainBody[:len(plainBody)-10], ErrMalformed},
		{"truncated json", plainQ, []byte(`{"ToUserName":"gh","FromUserName":"o","MsgType":"te`), ErrMalformed},
		{"not xml", plainQ, []byte("hello"), ErrMalformed},
		{"empty body", plainQ, nil, ErrMalformed},
		{"wrong root", plainQ, []byte("<root><MsgType>text</MsgType><FromUserName>o</FromUserName></root>"), ErrMalformed},
		{"no MsgType", plainQ, []byte("<xml><FromUserName>o</FromUserName></xml>"), ErrMalformed},
		{"deep xml", plainQ, []byte("<xml>" + deep + "</xml>"), ErrMalformed},
		{"deep json", plainQ, []byte(`{"a":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`), ErrMalformed},
		{"deep xml inside ciphertext", deepQ, deepBody, ErrMalformed},
		{"garbage inside ciphertext", junkPlainQ, junkPlainBody, ErrMalformed},
		{"oversized", plainQ, bytes.Repeat([]byte(" "), MaxBodyBytes+1), ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cb, err := c.ParseCallback(tt.q, tt.body)
			if !errors.Is(err, tt.want) {
				t.Errorf("ParseCallback error = %v, want %v", err, tt.want)
			}
			if cb != nil {
				t.Errorf("ParseCallback returned %+v with an error", cb)
			}
		})
	}
}

func TestRequireEncryption(t *testing.T) {
	c := mustCodec(t, CodecConfig{Token: testToken, EncodingAESKey: testAESKey, AppID: testAppID, RequireEncryption: true})
	m := sampleMessages()["image"]
	v, body, err := c.SignCallback(m, CallbackOptions{Mode: ModePlain, Timestamp: testTS})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ParseCallback(ParseQuery(v), body); !errors.Is(err, ErrEncryptionRequired) {
		t.Errorf("plain callback error = %v, want ErrEncryptionRequired", err)
	}
	v, body, _ = c.SignCallback(m, CallbackOptions{Mode: ModeSafe, Timestamp: testTS})
	if _, err := c.ParseCallback(ParseQuery(v), body); err != nil {
		t.Errorf("safe callback error = %v, want nil", err)
	}
	if _, err := NewCodec(CodecConfig{Token: testToken, RequireEncryption: true}); !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("NewCodec(require without key) error = %v, want ErrInvalidArgument", err)
	}
}

func TestDecodeMessageJSONAsWeChatSends(t *testing.T) {
	doc := []byte(` {"ToUserName":"gh_1","FromUserName":"oRider","CreateTime":1348831860,"MsgType":"location",
		"Location_X":"23.134521","Location_Y":113.358803,"Scale":20,"Label":"位置","MsgId":1234567890123456}`)
	m, err := DecodeMessage(doc)
	if err != nil {
		t.Fatalf("DecodeMessage: %v", err)
	}
	if m.LocationX != 23.134521 || m.LocationY != 113.358803 || m.Scale != 20 || m.Label != "位置" {
		t.Errorf("location = %v, %v, %v, %q", m.LocationX, m.LocationY, m.Scale, m.Label)
	}
	if m.MsgIDText != "1234567890123456" || m.MsgID != 1234567890123456 {
		t.Errorf("MsgId = %q (%d), want 1234567890123456", m.MsgIDText, m.MsgID)
	}
}

func TestCheckTimestamp(t *testing.T) {
	now := mustTime(t, testTS)
	for _, tt := range []struct {
		ts string
		ok bool
	}{{testTS, true}, {"1714036759", true}, {"1714036758", false}, {"1714037360", false}, {"abc", false}, {"", false}} {
		err := CheckTimestamp(tt.ts, now, 300e9)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrStaleTimestamp)) {
			t.Errorf("CheckTimestamp(%q) = %v, want ok %v", tt.ts, err, tt.ok)
		}
	}
}
