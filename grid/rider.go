package grid

import (
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// RiderStatus is where a rider stands in the programme.
type RiderStatus string

// Rider states.
const (
	RiderPending  RiderStatus = "pending"  // registered, waiting for staff approval
	RiderActive   RiderStatus = "active"   // may earn points
	RiderRejected RiderStatus = "rejected" // registration refused
	RiderInactive RiderStatus = "inactive" // deactivated by staff
)

// Rider is a registered grid worker.
type Rider struct {
	OpenID       string      `json:"openid"`
	Seq          uint64      `json:"seq"` // registration number, shown as U<seq>
	Name         string      `json:"name"`
	Phone        string      `json:"phone"`
	Status       RiderStatus `json:"status"`
	RegisteredAt time.Time   `json:"registered_at"`
	DecidedBy    string      `json:"decided_by,omitempty"`
	DecidedAt    time.Time   `json:"decided_at,omitzero"`
	Reason       string      `json:"reason,omitempty"`
}

// Errors returned by the rider rules.
var (
	// ErrBadPhone is returned for a number that is not a mainland mobile number.
	ErrBadPhone = errors.New("not a valid mainland mobile number")
	// ErrBadName is returned for an empty or overlong name.
	ErrBadName = errors.New("name must be 1 to 20 characters")
	// ErrNotPending is returned when deciding a registration that is not pending.
	ErrNotPending = errors.New("registration is not pending")
)

var mobile = regexp.MustCompile(`^1[3-9][0-9]{9}$`)

// NormalizePhone strips spaces, dashes and a +86/86 prefix and returns the
// 11-digit mainland mobile number, or ErrBadPhone.
func NormalizePhone(s string) (string, error) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\u3000' {
			return -1
		}
		return r
	}, s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "+86"), "0086")
	if len(s) == 13 && strings.HasPrefix(s, "86") {
		s = s[2:]
	}
	if !mobile.MatchString(s) {
		return "", ErrBadPhone
	}
	return s, nil
}

// ValidName checks a rider's name.
func ValidName(s string) error {
	s = strings.TrimSpace(s)
	if n := utf8.RuneCountInString(s); n < 1 || n > 20 {
		return ErrBadName
	}
	return nil
}

// MaskPhone shows the first three and last four digits: 138****0000.
func MaskPhone(p string) string {
	if len(p) != 11 {
		return "***"
	}
	return p[:3] + "****" + p[7:]
}

// MaskName keeps the first character of a name: 张三 → 张*, 欧阳娜娜 → 欧***.
func MaskName(name string) string {
	r := []rune(strings.TrimSpace(name))
	if len(r) == 0 {
		return "*"
	}
	if len(r) == 1 {
		return string(r) + "*"
	}
	return string(r[0]) + strings.Repeat("*", len(r)-1)
}

// Decide approves or rejects a pending registration.
func (r Rider) Decide(approve bool, actor, reason string, at time.Time) (Rider, error) {
	if r.Status != RiderPending {
		return r, ErrNotPending
	}
	r.Status = RiderRejected
	if approve {
		r.Status = RiderActive
	}
	r.DecidedBy, r.DecidedAt, r.Reason = actor, at, reason
	return r, nil
}
