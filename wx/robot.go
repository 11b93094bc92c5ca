package wx

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/silenceper/wechat/v2/work/robot"
	"golang.org/x/time/rate"
)

// WeCom group robot limits.
const (
	MaxRobotText     = 2048    // bytes of a text message
	MaxRobotMarkdown = 4096    // bytes of a markdown message
	MaxRobotImage    = 2 << 20 // bytes of an image before base64
)

// RobotOptions configures a Robot.
type RobotOptions struct {
	// Key is the webhook key; it is a secret and never logged.
	Key string
	// APIBase, when set, replaces https://qyapi.weixin.qq.com.
	APIBase    string
	HTTPClient *http.Client // nil means one with DefaultTimeout
	// Every and Burst shape the rate limit: one message per Every after a
	// burst of Burst. The defaults (6 s, 10) never exceed WeCom's 20
	// messages in any minute: at most Burst + 1min/Every.
	Every time.Duration
	Burst int
}

// Robot posts to a WeCom group robot (POST /cgi-bin/webhook/send?key=…).
// It is safe for concurrent use; callers share one rate limit.
type Robot struct {
	url     string
	hc      *http.Client
	limiter *rate.Limiter
}

// NewRobot returns a Robot for o. It returns ErrInvalidArgument for an
// empty key or a bad APIBase.
func NewRobot(o RobotOptions) (*Robot, error) {
	if o.Key == "" {
		return nil, fmt.Errorf("wx: new robot: empty key: %w", ErrInvalidArgument)
	}
	base, err := apiBase(o.APIBase, WeComBase)
	if err != nil {
		return nil, err
	}
	if o.Every <= 0 {
		o.Every = 6 * time.Second
	}
	if o.Burst <= 0 {
		o.Burst = 10
	}
	r := &Robot{
		url:     base + "/cgi-bin/webhook/send?" + url.Values{"key": {o.Key}}.Encode(),
		hc:      o.HTTPClient,
		limiter: rate.NewLimiter(rate.Every(o.Every), o.Burst),
	}
	if r.hc == nil {
		r.hc = &http.Client{Timeout: DefaultTimeout}
	}
	return r, nil
}

// Text posts a text message. It returns ErrTooLarge above MaxRobotText
// bytes, and otherwise the errors of send.
func (r *Robot) Text(ctx context.Context, content string) error {
	if len(content) > MaxRobotText {
		return fmt.Errorf("wx: robot text of %d bytes: %w", len(content), ErrTooLarge)
	}
	var m robot.WebhookSendTextOption
	m.MsgType = "text"
	m.Text.Content = content
	return r.send(ctx, "robot text", m)
}

// Markdown posts a markdown message. It returns ErrTooLarge above
// MaxRobotMarkdown bytes, and otherwise the errors of send.
func (r *Robot) Markdown(ctx context.Context, content string) error {
	if len(content) > MaxRobotMarkdown {
		return fmt.Errorf("wx: robot markdown of %d bytes: %w", len(content), ErrTooLarge)
	}
	var m robot.WebhookSendMarkdownOption
	m.MsgType = "markdown"
	m.Markdown.Content = content
	return r.send(ctx, "robot markdown", m)
}

// Image posts a JPEG or PNG image (base64 plus md5). It returns
// ErrTooLarge above MaxRobotImage bytes, ErrInvalidArgument for another
// format, and otherwise the errors of send.
func (r *Robot) Image(ctx context.Context, data []byte) error {
	if len(data) > MaxRobotImage {
		return fmt.Errorf("wx: robot image of %d bytes: %w", len(data), ErrTooLarge)
	}
	if !bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}) && !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
		return fmt.Errorf("wx: robot image is not JPEG or PNG: %w", ErrInvalidArgument)
	}
	sum := md5.Sum(data)
	var m robot.WebhookSendImageOption
	m.MsgType = "image"
	m.Image.Base64 = base64.StdEncoding.EncodeToString(data)
	m.Image.MD5 = hex.EncodeToString(sum[:])
	return r.send(ctx, "robot image", m)
}

// send waits for the rate limit, then posts m. It returns ErrRateLimited
// when ctx ends (or its deadline falls) before a message is allowed,
// *APIError when errcode ≠ 0, ErrUnexpectedResponse or a transport error.
func (r *Robot) send(ctx context.Context, op string, m any) error {
	if err := r.limiter.Wait(ctx); err != nil {
		return fmt.Errorf("wx: %s: %w: %w", op, ErrRateLimited, err)
	}
	body, err := marshalJSON(m)
	if err != nil {
		return fmt.Errorf("wx: %s: %w", op, err)
	}
	return doJSON(ctx, r.hc, op, http.MethodPost, r.url, "application/json; charset=utf-8", body, nil)
}
