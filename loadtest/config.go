package loadtest

import (
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"time"

	"gridbot/config"
	"gridbot/simui"
)

// Defaults applied by Run to zero Config fields.
const (
	DefaultDrain       = 60 * time.Second
	DefaultConcurrency = 256
	DefaultTextRate    = 100 // text messages a second when Photos is 0
	DefaultTextRun     = 10 * time.Second
	// MaxMessages bounds one run, whatever the settings.
	MaxMessages = 1_000_000
)

// Config is one load run.
type Config struct {
	// Target is gridbot's callback URL (http://127.0.0.1:8080/wechat).
	Target string
	// API is the host:port the fake WeChat API listens on; the target's
	// wechat.api_base must be "http://" + API.
	API string
	// The target's account settings: the fake API accepts AppID and
	// AppSecret; callbacks are signed with Token and, with Encrypt, sealed
	// with EncodingAESKey (safe mode).
	AppID, AppSecret, Token, EncodingAESKey string
	Encrypt                                 bool
	// Riders register first; each then sends Photos photos. With Photos
	// 0 the run sends text messages (积分) instead, at Rate for Duration.
	Riders, Photos int
	// Duplicates is the fraction of each rider's photos (rounded) that
	// re-send the bytes of an earlier photo of the same rider; Retries the fraction of messages
	// delivered 2 or 3 times at once (WeChat's retry storms).
	Duplicates, Retries float64
	// Duration bounds the sending phase (0: until every photo is sent);
	// Rate paces messages a second (0: as fast as Concurrency allows).
	Duration time.Duration
	Rate     float64
	// PhotosDir holds real photos (.jpg, .jpeg, .png) to send; empty
	// means generated ones, vetted with Photo.
	PhotosDir string
	Photo     config.PhotoConfig
	// Drain is how long to wait for outstanding outcomes after sending.
	Drain time.Duration
	// Concurrency bounds the messages in flight.
	Concurrency int
	// Seed makes generated photos and choices repeatable; 0 picks one.
	Seed uint64
	// Logger receives progress; nil discards. Now is the load tool's own
	// clock for every latency; nil means time.Now.
	Logger *slog.Logger
	Now    func() time.Time
}

// FromConfig fills the account settings from the target's config: the
// credentials, the callback URL (listen + webhook_path), the API address
// (api_base), the photo thresholds.
func (c *Config) FromConfig(t *config.Config) {
	w := t.WeChat
	c.AppID, c.AppSecret, c.Token, c.EncodingAESKey = w.AppID, w.AppSecret, w.Token, w.EncodingAESKey
	host, port, err := net.SplitHostPort(t.Listen)
	if err == nil {
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "127.0.0.1"
		}
		c.Target = "http://" + net.JoinHostPort(host, port) + w.WebhookPath
	}
	if u, err := url.Parse(w.APIBase); err == nil && u.Host != "" {
		c.API = u.Host
	}
	c.Photo = t.Photo
}

// Validate returns an error wrapping ErrUsage that names the first
// setting to fix, or nil. Target and API must be loopback addresses:
// the load tool sends nothing off this machine.
func (c *Config) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), ErrUsage)
	}
	u, err := url.Parse(c.Target)
	switch {
	case c.Target == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return bad("-target must be gridbot's callback URL, such as http://127.0.0.1:8080/wechat; got %q", c.Target)
	case !simui.IsLoopbackHost(u.Host):
		return bad("-target %s is not on this machine; only localhost or 127.0.0.1 targets are allowed", u.Host)
	}
	if _, _, err := net.SplitHostPort(c.API); err != nil {
		return bad("-api must be host:port, such as 127.0.0.1:9180; got %q", c.API)
	}
	if !simui.IsLoopbackHost(c.API) {
		return bad("-api %s is not a loopback address; use 127.0.0.1:PORT", c.API)
	}
	switch {
	case c.AppID == "" || c.AppSecret == "" || c.Token == "":
		return bad("the target's app_id, app_secret and token are needed (-app-id, -app-secret, -token, or -config)")
	case c.Encrypt && len(c.EncodingAESKey) != 43:
		return bad("-encrypt needs the target's 43-character encoding_aes_key")
	case c.Riders < 1:
		return bad("-riders must be at least 1")
	case c.Photos < 0 || c.Rate < 0 || c.Duration < 0 || c.Drain < 0 || c.Concurrency < 0:
		return bad("-photos, -rate, -duration, -drain and -concurrency must not be negative")
	case c.Duplicates < 0 || c.Duplicates >= 1 || c.Retries < 0 || c.Retries > 1:
		return bad("-duplicates must be in [0, 1) and -retries in [0, 1]")
	case c.Riders*c.Photos > MaxMessages:
		return bad("-riders × -photos must be at most %d", MaxMessages)
	case c.Photos == 0 && c.Rate*c.Duration.Seconds() > MaxMessages:
		return bad("-rate × -duration must be at most %d messages", MaxMessages)
	}
	return nil
}
