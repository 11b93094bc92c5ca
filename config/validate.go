package config

import (
	"encoding/base64"
	"encoding/hex"

	"fmt"
	"net"
	"strings"
	"time"
)

// Validate checks the decoded configuration and reports every problem at
// once, each in words a person can act on. The error wraps ErrInvalid.
func (c *Config) Validate() error {
	problems := c.problems()
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("%w:\n  %s", ErrInvalid, strings.Join(problems, "\n  "))
}

// problems returns every validation problem, each starting with the key
// it is about.
func (c *Config) problems() []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		add("listen must be host:port, such as 127.0.0.1:8080 or :8080, got %q", c.Listen)
	}
	if strings.TrimSpace(c.DataDir) == "" {
		add("data_dir must name a directory, such as ./data")
	}
	if _, err := time.LoadLocation(c.Timezone); err != nil {
		add("timezone %q is not a known time zone; use a name such as Asia/Shanghai", c.Timezone)
	}
	if c.Log.Format != "text" && c.Log.Format != "json" {
		add("log.format must be text or json, got %q", c.Log.Format)
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		add("log.level must be debug, info, warn or error, got %q", c.Log.Level)
	}
	c.WeChat.validate(add)
	for i, s := range c.Staff {
		if strings.TrimSpace(s.OpenID) == "" {
			add("staff[%d].openid must not be empty", i)
		}
		if strings.TrimSpace(s.Name) == "" {
			add("staff[%d].name must not be empty", i)
		}
	}
	oneOf(add, "riders.approval", c.Riders.Approval, "auto", "staff")
	oneOf(add, "points.review", c.Points.Review, "auto", "staff")
	if c.Points.DailyCap < 0 {
		add("points.daily_cap must be zero (no cap) or a positive whole number")
	}
	positive(add, "points.hold_ttl", c.Points.HoldTTL)
	positive(add, "riders.orphan_photo_window", c.Riders.OrphanPhotoWindow)
	positive(add, "reports.category_window", c.Reports.CategoryWindow)
	positive(add, "reports.location_window", c.Reports.LocationWindow)
	c.validateCategories(add)
	c.validateRewards(add)
	c.Photo.validate(add)
	if c.Jobs.Workers < 0 {
		add("jobs.workers must be 0 (one per CPU) or a positive whole number")
	}
	if c.Jobs.MaxAttempts < 1 {
		add("jobs.max_attempts must be at least 1")
	}
	positive(add, "jobs.timeout", c.Jobs.Timeout)
	positive(add, "jobs.backoff_base", c.Jobs.BackoffBase)
	if c.Jobs.BackoffMax < c.Jobs.BackoffBase {
		add("jobs.backoff_max must be at least jobs.backoff_base")
	}
	if c.Store.BatchDelay < 0 || c.Store.BatchDelay > time.Second {
		add("store.batch_delay must be between 0 and 1s, got %s", c.Store.BatchDelay)
	}
	if c.Store.BatchMaxSize < 1 {
		add("store.batch_max_size must be a positive whole number")
	}
	positive(add, "store.open_timeout", c.Store.OpenTimeout)
	if c.Backup.Every < 0 {
		add("backup.every must be 0 (off) or a duration such as 24h")
	}
	if c.Backup.Every > 0 && c.Backup.Keep < 1 {
		add("backup.keep must be a positive whole number when backup.every is set")
	}
	positive(add, "admin.session_ttl", c.Admin.SessionTTL)
	for i, t := range c.API.Tokens {
		if strings.TrimSpace(t.Name) == "" {
			add("api.tokens[%d].name must not be empty", i)
		}
		if b, err := hex.DecodeString(t.SHA256); err != nil || len(b) != 32 {
			add("api.tokens[%d].sha256 must be 64 hex digits (the SHA-256 of the token)", i)
		}
	}
	if c.Limits.PhotosPerMinute < 1 || c.Limits.PhotosPerDay < 1 || c.Limits.MessagesPerMinute < 1 {
		add("limits.photos_per_minute, limits.photos_per_day and limits.messages_per_minute must be positive whole numbers")
	}
	return problems
}

func (w *WeChatConfig) validate(add func(format string, args ...any)) {
	if !strings.HasPrefix(w.WebhookPath, "/") {
		add("wechat.webhook_path must start with /, got %q", w.WebhookPath)
	}
	if w.APIBase != "" && !strings.HasPrefix(w.APIBase, "http://") && !strings.HasPrefix(w.APIBase, "https://") {
		add("wechat.api_base must be an http:// or https:// URL, got %q", w.APIBase)
	}
	if w.EncodingAESKey != "" {
		if k, err := base64.StdEncoding.DecodeString(w.EncodingAESKey + "="); len(w.EncodingAESKey) != 43 || err != nil || len(k) != 32 {
			add("wechat.encoding_aes_key must be the 43-character EncodingAESKey from the Official Account settings")
		}
	}
	if w.LocalMode() {
		return
	}
	if w.AppSecret == "" {
		add("wechat.app_secret is required when wechat.app_id is set (or set %s)", EnvAppSecret)
	}
	if w.Token == "" {
		add("wechat.token is required when wechat.app_id is set (or set %s)", EnvToken)
	}
	if w.RequireEncryption && w.EncodingAESKey == "" {
		add("wechat.require_encryption needs wechat.encoding_aes_key (or set %s)", EnvEncodingAESKey)
	}
}

func (c *Config) validateCategories(add func(format string, args ...any)) {
	if len(c.Categories) == 0 {
		add("categories must list at least one report category")
	}
	seen := map[string]string{}
	for i, cat := range c.Categories {
		if cat.Code == "" {
			add("categories[%d].code must not be empty", i)
		}
		if cat.Name == "" {
			add("categories[%d].name must not be empty", i)
		}
		for _, id := range append([]string{"code:" + cat.Code, "menu_key:" + cat.MenuKey}, prefixAll("word:", cat.Words)...) {
			if strings.HasSuffix(id, ":") {
				continue
			}
			if prev, dup := seen[id]; dup {
				add("categories[%d] repeats %s already used by %s", i, id, prev)
			}
			seen[id] = fmt.Sprintf("categories[%d]", i)
		}
	}
}

func (c *Config) validateRewards(add func(format string, args ...any)) {
	codes := map[string]bool{}
	for i, r := range c.Rewards {
		if r.Code == "" {
			add("rewards[%d].code must not be empty", i)
		} else if codes[r.Code] {
			add("rewards[%d].code %q is used twice", i, r.Code)
		}
		codes[r.Code] = true
		if r.Name == "" {
			add("rewards[%d].name must not be empty", i)
		}
		if r.Cost <= 0 {
			add("rewards[%d].cost must be a positive whole number", i)
		}
		if r.MonthlyLimit < 0 || r.Stock < 0 {
			add("rewards[%d].monthly_limit and stock must be 0 (no limit) or positive", i)
		}
	}
}

func oneOf(add func(string, ...any), key, got string, allowed ...string) {
	for _, a := range allowed {
		if got == a {
			return
		}
	}
	add("%s must be %s, got %q", key, strings.Join(allowed, " or "), got)
}

func positive(add func(string, ...any), key string, d time.Duration) {
	if d <= 0 {
		add("%s must be a positive duration such as 10m", key)
	}
}

func prefixAll(p string, ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = p + s
	}
	return out
}
