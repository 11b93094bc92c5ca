package config

import (
	"errors"
	"testing"
)

// FuzzParse feeds arbitrary bytes to the config loader: it must return a
// config or an error wrapping ErrInvalid, and never panic.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"listen: \":8080\"\n",
		"wechat:\n  app_id: wx\n  app_secret: s\n",
		"rewards:\n  - code: a\n    name: b\n    cost: 3\n",
		"points: {daily_cap: x}\n",
		"staff: [{openid: a, name: b}]\n",
		"a: &x [*x]\n",
		"listen: [unclosed\n",
		"\xff\xfe",
		"jobs:\n  timeout: 3 days\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse("fuzz.yaml", data)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		_ = cfg.Validate()
	})
}
