package wxsim

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"

	"gridbot/wx"
)

func TestCustomWindowAfterMessage(t *testing.T) {
	e := mustPlatform(t, nil)
	e.connect(t, newReceiver(t, nil))
	c := e.client(t, 2*time.Second)
	ctx := ctxTimeout(t, 5*time.Second)
	const rider = "oRider"

	if err := c.SendText(ctx, rider, "hi"); !isCode(err, 40003) {
		t.Errorf("send to an unknown openid: %v, want errcode 40003", err)
	}
	e.mustDeliver(t, e.p.NewText(rider, "井盖丢了"), Copies(3, 0)) // copies count once
	for i := range MessageQuota {
		if err := c.SendText(ctx, rider, fmt.Sprint("msg ", i)); err != nil {
			t.Fatalf("send %d: %v", i+1, err)
		}
	}
	if err := c.SendText(ctx, rider, "one too many"); !errors.Is(err, wx.ErrQuota) {
		t.Errorf("6th send: %v, want ErrQuota", err)
	}
	got, err := e.p.WaitMessages(ctx, rider, MessageQuota)
	if err != nil || len(got) != MessageQuota || got[0].Text != "msg 0" || got[0].MsgType != message.MsgTypeText {
		t.Fatalf("WaitMessages = %+v, %v", got, err)
	}

	// A new message reopens the window; 48 h later it is closed.
	e.clock.Advance(time.Hour)
	e.mustDeliver(t, e.p.NewText(rider, "还在吗"))
	if err := c.SendText(ctx, rider, "yes"); err != nil {
		t.Errorf("send after a new message: %v", err)
	}
	e.clock.Advance(MessageWindow)
	if err := c.SendText(ctx, rider, "late"); !errors.Is(err, wx.ErrOutOfWindow) {
		t.Errorf("send after 48 h: %v, want ErrOutOfWindow", err)
	}
	e.mustDeliver(t, e.p.NewText(rider, "hello again"))
	if err := c.SendText(ctx, rider, "welcome back"); err != nil {
		t.Errorf("send after reopening: %v", err)
	}
	if n := len(e.p.Messages(rider)); n != MessageQuota+2 {
		t.Errorf("recorded %d messages, want %d", n, MessageQuota+2)
	}
}

func TestCustomWindowAfterEvent(t *testing.T) {
	e := mustPlatform(t, nil)
	e.connect(t, newReceiver(t, nil))
	c := e.client(t, 2*time.Second)
	ctx := ctxTimeout(t, 5*time.Second)

	e.mustDeliver(t, e.p.NewClick("oClick", wx.MenuKeyMyPoints))
	for i := range EventQuota {
		if err := c.SendText(ctx, "oClick", "points"); err != nil {
			t.Fatalf("send %d after click: %v", i+1, err)
		}
	}
	if err := c.SendText(ctx, "oClick", "more"); !errors.Is(err, wx.ErrQuota) {
		t.Errorf("4th send after click: %v, want ErrQuota", err)
	}
	e.mustDeliver(t, e.p.NewClick("oClick", wx.MenuKeyRewards))
	e.clock.Advance(EventWindow)
	if err := c.SendText(ctx, "oClick", "late"); !errors.Is(err, wx.ErrOutOfWindow) {
		t.Errorf("send a minute after click: %v, want ErrOutOfWindow", err)
	}

	// A LOCATION event opens nothing; unsubscribe closes everything.
	e.mustDeliver(t, e.p.NewLocationEvent("oLoc", 23.1, 113.3, 30))
	if err := c.SendText(ctx, "oLoc", "hi"); !errors.Is(err, wx.ErrOutOfWindow) {
		t.Errorf("send after LOCATION: %v, want ErrOutOfWindow", err)
	}
	e.mustDeliver(t, e.p.NewText("oGone", "bye"))
	e.mustDeliver(t, e.p.NewUnsubscribe("oGone"))
	if err := c.SendText(ctx, "oGone", "hi"); !errors.Is(err, wx.ErrOutOfWindow) {
		t.Errorf("send after unsubscribe: %v, want ErrOutOfWindow", err)
	}
	e.mustDeliver(t, e.p.NewSubscribe("oGone"))
	if err := c.SendText(ctx, "oGone", "welcome"); err != nil {
		t.Errorf("send after subscribe: %v", err)
	}
}

func TestCustomImageAndSubscribe(t *testing.T) {
	e := mustPlatform(t, nil)
	e.connect(t, newReceiver(t, nil))
	c := e.client(t, 2*time.Second)
	ctx := ctxTimeout(t, 5*time.Second)

	all, cancelAll := e.p.Subscribe("")
	mine, cancel := e.p.Subscribe("oPic")
	e.mustDeliver(t, e.p.NewText("oPic", "photo please"))
	e.mustDeliver(t, e.p.NewText("oOther", "me too"))
	id, err := c.UploadMedia(ctx, "image", "card.jpg", testJPEG(t))
	if err != nil {
		t.Fatalf("UploadMedia: %v", err)
	}
	if err := c.SendImage(ctx, "oPic", id); err != nil {
		t.Fatalf("SendImage: %v", err)
	}
	if err := c.SendText(ctx, "oOther", "hi"); err != nil {
		t.Fatalf("SendText: %v", err)
	}
	if err := c.SendImage(ctx, "oPic", "no-such-media"); !isCode(err, 40007) {
		t.Errorf("SendImage of an unknown id: %v, want errcode 40007", err)
	}
	select {
	case s := <-mine:
		if s.MsgType != message.MsgTypeImage || s.MediaID != id || s.PicURL == "" {
			t.Errorf("subscription got %+v, want the image", s)
		}
	case <-ctx.Done():
		t.Fatal("no message on the subscription")
	}
	cancel()
	if _, ok := <-mine; ok {
		t.Error("subscription still open after cancel")
	}
	cancel() // idempotent
	for _, want := range []string{"oPic", "oOther"} {
		if s := <-all; s.OpenID != want {
			t.Errorf("all-openid subscription got %s, want %s", s.OpenID, want)
		}
	}
	cancelAll()

	short, stop := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer stop()
	if got, err := e.p.WaitMessages(short, "oPic", 2); !errors.Is(err, context.DeadlineExceeded) || len(got) != 1 {
		t.Errorf("WaitMessages beyond what was sent: %d, %v", len(got), err)
	}
}

// isCode reports whether err is a *wx.APIError with code.
func isCode(err error, code int) bool {
	var ae *wx.APIError
	return errors.As(err, &ae) && ae.Code == code
}
