package wx

import (
	"encoding/base64"
	"errors"
	"testing"
)

// The vectors below are copied from /work/shared/wechat/VECTORS.md, which
// takes them from WeChat's and WeCom's documentation and samples.

func TestSignatureVectors(t *testing.T) {
	tests := []struct {
		name, token, timestamp, nonce string
		extra                         []string
		want                          string
	}{
		{"oa GET check", "AAAAA", "1714036504", "1514711492", nil, "f464b24fc39322e44b38aa78f5edd27bd1441696"},
		{"oa plain POST", "AAAAA", "1714037059", "486452656", nil, "899cf89e464efb63f54ddac96b0a0a235f53aa78"},
		{"wecom message", "QDG6eK", "1409659813", "1372623149", []string{wecomEncrypt}, "477715d11cdb4164915debcba66cb864d751f3e6"},
		{"wecom echo", "QDG6eK", "1409659589", "263014780", []string{wecomEcho}, "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Signature(tt.token, tt.timestamp, tt.nonce, tt.extra...); got != tt.want {
				t.Errorf("Signature = %s, want %s", got, tt.want)
			}
			if !VerifySignature(tt.want, tt.token, tt.timestamp, tt.nonce, tt.extra...) {
				t.Error("VerifySignature(valid) = false, want true")
			}
			forged := []byte(tt.want)
			forged[0] ^= 1
			if VerifySignature(string(forged), tt.token, tt.timestamp, tt.nonce, tt.extra...) {
				t.Error("VerifySignature(forged) = true, want false")
			}
		})
	}
}

const (
	wecomToken  = "QDG6eK"
	wecomCorpID = "wx5823bf96d3bd56c7"
	wecomAESKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"

	wecomEncrypt = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q=="
	wecomEcho    = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="
)

func TestWeComMessageVector(t *testing.T) {
	key := mustAESKey(t, wecomAESKey)
	plain, recv, err := Decrypt(key, wecomCorpID, wecomEncrypt)
	if err != nil {
		t.Fatalf("Decrypt: %v", err)
	}
	if recv != wecomCorpID {
		t.Errorf("receive id = %q, want %q", recv, wecomCorpID)
	}
	// WeCom messages carry AgentID, which MixMessage lacks; the rest must
	// decode.
	m, err := DecodeMessage(plain)
	if err != nil {
		t.Fatalf("DecodeMessage(%s): %v", plain, err)
	}
	if got, want := string(m.FromUserName), "mycreate"; got != want {
		t.Errorf("FromUserName = %q, want %q", got, want)
	}
	if got, want := string(m.ToUserName), wecomCorpID; got != want {
		t.Errorf("ToUserName = %q, want %q", got, want)
	}
	if m.MsgType != "text" || m.Content != "hello" {
		t.Errorf("MsgType, Content = %q, %q, want text, hello", m.MsgType, m.Content)
	}
	if m.CreateTime != 1409659813 {
		t.Errorf("CreateTime = %d, want 1409659813", m.CreateTime)
	}
	if m.MsgIDText != "4561255354251345929" || m.MsgID != 4561255354251345929 {
		t.Errorf("MsgId = %q (%d), want 4561255354251345929", m.MsgIDText, m.MsgID)
	}
	if !contains(plain, "<AgentID>218</AgentID>") {
		t.Errorf("plaintext %s lacks AgentID 218", plain)
	}

	// The same message through a Codec, as a safe-mode callback.
	c := mustCodec(t, CodecConfig{Token: wecomToken, EncodingAESKey: wecomAESKey, AppID: wecomCorpID})
	body := []byte("<xml><ToUserName><![CDATA[" + wecomCorpID + "]]></ToUserName><Encrypt><![CDATA[" +
		wecomEncrypt + "]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>")
	q := Query{MsgSignature: "477715d11cdb4164915debcba66cb864d751f3e6", Timestamp: "1409659813",
		Nonce: "1372623149", EncryptType: "aes"}
	cb, err := c.ParseCallback(q, body)
	if err != nil {
		t.Fatalf("ParseCallback: %v", err)
	}
	if !cb.Encrypted || cb.Message.Content != "hello" {
		t.Errorf("got encrypted %v, content %q, want true, hello", cb.Encrypted, cb.Message.Content)
	}

	// A wrong receive id is refused, with the id it found.
	_, recv, err = Decrypt(key, "wx0000000000000000", wecomEncrypt)
	if !errors.Is(err, ErrAppIDMismatch) || recv != wecomCorpID {
		t.Errorf("Decrypt(wrong id) = %q, %v, want %q, ErrAppIDMismatch", recv, err, wecomCorpID)
	}
}

