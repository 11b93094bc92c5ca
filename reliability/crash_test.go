package reliability

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gridbot/catalog"
	"gridbot/config"
	"gridbot/grid"
	"gridbot/photo"
	"gridbot/points"
	"gridbot/store"
	"gridbot/wx"
	"gridbot/wxsim"
)

// TestCrashUnderLoad is issue 8's crash test: the real binary under load,
// killed with SIGKILL at random moments, GRIDBOT_CRASH_CYCLES times. See
// the package doc for what it checks. GRIDBOT_CRASH_SEED replays a run;
// GRIDBOT_CRASH_RIDERS and GRIDBOT_CRASH_PHOTOS size it.
func TestCrashUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test: builds the binary and kills it 20 times; skipped under -short")
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("GRIDBOT_CRASH_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("GRIDBOT_CRASH_SEED=%q: %v", s, err)
		}
	}
	t.Logf("seed %d (replay with GRIDBOT_CRASH_SEED=%d)", seed, seed)
	cycles := envInt(t, "GRIDBOT_CRASH_CYCLES", 20)
	riders := max(1, envInt(t, "GRIDBOT_CRASH_RIDERS", 6))
	nPhotos := envInt(t, "GRIDBOT_CRASH_PHOTOS", 150)
	rng := rand.New(rand.NewPCG(seed, 1))

	bin := buildGridbot(t)
	p, api := newPlatform(t, func(c *wxsim.Config) {
		// WeChat tries 3 times a few seconds apart; a few more, closer
		// together, let most messages through a restart.
		c.Attempts, c.RetryInterval, c.AttemptTimeout = 5, 300*time.Millisecond, 5*time.Second
	})
	cfg := testConfig(t, api)
	cfg.Listen = freeAddr(t)
	cfgPath := writeConfig(t, cfg)
	if err := p.SetCallbackURL("http://" + cfg.Listen + cfg.WeChat.WebhookPath); err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(t.TempDir(), "gridbot.log")
	proc := &process{t: t, bin: bin, cfgPath: cfgPath, addr: cfg.Listen, logPath: logPath}

	ctx, stopTraffic := context.WithCancel(context.Background())
	defer stopTraffic()
	tr := &traffic{p: p, photos: newPhotoSource(ctx, nPhotos, seed, cfg.Photo), approvals: make(chan string, 1000)}

	var wg sync.WaitGroup
	proc.start()
	if err := proc.waitReady(60 * time.Second); err != nil {
		t.Fatalf("first start: %v\n%s", err, proc.logTail())
	}
	for i := range riders {
		r := rand.New(rand.NewPCG(seed, uint64(i)+2))
		wg.Go(func() { tr.rider(ctx, i+1, r) })
	}
	wg.Go(func() { tr.staff(ctx, rand.New(rand.NewPCG(seed, 1000))) })

	start := time.Now()
	early := 0
	for cycle := 1; cycle <= cycles; cycle++ {
		if cycle > 1 {
			proc.start()
			// Now and then kill during start-up, before it is ready.
			if rng.IntN(8) == 0 {
				early++
				time.Sleep(time.Duration(rng.IntN(150)) * time.Millisecond)
				proc.kill()
				proc.check(fmt.Sprintf("cycle %d (killed during start-up)", cycle))
				continue
			}
			if err := proc.waitReady(60 * time.Second); err != nil {
				t.Fatalf("cycle %d: restart: %v\n%s", cycle, err, proc.logTail())
			}
		}
		time.Sleep(time.Duration(300+rng.IntN(1200)) * time.Millisecond)
		proc.kill()
		proc.check(fmt.Sprintf("cycle %d", cycle))
	}
	t.Logf("%d SIGKILL cycles (%d during start-up) in %s", cycles, early, time.Since(start).Round(time.Millisecond))

	// Let the last retries land on a live process, then stop the traffic.
	proc.start()
	if err := proc.waitReady(60 * time.Second); err != nil {
		t.Fatalf("final start: %v\n%s", err, proc.logTail())
	}
	time.Sleep(time.Second)
	stopTraffic()
	wg.Wait()
	proc.drain(60 * time.Second)
	proc.check("after the drain")

	db, err := store.Open(store.Path(cfg.DataDir), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	v := verifyCrash(t, db, cfg, tr)
	t.Logf("sent %d messages (%d acknowledged, %d with retry copies): %d reports (%d valid), %d redemptions, %d ledger entries; "+
		"lost %d, processed twice %d, double awards %d, invariant violations %d",
		v.sent, v.acked, v.copies, v.reports, v.valid, v.redemptions, v.entries, v.lost, v.twice, v.doubleAwards, v.violations)
	if v.acked < 50 || v.valid < 10 {
		t.Errorf("only %d messages acknowledged and %d valid reports: the load was too light to prove anything", v.acked, v.valid)
	}
}

