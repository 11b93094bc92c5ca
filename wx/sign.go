package wx

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/url"
)

// Mode is how WeChat delivers callbacks to an account.
type Mode int

const (
	// ModePlain sends the plaintext document; only the URL is signed.
	ModePlain Mode = iota
	// ModeCompatible sends the plaintext fields and an Encrypt element.
	ModeCompatible
	// ModeSafe sends only ToUserName and Encrypt; msg_signature covers it.
	ModeSafe
)

// String returns "plain", "compatible" or "safe".
func (m Mode) String() string {
	switch m {
	case ModePlain:
		return "plain"
	case ModeCompatible:
		return "compatible"
	case ModeSafe:
		return "safe"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// CallbackOptions says how SignCallback should deliver a message.
type CallbackOptions struct {
	Mode      Mode
	JSON      bool   // send a JSON document instead of XML
	Timestamp string // Unix seconds, required
	Nonce     string // empty: a random decimal nonce
	Random    []byte // the 16-byte AES prefix; nil: random
}

// SignCallback builds a callback for m exactly as WeChat would POST it to
// this codec's account: the URL parameters (signature, timestamp, nonce,
// openid and, when encrypted, encrypt_type=aes and msg_signature) and the
// body. It is the producer side of ParseCallback, shared by tests and the
// simulator. It returns ErrInvalidArgument without a timestamp and
// ErrEncryptionRequired for an encrypted mode without an EncodingAESKey.
func (c *Codec) SignCallback(m *Message, o CallbackOptions) (url.Values, []byte, error) {
	if o.Timestamp == "" {
		return nil, nil, fmt.Errorf("wx: sign callback: no timestamp: %w", ErrInvalidArgument)
	}
	if o.Nonce == "" {
		o.Nonce = randomNonce()
	}
	q := Query{
		Signature: Signature(c.token, o.Timestamp, o.Nonce),
		Timestamp: o.Timestamp,
		Nonce:     o.Nonce,
		OpenID:    m.OpenID(),
	}
	encode := encodeXML
	if o.JSON {
		encode = encodeJSON
	}
	doc := encode(m, "")
	if o.Mode == ModePlain {
		return q.Values(), doc, nil
	}
	enc, err := c.encrypt(doc, o.Random)
	if err != nil {
		return nil, nil, fmt.Errorf("wx: sign callback: %w", err)
	}
	q.EncryptType = "aes"
	q.MsgSignature = Signature(c.token, o.Timestamp, o.Nonce, enc)
	switch o.Mode {
	case ModeCompatible:
		return q.Values(), encode(m, enc), nil
	case ModeSafe:
		return q.Values(), sealedEnvelope(string(m.ToUserName), enc, o.JSON), nil
	}
	return nil, nil, fmt.Errorf("wx: sign callback: %v: %w", o.Mode, ErrInvalidArgument)
}

// sealedEnvelope is a safe-mode body.
func sealedEnvelope(to, enc string, asJSON bool) []byte {
	if asJSON {
		b, _ := json.Marshal(struct {
			ToUserName string `json:"ToUserName"`
			Encrypt    string `json:"Encrypt"`
		}{to, enc})
		return b
	}
	var b bytes.Buffer
	b.WriteString("<xml>")
	cdata(&b, "ToUserName", to)
	cdata(&b, "Encrypt", enc)
	b.WriteString("</xml>")
	return b.Bytes()
}

// randomNonce returns a random decimal string like WeChat's nonces.
func randomNonce() string {
	var b [8]byte
	rand.Read(b[:])
	var n uint64
	for _, c := range b {
		n = n<<8 | uint64(c)
	}
	return fmt.Sprint(n % 1e10)
}
