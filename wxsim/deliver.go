package wxsim

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"gridbot/wx"
)

// maxReplyBytes caps the answer body Deliver reads.
const maxReplyBytes = 64 << 10

// Attempt is one POST of a callback.
type Attempt struct {
	Copy    int       // which copy of the message (see Copies); 0 is the original
	Try     int       // 1 for the first attempt of a copy, then 2, 3
	At      time.Time // platform clock when it started; its timestamp parameter
	Nonce   string
	Status  int           // HTTP status, 0 when none came
	Latency time.Duration // wall time until the answer was read or the attempt failed
	Body    []byte        // the answer body, at most 64 KB
	Reply   *wx.Reply     // the decoded passive reply; nil for "success"
	Sealed  bool          // the reply was encrypted
	Err     error         // nil when the answer was accepted
}

// Delivery is the outcome of Deliver.
type Delivery struct {
	// Reply is the passive reply of the first copy answered, nil when it
	// answered "success" or an empty body. Sealed says it was encrypted.
	Reply  *wx.Reply
	Sealed bool
	// Attempts lists every POST of every copy, ordered by copy and try.
	Attempts []Attempt
}

// DeliverOption changes how Deliver posts a message.
type DeliverOption func(*deliverOptions)

type deliverOptions struct {
	copies int
	gap    time.Duration
}

// Copies makes Deliver post the same message n times in all, as WeChat's
// retries and retry storms do: the same document (MsgId, CreateTime), each
// copy with a fresh timestamp and nonce and retries of its own. Copy i
// starts i×gap after the first; a zero gap posts them all at once.
func Copies(n int, gap time.Duration) DeliverOption {
	return func(o *deliverOptions) {
		o.copies, o.gap = max(n, 1), max(gap, 0)
	}
}

// Deliver posts m to the callback URL as WeChat does and returns the
// passive reply. Before posting, it records the user's interaction, which
// opens or renews their customer-service window (once per message, however
// many copies). Each attempt is signed, and in safe or compatible mode
// encrypted, with a fresh timestamp (platform clock) and nonce; it waits
// AttemptTimeout for an answer. A timeout, a connection error or a status
// other than 200 is retried after RetryInterval, for Attempts in all.
//
// It returns ErrNoCallbackURL, ErrBadReply (no retry: WeChat shows the
// user an error), an error matching ErrUndelivered and the last attempt's
// cause (ErrAttemptTimeout, ErrStatus or a transport error), or the
// error of ctx. With Copies, the error is nil if any copy was answered,
// and otherwise the first copy's. The Delivery lists the attempts made
// even when the error is not nil.
func (p *Platform) Deliver(ctx context.Context, m *wx.Message, opts ...DeliverOption) (Delivery, error) {
	o := deliverOptions{copies: 1}
	for _, f := range opts {
		f(&o)
	}
	p.mu.Lock()
	target := p.callbackURL
	p.mu.Unlock()
	if target == "" {
		return Delivery{}, fmt.Errorf("wxsim: deliver: %w", ErrNoCallbackURL)
	}
	p.interact(m, p.now())

	results := make([]copyResult, o.copies)
	if o.copies == 1 {
		results[0] = p.deliverCopy(ctx, m, target, 0)
	} else {
		var wg sync.WaitGroup
		for i := range results {
			wg.Go(func() {
				if err := sleep(ctx, time.Duration(i)*o.gap); err != nil {
					results[i].err = fmt.Errorf("wxsim: deliver copy %d: %w", i, err)
					return
				}
				results[i] = p.deliverCopy(ctx, m, target, i)
			})
		}
		wg.Wait()
	}

	var d Delivery
	answered := false
	for _, r := range results {
		d.Attempts = append(d.Attempts, r.attempts...)
		if r.err == nil && !answered {
			answered = true
			d.Reply, d.Sealed = r.reply, r.sealed
		}
	}
	if !answered {
		return d, results[0].err
	}
	return d, nil
}

type copyResult struct {
	attempts []Attempt
	reply    *wx.Reply
	sealed   bool
	err      error
}

