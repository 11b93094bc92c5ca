package wx

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Default API hosts, used when no APIBase is configured.
const (
	OfficialAccountBase = "https://api.weixin.qq.com"
	WeComBase           = "https://qyapi.weixin.qq.com"
)

// DefaultTimeout bounds each HTTP request of a Client or Robot built
// without an http.Client of its own.
const DefaultTimeout = 10 * time.Second

// maxJSONResponse caps API responses other than media downloads.
const maxJSONResponse = 1 << 20

// Options configures a Client.
type Options struct {
	AppID     string
	AppSecret string
	// APIBase, when set (e.g. "http://127.0.0.1:9999" or a fixed-IP proxy),
	// replaces https://api.weixin.qq.com in every request URL; path and
	// query are kept. It does not apply to PicUrl, a CDN link.
	APIBase string
	// HTTPClient sends every request; nil means one with DefaultTimeout.
	HTTPClient *http.Client
	// Tokens persists the access_token across restarts; nil keeps it in
	// memory only.
	Tokens TokenStore
	Now    func() time.Time // nil means time.Now
	Logger *slog.Logger     // nil discards
}

// Client calls the Official Account API for one account. It is safe for
// concurrent use; all state (base URL, HTTP client, token) is per Client.
type Client struct {
	appID  string
	secret string
	base   string
	hc     *http.Client
	now    func() time.Time
	log    *slog.Logger
	tok    tokenCache
}

// NewClient returns a Client for o. It returns ErrInvalidArgument when
// APIBase is not an absolute http or https URL.
func NewClient(o Options) (*Client, error) {
	base, err := apiBase(o.APIBase, OfficialAccountBase)
	if err != nil {
		return nil, err
	}
	c := &Client{
		appID:  o.AppID,
		secret: o.AppSecret,
		base:   base,
		hc:     o.HTTPClient,
		now:    o.Now,
		log:    o.Logger,
	}
	if c.hc == nil {
		c.hc = &http.Client{Timeout: DefaultTimeout}
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	c.tok.init(o.Tokens)
	return c, nil
}

// apiBase validates a configured base URL, or returns def when it is empty.
func apiBase(s, def string) (string, error) {
	if s == "" {
		return def, nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("wx: api base %q is not an http(s) URL: %w", s, ErrInvalidArgument)
	}
	return strings.TrimRight(s, "/"), nil
}

// url returns base+path?query.
func (c *Client) url(path string, q url.Values) string {
	return c.base + path + "?" + q.Encode()
}

// withToken runs call with the current access_token. If the platform
// rejects the token (ErrTokenInvalid), it forces one refresh, shared with
// concurrent callers, and runs call once more.
func (c *Client) withToken(ctx context.Context, call func(token string) error) error {
	token, err := c.accessToken(ctx)
	if err != nil {
		return err
	}
	err = call(token)
	if !errors.Is(err, ErrTokenInvalid) {
		return err
	}
	token, err = c.refreshToken(ctx, token)
	if err != nil {
		return err
	}
	return call(token)
}

// postJSON sends in as JSON to path with the access_token and decodes the
// answer into out (which may be nil).
func (c *Client) postJSON(ctx context.Context, op, path string, in, out any) error {
	body, err := marshalJSON(in)
	if err != nil {
		return fmt.Errorf("wx: %s: %w", op, err)
	}
	return c.withToken(ctx, func(token string) error {
		u := c.url(path, url.Values{"access_token": {token}})
		return doJSON(ctx, c.hc, op, http.MethodPost, u, "application/json; charset=utf-8", body, out)
	})
}

// marshalJSON encodes v without escaping <, > and &, as WeChat expects.
func marshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// apiStatus is the error part of every JSON answer.
type apiStatus struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// doJSON performs one request and decodes a JSON answer into out, turning
// errcode ≠ 0 into *APIError. Transport errors are wrapped with the URL's
// query removed, so neither token nor key reaches an error string.
func doJSON(ctx context.Context, hc *http.Client, op, method, u, contentType string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("wx: %s: %w", op, redact(err))
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("wx: %s: %w", op, redact(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxJSONResponse+1))
	if err != nil {
		return fmt.Errorf("wx: %s: read answer: %w", op, redact(err))
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("wx: %s: HTTP status %d: %w", op, resp.StatusCode, ErrUnexpectedResponse)
	}
	if len(data) > maxJSONResponse {
		return fmt.Errorf("wx: %s: answer over %d bytes: %w", op, maxJSONResponse, ErrUnexpectedResponse)
	}
	return decodeAnswer(op, data, out)
}

// decodeAnswer checks errcode in a JSON answer and decodes it into out.
func decodeAnswer(op string, data []byte, out any) error {
	var st apiStatus
	if err := json.Unmarshal(data, &st); err != nil {
		return fmt.Errorf("wx: %s: answer is not JSON: %w", op, ErrUnexpectedResponse)
	}
	if st.ErrCode != 0 {
		return &APIError{Code: st.ErrCode, Msg: st.ErrMsg, Op: op}
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("wx: %s: decode answer: %w", op, ErrUnexpectedResponse)
		}
	}
	return nil
}

// redact removes the query (access_token, robot key) from the URL inside a
// *url.Error; the wrapped cause is kept for errors.Is.
func redact(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	cp := *ue
	if i := strings.IndexByte(cp.URL, '?'); i >= 0 {
		cp.URL = cp.URL[:i] + "?…"
	}
	return &cp
}
