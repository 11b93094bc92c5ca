package wx

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/binary"
	"strconv"
	"testing"
	"time"
)

func mustAESKey(tb testing.TB, s string) []byte {
	tb.Helper()
	key, err := ParseAESKey(s)
	if err != nil {
		tb.Fatalf("ParseAESKey(%q): %v", s, err)
	}
	return key
}

func mustCodec(tb testing.TB, cfg CodecConfig) *Codec {
	tb.Helper()
	c, err := NewCodec(cfg)
	if err != nil {
		tb.Fatalf("NewCodec: %v", err)
	}
	return c
}

func mustEncrypt(tb testing.TB, key []byte, appID, msg string) string {
	tb.Helper()
	enc, err := Encrypt(key, appID, []byte(msg), nil)
	if err != nil {
		tb.Fatalf("Encrypt: %v", err)
	}
	return enc
}

// encryptRaw encrypts the one-block payload random(16) | len 5 | "hello"
// | 7×7 padding after edit has changed it, to build payloads Encrypt never
// produces.
func encryptRaw(tb testing.TB, key []byte, edit func(plain []byte)) string {
	tb.Helper()
	plain := make([]byte, 32)
	binary.BigEndian.PutUint32(plain[16:20], 5)
	copy(plain[20:], "hello")
	for i := 25; i < 32; i++ {
		plain[i] = 7
	}
	edit(plain)
	block, err := aes.NewCipher(key)
	if err != nil {
		tb.Fatal(err)
	}
	cipher.NewCBCEncrypter(block, key[:16]).CryptBlocks(plain, plain)
	return base64.StdEncoding.EncodeToString(plain)
}

func contains(b []byte, s string) bool { return bytes.Contains(b, []byte(s)) }

func mustTime(tb testing.TB, unix string) time.Time {
	tb.Helper()
	sec, err := strconv.ParseInt(unix, 10, 64)
	if err != nil {
		tb.Fatal(err)
	}
	return time.Unix(sec, 0)
}
