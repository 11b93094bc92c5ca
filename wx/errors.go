package wx

import (
	"errors"
	"fmt"
)

// Errors returned while verifying and decoding callbacks. Each is wrapped with
// the operation, so compare with errors.Is.
var (
	// ErrBadSignature is returned when signature or msg_signature does not
	// match the token, timestamp, nonce (and ciphertext), or is missing.
	ErrBadSignature = errors.New("wx: bad signature")

	// ErrMalformed is returned for a body that is not a well-formed WeChat
	// XML or JSON document: bad syntax, nesting deeper than MaxDepth, a
	// missing MsgType or FromUserName, an unknown encrypt_type.
	ErrMalformed = errors.New("wx: malformed message")

	// ErrEncryptionRequired is returned for a plain-mode callback when the
	// codec requires safe (AES) mode.
	ErrEncryptionRequired = errors.New("wx: encryption required")

	// ErrAppIDMismatch is returned when the app id (or WeCom receive id) at
	// the end of a decrypted payload is not the expected one.
	ErrAppIDMismatch = errors.New("wx: app id mismatch")

	// ErrBadPadding is returned when a decrypted payload does not end in
	// valid PKCS#7 padding (block size 32). It usually means a wrong key.
	ErrBadPadding = errors.New("wx: bad padding")

	// ErrBadCiphertext is returned for ciphertext that is not base64, is too
	// short, is not a whole number of AES blocks, or whose length prefix
	// points outside the payload.
	ErrBadCiphertext = errors.New("wx: bad ciphertext")

	// ErrBadAESKey is returned by NewCodec and ParseAESKey when an
	// EncodingAESKey is not 43 base64 characters encoding 32 bytes.
	ErrBadAESKey = errors.New("wx: bad EncodingAESKey")

	// ErrStaleTimestamp is returned by CheckTimestamp for a timestamp that
	// is not a number or lies outside the accepted window.
	ErrStaleTimestamp = errors.New("wx: timestamp outside window")
)

// Errors returned by Client, Robot and their helpers.
var (
	// ErrTokenInvalid matches an *APIError with code 40001, 40014 or 42001:
	// the access_token was rejected. Client already refreshed and retried
	// once before returning it.
	ErrTokenInvalid = errors.New("wx: access_token invalid")

	// ErrMediaExpired matches an *APIError with code 40007: the media id
	// is invalid or older than three days.
	ErrMediaExpired = errors.New("wx: media expired or invalid")

	// ErrOutOfWindow matches an *APIError with code 45015: the user has not
	// interacted within the customer-service window (48 h).
	ErrOutOfWindow = errors.New("wx: outside the customer-service window")

	// ErrQuota matches an *APIError with code 45047: too many
	// customer-service messages since the user's last interaction.
	ErrQuota = errors.New("wx: customer-service message quota exhausted")

	// ErrIPNotAllowed matches an *APIError with code 40164: the caller's IP
	// is not on the account's whitelist.
	ErrIPNotAllowed = errors.New("wx: caller IP not whitelisted")

	// ErrTooLarge is returned when a download exceeds its byte cap, or an
	// upload or robot message exceeds the platform's size limit.
	ErrTooLarge = errors.New("wx: too large")

	// ErrRateLimited is returned by Robot when the context ends before the
	// robot's rate limit allows another message, and matches an *APIError
	// with code 45009 (API frequency limit).
	ErrRateLimited = errors.New("wx: rate limited")

	// ErrUnexpectedResponse is returned when the platform answers with an
	// HTTP status other than 200 or a body that cannot be understood.
	ErrUnexpectedResponse = errors.New("wx: unexpected response")

	// ErrInvalidArgument is returned before any request is made when an
	// argument is empty or breaks a documented platform limit (menu shape,
	// image format).
	ErrInvalidArgument = errors.New("wx: invalid argument")
)

// APIError is an error reported by a WeChat or WeCom API in its JSON body
// (errcode ≠ 0), usually with HTTP status 200. It matches ErrTokenInvalid,
// ErrMediaExpired, ErrOutOfWindow, ErrQuota, ErrIPNotAllowed and
// ErrRateLimited (45009) with errors.Is according to Code.
type APIError struct {
	Code int    // errcode
	Msg  string // errmsg, as sent by the platform
	Op   string // the client operation, e.g. "custom send"
}

// Error returns "wx: <op>: errcode <code>: <msg>".
func (e *APIError) Error() string {
	return fmt.Sprintf("wx: %s: errcode %d: %s", e.Op, e.Code, e.Msg)
}

// Is reports whether target is the sentinel for e.Code.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrTokenInvalid:
		return isTokenCode(e.Code)
	case ErrMediaExpired:
		return e.Code == 40007
	case ErrOutOfWindow:
		return e.Code == 45015
	case ErrQuota:
		return e.Code == 45047
	case ErrIPNotAllowed:
		return e.Code == 40164
	case ErrRateLimited:
		return e.Code == 45009
	}
	return false
}

// IsTemporary reports whether retrying the failed call later may succeed,
// for job workers choosing between a retry and a dead letter. Transport
// errors, timeouts, unexpected HTTP answers, rate limits (ErrRateLimited,
// errcode 45009), "system busy" (-1), a rejected token and a missing IP
// whitelist entry are temporary. Invalid arguments, oversized data, expired
// media and any other errcode are not; nor are ErrOutOfWindow and ErrQuota,
// which wait for the user's next interaction rather than for time.
func IsTemporary(err error) bool {
	if err == nil {
		return false
	}
	for _, permanent := range []error{ErrInvalidArgument, ErrTooLarge, ErrBadAESKey, ErrMediaExpired, ErrOutOfWindow, ErrQuota} {
		if errors.Is(err, permanent) {
			return false
		}
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Code == -1 || ae.Code == 45009 || ae.Code == 40164 || isTokenCode(ae.Code)
	}
	return true
}

// isTokenCode reports whether code means the access_token must be refreshed.
func isTokenCode(code int) bool {
	return code == 40001 || code == 40014 || code == 42001
}
