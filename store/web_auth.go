package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Dashboard users, sessions, API tokens and login throttling (package web).
// They live in the state bucket under their own spaces, so they need no
// bucket of their own. Secrets are never stored: users keep a bcrypt hash,
// sessions are keyed by the SHA-256 of the cookie value, tokens by the
// SHA-256 of the token.
const (
	spaceWebUser    = "web.user"    // name → WebUser
	spaceWebSession = "web.session" // hex SHA-256 of the session id → WebSession
	spaceWebToken   = "web.token"   // hex SHA-256 of the token → WebToken
	spaceWebLogin   = "web.login"   // throttle key → LoginThrottle
)

// WebUser is a dashboard user.
type WebUser struct {
	Name      string    `json:"name"`
	Hash      []byte    `json:"hash"` // bcrypt
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// WebSession is a signed-in dashboard session, stored under the SHA-256 of
// its cookie value.
type WebSession struct {
	Key       string    `json:"key"` // hex SHA-256 of the cookie value
	User      string    `json:"user"`
	CSRF      string    `json:"csrf"` // per-session form token
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// WebToken is a JSON API bearer token created with `gridbot admin token`
// or on the dashboard. Only its SHA-256 is kept.
type WebToken struct {
	Name      string    `json:"name"`
	SHA256    string    `json:"sha256"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by,omitempty"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
	RevokedBy string    `json:"revoked_by,omitempty"`
}

// Active reports whether the token is not revoked.
func (t WebToken) Active() bool { return t.RevokedAt.IsZero() }

// LoginThrottle counts failed sign-ins for one key (an address, or an
// address and a user name) within a window.
type LoginThrottle struct {
	Failures    int       `json:"failures"`
	WindowStart time.Time `json:"window_start"`
}

// WebUser returns the user name. Errors: ErrNotFound.
func (db *DB) WebUser(name string) (u WebUser, err error) {
	err = db.View(func(t *Tx) error { return t.GetState(spaceWebUser, name, &u) })
	return u, err
}

// WebUsers returns every dashboard user, by name.
func (db *DB) WebUsers() ([]WebUser, error) {
	var out []WebUser
	err := db.view(func(tx *bolt.Tx) error {
		return forEachState(tx, spaceWebUser, func(_ string, v []byte) error {
			var u WebUser
			if err := json.Unmarshal(v, &u); err != nil {
				return fmt.Errorf("%w: decode user: %w", ErrCorrupt, err)
			}
			out = append(out, u)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: web users: %w", err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// PutWebUser creates or replaces user u and, when replacing, ends every
// session the user had (a new password signs out old sessions).
func (db *DB) PutWebUser(ctx context.Context, u WebUser) error {
	err := db.Do(ctx, func(t *Tx) error {
		var old WebUser
		if err := t.GetState(spaceWebUser, u.Name, &old); err == nil {
			u.CreatedAt = old.CreatedAt
			if err := deleteSessionsOf(t.tx, u.Name); err != nil {
				return err
			}
		}
		if u.CreatedAt.IsZero() {
			u.CreatedAt = t.now
		}
		u.UpdatedAt = t.now
		return t.PutState(spaceWebUser, u.Name, u)
	})
	if err != nil {
		return fmt.Errorf("store: put web user %s: %w", u.Name, err)
	}
	return nil
}

// ChangeWebPassword replaces the bcrypt hash of the existing user name
// and ends every session of theirs except the one stored under keep (the
// session that asked for the change), in one transaction. Errors:
// ErrNotFound when the user does not exist.
func (db *DB) ChangeWebPassword(ctx context.Context, name string, hash []byte, keep string) error {
	err := db.Do(ctx, func(t *Tx) error {
		var u WebUser
		if err := t.GetState(spaceWebUser, name, &u); err != nil {
			return Reject(err)
		}
		var dead []string
		err := forEachState(t.tx, spaceWebSession, func(id string, v []byte) error {
			var s WebSession
			if id != keep && (json.Unmarshal(v, &s) != nil || s.User == name) {
				dead = append(dead, compositeString(spaceWebSession, id))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range dead {
			if err := t.tx.Bucket(bucketState).Delete([]byte(k)); err != nil {
				return err
			}
		}
		u.Hash, u.UpdatedAt = hash, t.now
		return t.PutState(spaceWebUser, name, u)
	})
	if err != nil {
		return fmt.Errorf("store: change password of %s: %w", name, err)
	}
	return nil
}

// CreateFirstWebUser stores u only if no dashboard user exists yet, and
// reports whether it did. The check and the write are one transaction, so
// two processes starting at once cannot both create an administrator.
func (db *DB) CreateFirstWebUser(ctx context.Context, u WebUser) (created bool, err error) {
	err = db.Do(ctx, func(t *Tx) error {
		created = false
		some := false
		if err := forEachState(t.tx, spaceWebUser, func(string, []byte) error { some = true; return errStop }); err != nil && !errors.Is(err, errStop) {
			return err
		}
		if some {
			return nil
		}
		u.CreatedAt, u.UpdatedAt = t.now, t.now
		created = true
		return t.PutState(spaceWebUser, u.Name, u)
	})
	if err != nil {
		return false, fmt.Errorf("store: create first web user: %w", err)
	}
	return created, nil
}

// PutWebSession stores a new session.
func (db *DB) PutWebSession(ctx context.Context, s WebSession) error {
	if err := db.Do(ctx, func(t *Tx) error { return t.PutState(spaceWebSession, s.Key, s) }); err != nil {
		return fmt.Errorf("store: put session: %w", err)
	}
	return nil
}

// WebSession returns the session stored under key (the hex SHA-256 of the
// cookie value). An expired session is reported as ErrNotFound.
func (db *DB) WebSession(key string) (s WebSession, err error) {
	err = db.View(func(t *Tx) error { return t.GetState(spaceWebSession, key, &s) })
	if err == nil && !db.now().Before(s.ExpiresAt) {
		return WebSession{}, ErrNotFound
	}
	return s, err
}

// DeleteWebSession ends the session stored under key (sign-out). Deleting
// a missing session is not an error.
func (db *DB) DeleteWebSession(ctx context.Context, key string) error {
	if err := db.Do(ctx, func(t *Tx) error { return t.DeleteState(spaceWebSession, key) }); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// PruneWebSessions deletes sessions that expired before now and login
// throttles whose window started before now-window. It returns how many
// records it deleted.
func (db *DB) PruneWebSessions(ctx context.Context, now time.Time, window time.Duration) (n int, err error) {
	err = db.Do(ctx, func(t *Tx) error {
		n = 0
		var dead []string
		err := forEachState(t.tx, spaceWebSession, func(id string, v []byte) error {
			var s WebSession
			if json.Unmarshal(v, &s) != nil || !now.Before(s.ExpiresAt) {
				dead = append(dead, compositeString(spaceWebSession, id))
			}
			return nil
		})
		if err != nil {
			return err
		}
		err = forEachState(t.tx, spaceWebLogin, func(id string, v []byte) error {
			var l LoginThrottle
			if json.Unmarshal(v, &l) != nil || now.Sub(l.WindowStart) >= window {
				dead = append(dead, compositeString(spaceWebLogin, id))
			}
			return nil
		})
		if err != nil {
			return err
		}
		b := t.tx.Bucket(bucketState)
		for _, k := range dead {
			if err := b.Delete([]byte(k)); err != nil {
				return err
			}
		}
		n = len(dead)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: prune sessions: %w", err)
	}
	return n, nil
}

// PutWebToken stores a new API token. Errors: ErrConflict when an active
// token already has the name or the hash.
func (db *DB) PutWebToken(ctx context.Context, tok WebToken) error {
	err := db.Do(ctx, func(t *Tx) error {
		var clash error
		err := forEachState(t.tx, spaceWebToken, func(sha string, v []byte) error {
			var o WebToken
			if json.Unmarshal(v, &o) == nil && o.Active() && (o.Name == tok.Name || sha == tok.SHA256) {
				clash = ErrConflict
				return errStop
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStop) {
			return err
		}
		if clash != nil {
			return Reject(clash)
		}
		if tok.CreatedAt.IsZero() {
			tok.CreatedAt = t.now
		}
		return t.PutState(spaceWebToken, tok.SHA256, tok)
	})
	if err != nil {
		return fmt.Errorf("store: put token %s: %w", tok.Name, err)
	}
	return nil
}

// WebTokenBySHA256 returns the token with hex SHA-256 sha, revoked or not.
// Errors: ErrNotFound.
func (db *DB) WebTokenBySHA256(sha string) (tok WebToken, err error) {
	err = db.View(func(t *Tx) error { return t.GetState(spaceWebToken, sha, &tok) })
	return tok, err
}

// WebTokens returns every stored token, active and revoked, by name.
func (db *DB) WebTokens() ([]WebToken, error) {
	var out []WebToken
	err := db.view(func(tx *bolt.Tx) error {
		return forEachState(tx, spaceWebToken, func(_ string, v []byte) error {
			var tok WebToken
			if err := json.Unmarshal(v, &tok); err != nil {
				return fmt.Errorf("%w: decode token: %w", ErrCorrupt, err)
			}
			out = append(out, tok)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: web tokens: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].CreatedAt.Before(out[j].CreatedAt)
	})
	return out, nil
}

// RevokeWebToken revokes the active token called name and returns it.
// Errors: ErrNotFound when no active token has the name.
func (db *DB) RevokeWebToken(ctx context.Context, name, actor string) (tok WebToken, err error) {
	err = db.Do(ctx, func(t *Tx) error {
		found := false
		err := forEachState(t.tx, spaceWebToken, func(_ string, v []byte) error {
			var o WebToken
			if json.Unmarshal(v, &o) == nil && o.Active() && o.Name == name {
				tok, found = o, true
				return errStop
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStop) {
			return err
		}
		if !found {
			return Reject(ErrNotFound)
		}
		tok.RevokedAt, tok.RevokedBy = t.now, actor
		return t.PutState(spaceWebToken, tok.SHA256, tok)
	})
	if err != nil {
		return tok, fmt.Errorf("store: revoke token %s: %w", name, err)
	}
	return tok, nil
}

// LoginAllowed reports whether each key has had fewer than max failed
// sign-ins in the window ending at now, and if not, how long until it may
// try again.
func (db *DB) LoginAllowed(now time.Time, window time.Duration, limits map[string]int) (ok bool, retry time.Duration, err error) {
	ok = true
	err = db.View(func(t *Tx) error {
		for key, max := range limits {
			var l LoginThrottle
			if err := t.GetState(spaceWebLogin, key, &l); err != nil {
				if errors.Is(err, ErrNotFound) {
					continue
				}
				return err
			}
			if now.Sub(l.WindowStart) < window && l.Failures >= max {
				ok = false
				retry = maxDuration(retry, l.WindowStart.Add(window).Sub(now))
			}
		}
		return nil
	})
	return ok, retry, err
}

// RecordLogin records a sign-in outcome for keys: a failure counts against
// each key (a new window starts when the old one is over), a success
// clears them.
func (db *DB) RecordLogin(ctx context.Context, now time.Time, window time.Duration, success bool, keys ...string) error {
	err := db.Do(ctx, func(t *Tx) error {
		for _, key := range keys {
			if success {
				if err := t.DeleteState(spaceWebLogin, key); err != nil {
					return err
				}
				continue
			}
			var l LoginThrottle
			if err := t.GetState(spaceWebLogin, key, &l); err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
			if now.Sub(l.WindowStart) >= window {
				l = LoginThrottle{WindowStart: now}
			}
			l.Failures++
			if err := t.PutState(spaceWebLogin, key, l); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: record login: %w", err)
	}
	return nil
}

// errStop ends a walk early; it never leaves this file's functions.
var errStop = errors.New("stop")

// forEachState calls fn with the id and raw JSON of every document in
// space, in id order. The value is only valid during the call.
func forEachState(tx *bolt.Tx, space string, fn func(id string, v []byte) error) error {
	prefix := compositeKey([]byte(space), nil)
	c := tx.Bucket(bucketState).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if err := fn(string(k[len(prefix):]), v); err != nil {
			return err
		}
	}
	return nil
}

// deleteSessionsOf deletes every session of user.
func deleteSessionsOf(tx *bolt.Tx, user string) error {
	var dead []string
	err := forEachState(tx, spaceWebSession, func(id string, v []byte) error {
		var s WebSession
		if json.Unmarshal(v, &s) != nil || s.User == user {
			dead = append(dead, compositeString(spaceWebSession, id))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range dead {
		if err := tx.Bucket(bucketState).Delete([]byte(k)); err != nil {
			return err
		}
	}
	return nil
}

func compositeString(space, id string) string {
	return string(compositeKey([]byte(space), []byte(id)))
}

func maxDuration(a, b time.Duration) time.Duration {
	if a > b {
		return a
	}
	return b
}
