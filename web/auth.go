package web

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"gridbot/config"
	"gridbot/store"
)

// AdminUser is the user EnsureAdmin creates on first start.
const AdminUser = "admin"

// Errors of the account helpers, for the CLI.
var (
	// ErrWeakPassword is returned for a password shorter than
	// MinPasswordLen or longer than bcrypt's 72 bytes.
	ErrWeakPassword = fmt.Errorf("a password must have %d to 72 characters", MinPasswordLen)
	// ErrBadName is returned for a user or token name that is empty, longer
	// than 32 characters, or holds characters other than letters, digits
	// and . _ - @.
	ErrBadName = errors.New("a name must have 1 to 32 letters, digits or . _ - @")
	// ErrNameTaken is returned when an active token (stored or in the
	// config) already has the name.
	ErrNameTaken = errors.New("an active token already has that name")
	// ErrNoSuchToken is returned when revoking a name no active stored
	// token has.
	ErrNoSuchToken = errors.New("no active token has that name (tokens in the config are revoked by removing them there)")
)

// MinPasswordLen is the shortest password accepted.
const MinPasswordLen = 10

// tokenPrefix marks gridbot API tokens, so secret scanners can spot them.
const tokenPrefix = "gbt_"

// ValidName checks a user or token name.
func ValidName(name string) error {
	if name == "" || utf8.RuneCountInString(name) > 32 {
		return ErrBadName
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("._-@", r) {
			return ErrBadName
		}
	}
	return nil
}

// HashPassword returns the bcrypt hash of password. Errors:
// ErrWeakPassword.
func HashPassword(password string) ([]byte, error) {
	if utf8.RuneCountInString(password) < MinPasswordLen || len(password) > 72 {
		return nil, ErrWeakPassword
	}
	return bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
}

// NewPassword returns a random password of 20 characters without
// look-alikes (about 115 bits).
func NewPassword() string {
	const alphabet = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
	return randomFrom(alphabet, 20)
}

func randomFrom(alphabet string, n int) string {
	out := make([]byte, 0, n)
	buf := make([]byte, 1)
	limit := 256 - 256%len(alphabet)
	for len(out) < n {
		_, _ = rand.Read(buf)
		if int(buf[0]) >= limit {
			continue
		}
		out = append(out, alphabet[int(buf[0])%len(alphabet)])
	}
	return string(out)
}

// SetPassword creates user name, or changes their password and ends their
// sessions. Errors: ErrBadName, ErrWeakPassword, store failures.
func SetPassword(ctx context.Context, st Accounts, name, password string) error {
	if err := ValidName(name); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return st.PutWebUser(ctx, store.WebUser{Name: name, Hash: hash})
}

// NewAPIToken returns a fresh bearer token and its hex SHA-256 (what
// config api.tokens and the store keep).
func NewAPIToken() (token, sha string) {
	token = tokenPrefix + randomToken()
	return token, sha256Hex(token)
}

// CreateToken creates an API token called name, records who created it,
// and returns the token, which is shown once and never stored. Errors:
// ErrBadName, ErrNameTaken, store failures.
func CreateToken(ctx context.Context, st Accounts, cfg *config.Config, name, by string) (string, error) {
	if err := ValidName(name); err != nil {
		return "", err
	}
	for _, t := range cfg.API.Tokens {
		if t.Name == name {
			return "", ErrNameTaken
		}
	}
	token, sha := NewAPIToken()
	err := st.PutWebToken(ctx, store.WebToken{Name: name, SHA256: sha, CreatedBy: by})
	if errors.Is(err, store.ErrConflict) {
		return "", ErrNameTaken
	}
	if err != nil {
		return "", err
	}
	return token, nil
}

// RevokeToken revokes the active stored token called name; requests with
// it get 401 from then on. Errors: ErrNoSuchToken, store failures.
func RevokeToken(ctx context.Context, st Accounts, name, by string) error {
	_, err := st.RevokeWebToken(ctx, name, by)
	if store.IsNotFound(err) {
		return ErrNoSuchToken
	}
	return err
}

// EnsureAdmin creates the user "admin" with a random password when no
// dashboard user exists, and returns the password so that the caller can
// show it once (log and console). It returns created=false, and no
// password, when a user exists already.
func (h *Handler) EnsureAdmin(ctx context.Context) (password string, created bool, err error) {
	password = NewPassword()
	hash, err := HashPassword(password)
	if err != nil {
		return "", false, fmt.Errorf("web: ensure admin: %w", err)
	}
	created, err = h.st.CreateFirstWebUser(ctx, store.WebUser{Name: AdminUser, Hash: hash})
	if err != nil || !created {
		return "", false, err
	}
	return password, true, nil
}
