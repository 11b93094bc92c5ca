package loadtest

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"
)

// Report is what a run measured. Durations are in milliseconds.
type Report struct {
	Mode           string  `json:"mode"` // "photos" or "texts"
	Riders         int     `json:"riders"`
	PhotosPerRider int     `json:"photos_per_rider,omitempty"`
	Encrypted      bool    `json:"encrypted"`
	Seconds        float64 `json:"seconds"` // the sending phase
	// Seed is the run's seed; SeedGiven says it was Config.Seed rather
	// than drawn for this run.
	Seed      uint64 `json:"seed"`
	SeedGiven bool   `json:"seed_given"`
	// Messages sent (each once, however many copies), extra copies
	// (retry storms), callback POSTs answered, and acknowledged messages
	// a second.
	Messages   int     `json:"messages"`
	Copies     int     `json:"copies"`
	Acked      int     `json:"acked_posts"`
	Throughput float64 `json:"throughput_per_second"`
	// Ack is the callback acknowledgement latency per POST.
	Ack Latency `json:"ack_ms"`
	// Credit is the time from sending a photo to its ✅ outcome message
	// arriving at the fake API.
	Credit Latency `json:"credit_ms"`
	// Errors counts failed POSTs and messages by kind.
	Errors map[string]int `json:"errors"`
	Photos *PhotoReport   `json:"photos,omitempty"`
	// OK is false when a photo was lost or credited twice, or when photos
	// sent as new were duplicates of photos the target already had (an
	// earlier run's), since then nothing meaningful was measured. Problem
	// says which, for a person.
	OK      bool   `json:"ok"`
	Problem string `json:"problem,omitempty"`
}

// PhotoReport accounts for every photo of a run.
type PhotoReport struct {
	Sent       int `json:"sent"`
	Duplicates int `json:"duplicates_sent"`
	Acked      int `json:"acked"`
	NotSent    int `json:"not_sent"` // cut off by -duration
	// Expected is the acknowledged photos predicted valid (not
	// duplicates, and passing the photo checks when pre-vetted): each
	// should earn exactly one ✅.
	Expected int `json:"expected_credits"`
	// Unusable: acknowledged photos that pre-vetting predicted to fail the
	// target's photo checks (-photos-dir); NearDuplicates: those predicted
	// to be near-duplicates or burst shots of another photo of the set.
	// Neither is expected to earn.
	Unusable       int `json:"unusable_predicted"`
	NearDuplicates int `json:"near_duplicates_predicted"`
	// EarlierRun: photos sent as new that the target answered as
	// duplicates (or burst shots) of photos it already had, such as an
	// earlier run's with the same -seed or -photos-dir.
	EarlierRun int `json:"duplicates_of_earlier_run"`
	Credited   int `json:"credited"`
	// Outcomes counts the outcome messages by kind (valid, duplicate,
	// burst, over_cap, …).
	Outcomes map[string]int `json:"outcomes"`
	// Lost: acknowledged photos with no outcome after the drain.
	// CreditedTwice: extra ✅ (two for one label, or more than Expected).
	Lost          int `json:"lost"`
	CreditedTwice int `json:"credited_twice"`
	// Extra: outcome messages beyond one per acknowledged photo, such as a
	// retried copy taken as a new photo.
	Extra int `json:"extra_outcomes"`
	// Nudges: 积分 messages sent while draining by riders still missing
	// outcomes, which reopen the customer-service window (WeChat allows 5
	// messages after a user message; gridbot keeps the rest for the
	// rider's next interaction).
	Nudges int `json:"nudges"`
}

