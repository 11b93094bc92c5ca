package loadtest

import (
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"time"

	"gridbot/wx"
	"gridbot/wxsim"
)

// sentPhoto is one photo message the run sent.
type sentPhoto struct {
	rider int
	dup   bool // re-sends an earlier photo's bytes
	pred  prediction
	start time.Time
	acked bool
	label string // from the passive reply
}

// arrival is one outcome message at the fake API, classified as it
// arrived (so that the collector never falls behind the platform's
// Subscribe buffer).
type arrival struct {
	openid, kind, label string
	at                  time.Time
}

// run is the state of one Run.
type run struct {
	cfg     Config
	seeded  bool // Config.Seed was given: the run repeats an earlier one's photos
	log     *slog.Logger
	now     func() time.Time
	sim     *wxsim.Platform
	openids []string

	mu       sync.Mutex
	acks     []time.Duration
	errs     map[string]int
	sent     int
	copies   int
	photos   []*sentPhoto
	arrivals []arrival
	nudges   int
}

// Run drives the target as WeChat would, for cfg, and returns the report.
// It returns an error wrapping ErrUsage for bad settings, or another error
// when the run could not start (the API address is taken, the target does
// not answer registration). A run that starts returns a Report, whose OK
// says whether any message was lost or credited twice.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Drain == 0 {
		cfg.Drain = DefaultDrain
	}
	if cfg.Concurrency == 0 {
		cfg.Concurrency = DefaultConcurrency
	}
	if cfg.Photos == 0 {
		if cfg.Rate == 0 {
			cfg.Rate = DefaultTextRate
		}
		if cfg.Duration == 0 {
			cfg.Duration = DefaultTextRun
		}
	}
	// Without a Seed every run draws its own, a run nonce, so that rider
	// openids and generated photos are new to the target each time; the
	// report shows it, and Seed repeats it.
	seeded := cfg.Seed != 0
	if !seeded {
		var b [8]byte
		crand.Read(b[:])
		cfg.Seed = binary.LittleEndian.Uint64(b[:]) | 1
	}
	r := &run{cfg: cfg, seeded: seeded, log: cfg.Logger, now: cfg.Now, errs: map[string]int{}}
	for i := range cfg.Riders {
		r.openids = append(r.openids, fmt.Sprintf("load-%08x-%d", uint32(cfg.Seed), i+1))
	}

	var photos *photoSet
	if cfg.Photos > 0 {
		var err error
		start := time.Now()
		if cfg.PhotosDir != "" {
			photos, err = loadPhotos(cfg.PhotosDir, cfg.Riders, uniqueNeeded(cfg.Photos, cfg.Duplicates), cfg.Photo)
		} else {
			photos, err = makePhotos(cfg.Riders, uniqueNeeded(cfg.Photos, cfg.Duplicates), cfg.Photo, cfg.Seed)
		}
		if err != nil {
			return nil, err
		}
		r.log.Info("photos ready", slog.Int("count", cfg.Riders*cfg.Photos), slog.Duration("took", time.Since(start)))
	}

	stop, err := r.startAPI()
	if err != nil {
		return nil, err
	}
	defer stop()

	if err := r.register(ctx); err != nil {
		return nil, err
	}
	begin := r.now()
	if cfg.Photos > 0 {
		r.sendPhotos(ctx, photos)
	} else {
		r.sendTexts(ctx)
	}
	sendTime := r.now().Sub(begin)
	if cfg.Photos > 0 {
		r.drain(ctx)
	}
	return r.report(sendTime), nil
}

// startAPI serves the fake WeChat API on cfg.API and collects the
// customer-service messages it accepts. stop shuts it down.
func (r *run) startAPI() (stop func(), err error) {
	mode := wx.ModePlain
	if r.cfg.Encrypt {
		mode = wx.ModeSafe
	}
	ln, err := net.Listen("tcp", r.cfg.API)
	if err != nil {
		return nil, fmt.Errorf("loadtest: fake API: %w", err)
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = r.cfg.Concurrency, r.cfg.Concurrency
	r.sim, err = wxsim.New(wxsim.Config{
		AppID: r.cfg.AppID, AppSecret: r.cfg.AppSecret, Token: r.cfg.Token, EncodingAESKey: r.cfg.EncodingAESKey,
		Mode: mode, CallbackURL: r.cfg.Target, BaseURL: "http://" + ln.Addr().String(),
		HTTPClient: &http.Client{Transport: tr}, MaxRequests: 1000,
	})
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("loadtest: %w: %w", err, ErrUsage)
	}
	sent, _ := r.sim.Subscribe("")
	done := make(chan struct{})
	go func() {
		defer close(done)
		for s := range sent {
			at := r.now()
			kind, label, ok := matchOutcome(s.Text)
			if !ok {
				continue
			}
			r.mu.Lock()
			r.arrivals = append(r.arrivals, arrival{s.OpenID, kind, label, at})
			r.mu.Unlock()
		}
	}()
	srv := &http.Server{Handler: r.sim.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		r.sim.Close()
		<-done
	}, nil
}

