package wxsim

import (
	"encoding/json"
	"net/http"
	"slices"
)

// Button is one button of the custom menu, as menu/create receives it.
type Button struct {
	Type       string   `json:"type,omitempty"`
	Name       string   `json:"name"`
	Key        string   `json:"key,omitempty"`
	URL        string   `json:"url,omitempty"`
	MediaID    string   `json:"media_id,omitempty"`
	ArticleID  string   `json:"article_id,omitempty"`
	AppID      string   `json:"appid,omitempty"`
	PagePath   string   `json:"pagepath,omitempty"`
	SubButtons []Button `json:"sub_button,omitempty"`
}

// Menu limits, as WeChat's.
const (
	maxTopButtons = 3
	maxSubButtons = 5
	maxTopName    = 16 // bytes
	maxSubName    = 60 // bytes
	maxKey        = 128
	maxURL        = 1024
)

// keyTypes are the button types that need a key (their events carry it).
var keyTypes = map[string]bool{
	"click": true, "scancode_push": true, "scancode_waitmsg": true, "pic_sysphoto": true,
	"pic_photo_or_album": true, "pic_weixin": true, "location_select": true,
}

// otherTypes are the other leaf types WeChat accepts.
var otherTypes = map[string]bool{
	"view": true, "miniprogram": true, "media_id": true, "view_limited": true,
	"article_id": true, "article_view_limited": true,
}

// Menu returns a copy of the menu last created, or nil.
func (p *Platform) Menu() []Button {
	p.mu.Lock()
	defer p.mu.Unlock()
	return cloneButtons(p.menu)
}

func cloneButtons(bs []Button) []Button {
	if bs == nil {
		return nil
	}
	out := slices.Clone(bs)
	for i := range out {
		out[i].SubButtons = cloneButtons(out[i].SubButtons)
	}
	return out
}

// menuCreate serves POST /cgi-bin/menu/create: it validates the menu as
// WeChat does and replaces the stored one.
func (p *Platform) menuCreate(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Button []Button `json:"button"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, codeDataFormat)
		return
	}
	if code := checkMenu(req.Button); code != 0 {
		writeError(w, code)
		return
	}
	p.mu.Lock()
	p.menu = req.Button
	p.mu.Unlock()
	writeOK(w)
}

// checkMenu returns the errcode WeChat gives for an invalid menu, or 0.
func checkMenu(top []Button) int {
	if len(top) == 0 || len(top) > maxTopButtons {
		return codeButtonSize
	}
	for _, b := range top {
		if b.Name == "" || len(b.Name) > maxTopName {
			return codeButtonNameSize
		}
		if b.Type == "" && len(b.SubButtons) > 0 {
			if len(b.SubButtons) > maxSubButtons {
				return codeSubButtonSize
			}
			for _, s := range b.SubButtons {
				if s.Name == "" || len(s.Name) > maxSubName {
					return codeSubButtonName
				}
				if len(s.SubButtons) > 0 {
					return codeSubButtonType
				}
				if code := checkLeaf(s); code != 0 {
					return subCode(code)
				}
			}
			continue
		}
		if code := checkLeaf(b); code != 0 {
			return code
		}
	}
	return 0
}

// checkLeaf returns the top-level errcode for a bad leaf button, or 0.
func checkLeaf(b Button) int {
	switch {
	case keyTypes[b.Type]:
		if b.Key == "" || len(b.Key) > maxKey {
			return codeButtonKeySize
		}
	case b.Type == "view", b.Type == "miniprogram":
		if b.URL == "" || len(b.URL) > maxURL {
			return codeButtonURLSize
		}
		if b.Type == "miniprogram" && (b.AppID == "" || b.PagePath == "") {
			return codeInvalidParameter
		}
	case b.Type == "media_id", b.Type == "view_limited":
		if b.MediaID == "" {
			return codeInvalidMediaID
		}
	case b.Type == "article_id", b.Type == "article_view_limited":
		if b.ArticleID == "" {
			return codeInvalidParameter
		}
	case otherTypes[b.Type]:
	default:
		return codeButtonType
	}
	return 0
}

// subCode maps a top-level button errcode to its sub-button twin.
func subCode(code int) int {
	switch code {
	case codeButtonType:
		return codeSubButtonType
	case codeButtonKeySize:
		return codeSubButtonKey
	case codeButtonURLSize:
		return codeSubButtonURL
	}
	return code
}
