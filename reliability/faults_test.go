package reliability

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"gridbot/catalog"
	"gridbot/grid"
	"gridbot/store"
	"gridbot/wxsim"
)

// faultRules spreads rate over every kind of misbehaviour the issue
// names, so that a call fails with probability rate in all: timeouts
// (held longer than a job attempt may take), 5xx, connection resets,
// errcode -1 with HTTP 200, replaced and expired tokens (40001, 42001),
// a closed window and an exhausted quota (45015, 45047), and, for media
// downloads, slow bodies.
func faultRules(rate float64) []wxsim.Fault {
	kinds := []wxsim.Fault{
		{Kind: wxsim.FaultTimeout, Delay: 3 * time.Second},
		{Kind: wxsim.FaultServerError, Status: 502},
		{Kind: wxsim.FaultServerError, Status: 503},
		{Kind: wxsim.FaultReset},
		{Kind: wxsim.FaultErrCode, ErrCode: -1},
		{Kind: wxsim.FaultErrCode, ErrCode: 40001},
		{Kind: wxsim.FaultErrCode, ErrCode: 42001},
		{Kind: wxsim.FaultErrCode, ErrCode: 45015},
		{Kind: wxsim.FaultErrCode, ErrCode: 45047},
	}
	// Each rule draws on its own: n rules of rate r fail 1-(1-r)^n of calls.
	each := 1 - math.Pow(1-rate, 1/float64(len(kinds)+1))
	rules := []wxsim.Fault{{Kind: wxsim.FaultSlowBody, Path: "/cgi-bin/media/get", Delay: time.Second, Rate: each}}
	for _, k := range kinds {
		k.Rate = each
		rules = append(rules, k)
	}
	return rules
}