// register registers every rider, Concurrency at a time.
func (r *run) register(ctx context.Context) error {
	var wg sync.WaitGroup
	sem := make(chan struct{}, r.cfg.Concurrency)
	var mu sync.Mutex
	var firstErr error
	for i, openid := range r.openids {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			text := fmt.Sprintf("注册 骑手%d 139%08d", i+1, i+1)
			d, err := r.deliver(ctx, r.sim.NewText(openid, text), 1)
			if err == nil && (d.Reply == nil || !matchesAny(registered, d.Reply.Content)) {
				err = fmt.Errorf("unexpected answer %q", replyText(d))
			}
			if err != nil {
				r.countErr("register")
				mu.Lock()
				if firstErr == nil {
					firstErr = fmt.Errorf("loadtest: register %s: %w (is riders.approval auto?)", openid, err)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return firstErr
}

// deliver posts m with copies copies and records acknowledgements and
// errors per attempt.
func (r *run) deliver(ctx context.Context, m *wx.Message, copies int) (wxsim.Delivery, error) {
	var opts []wxsim.DeliverOption
	if copies > 1 {
		opts = append(opts, wxsim.Copies(copies, 0))
	}
	d, err := r.sim.Deliver(ctx, m, opts...)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent++
	r.copies += copies - 1
	for _, a := range d.Attempts {
		if a.Err == nil {
			r.acks = append(r.acks, a.Latency)
		} else {
			r.errs[errKind(a.Err, a.Status)]++
		}
	}
	if err != nil {
		r.errs["undelivered"]++
	}
	return d, err
}

func (r *run) countErr(kind string) {
	r.mu.Lock()
	r.errs[kind]++
	r.mu.Unlock()
}

// errKind names the kind of a failed attempt.
func errKind(err error, status int) string {
	switch {
	case errors.Is(err, wxsim.ErrAttemptTimeout):
		return "timeout"
	case errors.Is(err, wxsim.ErrStatus):
		return fmt.Sprintf("http_%d", status)
	case errors.Is(err, wxsim.ErrBadReply):
		return "bad_reply"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "cancelled"
	}
	return "connection"
}

func replyText(d wxsim.Delivery) string {
	if d.Reply == nil {
		return "success"
	}
	return d.Reply.Content
}

// pacer hands out send slots at rate a second (unpaced when rate is 0)
// until deadline.
type pacer struct {
	mu       sync.Mutex
	next     time.Time
	gap      time.Duration
	deadline time.Time
}

func newPacer(rate float64, d time.Duration) *pacer {
	p := &pacer{next: time.Now()}
	if rate > 0 {
		p.gap = time.Duration(float64(time.Second) / rate)
	}
	if d > 0 {
		p.deadline = p.next.Add(d)
	}
	return p
}

// wait blocks until the next slot and reports whether it is before the
// deadline.
func (p *pacer) wait(ctx context.Context) bool {
	p.mu.Lock()
	at := p.next
	if at.Before(time.Now().Add(-time.Second)) {
		at = time.Now() // do not burst to catch up after a stall
	}
	p.next = at.Add(p.gap)
	p.mu.Unlock()
	if !p.deadline.IsZero() && !at.Before(p.deadline) {
		return false
	}
	if d := time.Until(at); d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
		}
	}
	return ctx.Err() == nil
}

// copiesFor returns how many times to deliver the next message.
func (r *run) copiesFor(rng *rand.Rand) int {
	if rng.Float64() < r.cfg.Retries {
		return 2 + rng.IntN(2)
	}
	return 1
}

// sendPhotos sends each rider's photos, one rider per goroutine (so a
// duplicate follows its original), paced and bounded by Concurrency.
func (r *run) sendPhotos(ctx context.Context, set *photoSet) {
	p := newPacer(r.cfg.Rate, r.cfg.Duration)
	sem := make(chan struct{}, r.cfg.Concurrency)
	var wg sync.WaitGroup
	for i, openid := range r.openids {
		rng := rand.New(rand.NewPCG(r.cfg.Seed, 0x9e3779b97f4a7c15*uint64(i+1)))
		dup := dupPlan(rng, r.cfg.Photos, r.cfg.Duplicates)
		wg.Go(func() {
			var sentItems []photoItem
			uniq := set.unique[i]
			for k := range r.cfg.Photos {
				if !p.wait(ctx) {
					return
				}
				ph := &sentPhoto{rider: i}
				var it photoItem
				if dup[k] {
					it = sentItems[rng.IntN(len(sentItems))]
					ph.dup, ph.pred = true, predDuplicate
					if it.pred == predUnusable {
						ph.pred = predUnusable // vetted again, never indexed
					}
				} else {
					it, uniq = uniq[0], uniq[1:]
					sentItems = append(sentItems, it)
					ph.pred = it.pred
				}
				m := r.sim.NewImage(openid, it.data)
				sem <- struct{}{}
				ph.start = r.now()
				d, err := r.deliver(ctx, m, r.copiesFor(rng))
				<-sem
				ph.acked = err == nil
				if ph.acked {
					ph.label = replyLabel(replyText(d))
				}
				r.mu.Lock()
				r.photos = append(r.photos, ph)
				r.mu.Unlock()
			}
		})
	}
	wg.Wait()
}

// dupPlan says which of n photos re-send an earlier one: round(frac × n)
// of them, never the first.
func dupPlan(rng *rand.Rand, n int, frac float64) []bool {
	plan := make([]bool, n)
	k := min(int(math.Round(frac*float64(n))), n-1)
	for _, i := range rng.Perm(n - 1)[:max(k, 0)] {
		plan[i+1] = true
	}
	return plan
}

// uniqueNeeded is how many distinct photos each rider sends.
func uniqueNeeded(n int, frac float64) int {
	return n - min(int(math.Round(frac*float64(n))), max(n-1, 0))
}

// sendTexts sends 积分 (a balance query) round-robin from the riders at
// Rate for Duration, each in its own goroutine, at most Concurrency in
// flight; a slot that finds Concurrency busy is counted as "overloaded".
func (r *run) sendTexts(ctx context.Context) {
	p := newPacer(r.cfg.Rate, r.cfg.Duration)
	sem := make(chan struct{}, r.cfg.Concurrency)
	rng := rand.New(rand.NewPCG(r.cfg.Seed, 7))
	var wg sync.WaitGroup
	for n := 0; p.wait(ctx); n++ {
		select {
		case sem <- struct{}{}:
		default:
			r.countErr("overloaded")
			continue
		}
		m := r.sim.NewText(r.openids[n%len(r.openids)], "积分")
		copies := r.copiesFor(rng)
		wg.Go(func() {
			defer func() { <-sem }()
			r.deliver(ctx, m, copies)
		})
	}
	wg.Wait()
}

// nudgeAfter is how long a rider missing outcomes stays quiet before it
// sends 积分 while draining.
const nudgeAfter = 2 * time.Second

// drain waits until every acknowledged photo has an outcome, or Drain,
// checking a few times a second. WeChat lets gridbot send 5
// customer-service messages after a user message; gridbot keeps the rest
// until the rider's next message. So a rider still missing outcomes with
// nothing arriving for nudgeAfter sends 积分, as a rider opening the chat
// would, which reopens the window.
func (r *run) drain(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Drain)
	defer cancel()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	last := make([]time.Time, len(r.openids)) // last arrival or nudge
	seen := 0
	byOpenID := map[string]int{}
	for i, id := range r.openids {
		byOpenID[id] = i
		last[i] = r.now()
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		r.mu.Lock()
		t := r.tally()
		for _, a := range r.arrivals[seen:] {
			if i, ok := byOpenID[a.openid]; ok {
				last[i] = a.at
			}
		}
		seen = len(r.arrivals)
		r.mu.Unlock()
		if t.lost == 0 {
			return
		}
		now := r.now()
		for i, n := range t.lostBy {
			if n > 0 && now.Sub(last[i]) >= nudgeAfter {
				last[i] = now
				m := r.sim.NewText(r.openids[i], "积分")
				r.mu.Lock()
				r.nudges++
				r.mu.Unlock()
				wg.Go(func() { r.sim.Deliver(ctx, m) })
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
