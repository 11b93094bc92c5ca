package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"gridbot/store"
	"gridbot/wx"
)

// fakeSender stands in for WeChat's customer-service API: it refuses with
// the configured error until opened, and records what it delivered.
type fakeSender struct {
	mu        sync.Mutex
	refuse    error
	delivered []string
}

func (f *fakeSender) SendText(_ context.Context, openid, text string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.refuse != nil {
		return fmt.Errorf("custom send: %w", f.refuse)
	}
	f.delivered = append(f.delivered, openid+":"+text)
	return nil
}

func (f *fakeSender) SendImage(ctx context.Context, openid, mediaID string) error {
	return f.SendText(ctx, openid, "[image "+mediaID+"]")
}

func (f *fakeSender) set(err error) {
	f.mu.Lock()
	f.refuse = err
	f.mu.Unlock()
}

func runSendJobs(tb testing.TB, db *store.DB, o *Outbox) {
	tb.Helper()
	js, err := db.Jobs()
	if err != nil {
		tb.Fatal(err)
	}
	for _, j := range js {
		if j.Kind != JobSend {
			continue
		}
		if err := o.RunSend(context.Background(), j); err != nil {
			tb.Fatalf("send job %d: %v", j.ID, err)
		}
		if err := db.CompleteJob(context.Background(), j.ID); err != nil {
			tb.Fatal(err)
		}
	}
}

func TestRefusedMessagesWaitForTheNextInteraction(t *testing.T) {
	for _, refusal := range []error{wx.ErrOutOfWindow, wx.ErrQuota} {
		t.Run(refusal.Error(), func(t *testing.T) {
			h := newHarness(t, false)
			sender := &fakeSender{refuse: refusal}
			o := &Outbox{Sender: sender, Store: h.db, Log: slog.New(slog.DiscardHandler)}
			err := h.db.Do(context.Background(), func(tx *store.Tx) error {
				return o.SendText(tx, "rider-1", "您的兑换已通过")
			})
			if err != nil {
				t.Fatal(err)
			}
			runSendJobs(t, h.db, o)
			var kept []Outgoing
			h.db.View(func(tx *store.Tx) error { kept, err = Kept(tx, "rider-1"); return err })
			if len(kept) != 1 || kept[0].Text != "您的兑换已通过" {
				t.Fatalf("got kept %+v, want the refused message", kept)
			}

			// The rider writes again: the webhook flushes the outbox.
			sender.set(nil)
			h.server.Config.Handler.(*Webhook).Outbox = o
			resp := h.post(t, textMessage("rider-1", "在吗", 77), wx.ModePlain, "")
			if resp.StatusCode != 200 {
				t.Fatalf("got %d, want 200", resp.StatusCode)
			}
			runSendJobs(t, h.db, o)
			if len(sender.delivered) != 1 || sender.delivered[0] != "rider-1:您的兑换已通过" {
				t.Errorf("got delivered %v, want the kept message", sender.delivered)
			}
			h.db.View(func(tx *store.Tx) error { kept, err = Kept(tx, "rider-1"); return err })
			if len(kept) != 0 {
				t.Errorf("got %d kept after flush, want 0", len(kept))
			}
		})
	}
}

// TestFlushDropsStaleNotices: a staff notice kept by WeChat's window is
// dropped at the next interaction if its item was handled meanwhile; a
// notice about a still-pending item, and any other message, is sent.
func TestFlushDropsStaleNotices(t *testing.T) {
	h := newHarness(t, false)
	sender := &fakeSender{refuse: wx.ErrOutOfWindow}
	o := &Outbox{Sender: sender, Store: h.db, Log: slog.New(slog.DiscardHandler),
		Pending: func(_ *store.Tx, ref string) bool { return ref == "R2" }}
	err := h.db.Do(context.Background(), func(tx *store.Tx) error {
		for _, m := range []Outgoing{
			{OpenID: "staff-1", Text: "新兑换申请 R1", About: "R1"},
			{OpenID: "staff-1", Text: "新兑换申请 R2", About: "R2"},
			{OpenID: "staff-1", Text: "普通消息"},
		} {
			if err := o.Send(tx, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	runSendJobs(t, h.db, o) // all three kept
	sender.set(nil)
	if err := h.db.Do(context.Background(), func(tx *store.Tx) error { return o.Flush(tx, "staff-1") }); err != nil {
		t.Fatal(err)
	}
	runSendJobs(t, h.db, o)
	want := []string{"staff-1:新兑换申请 R2", "staff-1:普通消息"}
	if strings.Join(sender.delivered, "|") != strings.Join(want, "|") {
		t.Errorf("got delivered %v, want %v (the notice about handled R1 dropped)", sender.delivered, want)
	}
}
