package wx

import (
	"fmt"
)

// Codec verifies, decrypts and decodes callbacks for one account and seals
// passive replies. It holds no mutable state and is safe for concurrent use.
type Codec struct {
	token             string
	appID             string
	key               []byte // nil when no EncodingAESKey is configured
	requireEncryption bool
}

// CodecConfig is the account configuration a Codec needs.
type CodecConfig struct {
	Token string // the callback token, required
	// EncodingAESKey is the 43-character key; empty disables safe mode.
	EncodingAESKey string
	// AppID is the Official Account app id (or WeCom CorpID) expected at
	// the end of every decrypted payload.
	AppID string
	// RequireEncryption rejects plain-mode callbacks with
	// ErrEncryptionRequired.
	RequireEncryption bool
}

// NewCodec returns a Codec for cfg. It returns ErrInvalidArgument when the
// token is empty, or when RequireEncryption is set without an
// EncodingAESKey, and ErrBadAESKey when the key is malformed.
func NewCodec(cfg CodecConfig) (*Codec, error) {
	if cfg.Token == "" {
		return nil, fmt.Errorf("wx: new codec: empty token: %w", ErrInvalidArgument)
	}
	c := &Codec{token: cfg.Token, appID: cfg.AppID, requireEncryption: cfg.RequireEncryption}
	if cfg.EncodingAESKey != "" {
		key, err := ParseAESKey(cfg.EncodingAESKey)
		if err != nil {
			return nil, err
		}
		c.key = key
	}
	if c.requireEncryption && c.key == nil {
		return nil, fmt.Errorf("wx: new codec: encryption required but no EncodingAESKey: %w", ErrInvalidArgument)
	}
	return c, nil
}

// encrypt seals msg for this account; random16 may be nil.
func (c *Codec) encrypt(msg, random16 []byte) (string, error) {
	if c.key == nil {
		return "", fmt.Errorf("wx: no EncodingAESKey configured: %w", ErrEncryptionRequired)
	}
	return Encrypt(c.key, c.appID, msg, random16)
}

// decrypt opens an Encrypt value for this account.
func (c *Codec) decrypt(enc string) ([]byte, error) {
	if c.key == nil {
		return nil, fmt.Errorf("wx: encrypted callback but no EncodingAESKey configured: %w", ErrBadCiphertext)
	}
	msg, _, err := Decrypt(c.key, c.appID, enc)
	return msg, err
}
