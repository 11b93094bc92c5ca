package config

import "go.yaml.in/yaml/v3"

// Masked returns the configuration as YAML with every secret replaced by a
// mask that shows only whether it is set. It is safe to print or log.
func (c *Config) Masked() ([]byte, error) {
	cp := *c
	cp.WeChat.AppSecret = mask(cp.WeChat.AppSecret)
	cp.WeChat.EncodingAESKey = mask(cp.WeChat.EncodingAESKey)
	cp.WeChat.Token = mask(cp.WeChat.Token)
	cp.Notify.WeComRobotKey = mask(cp.Notify.WeComRobotKey)
	return yaml.Marshal(&cp)
}

func mask(s string) string {
	if s == "" {
		return ""
	}
	return "******"
}
