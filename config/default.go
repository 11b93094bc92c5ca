package config

import "time"

// Default returns the configuration used for every key config.yaml leaves
// out. It runs in local mode (no WeChat account) with data under ./data.
func Default() *Config {
	return &Config{
		Listen:   "127.0.0.1:8080",
		DataDir:  "./data",
		Timezone: "Asia/Shanghai",
		Log:      LogConfig{Format: "text", Level: "info"},
		WeChat:   WeChatConfig{WebhookPath: "/wechat"},
		Riders:   RidersConfig{Approval: "auto", OrphanPhotoWindow: 24 * time.Hour},
		Points:   PointsConfig{Review: "auto", DailyCap: 20, HoldTTL: 72 * time.Hour},
		Reports: ReportsConfig{
			CategoryWindow: 5 * time.Minute,
			LocationWindow: 10 * time.Minute,
		},
		Categories: []Category{
			{Code: "safety", Name: "安全隐患", Words: []string{"安全", "隐患", "安全隐患"}, MenuKey: "report_safety"},
			{Code: "vending", Name: "占道经营", Words: []string{"占道", "摆摊", "占道经营"}, MenuKey: "report_vending"},
			{Code: "sanitation", Name: "环境卫生", Words: []string{"卫生", "垃圾", "环境", "环境卫生"}, MenuKey: "report_sanitation"},
		},
		Rewards: []Reward{
			{Code: "haircut", Name: "免费理发", Cost: 200, Partner: "社区合作理发店", Note: "凭券码到店使用"},
		},
		Photo: defaultPhoto(),
		Jobs: JobsConfig{
			MaxAttempts: 8,
			Timeout:     60 * time.Second,
			BackoffBase: time.Second,
			BackoffMax:  10 * time.Minute,
		},
		Store:  StoreConfig{BatchDelay: 0, BatchMaxSize: 1000, OpenTimeout: 2 * time.Second},
		Backup: BackupConfig{Every: 24 * time.Hour, Keep: 7},
		Admin:  AdminConfig{SessionTTL: 12 * time.Hour},
		Limits: RateLimitsConfig{PhotosPerMinute: 10, PhotosPerDay: 100, MessagesPerMinute: 30},
	}
}
