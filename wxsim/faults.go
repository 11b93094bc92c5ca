package wxsim

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"time"
)

// FaultKind is a way an API call can misbehave.
type FaultKind string

const (
	// FaultTimeout holds the request for Delay (default 1 min) before
	// handling it. A client that gives up first sees a timeout and the
	// call has no effect; a patient client gets a slow but real answer,
	// so a send may succeed although its client timed out.
	FaultTimeout FaultKind = "timeout"
	// FaultServerError answers HTTP Status (default 502) with an HTML body.
	FaultServerError FaultKind = "5xx"
	// FaultReset closes the connection with a TCP reset before answering.
	FaultReset FaultKind = "reset"
	// FaultErrCode answers HTTP 200 with {"errcode":ErrCode} (default -1,
	// "system error", WeChat's "system busy"). Use 40001 for a token the
	// platform no longer accepts, 42001 for an expired one, 45015 or
	// 45047 for a closed window or exhausted quota, 45009 for a rate limit.
	FaultErrCode FaultKind = "errcode"
	// FaultSlowBody handles the call normally but trickles the answer
	// (a media download, say) in 20 pieces spread over Delay (default
	// 10 s).
	FaultSlowBody FaultKind = "slow"
)

// Fault is one rule of a Faults setting.
type Fault struct {
	Kind FaultKind
	// Path selects the calls: an exact path ("/cgi-bin/media/get"), a
	// prefix ending in "/" ("/cgi-bin/"), or "" for every path, the
	// token APIs and PicUrl links included.
	Path string
	// Rate is the probability that a matching call misbehaves, in (0, 1];
	// 0 means every matching call.
	Rate float64
	// Times limits how often the rule fires; 0 means no limit.
	Times int
	// ErrCode is FaultErrCode's errcode; 0 means -1.
	ErrCode int
	// Status is FaultServerError's status; 0 means 502.
	Status int
	// Delay is FaultTimeout's hold and FaultSlowBody's total trickle time.
	Delay time.Duration
}

// Faults makes a fraction of API calls misbehave. Rules are tried in
// order; the first whose Path matches and whose random draw falls under
// its Rate fires. Draws come from a generator seeded with Seed, so a
// sequence of calls misbehaves the same way on every run.
type Faults struct {
	Seed  int64
	Rules []Fault
}

// faultState is the active setting; guarded by Platform.mu.
type faultState struct {
	rules []Fault
	fired []int
	rng   *rand.Rand
}

// SetFaults replaces the fault setting and reseeds its generator; the zero
// Faults turns injection off. It is safe to call while requests are being
// served. It returns ErrInvalidConfig for an unknown kind or a rate
// outside [0, 1].
func (p *Platform) SetFaults(f Faults) error {
	for i, r := range f.Rules {
		switch r.Kind {
		case FaultTimeout, FaultServerError, FaultReset, FaultErrCode, FaultSlowBody:
		default:
			return fmt.Errorf("wxsim: fault %d: unknown kind %q: %w", i, r.Kind, ErrInvalidConfig)
		}
		if r.Rate < 0 || r.Rate > 1 {
			return fmt.Errorf("wxsim: fault %d: rate %v is outside [0, 1]: %w", i, r.Rate, ErrInvalidConfig)
		}
	}
	seed := uint64(f.Seed)
	st := faultState{
		rules: append([]Fault(nil), f.Rules...),
		fired: make([]int, len(f.Rules)),
		rng:   rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
	}
	p.mu.Lock()
	p.faults = st
	p.mu.Unlock()
	return nil
}

// pickFault returns the fault due for a call to path, if any.
func (p *Platform) pickFault(path string) (Fault, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	st := &p.faults
	for i, r := range st.rules {
		if !faultMatches(r.Path, path) || (r.Times > 0 && st.fired[i] >= r.Times) {
			continue
		}
		if r.Rate > 0 && r.Rate < 1 && st.rng.Float64() >= r.Rate {
			continue
		}
		st.fired[i]++
		return r, true
	}
	return Fault{}, false
}

func faultMatches(pattern, path string) bool {
	switch {
	case pattern == "":
		return true
	case strings.HasSuffix(pattern, "/"):
		return strings.HasPrefix(path, pattern)
	}
	return pattern == path
}

// inject applies f to the call. It reports whether the call was answered
// through w (so its status can be logged) rather than reset or abandoned.
func (p *Platform) inject(f Fault, next http.Handler, w *captureWriter, r *http.Request) bool {
	switch f.Kind {
	case FaultTimeout:
		d := f.Delay
		if d <= 0 {
			d = time.Minute
		}
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-r.Context().Done():
			return false
		case <-t.C:
		}
		next.ServeHTTP(w, r)
	case FaultServerError:
		status := f.Status
		if status == 0 {
			status = http.StatusBadGateway
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		fmt.Fprintf(w, "<html><head><title>%d %s</title></head><body><center><h1>%d %s</h1></center></body></html>\n",
			status, http.StatusText(status), status, http.StatusText(status))
	case FaultReset:
		reset(w)
		return false
	case FaultErrCode:
		code := f.ErrCode
		if code == 0 {
			code = codeSystemBusy
		}
		writeError(w, code)
	case FaultSlowBody:
		d := f.Delay
		if d <= 0 {
			d = 10 * time.Second
		}
		buf := &bufferWriter{header: http.Header{}}
		next.ServeHTTP(buf, r)
		trickle(w, r, buf, d)
	}
	return true
}

// reset closes the client's connection with a TCP RST, or aborts the
// handler when the connection cannot be taken over.
func reset(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

// bufferWriter collects a handler's answer so it can be trickled.
type bufferWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferWriter) Header() http.Header { return b.header }
func (b *bufferWriter) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}
func (b *bufferWriter) Write(p []byte) (int, error) { return b.body.Write(p) }

// trickle writes buf to w in 20 flushed pieces spread over d, stopping
// when the client goes away.
func trickle(w http.ResponseWriter, r *http.Request, buf *bufferWriter, d time.Duration) {
	for k, v := range buf.header {
		w.Header()[k] = v
	}
	body := buf.body.Bytes()
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	if buf.status == 0 {
		buf.status = http.StatusOK
	}
	w.WriteHeader(buf.status)
	rc := http.NewResponseController(w)
	const pieces = 20
	step := (len(body) + pieces - 1) / pieces
	pause := d / pieces
	for len(body) > 0 {
		n := min(step, len(body))
		if _, err := w.Write(body[:n]); err != nil {
			return
		}
		rc.Flush()
		body = body[n:]
		select {
		case <-r.Context().Done():
			return
		case <-time.After(pause):
		}
	}
}
