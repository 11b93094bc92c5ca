package wx

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckXMLDepth(t *testing.T) {
	nest := func(n int) string { return strings.Repeat("<a>", n) + strings.Repeat("</a>", n) }
	tests := []struct {
		name string
		doc  string
		ok   bool
	}{
		{"at the limit", nest(MaxDepth), true},
		{"one over", nest(MaxDepth + 1), false},
		{"self-closing does not nest", "<xml>" + strings.Repeat("<a/>", 100) + "</xml>", true},
		{"markup inside CDATA ignored", "<xml><![CDATA[" + strings.Repeat("<a>", 100) + "]]></xml>", true},
		{"markup inside comment ignored", "<xml><!--" + strings.Repeat("<a>", 100) + "--></xml>", true},
		{"quoted > and /> in attributes", `<xml a=">" b="/>">` + nest(MaxDepth-1) + "</xml>", true},
		{"quoted /> does not close", `<xml>` + strings.Repeat(`<a b="/>">`, MaxDepth) + "</xml>", false},
		{"processing instruction", `<?xml version="1.0"?>` + nest(MaxDepth), true},
		{"unterminated CDATA", "<xml><![CDATA[x</xml>", false},
		{"unterminated tag", "<xml><a", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkXMLDepth([]byte(tt.doc), MaxDepth)
			if tt.ok && err != nil || !tt.ok && !errors.Is(err, ErrMalformed) {
				t.Errorf("checkXMLDepth error = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

func TestCheckJSONDepth(t *testing.T) {
	nest := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	tests := []struct {
		name string
		doc  string
		ok   bool
	}{
		{"at the limit", nest(MaxDepth), true},
		{"one over", nest(MaxDepth + 1), false},
		{"brackets in strings ignored", `{"a":"` + strings.Repeat("[", 100) + `\"[["}`, true},
	}
	for _, tt := range tests {
		err := checkJSONDepth([]byte(tt.doc), MaxDepth)
		if tt.ok && err != nil || !tt.ok && !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: checkJSONDepth error = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}
