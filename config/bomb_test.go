package config

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestAliasBombIsRefusedQuickly feeds a "billion laughs" document: each
// level is a list of ten aliases of the level below. The loader must
// refuse it without expanding it.
func TestAliasBombIsRefusedQuickly(t *testing.T) {
	var b strings.Builder
	b.WriteString("x0: &l0 [\"lol\"]\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "x%d: &l%d [", i, i)
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*l%d", i-1)
		}
		b.WriteString("]\n")
	}
	b.WriteString("categories:\n  - code: a\n    name: b\n    words: *l9\n")
	_, err := Parse("bomb.yaml", []byte(b.String()))
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("got %v, want ErrInvalid", err)
	}
}