// TestWeChatFaults is issue 8's fault-injection test; see the package doc.
// GRIDBOT_FAULT_SECONDS sets how long faults last (default 15; the
// documented figure uses 60), GRIDBOT_FAULT_RATE the fraction of failing
// calls in percent (default 30).
func TestWeChatFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("fault injection: runs the binary under faults for 15 s; skipped under -short")
	}
	seconds := envInt(t, "GRIDBOT_FAULT_SECONDS", 15)
	rate := float64(envInt(t, "GRIDBOT_FAULT_RATE", 30)) / 100
	riders := 4
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d, faults at %.0f%% of API calls for %d s", seed, rate*100, seconds)

	bin := buildGridbot(t)
	p, api := newPlatform(t, func(c *wxsim.Config) {
		c.MaxRequests = 1_000_000
		// No retries: every callback must be answered the first time.
		c.Attempts = 1
	})
	cfg := testConfig(t, api)
	cfg.Listen = freeAddr(t)
	cfg.Jobs.Timeout = 2 * time.Second // shorter than the injected timeouts
	cfg.Jobs.MaxAttempts = 1000        // recoverable faults must never bury a job
	cfgPath := writeConfig(t, cfg)
	if err := p.SetCallbackURL("http://" + cfg.Listen + cfg.WeChat.WebhookPath); err != nil {
		t.Fatal(err)
	}
	proc := &process{t: t, bin: bin, cfgPath: cfgPath, addr: cfg.Listen, logPath: filepath.Join(t.TempDir(), "gridbot.log")}
	proc.start()
	if err := proc.waitReady(60 * time.Second); err != nil {
		t.Fatalf("start: %v\n%s", err, proc.logTail())
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	photos := newPhotoSource(ctx, envInt(t, "GRIDBOT_FAULT_PHOTOS", 60+4*seconds), seed, cfg.Photo)
	var (
		mu      sync.Mutex
		acks    []time.Duration
		refused []string
		sent    = map[string][]string{} // openid → labels of acknowledged photos
		msgs    int
	)
	deliver := func(openid string, data []byte, text string) {
		m := p.NewText(openid, text)
		if data != nil {
			m = p.NewImage(openid, data)
		}
		d, err := p.Deliver(ctx, m)
		mu.Lock()
		defer mu.Unlock()
		msgs++
		for _, a := range d.Attempts {
			if a.Err == nil {
				acks = append(acks, a.Latency)
			}
		}
		if err != nil {
			refused = append(refused, fmt.Sprintf("%s %q: %v", m.MsgType, m.Content, err))
			return
		}
		if data != nil {
			for _, re := range photoLabel {
				if mm := re.FindStringSubmatch(replyText(d.Reply)); mm != nil {
					sent[openid] = append(sent[openid], mm[1])
				}
			}
		}
	}
	openids := make([]string, riders)
	for i := range openids {
		openids[i] = fmt.Sprintf("o_fault_rider_%d", i+1)
		deliver(openids[i], nil, fmt.Sprintf("注册 骑手%d 137%08d", i+1, i+1))
	}

	faults := wxsim.Faults{Seed: int64(seed), Rules: faultRules(rate)}
	if err := p.SetFaults(faults); err != nil {
		t.Fatal(err)
	}
	faultStart := time.Now()
	stop := time.Now().Add(time.Duration(seconds) * time.Second)
	var wg sync.WaitGroup
	for i, openid := range openids {
		rng := rand.New(rand.NewPCG(seed, uint64(i)))
		wg.Go(func() {
			for time.Now().Before(stop) && ctx.Err() == nil {
				var data []byte
				if rng.IntN(3) == 0 {
					data = photos.next()
				}
				deliver(openid, data, [...]string{"积分", "记录", "排行", "帮助"}[rng.IntN(4)])
				time.Sleep(time.Duration(50+rng.IntN(100)) * time.Millisecond)
			}
		})
	}
	wg.Wait()
	if err := p.SetFaults(wxsim.Faults{}); err != nil {
		t.Fatal(err)
	}
	faultTime := time.Since(faultStart)

	calls, failed := 0, map[wxsim.FaultKind]int{}
	for _, r := range p.Requests() {
		if r.At.Before(faultStart) {
			continue
		}
		calls++
		if r.Fault != "" {
			failed[r.Fault]++
		}
	}
	nFailed := 0
	for _, n := range failed {
		nFailed += n
	}
	p99, p50, worst := percentile(acks, 99), percentile(acks, 50), percentile(acks, 100)
	t.Logf("faults for %s: %d of %d API calls failed (%.0f%%) %v; %d callbacks, %d acknowledged, p50 %s p99 %s max %s",
		faultTime.Round(time.Millisecond), nFailed, calls, 100*float64(nFailed)/float64(max(calls, 1)), failed,
		msgs, len(acks), p50.Round(10*time.Microsecond), p99.Round(10*time.Microsecond), worst.Round(10*time.Microsecond))
	for _, r := range refused {
		t.Errorf("callback not acknowledged at the first attempt: %s", r)
	}
	// The functional promise is WeChat's 5 s (below). The p99 < 100 ms
	// figure is a speed target: measured and reported here, and asserted
	// only in the documented measurement run (GRIDBOT_FAULT_STRICT=1), since
	// a timed assertion fails on a loaded CI machine without saying
	// anything about gridbot.
	if os.Getenv("GRIDBOT_FAULT_STRICT") == "1" && p99 >= 100*time.Millisecond {
		t.Errorf("intake p99 %s under API faults, want < 100 ms", p99)
	}
	if worst >= 5*time.Second {
		t.Errorf("slowest acknowledgement %s, want < 5 s", worst)
	}
	if calls == 0 || float64(nFailed) < 0.5*rate*float64(calls) {
		t.Errorf("only %d of %d API calls failed; the faults did not bite", nFailed, calls)
	}

	// Recovery: each rider's next message releases what the window and
	// quota faults kept, and every photo's ✅ must arrive.
	recovery := time.Now()
	for _, openid := range openids {
		deliver(openid, nil, "积分")
	}
	valid := pattern(catalog.OutcomeValid, "Label", "Balance", "Today", "Cap")
	photoCount := 0
	for _, openid := range openids {
		want := map[string]bool{}
		for _, l := range sent[openid] {
			want[l] = true
		}
		photoCount += len(want)
		for len(want) > 0 {
			for _, s := range p.Messages(openid) {
				if mm := valid.FindStringSubmatch(s.Text); mm != nil {
					delete(want, mm[1])
				}
			}
			if len(want) == 0 {
				break
			}
			if ctx.Err() != nil || time.Since(recovery) > 3*time.Minute {
				t.Fatalf("%s: no ✅ outcome for %v %s after the faults stopped\n%s", openid, want, time.Since(recovery), proc.logTail())
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	t.Logf("all %d photos credited and their outcomes delivered %s after the faults stopped", photoCount, time.Since(recovery).Round(time.Millisecond))
	if photoCount < 10 {
		t.Errorf("only %d photos acknowledged; too few to prove recovery", photoCount)
	}

	proc.drain(2 * time.Minute)
	proc.check("after the faults")
	db, err := store.Open(store.Path(cfg.DataDir), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	dead, err := db.DeadJobs()
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range dead {
		t.Errorf("dead letter after recoverable faults: %s job %d, %d attempts: %s", j.Kind, j.ID, j.Attempts, j.LastError)
	}
	for _, labels := range sent {
		for _, l := range labels {
			id, _ := strconv.ParseUint(l[1:], 10, 64)
			if r, err := db.Report(id); err != nil || r.Status != grid.ReportValid {
				t.Errorf("%s: %v %v, want valid", l, r.Status, err)
			}
		}
	}
	if os.Getenv("GRIDBOT_FAULT_LOG") != "" {
		t.Log(proc.logTail())
	}
}
