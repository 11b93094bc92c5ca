package staff

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Kind is the kind of item a staff member acts on, named by the prefix of
// its id as people see it.
type Kind byte

// Item kinds.
const (
	// KindRegistration is a rider's registration, U<seq> (grid.Rider.Seq).
	KindRegistration Kind = 'U'
	// KindRedemption is a redemption request, R<id> (points.Redemption.ID).
	KindRedemption Kind = 'R'
	// KindReport is a photo report, P<id> (grid.Report.ID).
	KindReport Kind = 'P'
)

// String returns the kind's prefix letter.
func (k Kind) String() string { return string(rune(k)) }

// Ref names one item: a kind and a number, written as people see it: U3,
// R12, P40.
type Ref struct {
	Kind Kind
	ID   uint64
}

// String returns the ref as people see it, for example "R12", or "" for
// the zero Ref.
func (r Ref) String() string {
	if r.ID == 0 {
		return ""
	}
	return r.Kind.String() + strconv.FormatUint(r.ID, 10)
}

// MarshalText encodes the ref as its String form, so JSON shows "R12".
func (r Ref) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText parses the String form with ParseRef.
func (r *Ref) UnmarshalText(b []byte) error {
	ref, err := ParseRef(string(b))
	if err != nil {
		return err
	}
	*r = ref
	return nil
}

// ParseRef parses "R12", "r12", "Ｒ１２" or "R 12" into a Ref. Errors: an
// *Error wrapping ErrBadRef for anything else (unknown prefix, no number,
// zero, overflow).
func ParseRef(s string) (Ref, error) {
	t := strings.ReplaceAll(strings.TrimSpace(halfWidth(s)), " ", "")
	if t == "" {
		return Ref{}, badRef(s)
	}
	k := Kind(unicode.ToUpper(rune(t[0])))
	switch k {
	case KindRegistration, KindRedemption, KindReport:
	default:
		return Ref{}, badRef(s)
	}
	id, err := strconv.ParseUint(t[1:], 10, 64)
	if err != nil || id == 0 {
		return Ref{}, badRef(s)
	}
	return Ref{Kind: k, ID: id}, nil
}

func badRef(s string) *Error {
	return &Error{Err: ErrBadRef, Op: opParse, Cause: fmt.Errorf("cannot parse %q", s)}
}

// halfWidth turns full-width ASCII forms (Ｒ１２) and the ideographic space
// into their ASCII equivalents.
func halfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\u3000':
			return ' '
		case r >= '！' && r <= '～':
			return r - '！' + '!'
		}
		return r
	}, s)
}
