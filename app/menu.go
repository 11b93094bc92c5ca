package app

import (
	"github.com/silenceper/wechat/v2/officialaccount/menu"

	"gridbot/catalog"
	"gridbot/config"
	"gridbot/wx"
)

// Menu returns the Official Account menu for cfg: a 随手拍 sub-menu with one
// pic_photo_or_album button per report category, 我的积分 and 兑换服务.
// Labels come from the catalog.
func Menu(cfg *config.Config) []*menu.Button {
	cats := make([]wx.MenuCategory, 0, len(cfg.Categories))
	for _, c := range cfg.Categories {
		cats = append(cats, wx.MenuCategory{Name: c.Name, Key: c.MenuKey})
	}
	return wx.DefaultMenu(wx.MenuLabels{
		Photo:    catalog.Text(catalog.MenuPhoto),
		MyPoints: catalog.Text(catalog.MenuMyPoints),
		Rewards:  catalog.Text(catalog.MenuRewards),
	}, cats)
}

// NewClient builds the outbound WeChat API client for cfg. apiBase
// overrides cfg.WeChat.APIBase (local mode passes the simulator's URL);
// tokens persists the access token.
func NewClient(cfg *config.Config, apiBase string, tokens wx.TokenStore, opts Options) (*wx.Client, error) {
	if apiBase == "" {
		apiBase = cfg.WeChat.APIBase
	}
	return wx.NewClient(wx.Options{
		AppID:     cfg.WeChat.AppID,
		AppSecret: cfg.WeChat.AppSecret,
		APIBase:   apiBase,
		Tokens:    tokens,
		Now:       opts.Now,
		Logger:    opts.Logger,
	})
}