// deliverCopy posts one copy of m with retries.
func (p *Platform) deliverCopy(ctx context.Context, m *wx.Message, target string, copy int) copyResult {
	var res copyResult
	for try := 1; ; try++ {
		a, retry := p.attempt(ctx, m, target, copy, try)
		res.attempts = append(res.attempts, a)
		p.log.Debug("wxsim: callback attempt",
			slog.String("key", wx.DedupKey(m)), slog.Int("copy", copy), slog.Int("try", try),
			slog.Int("status", a.Status), slog.Duration("latency", a.Latency), slog.Any("err", a.Err))
		switch {
		case a.Err == nil:
			res.reply, res.sealed = a.Reply, a.Sealed
			return res
		case !retry:
			res.err = a.Err
			return res
		case try >= p.cfg.Attempts:
			res.err = fmt.Errorf("wxsim: deliver: %d attempts: %w: %w", try, ErrUndelivered, a.Err)
			return res
		}
		if err := sleep(ctx, p.cfg.RetryInterval); err != nil {
			res.err = fmt.Errorf("wxsim: deliver: %w", err)
			return res
		}
	}
}

// attempt makes one POST and reports whether a failure may be retried.
func (p *Platform) attempt(ctx context.Context, m *wx.Message, target string, copy, try int) (Attempt, bool) {
	a := Attempt{Copy: copy, Try: try, At: p.now()}
	q, body, err := p.codec.SignCallback(m, wx.CallbackOptions{
		Mode: p.cfg.Mode, JSON: p.cfg.JSON, Timestamp: strconv.FormatInt(a.At.Unix(), 10),
	})
	if err != nil {
		a.Err = fmt.Errorf("wxsim: sign callback: %w", err)
		return a, false
	}
	a.Nonce = q.Get("nonce")
	u, err := url.Parse(target)
	if err != nil {
		a.Err = fmt.Errorf("wxsim: callback URL: %w", err)
		return a, false
	}
	uq := u.Query()
	for k, v := range q {
		uq[k] = v
	}
	u.RawQuery = uq.Encode()

	actx, cancel := context.WithTimeout(ctx, p.cfg.AttemptTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		a.Err = fmt.Errorf("wxsim: callback request: %w", err)
		return a, false
	}
	if p.cfg.JSON {
		req.Header.Set("Content-Type", "application/json")
	} else {
		req.Header.Set("Content-Type", "text/xml")
	}
	req.Header.Set("User-Agent", "Mozilla/4.0")
	req.Header.Set("Accept", "*/*")
	req.Header.Set("Pragma", "no-cache")

	start := time.Now()
	resp, err := p.hc.Do(req)
	var data []byte
	if err == nil {
		a.Status = resp.StatusCode
		data, err = io.ReadAll(io.LimitReader(resp.Body, maxReplyBytes))
		resp.Body.Close()
	}
	a.Latency = time.Since(start)
	a.Body = data
	switch {
	case err != nil && ctx.Err() != nil:
		a.Err = fmt.Errorf("wxsim: attempt %d: %w", try, ctx.Err())
		return a, false
	case err != nil && errors.Is(actx.Err(), context.DeadlineExceeded):
		a.Err = fmt.Errorf("wxsim: attempt %d: no answer after %s: %w", try, p.cfg.AttemptTimeout, ErrAttemptTimeout)
		return a, true
	case err != nil:
		a.Err = fmt.Errorf("wxsim: attempt %d: %w", try, err)
		return a, true
	case a.Status != http.StatusOK:
		a.Err = fmt.Errorf("wxsim: attempt %d: HTTP status %d: %w", try, a.Status, ErrStatus)
		return a, true
	}
	a.Reply, a.Sealed, a.Err = p.checkReply(m, data)
	if a.Err != nil {
		a.Err = fmt.Errorf("wxsim: attempt %d: %w", try, a.Err)
	}
	return a, false
}

// checkReply decodes an answer and checks it as WeChat would.
func (p *Platform) checkReply(m *wx.Message, body []byte) (*wx.Reply, bool, error) {
	r, sealed, err := p.codec.DecodeReply(body)
	switch {
	case err != nil:
		return nil, sealed, fmt.Errorf("%w: %w", ErrBadReply, err)
	case r == nil:
		return nil, false, nil
	case p.cfg.Mode == wx.ModeSafe && !sealed:
		return nil, false, fmt.Errorf("%w: plain reply to a safe-mode callback", ErrBadReply)
	case r.ToUserName != m.OpenID() || r.FromUserName != string(m.ToUserName):
		return nil, sealed, fmt.Errorf("%w: reply from %q to %q, want from %q to %q",
			ErrBadReply, r.FromUserName, r.ToUserName, m.ToUserName, m.OpenID())
	}
	return r, sealed, nil
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
