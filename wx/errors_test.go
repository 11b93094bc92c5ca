package wx

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestAPIErrorIs(t *testing.T) {
	tests := []struct {
		code int
		want error
	}{
		{40001, ErrTokenInvalid}, {40014, ErrTokenInvalid}, {42001, ErrTokenInvalid},
		{40007, ErrMediaExpired}, {45015, ErrOutOfWindow}, {45047, ErrQuota},
		{40164, ErrIPNotAllowed}, {45009, ErrRateLimited},
	}
	all := []error{ErrTokenInvalid, ErrMediaExpired, ErrOutOfWindow, ErrQuota, ErrIPNotAllowed, ErrRateLimited}
	for _, tt := range tests {
		err := fmt.Errorf("job: %w", &APIError{Code: tt.code, Msg: "m", Op: "op"})
		for _, s := range all {
			if got := errors.Is(err, s); got != (s == tt.want) {
				t.Errorf("errors.Is(%d, %v) = %v, want %v", tt.code, s, got, s == tt.want)
			}
		}
	}
	if got, want := (&APIError{Code: 45015, Msg: "out of time", Op: "custom send"}).Error(), "wx: custom send: errcode 45015: out of time"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestIsTemporary(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"timeout", fmt.Errorf("wx: media get: %w", context.DeadlineExceeded), true},
		{"bad gateway", fmt.Errorf("wx: x: HTTP status 502: %w", ErrUnexpectedResponse), true},
		{"system busy", &APIError{Code: -1}, true},
		{"frequency limit", &APIError{Code: 45009}, true},
		{"robot limiter", fmt.Errorf("wx: robot: %w", ErrRateLimited), true},
		{"token", &APIError{Code: 40001}, true},
		{"out of window", &APIError{Code: 45015}, false},
		{"quota", &APIError{Code: 45047}, false},
		{"media expired and fallback 404", fmt.Errorf("%w; PicUrl fallback: %w", &APIError{Code: 40007}, ErrUnexpectedResponse), false},
		{"other errcode", &APIError{Code: 40003}, false},
		{"too large", fmt.Errorf("wx: %w", ErrTooLarge), false},
	}
	for _, tt := range tests {
		if got := IsTemporary(tt.err); got != tt.want {
			t.Errorf("%s: IsTemporary(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
}
