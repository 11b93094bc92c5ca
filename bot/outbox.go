package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"gridbot/jobs"
	"gridbot/store"
	"gridbot/wx"
)

// Job kinds owned by the transport.
const (
	JobSend  = "send"  // one customer-service message
	JobRobot = "robot" // one WeCom group robot message
)

// outboxSpace names the per-rider queue of messages WeChat refused.
const outboxSpace = "outbox"

// Outgoing is one customer-service message to a user.
type Outgoing struct {
	OpenID  string `json:"openid"`
	Text    string `json:"text,omitempty"`
	MediaID string `json:"media_id,omitempty"`
	// About names the pending item a staff notice is about ("R12"); a
	// notice kept for later whose item is no longer pending is dropped.
	About string `json:"about,omitempty"`
}

// Sender sends customer-service messages (wx.Client).
type Sender interface {
	SendText(ctx context.Context, openid, text string) error
	SendImage(ctx context.Context, openid, mediaID string) error
}

// Doer runs a write transaction (store.DB).
type Doer interface {
	Do(ctx context.Context, fn func(*store.Tx) error) error
}

// Outbox sends customer-service messages as durable jobs and keeps the ones
// WeChat refuses for the rider's next interaction.
type Outbox struct {
	Sender Sender
	Store  Doer
	Log    *slog.Logger
	// Pending reports whether the item a notice is About still waits for
	// staff; nil keeps every notice.
	Pending func(tx *store.Tx, ref string) bool
}

// Send enqueues msg in tx; it is sent once tx commits.
func (o *Outbox) Send(tx *store.Tx, msg Outgoing) error {
	return o.SendAt(tx, msg, tx.Now())
}

// SendAt enqueues msg in tx to be sent once tx commits and not before at
// (for example to let a passive reply reach the user first).
func (o *Outbox) SendAt(tx *store.Tx, msg Outgoing, at time.Time) error {
	_, err := tx.Enqueue(JobSend, msg, at)
	return err
}

// SendText is Send for a text message.
func (o *Outbox) SendText(tx *store.Tx, openid, text string) error {
	return o.Send(tx, Outgoing{OpenID: openid, Text: text})
}

// Flush re-enqueues, in tx, every message kept for openid because WeChat
// refused it earlier. The webhook calls it when openid interacts, which
// opens a new customer-service window.
func (o *Outbox) Flush(tx *store.Tx, openid string) error {
	items, err := tx.TakeQueue(outboxSpace, openid)
	if err != nil {
		return err
	}
	for _, raw := range items {
		var msg Outgoing
		if err := json.Unmarshal(raw, &msg); err != nil {
			o.Log.Error("dropping undecodable outbox item", slog.String("openid", openid), slog.Any("err", err))
			continue
		}
		if msg.About != "" && o.Pending != nil && !o.Pending(tx, msg.About) {
			o.Log.Info("dropping a kept notice whose item was already handled", slog.String("openid", openid), slog.String("about", msg.About))
			continue
		}
		if err := o.Send(tx, msg); err != nil {
			return err
		}
	}
	return nil
}

// RunSend is the handler of JobSend. A message refused for the window or
// the quota is kept in the outbox and the job completes; other failures
// retry.
func (o *Outbox) RunSend(ctx context.Context, job store.Job) error {
	var msg Outgoing
	if err := json.Unmarshal(job.Payload, &msg); err != nil {
		return fmt.Errorf("send job %d: %w: %w", job.ID, jobs.ErrPermanent, err)
	}
	var err error
	if msg.MediaID != "" {
		err = o.Sender.SendImage(ctx, msg.OpenID, msg.MediaID)
	} else {
		err = o.Sender.SendText(ctx, msg.OpenID, msg.Text)
	}
	if errors.Is(err, wx.ErrOutOfWindow) || errors.Is(err, wx.ErrQuota) {
		o.Log.Info("message kept for the rider's next interaction", slog.String("openid", msg.OpenID), slog.Any("err", err))
		return o.Store.Do(ctx, func(tx *store.Tx) error { return tx.AppendQueue(outboxSpace, msg.OpenID, msg) })
	}
	return err
}

// Kept returns the messages kept for openid (for tests and the dashboard).
func Kept(tx *store.Tx, openid string) ([]Outgoing, error) {
	items, err := tx.PeekQueue(outboxSpace, openid)
	if err != nil {
		return nil, err
	}
	out := make([]Outgoing, 0, len(items))
	for _, raw := range items {
		var m Outgoing
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}