func TestWeComEchoVector(t *testing.T) {
	c := mustCodec(t, CodecConfig{Token: wecomToken, EncodingAESKey: wecomAESKey, AppID: wecomCorpID})
	q := Query{MsgSignature: "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", Timestamp: "1409659589",
		Nonce: "263014780", EchoStr: wecomEcho}
	got, err := c.VerifyURL(q)
	if err != nil {
		t.Fatalf("VerifyURL: %v", err)
	}
	if want := "1616140317555161061"; got != want {
		t.Errorf("echo = %q, want %q", got, want)
	}
	q.Nonce = "263014781"
	if _, err := c.VerifyURL(q); !errors.Is(err, ErrBadSignature) {
		t.Errorf("VerifyURL(bad nonce) error = %v, want ErrBadSignature", err)
	}
}

func TestOfficialAccountGETVector(t *testing.T) {
	c := mustCodec(t, CodecConfig{Token: "AAAAA"})
	q := Query{Signature: "f464b24fc39322e44b38aa78f5edd27bd1441696", Timestamp: "1714036504",
		Nonce: "1514711492", EchoStr: "4375120948345356249"}
	got, err := c.VerifyURL(q)
	if err != nil || got != "4375120948345356249" {
		t.Errorf("VerifyURL = %q, %v, want 4375120948345356249, nil", got, err)
	}
	q.Timestamp = "1714036505"
	if _, err := c.VerifyURL(q); !errors.Is(err, ErrBadSignature) {
		t.Errorf("VerifyURL(changed timestamp) error = %v, want ErrBadSignature", err)
	}
}

func TestOfficialAccountPlainPOSTVector(t *testing.T) {
	c := mustCodec(t, CodecConfig{Token: "AAAAA"})
	q := Query{Signature: "899cf89e464efb63f54ddac96b0a0a235f53aa78", Timestamp: "1714037059",
		Nonce: "486452656", OpenID: "oUser"}
	body := []byte(`<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oUser]]></FromUserName><CreateTime>1714037059</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content><MsgId>24543412345678901</MsgId></xml>`)
	cb, err := c.ParseCallback(q, body)
	if err != nil {
		t.Fatalf("ParseCallback: %v", err)
	}
	if cb.Encrypted || cb.Message.Content != "hi" || cb.Message.MsgID != 24543412345678901 {
		t.Errorf("got %+v, want plain text hi with MsgId 24543412345678901", cb)
	}
}

func TestFixedRandomVector(t *testing.T) {
	key := mustAESKey(t, "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")
	const appID = "wxb11529c136998cb6"
	const want = "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg=="
	got, err := Encrypt(key, appID, []byte("我是中文abcd123"), []byte("aaaabbbbccccdddd"))
	if err != nil {
		t.Fatalf("Encrypt: %v", err)
	}
	if got != want {
		t.Errorf("Encrypt = %s, want %s", got, want)
	}
	msg, id, err := Decrypt(key, appID, want)
	if err != nil || string(msg) != "我是中文abcd123" || id != appID {
		t.Errorf("Decrypt = %q, %q, %v, want 我是中文abcd123, %s, nil", msg, id, err, appID)
	}
}

func TestDecryptRejects(t *testing.T) {
	key := mustAESKey(t, "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")
	const appID = "wxb11529c136998cb6"
	good, err := Encrypt(key, appID, []byte("hello"), nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(good)
	otherKey := mustAESKey(t, wecomAESKey)
	tests := []struct {
		name  string
		key   []byte
		input string
		want  error
	}{
		{"garbage base64", key, "%%%not base64%%%", ErrBadCiphertext},
		{"empty", key, "", ErrBadCiphertext},
		{"short", key, base64.StdEncoding.EncodeToString(raw[:16]), ErrBadCiphertext},
		{"not whole blocks", key, base64.StdEncoding.EncodeToString(raw[:len(raw)-3]), ErrBadCiphertext},
		{"truncated block", key, base64.StdEncoding.EncodeToString(raw[:len(raw)-16]), ErrBadPadding},
		{"wrong key", otherKey, good, ErrBadPadding},
		{"wrong app id", key, mustEncrypt(t, key, "wx0000000000000000", "hello"), ErrAppIDMismatch},
		{"length prefix past end", key, encryptRaw(t, key, func(p []byte) { p[16] = 0xff }), ErrBadCiphertext},
		{"inconsistent padding", key, encryptRaw(t, key, func(p []byte) { p[30] = 3 }), ErrBadPadding},
		{"zero padding", key, encryptRaw(t, key, func(p []byte) { p[31] = 0 }), ErrBadPadding},
		{"padding over 32", key, encryptRaw(t, key, func(p []byte) { p[31] = 33 }), ErrBadPadding},
		{"short key", key[:16], good, ErrBadAESKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Decrypt(tt.key, appID, tt.input)
			if !errors.Is(err, tt.want) {
				t.Errorf("Decrypt error = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestParseAESKeyRejects(t *testing.T) {
	for _, k := range []string{"", "short", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF!", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH"} {
		if _, err := ParseAESKey(k); !errors.Is(err, ErrBadAESKey) {
			t.Errorf("ParseAESKey(%q) error = %v, want ErrBadAESKey", k, err)
		}
	}
}
