package wx

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/menu"
)

func TestSendCustom(t *testing.T) {
	tests := []struct {
		name   string
		answer string
		send   func(c *Client) error
		want   string // the JSON the platform must receive
		err    error
	}{
		{
			name:   "text",
			answer: `{"errcode":0,"errmsg":"ok"}`,
			send: func(c *Client) error {
				return c.SendText(ctxTimeout(t, 5*time.Second), "oRider", "积分 +1 <ok> & 谢谢")
			},
			want: `{"touser":"oRider","msgtype":"text","text":{"content":"积分 +1 <ok> & 谢谢"}}`,
		},
		{
			name:   "image",
			answer: `{"errcode":0,"errmsg":"ok"}`,
			send:   func(c *Client) error { return c.SendImage(ctxTimeout(t, 5*time.Second), "oRider", "MEDIA_9") },
			want:   `{"touser":"oRider","msgtype":"image","image":{"media_id":"MEDIA_9"}}`,
		},
		{
			name:   "out of window",
			answer: `{"errcode":45015,"errmsg":"response out of time limit or subscription is canceled"}`,
			send:   func(c *Client) error { return c.SendText(ctxTimeout(t, 5*time.Second), "oRider", "hi") },
			err:    ErrOutOfWindow,
		},
		{
			name:   "quota",
			answer: `{"errcode":45047,"errmsg":"out of response count limit"}`,
			send:   func(c *Client) error { return c.SendImage(ctxTimeout(t, 5*time.Second), "oRider", "M") },
			err:    ErrQuota,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeWeChat(t)
			var got string
			f.customSend = func(w http.ResponseWriter, body []byte) {
				got = strings.TrimSpace(string(body))
				writeJSON(w, tt.answer)
			}
			c, _ := testClient(t, f, nil, nil)
			err := tt.send(c)
			if !errors.Is(err, tt.err) || (tt.err == nil && err != nil) {
				t.Fatalf("send error = %v, want %v", err, tt.err)
			}
			if tt.err != nil {
				var ae *APIError
				if !errors.As(err, &ae) || ae.Op != "custom send" {
					t.Errorf("error %v is not an *APIError for custom send", err)
				}
			}
			if tt.want != "" && got != tt.want {
				t.Errorf("platform received %s, want %s", got, tt.want)
			}
		})
	}
}

func TestCreateDefaultMenu(t *testing.T) {
	f := newFakeWeChat(t)
	var got string
	f.menuCreate = func(w http.ResponseWriter, body []byte) {
		got = strings.TrimSpace(string(body))
		writeJSON(w, `{"errcode":0,"errmsg":"ok"}`)
	}
	c, _ := testClient(t, f, nil, nil)
	buttons := DefaultMenu(MenuLabels{}, []MenuCategory{
		{Name: "井盖缺失", Key: "CAT_MANHOLE"},
		{Name: "占道经营", Key: "CAT_STALL"},
	})
	if err := c.CreateMenu(ctxTimeout(t, 5*time.Second), buttons); err != nil {
		t.Fatalf("CreateMenu: %v", err)
	}
	want := `{"button":[{"name":"随手拍","sub_button":[` +
		`{"type":"pic_photo_or_album","name":"井盖缺失","key":"CAT_MANHOLE"},` +
		`{"type":"pic_photo_or_album","name":"占道经营","key":"CAT_STALL"}]},` +
		`{"type":"click","name":"我的积分","key":"MY_POINTS"},` +
		`{"type":"click","name":"兑换服务","key":"REWARDS"}]}`
	if got != want {
		t.Errorf("platform received\n%s\nwant\n%s", got, want)
	}
	var check struct{ Button []*menu.Button }
	if err := json.Unmarshal([]byte(got), &check); err != nil || len(check.Button) != 3 {
		t.Errorf("menu JSON does not decode into 3 menu.Buttons: %v", err)
	}
}

func TestCreateMenuValidates(t *testing.T) {
	f := newFakeWeChat(t)
	c, _ := testClient(t, f, nil, nil)
	six := make([]MenuCategory, 6)
	for i := range six {
		six[i] = MenuCategory{Name: "类别", Key: "K" + string(rune('A'+i))}
	}
	tests := map[string][]*menu.Button{
		"no buttons":       nil,
		"six categories":   DefaultMenu(MenuLabels{}, six),
		"no categories":    DefaultMenu(MenuLabels{}, nil),
		"empty key":        DefaultMenu(MenuLabels{}, []MenuCategory{{Name: "x"}}),
		"long top name":    DefaultMenu(MenuLabels{Photo: "一二三四五六"}, []MenuCategory{{Name: "x", Key: "K"}}),
		"view without url": {new(menu.Button).SetViewButton("看", "")},
	}
	for name, buttons := range tests {
		if err := c.CreateMenu(ctxTimeout(t, 5*time.Second), buttons); !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: CreateMenu error = %v, want ErrInvalidArgument", name, err)
		}
	}
	if stable, _ := f.counts(); stable != 0 {
		t.Errorf("stable_token calls = %d, want 0: invalid menus must not reach the platform", stable)
	}
}
