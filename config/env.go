package config

// Secret environment variables. Each one, when set, overrides the file.
const (
	EnvConfig         = "GRIDBOT_CONFIG"
	EnvAppSecret      = "GRIDBOT_WECHAT_APP_SECRET"
	EnvToken          = "GRIDBOT_WECHAT_TOKEN"
	EnvEncodingAESKey = "GRIDBOT_WECHAT_ENCODING_AES_KEY"
	EnvWeComRobotKey  = "GRIDBOT_NOTIFY_WECOM_ROBOT_KEY"
)

// ApplyEnv overrides secrets from the environment. lookup is os.LookupEnv
// in production and a map in tests.
func ApplyEnv(c *Config, lookup func(string) (string, bool)) {
	for env, dst := range map[string]*string{
		EnvAppSecret:      &c.WeChat.AppSecret,
		EnvToken:          &c.WeChat.Token,
		EnvEncodingAESKey: &c.WeChat.EncodingAESKey,
		EnvWeComRobotKey:  &c.Notify.WeComRobotKey,
	} {
		if v, ok := lookup(env); ok && v != "" {
			*dst = v
		}
	}
}
