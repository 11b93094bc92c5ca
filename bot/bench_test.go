package bot

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gridbot/wx"
)

// signedCallback is a pre-built request, so the benchmark measures the
// server, not the signing.
type signedCallback struct {
	query url.Values
	body  []byte
}

func presign(b *testing.B, h *harness, mode wx.Mode, n int, base int64) []signedCallback {
	b.Helper()
	out := make([]signedCallback, n)
	ts := strconv.FormatInt(h.clock().Unix(), 10)
	for i := range out {
		m := textMessage(fmt.Sprintf("rider-%d", i%500), "积分", base+int64(i))
		q, body, err := h.codec.SignCallback(m, wx.CallbackOptions{Mode: mode, Timestamp: ts})
		if err != nil {
			b.Fatal(err)
		}
		out[i] = signedCallback{q, body}
	}
	return out
}

func benchClient(conns int) *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConns: conns * 2, MaxIdleConnsPerHost: conns * 2, MaxConnsPerHost: conns * 2}}
}

func send(b *testing.B, c *http.Client, base string, cb signedCallback) {
	resp, err := c.Post(base+"?"+cb.query.Encode(), "text/xml", bytes.NewReader(cb.body))
	if err != nil {
		b.Error(err)
		return
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		b.Errorf("got status %d", resp.StatusCode)
	}
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(float64(len(sorted))*p))]
}

// BenchmarkWebhookIntake measures durable acknowledgement throughput and
// latency: every message is fsync'd (group commit) before its answer.
func BenchmarkWebhookIntake(b *testing.B) {
	for _, mode := range []wx.Mode{wx.ModePlain, wx.ModeSafe} {
		for _, senders := range []int{1, 16, 128} {
			b.Run(fmt.Sprintf("%s/senders=%d", mode, senders), func(b *testing.B) {
				h := newHarness(b, false)
				calls := presign(b, h, mode, b.N, time.Now().UnixNano())
				client := benchClient(senders)
				lat := make([]time.Duration, b.N)
				var next atomic.Int64
				var wg sync.WaitGroup
				b.ResetTimer()
				start := time.Now()
				for range senders {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for {
							i := int(next.Add(1) - 1)
							if i >= b.N {
								return
							}
							t0 := time.Now()
							send(b, client, h.server.URL, calls[i])
							lat[i] = time.Since(t0)
						}
					}()
				}
				wg.Wait()
				elapsed := time.Since(start)
				b.StopTimer()
				sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
				b.ReportMetric(float64(b.N)/elapsed.Seconds(), "msgs/s")
				b.ReportMetric(float64(percentile(lat, 0.50).Microseconds())/1000, "p50-ms")
				b.ReportMetric(float64(percentile(lat, 0.99).Microseconds())/1000, "p99-ms")
			})
		}
	}
}

// BenchmarkWebhookSteady offers a steady 5,000 msg/s (open loop) in safe
// mode and measures latency from each message's scheduled send time, so a
// stall shows up as latency rather than as a lower offered rate.
func BenchmarkWebhookSteady(b *testing.B) {
	const rate = 5000
	h := newHarness(b, false)
	n := max(b.N, rate) // at least one second of load
	calls := presign(b, h, wx.ModeSafe, n, time.Now().UnixNano())
	client := benchClient(256)
	lat := make([]time.Duration, n)
	interval := time.Second / rate
	var wg sync.WaitGroup
	sem := make(chan struct{}, 512)
	b.ResetTimer()
	start := time.Now()
	for i := range n {
		scheduled := start.Add(time.Duration(i) * interval)
		if d := time.Until(scheduled); d > 0 {
			time.Sleep(d)
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			send(b, client, h.server.URL, calls[i])
			lat[i] = time.Since(scheduled)
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(n)/elapsed.Seconds(), "msgs/s")
	b.ReportMetric(float64(percentile(lat, 0.50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(percentile(lat, 0.99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
}
