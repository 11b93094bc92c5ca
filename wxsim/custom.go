package wxsim

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"

	"gridbot/wx"
)

// The customer-service window (see the package documentation).
const (
	// MessageWindow and MessageQuota: after a user message.
	MessageWindow = 48 * time.Hour
	MessageQuota  = 5
	// EventWindow and EventQuota: after a follow, scan or menu click.
	EventWindow = time.Minute
	EventQuota  = 3
)

// grant is one open window: messages left until a time.
type grant struct {
	until time.Time
	left  int
}

// user is what the platform knows of one openid; guarded by Platform.mu.
type user struct {
	unsubscribed bool
	msg, evt     grant
	lastKey      string // DedupKey of the last interaction, so copies count once
}

// interact records that the user behind m acted at now: it opens or
// renews a customer-service window, or closes both on unsubscribe.
func (p *Platform) interact(m *wx.Message, now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	u := p.users[m.OpenID()]
	if u == nil {
		u = &user{}
		p.users[m.OpenID()] = u
	}
	key := wx.DedupKey(m)
	if key == u.lastKey {
		return
	}
	u.lastKey = key
	if !m.IsEvent() {
		u.msg = grant{until: now.Add(MessageWindow), left: MessageQuota}
		return
	}
	switch m.Event {
	case message.EventSubscribe:
		u.unsubscribed = false
		u.evt = grant{until: now.Add(EventWindow), left: EventQuota}
	case message.EventUnsubscribe:
		u.unsubscribed = true
		u.msg, u.evt = grant{}, grant{}
	case message.EventClick, message.EventScan, message.EventScancodePush, message.EventScancodeWaitmsg:
		u.evt = grant{until: now.Add(EventWindow), left: EventQuota}
	}
}

// consume takes one message from the user's open windows and returns 0,
// or the errcode refusing it: 40003 for an openid that never interacted,
// 45015 outside every window (or after unsubscribing), 45047 when every
// open window's quota is spent. The window that closes first pays.
func (p *Platform) consume(openid string, now time.Time) int {
	u := p.users[openid]
	if u == nil {
		return codeInvalidOpenID
	}
	if u.unsubscribed {
		return codeOutOfWindow
	}
	gs := []*grant{&u.evt, &u.msg}
	if u.msg.until.Before(u.evt.until) {
		gs[0], gs[1] = gs[1], gs[0]
	}
	open := false
	for _, g := range gs {
		if now.Before(g.until) {
			open = true
			if g.left > 0 {
				g.left--
				return 0
			}
		}
	}
	if open {
		return codeQuota
	}
	return codeOutOfWindow
}

// Sent is a customer-service message the platform accepted.
type Sent struct {
	OpenID  string
	At      time.Time       // platform clock
	MsgType message.MsgType // text or image
	Text    string          // text messages
	MediaID string          // image messages
	PicURL  string          // image messages: a link to the image
}

// customRequest is the body of POST /cgi-bin/message/custom/send.
type customRequest struct {
	ToUser  string `json:"touser"`
	MsgType string `json:"msgtype"`
	Text    struct {
		Content string `json:"content"`
	} `json:"text"`
	Image struct {
		MediaID string `json:"media_id"`
	} `json:"image"`
}

// customSend serves POST /cgi-bin/message/custom/send for text and image
// messages, enforcing the customer-service window.
func (p *Platform) customSend(w http.ResponseWriter, r *http.Request) {
	var req customRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, codeDataFormat)
		return
	}
	now := p.now()
	s := Sent{OpenID: req.ToUser, At: now, MsgType: message.MsgType(req.MsgType)}
	switch s.MsgType {
	case message.MsgTypeText:
		if req.Text.Content == "" {
			writeError(w, codeEmptyContent)
			return
		}
		s.Text = req.Text.Content
	case message.MsgTypeImage:
		u, ok := p.mediaPicURL(req.Image.MediaID)
		if !ok {
			writeError(w, codeInvalidMediaID)
			return
		}
		s.MediaID, s.PicURL = req.Image.MediaID, u
	default:
		writeError(w, codeInvalidMsgType)
		return
	}
	p.mu.Lock()
	code := p.consume(req.ToUser, now)
	if code == 0 {
		p.addSent(s)
	}
	p.mu.Unlock()
	if code != 0 {
		writeError(w, code)
		return
	}
	writeOK(w)
}

// addSent records s, wakes waiters and feeds subscribers; p.mu is held.
func (p *Platform) addSent(s Sent) {
	p.sent[s.OpenID] = append(p.sent[s.OpenID], s)
	close(p.sentSignal)
	p.sentSignal = make(chan struct{})
	for sub := range p.subs {
		if sub.openid != "" && sub.openid != s.OpenID {
			continue
		}
		select {
		case sub.ch <- s:
		default:
			sub.dropped++
		}
	}
}

// Messages returns the customer-service messages accepted for openid,
// oldest first.
func (p *Platform) Messages(openid string) []Sent {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.sent[openid])
}

// WaitMessages waits until at least n messages were accepted for openid
// and returns them all, oldest first. When ctx ends first it returns the
// messages so far and an error wrapping ctx.Err().
func (p *Platform) WaitMessages(ctx context.Context, openid string, n int) ([]Sent, error) {
	for {
		p.mu.Lock()
		got := slices.Clone(p.sent[openid])
		signal := p.sentSignal
		p.mu.Unlock()
		if len(got) >= n {
			return got, nil
		}
		select {
		case <-ctx.Done():
			return got, fmt.Errorf("wxsim: wait for %d messages to %s: got %d: %w", n, openid, len(got), ctx.Err())
		case <-signal:
		}
	}
}

// SubscribeBuffer is the capacity of a Subscribe channel.
const SubscribeBuffer = 256

// subscriber is one Subscribe call; guarded by Platform.mu.
type subscriber struct {
	openid  string
	ch      chan Sent
	dropped int
}

// Subscribe returns a channel of the messages accepted for openid from now
// on ("" for every openid), and a cancel func that closes it. A subscriber
// that falls SubscribeBuffer messages behind misses the newer ones rather
// than holding up the API. Close closes every channel.
func (p *Platform) Subscribe(openid string) (<-chan Sent, func()) {
	s := &subscriber{openid: openid, ch: make(chan Sent, SubscribeBuffer)}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		close(s.ch)
		return s.ch, func() {}
	}
	p.subs[s] = struct{}{}
	return s.ch, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if _, ok := p.subs[s]; ok {
			delete(p.subs, s)
			close(s.ch)
		}
	}
}
