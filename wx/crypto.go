package wx

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"fmt"
)

// blockSize is the PKCS#7 block size WeChat pads to (not the AES block size).
const blockSize = 32

// maxCiphertextBytes bounds what Decrypt accepts; callbacks and passive
// replies are far smaller.
const maxCiphertextBytes = 1 << 20

// ParseAESKey decodes an EncodingAESKey (43 base64 characters) into the
// 32-byte AES-256 key. It returns ErrBadAESKey for any other input.
func ParseAESKey(encodingAESKey string) ([]byte, error) {
	if len(encodingAESKey) != 43 {
		return nil, fmt.Errorf("wx: EncodingAESKey has %d characters, want 43: %w", len(encodingAESKey), ErrBadAESKey)
	}
	key, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	if err != nil || len(key) != 32 {
		return nil, fmt.Errorf("wx: EncodingAESKey is not base64 for 32 bytes: %w", ErrBadAESKey)
	}
	return key, nil
}

// Encrypt returns base64(AES-256-CBC(key, IV=key[:16], random16 | len(msg)
// as big-endian uint32 | msg | appID, PKCS#7-padded to 32 bytes)), the value
// of an Encrypt element. A nil random16 is filled from crypto/rand. It
// returns ErrBadAESKey if key is not 32 bytes and ErrInvalidArgument if
// random16 is not nil and not 16 bytes.
func Encrypt(key []byte, appID string, msg, random16 []byte) (string, error) {
	if len(key) != 32 {
		return "", fmt.Errorf("wx: encrypt: key has %d bytes: %w", len(key), ErrBadAESKey)
	}
	if random16 == nil {
		random16 = make([]byte, 16)
		rand.Read(random16)
	}
	if len(random16) != 16 {
		return "", fmt.Errorf("wx: encrypt: random prefix has %d bytes, want 16: %w", len(random16), ErrInvalidArgument)
	}
	n := 20 + len(msg) + len(appID)
	pad := blockSize - n%blockSize
	plain := make([]byte, n+pad)
	copy(plain, random16)
	binary.BigEndian.PutUint32(plain[16:20], uint32(len(msg)))
	copy(plain[20:], msg)
	copy(plain[20+len(msg):], appID)
	for i := n; i < len(plain); i++ {
		plain[i] = byte(pad)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return "", fmt.Errorf("wx: encrypt: %w", ErrBadAESKey)
	}
	cipher.NewCBCEncrypter(block, key[:16]).CryptBlocks(plain, plain)
	return base64.StdEncoding.EncodeToString(plain), nil
}

// Decrypt reverses Encrypt. It returns the message and the trailing app id
// (the WeCom receive id). If wantAppID is not empty and differs from the
// trailing id, it returns both with ErrAppIDMismatch. Malformed input gives
// ErrBadCiphertext or ErrBadPadding; Decrypt never panics.
func Decrypt(key []byte, wantAppID, encrypted string) (msg []byte, appID string, err error) {
	if len(key) != 32 {
		return nil, "", fmt.Errorf("wx: decrypt: key has %d bytes: %w", len(key), ErrBadAESKey)
	}
	if base64.StdEncoding.DecodedLen(len(encrypted)) > maxCiphertextBytes {
		return nil, "", fmt.Errorf("wx: decrypt: ciphertext too long: %w", ErrBadCiphertext)
	}
	data, err := base64.StdEncoding.DecodeString(encrypted)
	if err != nil {
		return nil, "", fmt.Errorf("wx: decrypt: not base64: %w", ErrBadCiphertext)
	}
	if len(data) < blockSize || len(data)%aes.BlockSize != 0 {
		return nil, "", fmt.Errorf("wx: decrypt: ciphertext length %d: %w", len(data), ErrBadCiphertext)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, "", fmt.Errorf("wx: decrypt: %w", ErrBadAESKey)
	}
	cipher.NewCBCDecrypter(block, key[:16]).CryptBlocks(data, data)

	pad := int(data[len(data)-1])
	if pad < 1 || pad > blockSize || pad > len(data) {
		return nil, "", fmt.Errorf("wx: decrypt: padding byte %d: %w", pad, ErrBadPadding)
	}
	for _, b := range data[len(data)-pad:] {
		if int(b) != pad {
			return nil, "", fmt.Errorf("wx: decrypt: %w", ErrBadPadding)
		}
	}
	data = data[:len(data)-pad]
	if len(data) < 20 {
		return nil, "", fmt.Errorf("wx: decrypt: payload of %d bytes: %w", len(data), ErrBadCiphertext)
	}
	n := uint64(binary.BigEndian.Uint32(data[16:20]))
	if 20+n > uint64(len(data)) {
		return nil, "", fmt.Errorf("wx: decrypt: length prefix %d exceeds payload: %w", n, ErrBadCiphertext)
	}
	msg = data[20 : 20+n : 20+n]
	appID = string(data[20+n:])
	if wantAppID != "" && appID != wantAppID {
		return msg, appID, fmt.Errorf("wx: decrypt: got app id %q, want %q: %w", appID, wantAppID, ErrAppIDMismatch)
	}
	return msg, appID, nil
}
