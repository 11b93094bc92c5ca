package wxsim

import (
	"errors"
	"fmt"
)

// Errors returned by New, Deliver, WaitMessages and SetFaults. Each is
// wrapped with the operation, so compare with errors.Is.
var (
	// ErrInvalidConfig is returned by New and SetFaults for a setting the
	// platform cannot work with; the message says which and why.
	ErrInvalidConfig = errors.New("wxsim: invalid config")

	// ErrNoCallbackURL is returned by Deliver when no callback URL is set.
	ErrNoCallbackURL = errors.New("wxsim: no callback URL")

	// ErrAttemptTimeout marks an attempt that got no complete answer within
	// Config.AttemptTimeout (WeChat's 5 s); the attempt is retried.
	ErrAttemptTimeout = errors.New("wxsim: no answer within the attempt timeout")

	// ErrStatus marks an attempt answered with an HTTP status other than
	// 200; the attempt is retried.
	ErrStatus = errors.New("wxsim: callback answered with a non-200 status")

	// ErrBadReply is returned by Deliver when the receiver answered 200
	// with a body WeChat would not accept: not "success", empty or a
	// passive reply; a sealed reply whose MsgSignature does not verify or
	// that does not decrypt; a plain reply in safe mode; or a reply
	// addressed to someone else. WeChat shows the user an error and does
	// not retry, so neither does Deliver.
	ErrBadReply = errors.New("wxsim: bad passive reply")

	// ErrUndelivered is returned by Deliver when every attempt failed with
	// a timeout, a connection error or a non-200 status. The error also
	// matches the last attempt's cause.
	ErrUndelivered = errors.New("wxsim: callback undelivered")
)

// WeChat and WeCom error codes the platform answers with. The messages are
// WeChat's own, without the trailing " rid: …" that the platform appends.
const (
	codeSystemBusy       = -1
	codeInvalidToken     = 40001
	codeInvalidGrant     = 40002
	codeInvalidOpenID    = 40003
	codeInvalidMediaType = 40004
	codeInvalidFileType  = 40005
	codeInvalidMediaID   = 40007
	codeInvalidMsgType   = 40008
	codeInvalidImageSize = 40009
	codeInvalidAppID     = 40013
	codeButtonSize       = 40016
	codeButtonType       = 40017
	codeButtonNameSize   = 40018
	codeButtonKeySize    = 40019
	codeButtonURLSize    = 40020
	codeSubButtonSize    = 40023
	codeSubButtonType    = 40024
	codeSubButtonName    = 40025
	codeSubButtonKey     = 40026
	codeSubButtonURL     = 40027
	codeInvalidParameter = 40058
	codeInvalidSecret    = 40125
	codeTokenMissing     = 41001
	codeMediaMissing     = 41005
	codeTokenExpired     = 42001
	codeRequirePOST      = 43002
	codeEmptyContent     = 44004
	codeFreqLimit        = 45009
	codeOutOfWindow      = 45015
	codeQuota            = 45047
	codeDataFormat       = 47001
	codeBadWebhookKey    = 93000
	codeMD5Mismatch      = 301019
)

var errMessages = map[int]string{
	codeSystemBusy:       "system error",
	codeInvalidToken:     "invalid credential, access_token is invalid or not latest",
	codeInvalidGrant:     "invalid grant_type",
	codeInvalidOpenID:    "invalid openid",
	codeInvalidMediaType: "invalid media type",
	codeInvalidFileType:  "invalid file type",
	codeInvalidMediaID:   "invalid media_id",
	codeInvalidMsgType:   "invalid message type",
	codeInvalidImageSize: "invalid image size",
	codeInvalidAppID:     "invalid appid",
	codeButtonSize:       "invalid button size",
	codeButtonType:       "invalid button type",
	codeButtonNameSize:   "invalid button name size",
	codeButtonKeySize:    "invalid button key size",
	codeButtonURLSize:    "invalid button url size",
	codeSubButtonSize:    "invalid sub button size",
	codeSubButtonType:    "invalid sub button type",
	codeSubButtonName:    "invalid sub button name size",
	codeSubButtonKey:     "invalid sub button key size",
	codeSubButtonURL:     "invalid sub button url size",
	codeInvalidParameter: "invalid Request Parameter",
	codeInvalidSecret:    "invalid appsecret",
	codeTokenMissing:     "access_token missing",
	codeMediaMissing:     "media data missing",
	codeTokenExpired:     "access_token expired",
	codeRequirePOST:      "require POST method",
	codeEmptyContent:     "empty content",
	codeFreqLimit:        "api freq out of limit",
	codeOutOfWindow:      "response out of time limit or subscription is canceled",
	codeQuota:            "out of response count limit",
	codeDataFormat:       "data format error",
	codeBadWebhookKey:    "invalid webhook url",
	codeMD5Mismatch:      "media md5 not match",
}

// errMessage returns WeChat's errmsg for code.
func errMessage(code int) string {
	if m, ok := errMessages[code]; ok {
		return m
	}
	return fmt.Sprintf("errcode %d", code)
}
