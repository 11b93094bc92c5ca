package store

import (
	"errors"
	"time"
)

type storedToken struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
}

// LoadToken returns the stored WeChat access token for appID (empty if
// none). The token is a secret; the store never logs it.
func (db *DB) LoadToken(appID string) (string, time.Time, error) {
	var t storedToken
	err := db.GetMeta("token:"+appID, &t)
	if errors.Is(err, ErrNotFound) {
		return "", time.Time{}, nil
	}
	return t.Token, t.ExpiresAt, err
}

// SaveToken stores the WeChat access token for appID.
func (db *DB) SaveToken(appID, token string, expiresAt time.Time) error {
	return db.PutMeta("token:"+appID, storedToken{Token: token, ExpiresAt: expiresAt})
}