// buildGridbot builds the binary from the module root into a temporary
// directory and returns its path.
func buildGridbot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	gomod := strings.TrimSpace(string(out))
	if err != nil || gomod == "" || gomod == os.DevNull {
		t.Fatalf("go env GOMOD: %q, %v", gomod, err)
	}
	bin := filepath.Join(t.TempDir(), "gridbot")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = filepath.Dir(gomod)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// writeConfig writes the keys of cfg the reliability tests set as a
// config file and returns its path.
func writeConfig(t *testing.T, cfg *config.Config) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "listen: %q\ndata_dir: %q\n", cfg.Listen, cfg.DataDir)
	fmt.Fprintf(&b, "log:\n  format: text\n  level: info\n")
	w := cfg.WeChat
	fmt.Fprintf(&b, "wechat:\n  app_id: %q\n  app_secret: %q\n  token: %q\n  encoding_aes_key: %q\n  api_base: %q\n",
		w.AppID, w.AppSecret, w.Token, w.EncodingAESKey, w.APIBase)
	b.WriteString("staff:\n")
	for _, s := range cfg.Staff {
		fmt.Fprintf(&b, "  - openid: %q\n    name: %q\n", s.OpenID, s.Name)
	}
	fmt.Fprintf(&b, "points:\n  daily_cap: %d\n  hold_ttl: %s\n", cfg.Points.DailyCap, cfg.Points.HoldTTL)
	b.WriteString("rewards:\n")
	for _, r := range cfg.Rewards {
		fmt.Fprintf(&b, "  - code: %q\n    name: %q\n    cost: %d\n    partner: %q\n", r.Code, r.Name, r.Cost, r.Partner)
	}
	j := cfg.Jobs
	fmt.Fprintf(&b, "jobs:\n  max_attempts: %d\n  timeout: %s\n  backoff_base: %s\n  backoff_max: %s\n",
		j.MaxAttempts, j.Timeout, j.BackoffBase, j.BackoffMax)
	l := cfg.Limits
	fmt.Fprintf(&b, "limits:\n  photos_per_minute: %d\n  photos_per_day: %d\n  messages_per_minute: %d\n",
		l.PhotosPerMinute, l.PhotosPerDay, l.MessagesPerMinute)
	fmt.Fprintf(&b, "backup:\n  every: %s\n", cfg.Backup.Every)
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// process is the gridbot binary, started and stopped by the test.
type process struct {
	t                      *testing.T
	bin, cfgPath, addr     string
	logPath                string
	cmd                    *exec.Cmd
	log                    *os.File
	starts, kills, checked int
}

func (g *process) start() {
	g.t.Helper()
	f, err := os.OpenFile(g.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		g.t.Fatal(err)
	}
	g.starts++
	if g.starts == 1 { // never leave a process behind a failed test
		g.t.Cleanup(func() {
			if g.cmd.ProcessState == nil {
				g.cmd.Process.Kill()
				g.cmd.Wait()
			}
		})
	}
	fmt.Fprintf(f, "==== start %d\n", g.starts)
	cmd := exec.Command(g.bin, "serve", "-config", g.cfgPath)
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		g.t.Fatal(err)
	}
	g.cmd, g.log = cmd, f
}

// waitReady polls /healthz until it answers 200.
func (g *process) waitReady(timeout time.Duration) error {
	c := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if g.cmd.ProcessState != nil {
			return errors.New("the process exited")
		}
		resp, err := c.Get("http://" + g.addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("not ready after %s", timeout)
}

// kill sends SIGKILL and reaps the process.
func (g *process) kill() {
	g.t.Helper()
	if err := g.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		g.t.Fatalf("kill: %v", err)
	}
	g.cmd.Wait()
	g.kills++
	ws, _ := g.cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		g.t.Fatalf("process ended with %v before the kill\n%s", g.cmd.ProcessState, g.logTail())
	}
	g.log.Close()
}