// Latency summarises samples, in milliseconds.
type Latency struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50"`
	P90 float64 `json:"p90"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
}

func summarise(ds []time.Duration) Latency {
	if len(ds) == 0 {
		return Latency{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	q := func(p float64) float64 { return ms(s[min(len(s)-1, int(p*float64(len(s))))]) }
	return Latency{N: len(s), P50: q(0.50), P90: q(0.90), P99: q(0.99), Max: ms(s[len(s)-1])}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// tally is the photo accounting so far; r.mu is held.
type tally struct {
	lost, credited, expected, twice, extra int
	unusable, nearDup, earlier             int
	outcomes                               map[string]int
	credit                                 []time.Duration
	lostBy                                 []int // per rider
}

func (r *run) tally() tally {
	t := tally{outcomes: map[string]int{}}
	byOpenID := map[string]int{}
	for i, id := range r.openids {
		byOpenID[id] = i
	}
	acked := make([]int, len(r.openids))
	labelled := make([]map[string]bool, len(r.openids))
	dups := make([]int, len(r.openids))
	started := map[string]time.Time{}
	predictedDup := 0
	for _, p := range r.photos {
		if !p.acked {
			continue
		}
		acked[p.rider]++
		switch {
		case p.pred == predValid:
			t.expected++
		case p.pred == predUnusable:
			t.unusable++
		case p.pred == predDuplicate && !p.dup:
			t.nearDup++
		}
		if p.pred == predDuplicate {
			predictedDup++
		}
		if p.label != "" {
			started[p.label] = p.start
		}
	}
	valid := map[string]int{}
	for _, a := range r.arrivals {
		i, ok := byOpenID[a.openid]
		if !ok {
			continue
		}
		kind, label := a.kind, a.label
		t.outcomes[kind]++
		if label == "" {
			dups[i]++
			continue
		}
		if labelled[i] == nil {
			labelled[i] = map[string]bool{}
		}
		labelled[i][label] = true
		if kind == outValid {
			t.credited++
			valid[label]++
			if s, ok := started[label]; ok && valid[label] == 1 {
				t.credit = append(t.credit, a.at.Sub(s))
			}
		}
	}
	t.lostBy = make([]int, len(r.openids))
	for i := range r.openids {
		got := len(labelled[i]) + dups[i]
		t.lostBy[i] = max(0, acked[i]-got)
		t.lost += t.lostBy[i]
		t.extra += max(0, got-acked[i])
	}
	sameLabel := 0
	for _, n := range valid {
		sameLabel += max(0, n-1)
	}
	t.twice = max(sameLabel, t.credited-t.expected)
	t.earlier = max(0, t.outcomes[outDuplicate]+t.outcomes[outBurst]-predictedDup)
	return t
}

// report builds the Report once the run is over.
func (r *run) report(send time.Duration) *Report {
	r.mu.Lock()
	defer r.mu.Unlock()
	rep := &Report{
		Mode: "texts", Riders: r.cfg.Riders, Encrypted: r.cfg.Encrypt, Seed: r.cfg.Seed, SeedGiven: r.seeded,
		Seconds: send.Seconds(), Messages: r.sent - len(r.openids), Copies: r.copies,
		Acked: len(r.acks), Ack: summarise(r.acks), Errors: maps.Clone(r.errs), OK: true,
	}
	if send > 0 {
		rep.Throughput = float64(rep.Messages-r.errs["undelivered"]) / send.Seconds()
	}
	if r.cfg.Photos > 0 {
		t := r.tally()
		pr := &PhotoReport{Outcomes: t.outcomes, Expected: t.expected, Credited: t.credited,
			Unusable: t.unusable, NearDuplicates: t.nearDup, EarlierRun: t.earlier,
			Lost: t.lost, CreditedTwice: t.twice, Extra: t.extra, Nudges: r.nudges}
		for _, p := range r.photos {
			pr.Sent++
			if p.dup {
				pr.Duplicates++
			}
			if p.acked {
				pr.Acked++
			}
		}
		pr.NotSent = r.cfg.Riders*r.cfg.Photos - pr.Sent
		rep.Mode, rep.PhotosPerRider, rep.Photos = "photos", r.cfg.Photos, pr
		rep.Credit = summarise(t.credit)
		rep.OK = t.lost == 0 && t.twice == 0 && t.earlier == 0
		rep.Problem = r.problem(t)
	}
	return rep
}

// problem says, for a person, why a photo run is not OK ("" when it is).
func (r *run) problem(t tally) string {
	var parts []string
	if t.earlier > 0 {
		switch {
		case r.cfg.PhotosDir != "":
			parts = append(parts, fmt.Sprintf("%d photos were duplicates of an earlier run: use a fresh data dir or other photos in -photos-dir", t.earlier))
		case r.seeded:
			parts = append(parts, fmt.Sprintf("%d photos were duplicates of an earlier run: use a fresh data dir or another -seed", t.earlier))
		default:
			parts = append(parts, fmt.Sprintf("%d photos sent as new were duplicates of photos the target already had: use a fresh data dir, and check that -config matches the target's photo settings", t.earlier))
		}
	}
	if t.lost > 0 {
		parts = append(parts, fmt.Sprintf("%d photos lost", t.lost))
	}
	if t.twice > 0 {
		parts = append(parts, fmt.Sprintf("%d photos credited twice", t.twice))
	}
	return strings.Join(parts, "; ")
}

// WriteJSON writes the report as indented JSON.
func (rep *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// WriteTable writes the report as a table a person reads.
func (rep *Report) WriteTable(w io.Writer) error {
	var b strings.Builder
	row := func(k, format string, args ...any) { fmt.Fprintf(&b, "%-26s %s\n", k, fmt.Sprintf(format, args...)) }
	mode := "plain"
	if rep.Encrypted {
		mode = "safe (AES)"
	}
	row("mode", "%s, %d riders, %s callbacks", rep.Mode, rep.Riders, mode)
	if rep.SeedGiven {
		row("seed", "%d (given)", rep.Seed)
	} else {
		row("seed", "%d (drawn for this run; -seed %d repeats it, against a fresh data dir)", rep.Seed, rep.Seed)
	}
	row("sending phase", "%.1f s", rep.Seconds)
	row("messages", "%d (+%d retried copies)", rep.Messages, rep.Copies)
	row("throughput", "%.1f messages/s acknowledged", rep.Throughput)
	row("ack latency (ms)", "p50 %.1f  p90 %.1f  p99 %.1f  max %.1f  (n=%d POSTs)", rep.Ack.P50, rep.Ack.P90, rep.Ack.P99, rep.Ack.Max, rep.Ack.N)
	if p := rep.Photos; p != nil {
		row("send → credited (ms)", "p50 %.1f  p99 %.1f  max %.1f  (n=%d)", rep.Credit.P50, rep.Credit.P99, rep.Credit.Max, rep.Credit.N)
		row("photos", "%d sent (%d duplicates), %d acknowledged, %d not sent", p.Sent, p.Duplicates, p.Acked, p.NotSent)
		row("credited / expected", "%d / %d", p.Credited, p.Expected)
		if p.Unusable > 0 || p.NearDuplicates > 0 {
			row("not expected to earn", "%d predicted unusable, %d near-duplicates in the set (pre-vetted)", p.Unusable, p.NearDuplicates)
		}
		if p.EarlierRun > 0 {
			row("earlier-run duplicates", "%d", p.EarlierRun)
		}
		kinds := slices.Sorted(maps.Keys(p.Outcomes))
		var parts []string
		for _, k := range kinds {
			parts = append(parts, fmt.Sprintf("%s %d", k, p.Outcomes[k]))
		}
		row("outcomes", "%s", strings.Join(parts, ", "))
		row("window nudges", "%d (积分 from riders whose outcomes waited for the 5-message window)", p.Nudges)
		row("lost", "%d", p.Lost)
		row("credited twice", "%d", p.CreditedTwice)
		if p.Extra > 0 {
			row("extra outcomes", "%d", p.Extra)
		}
	}
	var errs []string
	keys := make([]string, 0, len(rep.Errors))
	for k := range rep.Errors {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		errs = append(errs, fmt.Sprintf("%s %d", k, rep.Errors[k]))
	}
	if len(errs) == 0 {
		errs = []string{"none"}
	}
	row("errors", "%s", strings.Join(errs, ", "))
	verdict := "OK: nothing lost, nothing credited twice"
	if !rep.OK {
		verdict = "FAIL: " + rep.Problem
	}
	row("result", "%s", verdict)
	_, err := io.WriteString(w, b.String())
	return err
}
