package wxsim

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gridbot/wx"
)

// Defaults applied by New to zero Config fields.
const (
	// DefaultAttemptTimeout is how long WeChat waits for a callback answer.
	DefaultAttemptTimeout = 5 * time.Second
	// DefaultAttempts is how many times WeChat posts a callback in all.
	DefaultAttempts = 3
	// DefaultRetryInterval is the pause between a failed attempt and the
	// next. WeChat's is a few seconds and not documented exactly.
	DefaultRetryInterval = 2 * time.Second
	// DefaultAccountID is the account's original id (ToUserName).
	DefaultAccountID = "gh_wxsim00000000"
	// DefaultMaxRequests is how many requests Requests keeps.
	DefaultMaxRequests = 10000
)

// Config describes the simulated account and how the platform behaves.
type Config struct {
	// AppID and AppSecret are the credentials the token APIs accept.
	AppID     string
	AppSecret string
	// Token and EncodingAESKey are the callback settings; Mode is the
	// message encryption mode (safe and compatible need EncodingAESKey).
	Token          string
	EncodingAESKey string
	Mode           wx.Mode
	// JSON makes callbacks JSON documents instead of XML (the account's
	// data format setting).
	JSON bool
	// AccountID is the account's original id, the ToUserName of every
	// callback; empty means DefaultAccountID.
	AccountID string
	// CallbackURL is where Deliver posts; it can be set later with
	// SetCallbackURL.
	CallbackURL string
	// BaseURL is the absolute URL at which Handler is served (the
	// api_base gridbot is configured with). PicUrl links are built on it;
	// it can be set later with SetBaseURL.
	BaseURL string
	// RobotKeys are the WeCom robot keys the webhook accepts; empty means
	// any non-empty key.
	RobotKeys []string
	// HTTPClient posts callbacks; nil means a client of the platform's own.
	// Its Timeout, if any, should exceed AttemptTimeout.
	HTTPClient *http.Client
	// Now is the platform clock: CreateTime, token, media, window and
	// robot rate expiry. Nil means time.Now.
	Now func() time.Time
	// Attempts, RetryInterval and AttemptTimeout shape callback retries;
	// zero values take DefaultAttempts, DefaultRetryInterval and
	// DefaultAttemptTimeout. A negative RetryInterval means none.
	Attempts       int
	RetryInterval  time.Duration
	AttemptTimeout time.Duration
	// MaxRequests bounds the request log; zero means DefaultMaxRequests.
	MaxRequests int
	// Faults is the initial fault injection setting.
	Faults Faults
	// Logger receives debug logs of attempts and injected faults; nil
	// discards. Secrets are never logged.
	Logger *slog.Logger
}

// Validate returns an error matching ErrInvalidConfig that names the first
// setting a person must fix, or nil.
func (c *Config) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("wxsim: config: "+format+": %w", append(args, ErrInvalidConfig)...)
	}
	switch {
	case c.AppID == "":
		return bad("AppID is empty; set the simulated account's app id")
	case c.AppSecret == "":
		return bad("AppSecret is empty; set the simulated account's app secret")
	case c.Token == "":
		return bad("Token is empty; set the callback token gridbot is configured with")
	case c.Mode != wx.ModePlain && c.EncodingAESKey == "":
		return bad("mode %v needs an EncodingAESKey", c.Mode)
	case c.Attempts < 0 || c.MaxRequests < 0 || c.AttemptTimeout < 0:
		return bad("Attempts, MaxRequests and AttemptTimeout must not be negative")
	}
	for name, u := range map[string]string{"CallbackURL": c.CallbackURL, "BaseURL": c.BaseURL} {
		if err := checkURL(u); err != nil {
			return bad("%s: %v", name, err)
		}
	}
	return nil
}

// checkURL accepts "" or an absolute http(s) URL.
func checkURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an absolute http(s) URL", s)
	}
	return nil
}

// Platform is one simulated WeChat account: the callbacks WeChat sends it
// and the API WeChat serves it. It is safe for concurrent use; several
// Platforms in one process share nothing.
type Platform struct {
	cfg     Config
	codec   *wx.Codec
	hc      *http.Client
	now     func() time.Time
	log     *slog.Logger
	handler http.Handler
	robots  map[string]bool // allowed robot keys; nil: any
	msgID   atomic.Uint64

	mu          sync.Mutex
	callbackURL string
	baseURL     string
	tokens      tokenState
	media       map[string]*mediaFile // by media id
	pics        map[string]*mediaFile // by PicUrl file name; never expire
	users       map[string]*user
	sent        map[string][]Sent
	sentSignal  chan struct{} // closed and replaced on every new Sent
	subs        map[*subscriber]struct{}
	menu        []Button
	robotTimes  map[string][]time.Time // accepted robot messages per key, last minute
	robotMsgs   []RobotMessage
	requests    []Request
	faults      faultState
	closed      bool
}

