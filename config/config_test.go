package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // exact lines, in order
	}{
		{
			name: "unknown top-level key with suggestion",
			yaml: "listen: \":8080\"\nlisen: x\n",
			want: []string{`config.yaml:2: unknown key "lisen" (did you mean "listen"?)`},
		},
		{
			name: "unknown nested key",
			yaml: "wechat:\n  app_id: wx\n  app_secert: s\n",
			want: []string{`config.yaml:3: unknown key "wechat.app_secert" (did you mean "app_secret"?)`},
		},
		{
			name: "unknown key in a list item",
			yaml: "rewards:\n  - code: a\n    name: b\n    cost: 3\n    price: 4\n",
			want: []string{`config.yaml:5: unknown key "rewards[0].price"`},
		},
		{
			name: "wrong type int",
			yaml: "points:\n  daily_cap: lots\n",
			want: []string{`config.yaml:2: points.daily_cap must be a whole number, got "lots"`},
		},
		{
			name: "wrong type duration",
			yaml: "points:\n  hold_ttl: 3 days\n",
			want: []string{`config.yaml:2: points.hold_ttl must be a duration such as 30s, 10m or 72h, got "3 days"`},
		},
		{
			name: "wrong type bool",
			yaml: "wechat:\n  require_encryption: maybe\n",
			want: []string{`config.yaml:2: wechat.require_encryption must be true or false, got "maybe"`},
		},
		{
			name: "mapping where a list belongs",
			yaml: "staff:\n  openid: x\n",
			want: []string{`config.yaml:2: staff must be a list`},
		},
		{
			name: "several problems at once",
			yaml: "foo: 1\npoints:\n  daily_cap: x\n",
			want: []string{`config.yaml:1: unknown key "foo"`, `config.yaml:3: points.daily_cap must be a whole number, got "x"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("config.yaml", []byte(tt.yaml))
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("got error %v, want one wrapping ErrInvalid", err)
			}
			got := problemLines(err)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

func TestParseSyntaxError(t *testing.T) {
	_, err := Parse("config.yaml", []byte("listen: [unclosed\n"))
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "config.yaml") || !strings.Contains(err.Error(), "line") {
		t.Fatalf("got %v, want a syntax error naming the file and line", err)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(c *Config)
		want   []string
	}{
		{"defaults are valid", func(*Config) {}, nil},
		{"missing secret with app id", func(c *Config) { c.WeChat.AppID = "wx123"; c.WeChat.Token = "t" },
			[]string{"wechat.app_secret is required when wechat.app_id is set (or set GRIDBOT_WECHAT_APP_SECRET)"}},
		{"missing token with app id", func(c *Config) { c.WeChat.AppID = "wx123"; c.WeChat.AppSecret = "s" },
			[]string{"wechat.token is required when wechat.app_id is set (or set GRIDBOT_WECHAT_TOKEN)"}},
		{"require encryption without key", func(c *Config) {
			c.WeChat.AppID, c.WeChat.AppSecret, c.WeChat.Token, c.WeChat.RequireEncryption = "wx", "s", "t", true
		}, []string{"wechat.require_encryption needs wechat.encoding_aes_key (or set GRIDBOT_WECHAT_ENCODING_AES_KEY)"}},
		{"bad aes key", func(c *Config) { c.WeChat.EncodingAESKey = "short" },
			[]string{"wechat.encoding_aes_key must be the 43-character EncodingAESKey from the Official Account settings"}},
		{"negative reward cost", func(c *Config) {
			c.Rewards = append(c.Rewards, Reward{Code: "tea", Name: "茶", Cost: -3})
		}, []string{"rewards[1].cost must be a positive whole number"}},
		{"duplicate reward code", func(c *Config) {
			c.Rewards = append(c.Rewards, Reward{Code: "haircut", Name: "again", Cost: 1})
		}, []string{`rewards[1].code "haircut" is used twice`}},
		{"bad approval", func(c *Config) { c.Riders.Approval = "manual" },
			[]string{`riders.approval must be auto or staff, got "manual"`}},
		{"bad timezone", func(c *Config) { c.Timezone = "Mars/Olympus" },
			[]string{`timezone "Mars/Olympus" is not a known time zone; use a name such as Asia/Shanghai`}},
		{"staff without openid", func(c *Config) { c.Staff = []StaffMember{{Name: "王"}} },
			[]string{"staff[0].openid must not be empty"}},
		{"bad api token hash", func(c *Config) { c.API.Tokens = []APIToken{{Name: "x", SHA256: "abc"}} },
			[]string{"api.tokens[0].sha256 must be 64 hex digits (the SHA-256 of the token)"}},
		{"category word reused", func(c *Config) { c.Categories[1].Words = append(c.Categories[1].Words, "垃圾") },
			[]string{"categories[2] repeats word:垃圾 already used by categories[1]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.mutate(c)
			err := c.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("got %v, want no error", err)
				}
				return
			}
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("got %v, want ErrInvalid", err)
			}
			if got := problemLines(err); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

func TestEnvOverridesSecrets(t *testing.T) {
	c := Default()
	c.WeChat.AppSecret = "from-file"
	env := map[string]string{EnvAppSecret: "from-env", EnvEncodingAESKey: "k"}
	ApplyEnv(c, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if c.WeChat.AppSecret != "from-env" || c.WeChat.EncodingAESKey != "k" {
		t.Fatalf("got secret %q key %q, want env values", c.WeChat.AppSecret, c.WeChat.EncodingAESKey)
	}
}

func TestMaskedHidesSecrets(t *testing.T) {
	c := Default()
	c.WeChat.AppSecret = "s3cr3t-app"
	c.WeChat.EncodingAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	c.WeChat.Token = "tok-en"
	c.Notify.WeComRobotKey = "robot-key"
	out, err := c.Masked()
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"s3cr3t-app", "abcdefghijklmnopqrstuvwxyz", "tok-en", "robot-key"} {
		if strings.Contains(string(out), secret) {
			t.Errorf("masked output contains secret %q", secret)
		}
	}
	if c.WeChat.AppSecret != "s3cr3t-app" {
		t.Errorf("Masked changed the config itself")
	}
}

// TestShippedConfig loads the repository's config.yaml: it must be valid,
// run in local mode, keep data under ./data and offer a haircut.
func TestShippedConfig(t *testing.T) {
	c, err := Load(filepath.Join("..", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !c.WeChat.LocalMode() || c.DataDir != "./data" {
		t.Errorf("got local=%v data_dir=%q, want local mode with ./data", c.WeChat.LocalMode(), c.DataDir)
	}
	if len(c.Rewards) == 0 || c.Rewards[0].Name != "免费理发" {
		t.Errorf("got rewards %+v, want a free haircut first", c.Rewards)
	}
	if c.WeChat.AppSecret != "" || c.WeChat.EncodingAESKey != "" || c.WeChat.Token != "" {
		t.Errorf("shipped config must not contain secrets")
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.yaml"))
	if !errors.Is(err, ErrInvalid) || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("got %v, want ErrInvalid wrapping ErrNotExist", err)
	}
}

// problemLines returns the indented problem lines of a config error.
func problemLines(err error) []string {
	var out []string
	for _, l := range strings.Split(err.Error(), "\n")[1:] {
		out = append(out, strings.TrimSpace(l))
	}
	return out
}

// TestLoadNamesLinesOfInvalidValues checks that Validate's problems carry
// the line of the offending key when the key is in the file.
func TestLoadNamesLinesOfInvalidValues(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yaml")
	data := "listen: \":8080\"\nriders:\n  approval: manual\nrewards:\n  - code: a\n    name: b\n    cost: -1\nwechat:\n  app_id: wx1\n  token: t\n"
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	want := []string{
		path + ": wechat.app_secret is required when wechat.app_id is set (or set GRIDBOT_WECHAT_APP_SECRET)",
		path + `:3: riders.approval must be auto or staff, got "manual"`,
		path + ":7: rewards[0].cost must be a positive whole number",
	}
	if got := problemLines(err); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}
