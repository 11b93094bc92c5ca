package wx

import (
	"crypto/sha1"
	"crypto/subtle"
	"encoding/hex"
	"slices"
	"strings"
)

// Signature returns hex(sha1(join(sort([token, timestamp, nonce, extra...])))).
// With no extra it is the URL `signature`; with the Encrypt value as extra it
// is the safe-mode `msg_signature`.
func Signature(token, timestamp, nonce string, extra ...string) string {
	parts := make([]string, 0, 3+len(extra))
	parts = append(parts, token, timestamp, nonce)
	parts = append(parts, extra...)
	slices.Sort(parts)
	h := sha1.New()
	for _, p := range parts {
		h.Write([]byte(p))
	}
	var sum [sha1.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0]))
}

// VerifySignature reports whether signature equals Signature(token,
// timestamp, nonce, extra...). The comparison takes constant time and is
// case-insensitive in the hex digits; an empty signature never verifies.
func VerifySignature(signature, token, timestamp, nonce string, extra ...string) bool {
	if signature == "" {
		return false
	}
	want := Signature(token, timestamp, nonce, extra...)
	got := strings.ToLower(signature)
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