// stop sends SIGTERM and waits for a clean exit.
func (g *process) stop() {
	g.t.Helper()
	if err := g.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		g.t.Fatalf("stop: %v", err)
	}
	if err := g.cmd.Wait(); err != nil {
		g.t.Fatalf("graceful stop: %v, want exit 0\n%s", err, g.logTail())
	}
	g.log.Close()
}

// check runs `gridbot check` on the stopped service's database.
func (g *process) check(when string) {
	g.t.Helper()
	out, err := exec.Command(g.bin, "check", "-config", g.cfgPath).CombinedOutput()
	if err != nil {
		g.t.Fatalf("%s: gridbot check: %v\n%s", when, err, out)
	}
	g.checked++
}

// drain runs the service until no job is left (stopping it gracefully to
// look), within timeout.
func (g *process) drain(timeout time.Duration) {
	g.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		time.Sleep(time.Second)
		g.stop()
		db, err := store.Open(g.dbPath(), store.Options{ReadOnly: true})
		if err != nil {
			g.t.Fatal(err)
		}
		jobs, err := db.Jobs()
		db.Close()
		if err != nil {
			g.t.Fatal(err)
		}
		if len(jobs) == 0 {
			return
		}
		if time.Now().After(deadline) {
			g.t.Fatalf("%d jobs still queued after %s, e.g. %+v\n%s", len(jobs), timeout, jobs[0], g.logTail())
		}
		g.start()
		if err := g.waitReady(60 * time.Second); err != nil {
			g.t.Fatalf("drain: restart: %v\n%s", err, g.logTail())
		}
	}
}

func (g *process) dbPath() string {
	cfg, err := config.Load(g.cfgPath)
	if err != nil {
		g.t.Fatal(err)
	}
	return store.Path(cfg.DataDir)
}

