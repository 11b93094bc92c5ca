package config

import "time"

// Config is the whole of gridbot's configuration, as read from config.yaml.
// Every field has a yaml tag; the loader rejects keys that match no tag.
type Config struct {
	Listen     string           `yaml:"listen"`
	PublicURL  string           `yaml:"public_url"`
	DataDir    string           `yaml:"data_dir"`
	Timezone   string           `yaml:"timezone"`
	Log        LogConfig        `yaml:"log"`
	WeChat     WeChatConfig     `yaml:"wechat"`
	Staff      []StaffMember    `yaml:"staff"`
	Riders     RidersConfig     `yaml:"riders"`
	Points     PointsConfig     `yaml:"points"`
	Reports    ReportsConfig    `yaml:"reports"`
	Categories []Category       `yaml:"categories"`
	Rewards    []Reward         `yaml:"rewards"`
	Photo      PhotoConfig      `yaml:"photo"`
	Jobs       JobsConfig       `yaml:"jobs"`
	Notify     NotifyConfig     `yaml:"notify"`
	Store      StoreConfig      `yaml:"store"`
	Backup     BackupConfig     `yaml:"backup"`
	Admin      AdminConfig      `yaml:"admin"`
	API        APIConfig        `yaml:"api"`
	Limits     RateLimitsConfig `yaml:"limits"`

	// lines maps key paths to their line in the file, for messages.
	lines map[string]int
}

// LogConfig selects the slog handler.
type LogConfig struct {
	Format string `yaml:"format"` // text or json
	Level  string `yaml:"level"`  // debug, info, warn or error
}

// WeChatConfig describes the Official Account. An empty AppID means local
// mode: the built-in simulator stands in for WeChat's servers.
type WeChatConfig struct {
	AppID             string `yaml:"app_id"`
	AppSecret         string `yaml:"app_secret"`
	Token             string `yaml:"token"`
	EncodingAESKey    string `yaml:"encoding_aes_key"`
	APIBase           string `yaml:"api_base"`
	WebhookPath       string `yaml:"webhook_path"`
	RequireEncryption bool   `yaml:"require_encryption"`
}

// LocalMode reports whether gridbot runs against its own simulator.
func (w WeChatConfig) LocalMode() bool { return w.AppID == "" }

// StaffMember is a community staff member known by their WeChat openid.
type StaffMember struct {
	OpenID string `yaml:"openid"`
	Name   string `yaml:"name"`
}

// RidersConfig governs registration.
type RidersConfig struct {
	Approval string `yaml:"approval"` // auto or staff
	// OrphanPhotoWindow is how long a photo sent before registering is kept
	// and attached once the sender registers.
	OrphanPhotoWindow time.Duration `yaml:"orphan_photo_window"`
}

// PointsConfig governs awards and redemptions.
type PointsConfig struct {
	Review   string        `yaml:"review"` // auto or staff
	DailyCap int           `yaml:"daily_cap"`
	HoldTTL  time.Duration `yaml:"hold_ttl"`
}

// ReportsConfig governs photo reports.
type ReportsConfig struct {
	RequireLocation bool          `yaml:"require_location"`
	CategoryWindow  time.Duration `yaml:"category_window"`
	LocationWindow  time.Duration `yaml:"location_window"`
}

// Category is a kind of problem a rider can report.
type Category struct {
	Code    string   `yaml:"code"`
	Name    string   `yaml:"name"`
	Words   []string `yaml:"words"`
	MenuKey string   `yaml:"menu_key"`
}

// Reward is a service a rider can buy with points.
type Reward struct {
	Code    string `yaml:"code"`
	Name    string `yaml:"name"`
	Cost    int64  `yaml:"cost"`
	Partner string `yaml:"partner"`
	Note    string `yaml:"note"`
	// MonthlyLimit caps redemptions per rider per calendar month; 0 means none.
	MonthlyLimit int `yaml:"monthly_limit"`
	// Stock caps redemptions overall; 0 means unlimited.
	Stock int `yaml:"stock"`
}

// JobsConfig tunes the durable job queue.
type JobsConfig struct {
	Workers     int           `yaml:"workers"` // 0 means the number of CPUs
	MaxAttempts int           `yaml:"max_attempts"`
	Timeout     time.Duration `yaml:"timeout"`
	BackoffBase time.Duration `yaml:"backoff_base"`
	BackoffMax  time.Duration `yaml:"backoff_max"`
}

// NotifyConfig lists optional staff notification channels.
type NotifyConfig struct {
	WeComRobotKey string `yaml:"wecom_robot_key"`
}

// StoreConfig tunes bbolt.
type StoreConfig struct {
	BatchDelay   time.Duration `yaml:"batch_delay"`
	BatchMaxSize int           `yaml:"batch_max_size"`
	OpenTimeout  time.Duration `yaml:"open_timeout"`
}

// BackupConfig schedules online backups into data_dir/backups.
type BackupConfig struct {
	Every time.Duration `yaml:"every"` // 0 disables scheduled backups
	Keep  int           `yaml:"keep"`
	Dir   string        `yaml:"dir"`
}

// AdminConfig configures the web dashboard.
type AdminConfig struct {
	SessionTTL   time.Duration `yaml:"session_ttl"`
	SecureCookie bool          `yaml:"secure_cookie"`
}

// APIConfig configures the JSON API.
type APIConfig struct {
	Tokens []APIToken `yaml:"tokens"`
}

// APIToken is a bearer token known by the hex SHA-256 of its value.
type APIToken struct {
	Name   string `yaml:"name"`
	SHA256 string `yaml:"sha256"`
}

// RateLimitsConfig slows down abusive senders.
type RateLimitsConfig struct {
	PhotosPerMinute   int `yaml:"photos_per_minute"`
	PhotosPerDay      int `yaml:"photos_per_day"`
	MessagesPerMinute int `yaml:"messages_per_minute"`
}

// Location returns the configured time zone; Validate guarantees it loads.
func (c *Config) Location() *time.Location {
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}

// IsStaff reports whether openid belongs to a configured staff member.
func (c *Config) IsStaff(openid string) bool {
	for _, s := range c.Staff {
		if s.OpenID == openid {
			return true
		}
	}
	return false
}
