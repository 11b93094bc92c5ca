package bot

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"gridbot/store"
	"gridbot/wx"
)

// Conversation decides what a message does. Handle runs inside the intake
// transaction: it may change state and enqueue jobs through tx, must do no
// network or image work, and may run more than once for one commit (group
// commit retries), so it must not keep side effects outside tx.
type Conversation interface {
	Handle(tx *store.Tx, m *wx.Message) (Answer, error)
}

// Answer is the Conversation's passive reply; an empty Text means none.
type Answer struct {
	Text string
}

// Intaker records a message exactly once (store.DB).
type Intaker interface {
	Intake(ctx context.Context, d store.Delivery, handle func(*store.Tx) ([]byte, error)) ([]byte, bool, error)
}

// Webhook is the http.Handler for the callback URL.
type Webhook struct {
	Codec        *wx.Codec
	Store        Intaker
	Conversation Conversation
	Outbox       *Outbox
	Now          func() time.Time
	Log          *slog.Logger
	Metrics      *Metrics
	// Window is how far a callback's timestamp may be from the clock, and
	// how long nonces are remembered. Default 5 minutes.
	Window time.Duration
}

// ReplayWindow is the default timestamp and nonce window.
const ReplayWindow = 5 * time.Minute

func (h *Webhook) window() time.Duration {
	if h.Window > 0 {
		return h.Window
	}
	return ReplayWindow
}

// ServeHTTP answers the URL check (GET) and callbacks (POST).
func (h *Webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		h.verifyURL(w, r)
	case http.MethodPost:
		h.receive(w, r)
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

func (h *Webhook) verifyURL(w http.ResponseWriter, r *http.Request) {
	q := wx.ParseQuery(r.URL.Query())
	echo, err := h.Codec.VerifyURL(q)
	if err == nil {
		err = wx.CheckTimestamp(q.Timestamp, h.Now(), h.window())
	}
	if err != nil {
		h.refuse(w, r, err, "")
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, echo)
}

func (h *Webhook) receive(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, wx.MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			err = errBodyTooLarge
		}
		h.refuse(w, r, err, "")
		return
	}
	q := wx.ParseQuery(r.URL.Query())
	now := h.Now()
	if err := wx.CheckTimestamp(q.Timestamp, now, h.window()); err != nil {
		h.refuse(w, r, err, "")
		return
	}
	cb, err := h.Codec.ParseCallback(q, body)
	if err != nil {
		h.refuse(w, r, err, "")
		return
	}
	m := cb.Message
	key := wx.DedupKey(m)
	sum := sha256.Sum256(body)
	stored, dup, err := h.Store.Intake(context.WithoutCancel(r.Context()), store.Delivery{
		Key: key, Nonce: q.Nonce, BodySum: sum[:], ReplayWindow: h.window(),
	}, func(tx *store.Tx) ([]byte, error) {
		if h.Outbox != nil {
			if err := h.Outbox.Flush(tx, m.OpenID()); err != nil {
				return nil, err
			}
		}
		ans, err := h.Conversation.Handle(tx, m)
		if err != nil || ans.Text == "" {
			return nil, err
		}
		return json.Marshal(wx.NewTextReply(m, ans.Text, tx.Now()))
	})
	if err != nil {
		h.refuse(w, r, err, key)
		return
	}
	var reply *wx.Reply
	if len(stored) > 0 {
		reply = new(wx.Reply)
		if err := json.Unmarshal(stored, reply); err != nil {
			h.Log.Error("stored reply does not decode; answering success", slog.String("key", key), slog.Any("err", err))
			reply = nil
		}
	}
	out, err := h.Codec.EncodeReply(reply, cb.Encrypted, now, "")
	if err != nil {
		h.Log.Error("reply does not encode; answering success", slog.String("key", key), slog.Any("err", err))
		out = []byte(wx.Success)
	}
	if reply != nil {
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	}
	w.Write(out)
	h.Metrics.observe(dup, time.Since(start))
	if dup {
		h.Log.Info("retry answered from the deduplication record", slog.String("key", key))
	}
}

// errBodyTooLarge marks a body over wx.MaxBodyBytes.
var errBodyTooLarge = errors.New("callback body exceeds 64 KB")

// refuse answers a callback that cannot be accepted with the status its
// error maps to, logs the reason once, and never answers an empty 200.
func (h *Webhook) refuse(w http.ResponseWriter, r *http.Request, err error, key string) {
	status, reason := statusFor(err)
	h.Log.Warn("callback refused",
		slog.Int("status", status), slog.String("reason", reason), slog.String("key", key),
		slog.String("remote", r.RemoteAddr), slog.Any("err", err))
	h.Metrics.refused(reason)
	http.Error(w, reason, status)
}

// statusFor maps an intake error to an HTTP status and a short reason.
func statusFor(err error) (int, string) {
	switch {
	case errors.Is(err, errBodyTooLarge), errors.Is(err, wx.ErrTooLarge):
		return http.StatusRequestEntityTooLarge, "body too large"
	case errors.Is(err, wx.ErrBadSignature):
		return http.StatusUnauthorized, "bad signature"
	case errors.Is(err, wx.ErrStaleTimestamp):
		return http.StatusUnauthorized, "timestamp outside window"
	case errors.Is(err, store.ErrReplay):
		return http.StatusUnauthorized, "replayed nonce"
	case errors.Is(err, wx.ErrAppIDMismatch), errors.Is(err, wx.ErrBadPadding), errors.Is(err, wx.ErrBadCiphertext):
		return http.StatusUnauthorized, "undecryptable payload"
	case errors.Is(err, wx.ErrEncryptionRequired):
		return http.StatusForbidden, "encryption required"
	case errors.Is(err, wx.ErrMalformed):
		return http.StatusBadRequest, "malformed message"
	}
	return http.StatusServiceUnavailable, "temporarily unavailable"
}