// logTail returns the end of the process's log.
func (g *process) logTail() string {
	b, _ := os.ReadFile(g.logPath)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// sentMsg is one message the traffic sent.
type sentMsg struct {
	kind    string // register, photo, dup, text, redeem, confirm, cancel, approve
	openid  string
	key     string // wx.DedupKey
	text    string
	sha     string // of a photo
	copies  int
	acked   bool
	reply   string   // the passive reply's text ("" for success)
	replies []string // of every accepted attempt, all copies
}

// traffic plays riders and a staff member against the platform's
// callback URL and records every message.
type traffic struct {
	p         *wxsim.Platform
	photos    *photoSource
	approvals chan string // redemption labels for staff to approve

	mu         sync.Mutex
	msgs       []*sentMsg
	badReplies []string
}

var (
	reConfirm  = pattern(catalog.RedeemConfirm, "Name", "Cost", "Remaining")
	reCreated  = pattern(catalog.RedeemCreated, "Label", "Name", "Cost")
	reVoucher  = regexp.MustCompile(`券码\s*([0-9A-Z]{8})`)
	photoLabel = []*regexp.Regexp{
		pattern(catalog.PhotoReceived, "Label", "Category"),
		pattern(catalog.PhotoAskCategory, "Label", "Choices"),
	}
)

func replyText(r *wx.Reply) string {
	if r == nil {
		return ""
	}
	return r.Content
}

// send delivers m (copies times at once or a little apart, as WeChat's
// retry storms do) and records the outcome.
func (tr *traffic) send(ctx context.Context, m *wx.Message, kind string, copies int, gap time.Duration, sha string) *sentMsg {
	var opts []wxsim.DeliverOption
	if copies > 1 {
		opts = append(opts, wxsim.Copies(copies, gap))
	}
	d, err := tr.p.Deliver(ctx, m, opts...)
	s := &sentMsg{kind: kind, openid: m.OpenID(), key: wx.DedupKey(m), text: m.Content, sha: sha, copies: copies, acked: err == nil}
	if s.acked {
		s.reply = replyText(d.Reply)
	}
	for _, a := range d.Attempts {
		if a.Err == nil {
			s.replies = append(s.replies, replyText(a.Reply))
		}
	}
	tr.mu.Lock()
	tr.msgs = append(tr.msgs, s)
	if errors.Is(err, wxsim.ErrBadReply) {
		tr.badReplies = append(tr.badReplies, fmt.Sprintf("%s %q: %v", kind, m.Content, err))
	}
	tr.mu.Unlock()
	return s
}

// copiesFor draws how many copies of the next message WeChat sends.
func copiesFor(rng *rand.Rand) (int, time.Duration) {
	if rng.IntN(100) < 15 {
		return 2 + rng.IntN(2), time.Duration(rng.IntN(3)) * 150 * time.Millisecond
	}
	return 1, 0
}

// rider registers and then, until ctx ends, sends a random mix: distinct
// photos, re-sent photos, balance queries, category answers, 兑换/确认
// and 取消.
func (tr *traffic) rider(ctx context.Context, n int, rng *rand.Rand) {
	openid := fmt.Sprintf("o_rel_rider_%d", n)
	for ctx.Err() == nil {
		if tr.send(ctx, tr.p.NewText(openid, fmt.Sprintf("注册 骑手%d 139%08d", n, n)), "register", 1, 0, "").acked {
			break
		}
	}
	var mine [][]byte
	var labels []string
	text := func(kind, s string) *sentMsg {
		copies, gap := copiesFor(rng)
		return tr.send(ctx, tr.p.NewText(openid, s), kind, copies, gap, "")
	}
	for ctx.Err() == nil {
		switch x := rng.IntN(100); {
		case x < 50:
			data := tr.photos.next()
			if data == nil {
				text("text", "积分")
				break
			}
			mine = append(mine, data)
			copies, gap := copiesFor(rng)
			tr.send(ctx, tr.p.NewImage(openid, data), "photo", copies, gap, shaOf(data))
		case x < 58 && len(mine) > 0:
			data := mine[rng.IntN(len(mine))]
			copies, gap := copiesFor(rng)
			tr.send(ctx, tr.p.NewImage(openid, data), "dup", copies, gap, shaOf(data))
		case x < 68:
			text("text", "积分")
		case x < 72:
			text("text", strconv.Itoa(1+rng.IntN(3)))
		case x < 92:
			s := text("redeem", "兑换 1")
			if !s.acked || !reConfirm.MatchString(s.reply) {
				break
			}
			c := text("confirm", "确认")
			if m := reCreated.FindStringSubmatch(c.reply); c.acked && m != nil {
				labels = append(labels, m[1])
				if rng.IntN(4) > 0 {
					select {
					case tr.approvals <- m[1]:
					default:
					}
				}
			}
		default:
			if len(labels) > 0 {
				text("cancel", "取消 "+labels[rng.IntN(len(labels))])
			}
		}
		time.Sleep(time.Duration(rng.IntN(30)) * time.Millisecond)
	}
}

// staff approves the redemptions riders submitted.
func (tr *traffic) staff(ctx context.Context, rng *rand.Rand) {
	for ctx.Err() == nil {
		if tr.send(ctx, tr.p.NewText(staffOpenID, "待办"), "text", 1, 0, "").acked {
			break
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case label := <-tr.approvals:
			time.Sleep(time.Duration(rng.IntN(100)) * time.Millisecond)
			copies, gap := copiesFor(rng)
			tr.send(ctx, tr.p.NewText(staffOpenID, "通过 "+label), "approve", copies, gap, "")
		}
	}
}

func shaOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// crashVerdict counts what verifyCrash found.
type crashVerdict struct {
	sent, acked, copies                   int
	reports, valid, redemptions, entries  int
	lost, twice, doubleAwards, violations int
}

// verifyCrash checks every invariant of the crash test on the final
// database and reports each violation with t.Errorf.
func verifyCrash(t *testing.T, db *store.DB, cfg *config.Config, tr *traffic) crashVerdict {
	t.Helper()
	var v crashVerdict
	fail := func(counter *int, format string, args ...any) {
		*counter++
		if *counter <= 20 {
			t.Errorf(format, args...)
		}
	}
	for _, b := range tr.badReplies {
		fail(&v.violations, "WeChat would show an error: %s", b)
	}

	rep, err := db.Check()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		fail(&v.violations, "check: %s", p)
	}

	reports, err := db.Reports(store.ReportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string][]grid.Report{}
	byID := map[uint64]grid.Report{}
	for _, r := range reports {
		byKey[r.MsgKey] = append(byKey[r.MsgKey], r)
		byID[r.ID] = r
	}
	v.reports = len(reports)

	awards := map[string]int{}
	holdResolutions := map[uint64][]points.Kind{}
	replay := points.Balances{}
	riders := map[string]bool{}
	err = db.ForEachEntry(func(e points.Entry) error {
		v.entries++
		replay.Apply(e)
		if e.Rider != "" {
			riders[e.Rider] = true
		}
		switch e.Kind {
		case points.KindAward:
			awards[e.Key]++
		case points.KindPost, points.KindVoid, points.KindExpire:
			holdResolutions[e.HoldID] = append(holdResolutions[e.HoldID], e.Kind)
		case points.KindReversal:
			fail(&v.violations, "entry %d: a reversal, but nobody revoked anything", e.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Processed exactly once: each acknowledged message is recorded and
	// its effect exists once.
	ackedRedemptions := map[uint64]string{}
	ackedImages := map[string][]string{} // SHA-256 of a distinct photo → its report
	for _, m := range tr.msgs {
		v.sent++
		if m.copies > 1 {
			v.copies++
		}
		if !m.acked {
			continue
		}
		v.acked++
		if ok, err := db.DedupKnown(m.key); err != nil || !ok {
			fail(&v.lost, "acknowledged %s %q from %s (key %s) is not recorded", m.kind, m.text, m.openid, m.key)
		}
		for _, r := range m.replies {
			if r != m.reply {
				fail(&v.twice, "%s %q from %s answered %q and %q: a retry was processed again", m.kind, m.text, m.openid, m.reply, r)
			}
		}
		switch m.kind {
		case "register":
			if _, err := db.Rider(m.openid); err != nil {
				fail(&v.lost, "acknowledged registration of %s: %v", m.openid, err)
			}
		case "photo", "dup":
			rs := byKey[m.key]
			switch {
			case len(rs) == 0:
				fail(&v.lost, "acknowledged photo from %s (key %s) has no report", m.openid, m.key)
				continue
			case len(rs) > 1:
				fail(&v.twice, "photo from %s (key %s) has %d reports", m.openid, m.key, len(rs))
			}
			r := rs[0]
			for _, re := range photoLabel {
				if mm := re.FindStringSubmatch(m.reply); mm != nil && mm[1] != r.Label() {
					fail(&v.violations, "photo from %s was answered %s but stored as %s", m.openid, mm[1], r.Label())
				}
			}
			if r.Rider != m.openid || r.SHA256 != m.sha {
				fail(&v.violations, "report %s: rider %s sha %.8s, want %s %.8s", r.Label(), r.Rider, r.SHA256, m.openid, m.sha)
			}
			// Which copy of an image earns is decided by vetting order:
			// when a re-sent copy is vetted first (two workers at once,
			// or the original's job re-run after a kill), the re-sent copy
			// earns and the original is the duplicate. What must hold is
			// one point per distinct image, checked below by SHA-256.
			switch {
			case m.kind == "photo" && r.Status != grid.ReportValid && r.Status != grid.ReportDuplicate:
				fail(&v.lost, "distinct photo %s from %s is %s (%v), want valid", r.Label(), m.openid, r.Status, r.Reasons)
			case m.kind == "dup" && r.Status != grid.ReportValid && r.Status != grid.ReportDuplicate:
				fail(&v.violations, "re-sent photo %s is %s, want duplicate (or valid if the first copy never arrived)", r.Label(), r.Status)
			}
			if m.kind == "photo" {
				ackedImages[m.sha] = append(ackedImages[m.sha], r.Label())
			}
		case "confirm":
			if mm := reCreated.FindStringSubmatch(m.reply); mm != nil {
				id, _ := strconv.ParseUint(mm[1][1:], 10, 64)
				ackedRedemptions[id] = m.openid
			}
		}
	}
	for key, rs := range byKey {
		if len(rs) > 1 {
			fail(&v.twice, "message %s has %d reports", key, len(rs))
		}
	}
	// One point per distinct image: of all reports of an acknowledged
	// distinct photo's bytes (the original and any re-sent copies),
	// exactly one is valid.
	for sha, labels := range ackedImages {
		valid := 0
		for _, r := range reports {
			if r.SHA256 == sha && r.Status == grid.ReportValid {
				valid++
			}
		}
		if valid != 1 {
			fail(&v.lost, "image %.8s (%v): %d valid reports among its copies, want exactly 1", sha, labels, valid)
		}
	}

	// Every valid report has exactly one award, and only valid reports.
	files := &photo.Files{Root: filepath.Join(cfg.DataDir, "photos")}
	for _, r := range reports {
		key := grid.AwardKeyFor(r.ID)
		switch {
		case r.Status == grid.ReportReceived:
			fail(&v.violations, "report %s is still received after the drain", r.Label())
		case r.Status == grid.ReportValid:
			v.valid++
			if awards[key] != 1 || r.AwardKey != key || r.Points != 1 {
				fail(&v.doubleAwards, "valid report %s: %d awards, award key %q, points %d; want exactly one", r.Label(), awards[key], r.AwardKey, r.Points)
			}
		case awards[key] != 0:
			fail(&v.doubleAwards, "%s report %s has %d awards, want none", r.Status, r.Label(), awards[key])
		}
		if r.SHA256 != "" {
			if f, err := files.Open(r.SHA256); err != nil {
				fail(&v.violations, "report %s: original photo %s: %v", r.Label(), r.SHA256, err)
			} else {
				f.Close()
			}
		}
	}
	for key, n := range awards {
		if n > 1 {
			fail(&v.doubleAwards, "award key %s credited %d times", key, n)
		}
		id, err := strconv.ParseUint(strings.TrimPrefix(key, "report:"), 10, 64)
		if r, ok := byID[id]; err != nil || !ok || r.Status != grid.ReportValid {
			fail(&v.doubleAwards, "award %s is not for a valid report", key)
		}
	}

	// Holds resolve once, as their redemption says.
	reds, err := db.Redemptions("")
	if err != nil {
		t.Fatal(err)
	}
	v.redemptions = len(reds)
	redByID := map[uint64]points.Redemption{}
	for _, r := range reds {
		redByID[r.ID] = r
		res := holdResolutions[r.HoldID]
		want := map[points.RedemptionStatus]points.Kind{
			points.RedemptionApproved: points.KindPost, points.RedemptionFulfilled: points.KindPost,
			points.RedemptionRejected: points.KindVoid, points.RedemptionCancelled: points.KindVoid,
			points.RedemptionExpired: points.KindExpire,
		}[r.Status]
		switch {
		case len(res) > 1:
			fail(&v.violations, "%s: hold %d resolved %d times: %v", r.Label(), r.HoldID, len(res), res)
		case want == "" && len(res) != 0:
			fail(&v.violations, "%s is %s but its hold %d was %v", r.Label(), r.Status, r.HoldID, res)
		case want != "" && (len(res) != 1 || res[0] != want):
			fail(&v.violations, "%s is %s but its hold %d was %v, want %s", r.Label(), r.Status, r.HoldID, res, want)
		}
		if h, err := db.GetHold(r.HoldID); err != nil {
			fail(&v.violations, "%s: hold %d: %v", r.Label(), r.HoldID, err)
		} else if holdState := map[points.Kind]points.HoldState{points.KindPost: points.HoldPosted, points.KindVoid: points.HoldVoided,
			points.KindExpire: points.HoldExpired, "": points.HoldPending}[want]; h.State != holdState {
			fail(&v.violations, "%s is %s but its hold %d is %s", r.Label(), r.Status, h.ID, h.State)
		}
	}
	for id, openid := range ackedRedemptions {
		if r, ok := redByID[id]; !ok || r.Rider != openid {
			fail(&v.lost, "acknowledged redemption R%d of %s is missing (%+v)", id, openid, r)
		}
	}
	for _, m := range tr.msgs {
		if m.kind != "approve" || !m.acked {
			continue
		}
		mm := reVoucher.FindStringSubmatch(m.reply)
		if mm == nil {
			continue // refused: cancelled first, or approved by an earlier copy
		}
		id, _ := strconv.ParseUint(strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(m.text, "通过")), "R"), 10, 64)
		if r := redByID[id]; r.Voucher != mm[1] || (r.Status != points.RedemptionApproved && r.Status != points.RedemptionFulfilled) {
			fail(&v.lost, "acknowledged approval of R%d (voucher %s): stored %s with voucher %q", id, mm[1], r.Status, r.Voucher)
		}
	}

	// Balances equal the replayed ledger.
	for rider := range riders {
		b, err := db.Balance(rider)
		if err != nil {
			t.Fatal(err)
		}
		want := points.RiderBalanceFrom(replay[points.RiderAccount(rider)], replay[points.HoldAccount(rider)])
		if b != want {
			fail(&v.violations, "rider %s: balance %+v, replayed ledger %+v", rider, b, want)
		}
	}
	return v
}
