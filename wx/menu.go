package wx

import (
	"context"
	"fmt"

	"github.com/silenceper/wechat/v2/officialaccount/menu"
)

// Event keys of the default menu's click buttons (the EventKey of the
// CLICK event). Photo buttons use their category's menu key.
const (
	MenuKeyMyPoints = "MY_POINTS"
	MenuKeyRewards  = "REWARDS"
)

// Platform limits on a custom menu.
const (
	maxTopButtons = 3
	maxSubButtons = 5
	maxKeyBytes   = 128
	maxTopName    = 16 // bytes
	maxSubName    = 60 // bytes
)

// MenuCategory is one photo button of the default menu: a report category
// with its display name and event key (config's Category.Name and
// MenuKey).
type MenuCategory struct {
	Name string
	Key  string
}

// MenuLabels names the default menu's top-level buttons. Empty fields take
// the defaults 随手拍, 我的积分 and 兑换服务.
type MenuLabels struct {
	Photo    string
	MyPoints string
	Rewards  string
}

// DefaultMenu returns gridbot's menu: a photo sub-menu with one
// pic_photo_or_album button per category (key = the category's key), a
// click button MenuKeyMyPoints and a click button MenuKeyRewards.
// CreateMenu validates it (at most five categories).
func DefaultMenu(labels MenuLabels, categories []MenuCategory) []*menu.Button {
	if labels.Photo == "" {
		labels.Photo = "随手拍"
	}
	if labels.MyPoints == "" {
		labels.MyPoints = "我的积分"
	}
	if labels.Rewards == "" {
		labels.Rewards = "兑换服务"
	}
	subs := make([]*menu.Button, 0, len(categories))
	for _, cat := range categories {
		subs = append(subs, new(menu.Button).SetPicPhotoOrAlbumButton(cat.Name, cat.Key))
	}
	return []*menu.Button{
		new(menu.Button).SetSubButton(labels.Photo, subs),
		new(menu.Button).SetClickButton(labels.MyPoints, MenuKeyMyPoints),
		new(menu.Button).SetClickButton(labels.Rewards, MenuKeyRewards),
	}
}

// CreateMenu replaces the account's custom menu (POST /cgi-bin/menu/create).
// It returns ErrInvalidArgument, without a request, for a menu the
// platform would refuse: 1–3 top buttons, 1–5 sub-buttons each, names of
// at most 16 (top) or 60 (sub) bytes, keys of 1–128 bytes on key types.
func (c *Client) CreateMenu(ctx context.Context, buttons []*menu.Button) error {
	if err := validateMenu(buttons); err != nil {
		return err
	}
	req := struct {
		Button []*menu.Button `json:"button"`
	}{buttons}
	return c.postJSON(ctx, "menu create", "/cgi-bin/menu/create", req, nil)
}

func validateMenu(buttons []*menu.Button) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("wx: menu: "+format+": %w", append(args, ErrInvalidArgument)...)
	}
	if len(buttons) == 0 || len(buttons) > maxTopButtons {
		return bad("%d top-level buttons, want 1 to %d", len(buttons), maxTopButtons)
	}
	for _, b := range buttons {
		if b == nil || b.Name == "" || len(b.Name) > maxTopName {
			return bad("top-level button name must be 1 to %d bytes", maxTopName)
		}
		if b.Type == "" {
			if len(b.SubButtons) == 0 || len(b.SubButtons) > maxSubButtons {
				return bad("%q has %d sub-buttons, want 1 to %d", b.Name, len(b.SubButtons), maxSubButtons)
			}
			for _, s := range b.SubButtons {
				if s == nil || s.Name == "" || len(s.Name) > maxSubName {
					return bad("sub-button name under %q must be 1 to %d bytes", b.Name, maxSubName)
				}
				if err := validateLeaf(s, bad); err != nil {
					return err
				}
			}
			continue
		}
		if err := validateLeaf(b, bad); err != nil {
			return err
		}
	}
	return nil
}

func validateLeaf(b *menu.Button, bad func(string, ...any) error) error {
	switch b.Type {
	case "view":
		if b.URL == "" {
			return bad("view button %q has no url", b.Name)
		}
	case "miniprogram", "media_id", "view_limited", "article_id", "article_view_limited":
	case "":
		return bad("button %q has no type", b.Name)
	default:
		if b.Key == "" || len(b.Key) > maxKeyBytes {
			return bad("button %q key must be 1 to %d bytes", b.Name, maxKeyBytes)
		}
	}
	return nil
}