// New returns a Platform for cfg. It returns an error matching
// ErrInvalidConfig when cfg.Validate fails, and wx.ErrBadAESKey for a
// malformed EncodingAESKey.
func New(cfg Config) (*Platform, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	codec, err := wx.NewCodec(wx.CodecConfig{Token: cfg.Token, EncodingAESKey: cfg.EncodingAESKey, AppID: cfg.AppID})
	if err != nil {
		return nil, fmt.Errorf("wxsim: new: %w", err)
	}
	if cfg.AccountID == "" {
		cfg.AccountID = DefaultAccountID
	}
	if cfg.Attempts == 0 {
		cfg.Attempts = DefaultAttempts
	}
	if cfg.RetryInterval == 0 {
		cfg.RetryInterval = DefaultRetryInterval
	}
	if cfg.AttemptTimeout == 0 {
		cfg.AttemptTimeout = DefaultAttemptTimeout
	}
	if cfg.MaxRequests == 0 {
		cfg.MaxRequests = DefaultMaxRequests
	}
	p := &Platform{
		cfg:         cfg,
		codec:       codec,
		hc:          cfg.HTTPClient,
		now:         cfg.Now,
		log:         cfg.Logger,
		callbackURL: cfg.CallbackURL,
		baseURL:     strings.TrimRight(cfg.BaseURL, "/"),
		tokens:      tokenState{issued: map[string]tokenInfo{}},
		media:       map[string]*mediaFile{},
		pics:        map[string]*mediaFile{},
		users:       map[string]*user{},
		sent:        map[string][]Sent{},
		sentSignal:  make(chan struct{}),
		subs:        map[*subscriber]struct{}{},
		robotTimes:  map[string][]time.Time{},
	}
	if p.hc == nil {
		p.hc = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	}
	if p.now == nil {
		p.now = time.Now
	}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	if len(cfg.RobotKeys) > 0 {
		p.robots = map[string]bool{}
		for _, k := range cfg.RobotKeys {
			p.robots[k] = true
		}
	}
	if err := p.SetFaults(cfg.Faults); err != nil {
		return nil, err
	}
	p.msgID.Store(firstMsgID())
	p.handler = p.routes()
	return p, nil
}

// Close ends every subscription and releases idle callback connections.
// The Handler keeps answering; Close does not stop any server.
func (p *Platform) Close() error {
	p.mu.Lock()
	p.closed = true
	for s := range p.subs {
		delete(p.subs, s)
		close(s.ch)
	}
	p.mu.Unlock()
	p.hc.CloseIdleConnections()
	return nil
}

// Handler returns the http.Handler serving WeChat's API (the paths of
// api.weixin.qq.com and qyapi.weixin.qq.com) and the media CDN (PicUrl).
// Mount it at the root of the URL gridbot's wechat.api_base points to.
func (p *Platform) Handler() http.Handler { return p.handler }

// SetCallbackURL sets where Deliver posts callbacks.
func (p *Platform) SetCallbackURL(u string) error {
	if err := checkURL(u); err != nil {
		return fmt.Errorf("wxsim: callback URL: %v: %w", err, ErrInvalidConfig)
	}
	p.mu.Lock()
	p.callbackURL = u
	p.mu.Unlock()
	return nil
}

// SetBaseURL sets the absolute URL at which Handler is served, used to
// build PicUrl links (for example an httptest.Server's URL).
func (p *Platform) SetBaseURL(u string) error {
	if err := checkURL(u); err != nil {
		return fmt.Errorf("wxsim: base URL: %v: %w", err, ErrInvalidConfig)
	}
	p.mu.Lock()
	p.baseURL = strings.TrimRight(u, "/")
	p.mu.Unlock()
	return nil
}

// AccountID returns the account's original id, the ToUserName of
// callbacks.
func (p *Platform) AccountID() string { return p.cfg.AccountID }

// firstMsgID returns a random 17-digit starting MsgId, as WeChat's look,
// so that MsgIds stay unique across restarts of a simulator talking to
// the same gridbot data directory.
func firstMsgID() uint64 {
	n, err := rand.Int(rand.Reader, big.NewInt(8e16))
	if err != nil {
		return 1e16
	}
	return 1e16 + n.Uint64()
}

// randomID returns n random bytes in URL-safe base64, like WeChat's ids.
func randomID(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
