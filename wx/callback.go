package wx

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// Query holds the URL parameters WeChat adds to a callback.
type Query struct {
	Signature    string // signature: covers token, timestamp, nonce only
	Timestamp    string // timestamp, Unix seconds
	Nonce        string // nonce
	OpenID       string // openid of the sender (POST only)
	EncryptType  string // encrypt_type: "", "raw" or "aes"
	MsgSignature string // msg_signature: also covers the ciphertext
	EchoStr      string // echostr: URL verification (GET) only
}

// ParseQuery reads a Query from URL parameters.
func ParseQuery(v url.Values) Query {
	return Query{
		Signature:    v.Get("signature"),
		Timestamp:    v.Get("timestamp"),
		Nonce:        v.Get("nonce"),
		OpenID:       v.Get("openid"),
		EncryptType:  v.Get("encrypt_type"),
		MsgSignature: v.Get("msg_signature"),
		EchoStr:      v.Get("echostr"),
	}
}

// Values returns q as URL parameters, leaving out empty ones.
func (q Query) Values() url.Values {
	v := url.Values{}
	for _, p := range [...]struct{ k, v string }{
		{"signature", q.Signature}, {"timestamp", q.Timestamp}, {"nonce", q.Nonce},
		{"openid", q.OpenID}, {"encrypt_type", q.EncryptType},
		{"msg_signature", q.MsgSignature}, {"echostr", q.EchoStr},
	} {
		if p.v != "" {
			v.Set(p.k, p.v)
		}
	}
	return v
}

// Callback is a verified and decoded callback.
type Callback struct {
	Message *Message
	// Encrypted is true when the callback came in safe or compatible mode
	// (encrypt_type=aes); the passive reply must then be sealed too.
	Encrypted bool
	// JSON is true when the plaintext document was JSON rather than XML.
	JSON bool
	// Plaintext is the decoded (decrypted) document; in plain mode it is
	// the body passed to ParseCallback, not a copy.
	Plaintext []byte
}

// envelope is the part of an encrypted callback ParseCallback needs. In
// compatible mode the plaintext fields sit beside Encrypt and are ignored.
type envelope struct {
	XMLName    xml.Name `xml:"xml" json:"-"`
	ToUserName string   `xml:"ToUserName" json:"ToUserName"`
	Encrypt    string   `xml:"Encrypt" json:"Encrypt"`
}

// ParseCallback verifies and decodes the callback with parameters q and
// body, in plain, compatible or safe mode. It returns:
//   - ErrTooLarge if body exceeds MaxBodyBytes;
//   - ErrBadSignature if signature (or, when encrypted, msg_signature)
//     does not verify;
//   - ErrEncryptionRequired for a plain callback when encryption is required;
//   - ErrMalformed for an unknown encrypt_type or an undecodable document;
//   - ErrBadCiphertext, ErrBadPadding or ErrAppIDMismatch from decryption.
//
// It checks neither the timestamp window nor nonce reuse; see
// CheckTimestamp.
func (c *Codec) ParseCallback(q Query, body []byte) (*Callback, error) {
	if len(body) > MaxBodyBytes {
		return nil, fmt.Errorf("wx: callback body of %d bytes: %w", len(body), ErrTooLarge)
	}
	switch q.EncryptType {
	case "", "raw":
		if !VerifySignature(q.Signature, c.token, q.Timestamp, q.Nonce) {
			return nil, fmt.Errorf("wx: callback: %w", ErrBadSignature)
		}
		if c.requireEncryption {
			return nil, fmt.Errorf("wx: callback: plain mode: %w", ErrEncryptionRequired)
		}
		m, err := DecodeMessage(body)
		if err != nil {
			return nil, err
		}
		return &Callback{Message: m, JSON: isJSON(body), Plaintext: body}, nil
	case "aes":
		return c.parseEncrypted(q, body)
	default:
		return nil, fmt.Errorf("wx: callback: encrypt_type %q: %w", q.EncryptType, ErrMalformed)
	}
}

func (c *Codec) parseEncrypted(q Query, body []byte) (*Callback, error) {
	env, err := decodeEnvelope(body)
	if err != nil {
		return nil, err
	}
	if !VerifySignature(q.MsgSignature, c.token, q.Timestamp, q.Nonce, env.Encrypt) {
		return nil, fmt.Errorf("wx: callback: msg_signature: %w", ErrBadSignature)
	}
	if q.Signature != "" && !VerifySignature(q.Signature, c.token, q.Timestamp, q.Nonce) {
		return nil, fmt.Errorf("wx: callback: signature: %w", ErrBadSignature)
	}
	plain, err := c.decrypt(env.Encrypt)
	if err != nil {
		return nil, err
	}
	m, err := DecodeMessage(plain)
	if err != nil {
		return nil, err
	}
	return &Callback{Message: m, Encrypted: true, JSON: isJSON(plain), Plaintext: plain}, nil
}

// decodeEnvelope extracts Encrypt from an XML or JSON body.
func decodeEnvelope(body []byte) (*envelope, error) {
	var env envelope
	if isJSON(body) {
		if err := checkJSONDepth(body, MaxDepth); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(body, &env); err != nil {
			return nil, fmt.Errorf("wx: decode json envelope: %w", ErrMalformed)
		}
	} else {
		if err := checkXMLDepth(body, MaxDepth); err != nil {
			return nil, err
		}
		if err := xml.Unmarshal(body, &env); err != nil {
			return nil, fmt.Errorf("wx: decode xml envelope: %w", ErrMalformed)
		}
	}
	if env.Encrypt == "" {
		return nil, fmt.Errorf("wx: encrypted callback without Encrypt: %w", ErrMalformed)
	}
	return &env, nil
}

// VerifyURL answers WeChat's URL verification (the GET request made when
// the callback URL is saved). It returns the string to write back: echostr
// itself when signature verifies, or, WeCom style, the decrypted echostr
// when msg_signature is present. It returns ErrBadSignature or a
// decryption error otherwise.
func (c *Codec) VerifyURL(q Query) (string, error) {
	if q.MsgSignature != "" {
		if !VerifySignature(q.MsgSignature, c.token, q.Timestamp, q.Nonce, q.EchoStr) {
			return "", fmt.Errorf("wx: verify url: msg_signature: %w", ErrBadSignature)
		}
		echo, err := c.decrypt(q.EchoStr)
		if err != nil {
			return "", err
		}
		return string(echo), nil
	}
	if !VerifySignature(q.Signature, c.token, q.Timestamp, q.Nonce) {
		return "", fmt.Errorf("wx: verify url: %w", ErrBadSignature)
	}
	return q.EchoStr, nil
}

// CheckTimestamp returns ErrStaleTimestamp unless ts is a decimal Unix time
// within window of now, either side. WeChat retries a callback for about
// 15 s, so a window of a few minutes suffices.
func CheckTimestamp(ts string, now time.Time, window time.Duration) error {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("wx: timestamp %q: %w", ts, ErrStaleTimestamp)
	}
	d := now.Sub(time.Unix(sec, 0))
	if d > window || d < -window {
		return fmt.Errorf("wx: timestamp %s is %s from now: %w", ts, d.Round(time.Second), ErrStaleTimestamp)
	}
	return nil
}
