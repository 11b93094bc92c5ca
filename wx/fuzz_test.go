package wx

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"errors"
	"testing"
)

// FuzzParseCallback feeds arbitrary documents through every path of
// ParseCallback: as a correctly signed plain body, as the plaintext of a
// correctly signed safe-mode envelope, and as a raw encrypted body.
func FuzzParseCallback(f *testing.F) {
	c := testCodec(f)
	for _, m := range sampleMessages() {
		f.Add(EncodeMessage(m), uint8(0))
		f.Add(EncodeMessageJSON(m), uint8(1))
		_, safe, _ := c.SignCallback(m, CallbackOptions{Mode: ModeSafe, Timestamp: testTS, Nonce: "1"})
		f.Add(safe, uint8(2))
	}
	f.Add([]byte("<xml><a><![CDATA[x]]></a><!-- c --><?pi?></xml>"), uint8(0))
	f.Add([]byte(`<xml a="/>" b='>'><MsgType/></xml>`), uint8(0))
	f.Add([]byte(`{"MsgType":"text","FromUserName":"o","MsgId":"1e3","Location_X":true}`), uint8(1))
	f.Add([]byte("<xml><Encrypt>AAAA</Encrypt></xml>"), uint8(2))

	f.Fuzz(func(t *testing.T, doc []byte, path uint8) {
		q := Query{Timestamp: testTS, Nonce: "1"}
		body := doc
		switch path % 3 {
		case 0, 1: // signed plain body
			q.Signature = Signature(testToken, q.Timestamp, q.Nonce)
		case 2: // arbitrary body claiming safe mode; also doc as plaintext
			q.EncryptType = "aes"
			q.MsgSignature = "0"
			if _, err := c.ParseCallback(q, body); err == nil {
				t.Fatalf("unsigned encrypted body accepted: %q", body)
			}
			enc, err := c.encrypt(doc, nil)
			if err != nil {
				t.Fatal(err)
			}
			q.MsgSignature = Signature(testToken, q.Timestamp, q.Nonce, enc)
			body = sealedEnvelope("gh", enc, false)
		}
		cb, err := c.ParseCallback(q, body)
		if err != nil {
			if cb != nil {
				t.Fatalf("callback %+v returned with error %v", cb, err)
			}
			return
		}
		if cb.Message == nil || cb.Message.MsgType == "" || cb.Message.FromUserName == "" {
			t.Fatalf("accepted callback without MsgType or FromUserName: %q", doc)
		}
		_ = DedupKey(cb.Message)
		// A decoded message re-encodes to a document that decodes again.
		if _, err := DecodeMessage(EncodeMessage(cb.Message)); err != nil && !errors.Is(err, ErrMalformed) {
			t.Fatalf("re-encoded message: %v", err)
		}
	})
}

// FuzzDecrypt encrypts arbitrary plaintext blocks directly with AES-CBC, so
// that padding and the length prefix take every value, and also feeds the
// input as base64 text. Decrypt must return a message or a typed error and
// never panic.
func FuzzDecrypt(f *testing.F) {
	key := mustAESKey(f, testAESKey)
	block, err := aes.NewCipher(key)
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("aaaabbbbccccdddd\x00\x00\x00\x05hellowxb11529c136998cb6\x05\x05\x05\x05\x05"))
	f.Add([]byte("aaaabbbbccccdddd\xff\xff\xff\xff"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, plain []byte) {
		for _, input := range []string{string(plain), base64.StdEncoding.EncodeToString(plain)} {
			if _, _, err := Decrypt(key, testAppID, input); err != nil && !isDecryptError(err) {
				t.Fatalf("untyped error %v", err)
			}
		}
		padded := append([]byte(nil), plain...)
		for len(padded)%aes.BlockSize != 0 {
			padded = append(padded, 0)
		}
		cipher.NewCBCEncrypter(block, key[:16]).CryptBlocks(padded, padded)
		msg, id, err := Decrypt(key, testAppID, base64.StdEncoding.EncodeToString(padded))
		if err != nil {
			if !isDecryptError(err) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if id != testAppID || len(msg) > len(plain) {
			t.Fatalf("accepted %q with app id %q", msg, id)
		}
	})
}

func isDecryptError(err error) bool {
	return errors.Is(err, ErrBadCiphertext) || errors.Is(err, ErrBadPadding) || errors.Is(err, ErrAppIDMismatch)
}
