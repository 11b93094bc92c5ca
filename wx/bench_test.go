package wx

import (
	"testing"
)

// BenchmarkParseCallbackPlain measures signature verification plus XML
// decoding of one image message.
func BenchmarkParseCallbackPlain(b *testing.B) {
	benchParse(b, ModePlain, false)
}

// BenchmarkParseCallbackSafe measures msg_signature verification, AES
// decryption and XML decoding of one image message.
func BenchmarkParseCallbackSafe(b *testing.B) {
	benchParse(b, ModeSafe, false)
}

// BenchmarkParseCallbackSafeJSON is the safe-mode path with a JSON body.
func BenchmarkParseCallbackSafeJSON(b *testing.B) {
	benchParse(b, ModeSafe, true)
}

func benchParse(b *testing.B, mode Mode, asJSON bool) {
	c := testCodec(b)
	v, body, err := c.SignCallback(sampleMessages()["image"], CallbackOptions{Mode: mode, JSON: asJSON, Timestamp: testTS})
	if err != nil {
		b.Fatal(err)
	}
	q := ParseQuery(v)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.ParseCallback(q, body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeReplySealed measures building an encrypted text reply.
func BenchmarkEncodeReplySealed(b *testing.B) {
	c := testCodec(b)
	r := NewTextReply(sampleMessages()["image"], "收到，正在审核", mustTime(b, testTS))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.EncodeReply(r, true, mustTime(b, testTS), "1"); err != nil {
			b.Fatal(err)
		}
	}
}
