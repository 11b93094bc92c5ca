package wx

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// isCallbackError reports whether err is one of the errors ParseCallback
// documents; the webhook maps exactly these to HTTP statuses.
func isCallbackError(err error) bool {
	for _, want := range []error{ErrMalformed, ErrTooLarge, ErrBadSignature, ErrEncryptionRequired,
		ErrBadCiphertext, ErrBadPadding, ErrAppIDMismatch} {
		if errors.Is(err, want) {
			return true
		}
	}
	return false
}

// FuzzSealedCallback seals arbitrary documents, XML or JSON, in safe mode
// with an XML or a JSON envelope and a correct msg_signature, optionally
// damaging the envelope afterwards, and parses them as the webhook does.
// A callback that is accepted must carry the document it sealed; every
// refusal must be one of ParseCallback's documented errors.
func FuzzSealedCallback(f *testing.F) {
	c := testCodec(f)
	for _, m := range sampleMessages() {
		f.Add(EncodeMessage(m), false, uint8(0))
		f.Add(EncodeMessageJSON(m), true, uint8(0))
		f.Add(EncodeMessageJSON(m), false, uint8(1))
		f.Add(EncodeMessage(m), true, uint8(2))
	}
	f.Add([]byte(strings.Repeat("<a>", 40)+strings.Repeat("</a>", 40)), false, uint8(0))
	f.Add([]byte(strings.Repeat(`{"a":`, 40)+"1"+strings.Repeat("}", 40)), true, uint8(0))
	f.Add([]byte(`<xml a="`+strings.Repeat("x", 60000)+`"><MsgType>text</MsgType></xml>`), false, uint8(3))

	f.Fuzz(func(t *testing.T, doc []byte, asJSON bool, damage uint8) {
		enc, err := c.encrypt(doc, nil)
		if err != nil {
			t.Fatal(err)
		}
		q := Query{Timestamp: testTS, Nonce: "1", EncryptType: "aes"}
		q.Signature = Signature(testToken, q.Timestamp, q.Nonce)
		q.MsgSignature = Signature(testToken, q.Timestamp, q.Nonce, enc)
		body := sealedEnvelope("gh", enc, asJSON)
		switch damage % 4 {
		case 1: // truncated envelope
			body = body[:len(body)/2]
		case 2: // envelope nested in itself
			if asJSON {
				body = append(append([]byte(`{"x":`), body...), '}')
			} else {
				body = append(append([]byte("<xml>"), body...), []byte("</xml>")...)
			}
		case 3: // a document that is the envelope, padded to the limit
			body = append(body, bytes.Repeat([]byte(" "), max(0, MaxBodyBytes-len(body)+int(damage)%3-1))...)
		}
		cb, err := c.ParseCallback(q, body)
		if err != nil {
			if cb != nil {
				t.Fatalf("callback %+v returned with error %v", cb, err)
			}
			if !isCallbackError(err) {
				t.Fatalf("undocumented error %v for %q", err, body)
			}
			return
		}
		if !cb.Encrypted || !bytes.Equal(cb.Plaintext, doc) || cb.JSON != isJSON(doc) {
			t.Fatalf("accepted %q as encrypted=%v json=%v plaintext %q", doc, cb.Encrypted, cb.JSON, cb.Plaintext)
		}
		if cb.Message == nil || cb.Message.MsgType == "" || cb.Message.FromUserName == "" {
			t.Fatalf("accepted callback without MsgType or FromUserName: %q", doc)
		}
		_ = DedupKey(cb.Message)
	})
}

// FuzzEnvelope parses arbitrary safe-mode bodies, XML or JSON: when an
// Encrypt field can be found, the body is signed over it as WeChat would,
// so the fuzzer reaches decryption with attacker-chosen ciphertext,
// nesting and attributes. Nothing may panic, and every refusal must be
// documented.
func FuzzEnvelope(f *testing.F) {
	c := testCodec(f)
	for _, m := range sampleMessages() {
		for _, asJSON := range []bool{false, true} {
			_, body, err := c.SignCallback(m, CallbackOptions{Mode: ModeSafe, JSON: asJSON, Timestamp: testTS, Nonce: "1"})
			if err != nil {
				f.Fatal(err)
			}
			f.Add(body)
		}
	}
	f.Add([]byte(`<xml><Encrypt a="` + strings.Repeat("&amp;", 1000) + `">AAAA</Encrypt></xml>`))
	f.Add([]byte(`{"Encrypt":"AAAA","Encrypt":"BBBB"}`))
	f.Add([]byte(`{"Encrypt":` + strings.Repeat("[", 100) + `}`))
	f.Add([]byte(`<!DOCTYPE x [<!ENTITY a "aaaa">]><xml><Encrypt>&a;</Encrypt></xml>`))
	f.Add([]byte("<xml><Encrypt><![CDATA[" + strings.Repeat("A", 4096) + "]]></Encrypt></xml>"))

	f.Fuzz(func(t *testing.T, body []byte) {
		q := Query{Timestamp: testTS, Nonce: "1", EncryptType: "aes", MsgSignature: "0"}
		if env, err := decodeEnvelope(body); err == nil {
			q.MsgSignature = Signature(testToken, q.Timestamp, q.Nonce, env.Encrypt)
		} else if !errors.Is(err, ErrMalformed) {
			t.Fatalf("decodeEnvelope: undocumented error %v", err)
		}
		cb, err := c.ParseCallback(q, body)
		if err != nil {
			if cb != nil || !isCallbackError(err) {
				t.Fatalf("got %+v, %v; want nil and a documented error", cb, err)
			}
			return
		}
		if !cb.Encrypted || cb.Message == nil || cb.Message.FromUserName == "" {
			t.Fatalf("accepted %q as %+v", body, cb)
		}
	})
}
