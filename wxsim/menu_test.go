package wxsim

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"gridbot/wx"
)

func TestMenuCreate(t *testing.T) {
	e := mustPlatform(t, nil)
	c := e.client(t, 2*time.Second)
	cats := []wx.MenuCategory{{Name: "井盖", Key: "CAT_MANHOLE"}, {Name: "路灯", Key: "CAT_LAMP"}}
	if err := c.CreateMenu(ctxTimeout(t, 2*time.Second), wx.DefaultMenu(wx.MenuLabels{}, cats)); err != nil {
		t.Fatalf("CreateMenu: %v", err)
	}
	m := e.p.Menu()
	if len(m) != 3 || len(m[0].SubButtons) != 2 || m[0].SubButtons[1].Type != "pic_photo_or_album" ||
		m[0].SubButtons[1].Key != "CAT_LAMP" || m[1].Key != wx.MenuKeyMyPoints {
		t.Fatalf("Menu() = %+v", m)
	}
	m[0].SubButtons[0].Name = "changed"
	if e.p.Menu()[0].SubButtons[0].Name != "井盖" {
		t.Error("Menu() returned the stored menu, not a copy")
	}
}

func TestMenuValidation(t *testing.T) {
	e := mustPlatform(t, nil)
	tok := e.token(t, false)
	click := `{"type":"click","name":"a","key":"K"}`
	tests := []struct {
		name, buttons string
		code          int
	}{
		{"ok", click, 0},
		{"no buttons", ``, 40016},
		{"four top buttons", strings.Repeat(click+",", 3) + click, 40016},
		{"long top name", `{"type":"click","name":"` + strings.Repeat("名", 6) + `","key":"K"}`, 40018},
		{"click without key", `{"type":"click","name":"a"}`, 40019},
		{"unknown type", `{"type":"teleport","name":"a","key":"K"}`, 40017},
		{"view without url", `{"type":"view","name":"a"}`, 40020},
		{"six sub-buttons", `{"name":"menu","sub_button":[` + strings.Repeat(click+",", 5) + click + `]}`, 40023},
		{"sub click without key", `{"name":"menu","sub_button":[{"type":"click","name":"a"}]}`, 40026},
		{"sub unknown type", `{"name":"menu","sub_button":[{"type":"x","name":"a","key":"K"}]}`, 40024},
		{"sub photo", `{"name":"menu","sub_button":[{"type":"pic_photo_or_album","name":"拍照","key":"CAT"},{"type":"view","name":"v","url":"https://example.com"}]}`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := url.Values{"access_token": {tok}}
			_, out, _ := e.call(t, "POST", "/cgi-bin/menu/create?"+q.Encode(), `{"button":[`+tt.buttons+`]}`)
			if code := errcode(out); code != tt.code {
				t.Errorf("errcode %d, want %d (%v)", code, tt.code, out)
			}
		})
	}
}
