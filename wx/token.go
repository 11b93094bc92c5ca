package wx

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"time"
)

// TokenStore persists the access_token so that a restart does not fetch a
// new one. A Client calls it with its token lock held, so one Client never
// calls it concurrently; several Clients sharing a store may. The token is
// a secret: implementations must not log it.
type TokenStore interface {
	// LoadToken returns the stored token for appID and its expiry. No
	// stored token is an empty token with a nil error, or an error
	// matching fs.ErrNotExist.
	LoadToken(appID string) (token string, expiresAt time.Time, err error)
	// SaveToken stores token for appID until expiresAt.
	SaveToken(appID, token string, expiresAt time.Time) error
}

// refreshAhead is how long before expiry the token is renewed.
const refreshAhead = 5 * time.Minute

// defaultTokenLifetime is assumed when the platform omits expires_in.
const defaultTokenLifetime = 7200 * time.Second

// tokenCache holds the access_token. sem is a one-slot lock that a caller
// holds while reading or renewing the token, so concurrent callers wait for
// one renewal instead of starting their own; unlike a sync.Mutex, waiting
// for it respects the caller's context.
type tokenCache struct {
	sem       chan struct{}
	store     TokenStore
	loaded    bool // store consulted
	token     string
	refreshAt time.Time
}

func (t *tokenCache) init(store TokenStore) {
	t.sem = make(chan struct{}, 1)
	t.store = store
}

func (t *tokenCache) lock(ctx context.Context) error {
	select {
	case t.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("wx: wait for access_token: %w", ctx.Err())
	}
}

func (t *tokenCache) unlock() { <-t.sem }

// accessToken returns a token valid for at least a while, loading it from
// the store or fetching it (stable_token, force_refresh=false) if needed.
func (c *Client) accessToken(ctx context.Context) (string, error) {
	if err := c.tok.lock(ctx); err != nil {
		return "", err
	}
	defer c.tok.unlock()
	now := c.now()
	if !c.tok.loaded {
		c.tok.loaded = true
		c.loadStoredToken(now)
	}
	if c.tok.token != "" && now.Before(c.tok.refreshAt) {
		return c.tok.token, nil
	}
	return c.fetchToken(ctx, false)
}

// refreshToken replaces a token the platform rejected. If another caller
// already replaced stale, it returns the new token without a request;
// otherwise it fetches with force_refresh=true.
func (c *Client) refreshToken(ctx context.Context, stale string) (string, error) {
	if err := c.tok.lock(ctx); err != nil {
		return "", err
	}
	defer c.tok.unlock()
	if c.tok.token != "" && c.tok.token != stale && c.now().Before(c.tok.refreshAt) {
		return c.tok.token, nil
	}
	return c.fetchToken(ctx, true)
}

func (c *Client) loadStoredToken(now time.Time) {
	if c.tok.store == nil {
		return
	}
	token, exp, err := c.tok.store.LoadToken(c.appID)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		c.log.Warn("wx: load stored access_token", slog.String("error", err.Error()))
		return
	}
	if token == "" || !now.Before(exp) {
		return
	}
	c.tok.token, c.tok.refreshAt = token, refreshTime(now, exp)
}

// refreshTime is when a token expiring at exp should be renewed: 5 minutes
// ahead, or half-way for a short-lived one, so that a token handed out
// near its end is not fetched again on every call.
func refreshTime(now, exp time.Time) time.Time {
	ahead := min(refreshAhead, exp.Sub(now)/2)
	return exp.Add(-ahead)
}

// stableTokenRequest is the body of POST /cgi-bin/stable_token.
type stableTokenRequest struct {
	GrantType    string `json:"grant_type"`
	AppID        string `json:"appid"`
	Secret       string `json:"secret"`
	ForceRefresh bool   `json:"force_refresh"`
}

type stableTokenResponse struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int64  `json:"expires_in"`
}

// fetchToken calls stable_token; the caller holds the token lock.
func (c *Client) fetchToken(ctx context.Context, force bool) (string, error) {
	const op = "stable_token"
	body, err := marshalJSON(stableTokenRequest{
		GrantType: "client_credential", AppID: c.appID, Secret: c.secret, ForceRefresh: force,
	})
	if err != nil {
		return "", fmt.Errorf("wx: %s: %w", op, err)
	}
	var out stableTokenResponse
	err = doJSON(ctx, c.hc, op, http.MethodPost, c.base+"/cgi-bin/stable_token",
		"application/json; charset=utf-8", body, &out)
	if err != nil {
		return "", err
	}
	if out.AccessToken == "" {
		return "", fmt.Errorf("wx: %s: no access_token in answer: %w", op, ErrUnexpectedResponse)
	}
	lifetime := time.Duration(out.ExpiresIn) * time.Second
	if lifetime <= 0 {
		lifetime = defaultTokenLifetime
	}
	now := c.now()
	exp := now.Add(lifetime)
	c.tok.token, c.tok.refreshAt = out.AccessToken, refreshTime(now, exp)
	c.log.Info("wx: access_token renewed", slog.Bool("force", force), slog.Duration("expires_in", lifetime))
	if c.tok.store != nil {
		if err := c.tok.store.SaveToken(c.appID, out.AccessToken, exp); err != nil {
			c.log.Warn("wx: save access_token", slog.String("error", err.Error()))
		}
	}
	return out.AccessToken, nil
}
