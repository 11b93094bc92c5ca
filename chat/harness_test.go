package chat_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"

	"gridbot/bot"
	"gridbot/catalog"
	"gridbot/chat"
	"gridbot/config"
	"gridbot/grid"
	"gridbot/internal/testkit"
	"gridbot/jobs"
	"gridbot/photo"
	"gridbot/points"
	"gridbot/store"
	"gridbot/wx"
	"gridbot/wxsim"
)

const (
	testAppID  = "wxchattestapp001"
	testSecret = "chat-test-secret"
	testToken  = "chatTestToken"
	testAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	staffID    = "o_staff_1"
)

// options shape a harness.
type options struct {
	Safe bool                 // deliver callbacks encrypted (safe mode)
	Edit func(*config.Config) // adjust the configuration
	// Staff handles staff commands; nil means none.
	Staff chat.StaffCommands
}

// fakeStaff is a hand-written chat.StaffCommands.
type fakeStaff struct {
	HandleFunc func(tx *store.Tx, openid, text string) (string, bool, error)
}

func (f *fakeStaff) HandleStaff(tx *store.Tx, openid, text string) (string, bool, error) {
	return f.HandleFunc(tx, openid, text)
}

func (f *fakeStaff) CommandWords() []string {
	return []string{"待办", "通过", "拒绝", "核销", "撤销"}
}

func (f *fakeStaff) FlagNearby(_ *store.Tx, r grid.Report) (grid.Report, error) { return r, nil }

// harness is gridbot's rider conversation end to end: the WeChat simulator
// posts signed callbacks over loopback HTTP to a bot.Webhook backed by a
// real bbolt file, and a job runner vets photos and sends messages back
// through a real wx.Client to the simulator.
type harness struct {
	t     *testing.T
	cfg   *config.Config
	clock *testkit.Clock // shared by the store, the webhook, the job runner and the simulator
	sim   *wxsim.Platform
	dir   string
	log   *slog.Logger

	client *wx.Client
	codec  *wx.Codec
	index  *photo.Index
	files  *photo.Files

	staffCmds chat.StaffCommands

	hook    swap
	db      *store.DB
	conv    *chat.Conversation
	runner  *jobs.Runner
	stopRun context.CancelFunc
}

// swap is an http.Handler whose target can be replaced (on restart)
// while the server's URL stays.
type swap struct {
	mu sync.RWMutex
	h  http.Handler
}

func (s *swap) set(h http.Handler) { s.mu.Lock(); s.h = h; s.mu.Unlock() }

func (s *swap) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	h := s.h
	s.mu.RUnlock()
	h.ServeHTTP(w, r)
}

func newHarness(t *testing.T, o options) *harness {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Staff = []config.StaffMember{{OpenID: staffID, Name: "王主任"}}
	cfg.Jobs.MaxAttempts = 3
	cfg.Jobs.Timeout = 20 * time.Second
	cfg.Jobs.BackoffBase = 10 * time.Millisecond
	cfg.Jobs.BackoffMax = 50 * time.Millisecond
	if o.Edit != nil {
		o.Edit(cfg)
	}
	loc := cfg.Location()
	h := &harness{
		t: t, cfg: cfg, dir: cfg.DataDir,
		clock:     testkit.NewClock(time.Date(2025, 5, 6, 10, 0, 0, 0, loc)),
		log:       slog.New(slog.NewTextHandler(io.Discard, nil)),
		staffCmds: o.Staff,
	}
	if testing.Verbose() {
		h.log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	mode := wx.ModePlain
	if o.Safe {
		mode = wx.ModeSafe
	}
	sim, err := wxsim.New(wxsim.Config{
		AppID: testAppID, AppSecret: testSecret, Token: testToken, EncodingAESKey: testAESKey,
		Mode: mode, Now: h.clock.Now, RetryInterval: 20 * time.Millisecond, AttemptTimeout: 5 * time.Second,
	})
	if err != nil {
		t.Fatalf("wxsim.New: %v", err)
	}
	h.sim = sim
	api := httptest.NewServer(sim.Handler())
	if err := sim.SetBaseURL(api.URL); err != nil {
		t.Fatal(err)
	}
	h.client, err = wx.NewClient(wx.Options{AppID: testAppID, AppSecret: testSecret, APIBase: api.URL, Now: h.clock.Now})
	if err != nil {
		t.Fatalf("wx.NewClient: %v", err)
	}
	h.codec, err = wx.NewCodec(wx.CodecConfig{Token: testToken, EncodingAESKey: testAESKey, AppID: testAppID})
	if err != nil {
		t.Fatalf("wx.NewCodec: %v", err)
	}
	h.index = photo.NewIndex()
	if h.files, err = photo.NewFiles(filepath.Join(cfg.DataDir, "photos")); err != nil {
		t.Fatal(err)
	}
	h.files.Now = h.clock.Now
	hookSrv := httptest.NewServer(&h.hook)
	if err := sim.SetCallbackURL(hookSrv.URL); err != nil {
		t.Fatal(err)
	}
	h.start()
	t.Cleanup(func() {
		h.stop()
		hookSrv.Close()
		sim.Close()
		api.Close()
	})
	// Staff must have interacted for customer-service messages to reach them.
	h.text(staffID, "你好")
	return h
}

// start opens the store and builds the conversation, the webhook and the
// job runner, as app/ does.
func (h *harness) start() {
	t := h.t
	t.Helper()
	db, err := store.Open(store.Path(h.dir), store.Options{Now: h.clock.Now, Location: h.cfg.Location(), Logger: h.log})
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	outbox := &bot.Outbox{Sender: h.client, Store: db, Log: h.log}
	staff := &bot.Staff{OpenIDs: []string{staffID}, Outbox: outbox}
	h.index = photo.NewIndex() // a new process starts with an empty index
	conv := chat.New(chat.Deps{
		Config: h.cfg, Store: db, Outbox: outbox, Staff: staff,
		Photos: chat.Photos{Checker: photo.NewChecker(h.cfg.Photo), Index: h.index, Files: h.files},
		Media:  h.client, Now: h.clock.Now, Logger: h.log, StaffCommands: h.staffCmds,
	})
	if err := conv.LoadIndex(); err != nil {
		t.Fatalf("LoadIndex: %v", err)
	}
	runner := jobs.New(db, jobs.Config{
		MaxAttempts: h.cfg.Jobs.MaxAttempts, Timeout: h.cfg.Jobs.Timeout,
		BackoffBase: h.cfg.Jobs.BackoffBase, BackoffMax: h.cfg.Jobs.BackoffMax,
		Now: h.clock.Now, Logger: h.log,
	})
	runner.Handle(chat.JobPhoto, 2, conv.RunPhoto)
	runner.Handle(bot.JobSend, 2, outbox.RunSend)
	db.SetJobHook(runner.Add)
	ctx, cancel := context.WithCancel(context.Background())
	if err := runner.Start(ctx); err != nil {
		t.Fatalf("runner.Start: %v", err)
	}
	h.db, h.conv, h.runner, h.stopRun = db, conv, runner, cancel
	h.hook.set(&bot.Webhook{Codec: h.codec, Store: db, Conversation: conv, Outbox: outbox, Now: h.clock.Now, Log: h.log})
}

// stop stops the runner and closes the store, as a shutdown does.
func (h *harness) stop() {
	if h.db == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.runner.Stop(ctx); err != nil {
		h.t.Errorf("runner.Stop: %v", err)
	}
	h.stopRun()
	if err := h.db.Close(); err != nil {
		h.t.Errorf("db.Close: %v", err)
	}
	h.db = nil
}

// restart simulates a process restart on the same data directory.
func (h *harness) restart() {
	h.t.Helper()
	h.stop()
	h.start()
}

// send delivers m and returns the passive reply's text ("" for none).
func (h *harness) send(m *wx.Message) string {
	h.t.Helper()
	d, err := h.sim.Deliver(context.Background(), m)
	if err != nil {
		h.t.Fatalf("deliver %s: %v", m.MsgType, err)
	}
	if d.Reply == nil {
		return ""
	}
	if d.Reply.MsgType != message.MsgTypeText {
		h.t.Fatalf("reply type %s, want text", d.Reply.MsgType)
	}
	return d.Reply.Content
}

// tick advances the clock a second, so that events differ in CreateTime.
func (h *harness) tick() { h.clock.Advance(time.Second) }

func (h *harness) text(openid, text string) string {
	h.t.Helper()
	h.tick()
	return h.send(h.sim.NewText(openid, text))
}

func (h *harness) photo(openid string, data []byte) string {
	h.t.Helper()
	h.tick()
	return h.send(h.sim.NewImage(openid, data))
}

func (h *harness) register(openid, name, phone string) {
	h.t.Helper()
	got := h.text(openid, "注册 "+name+" "+phone)
	r, err := h.db.Rider(openid)
	if err != nil {
		h.t.Fatalf("rider %s after registering: %v (reply %q)", openid, err, got)
	}
	want(h.t, got, catalog.RegisterActive, catalog.Args{"Name": name, "Phone": grid.MaskPhone(phone), "Seq": r.Seq})
}

// sent waits for n customer-service messages to openid and returns their
// texts.
func (h *harness) sent(openid string, n int) []string {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	msgs, err := h.sim.WaitMessages(ctx, openid, n)
	if err != nil {
		h.t.Fatalf("waiting for %d messages to %s: %v", n, openid, err)
	}
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = m.Text
	}
	return out
}

// settled waits until report id has left status received.
func (h *harness) settled(id uint64) grid.Report {
	h.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		r, err := h.db.Report(id)
		if err == nil && r.Status != grid.ReportReceived {
			return r
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("P%d not settled: %+v, %v", id, r, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// vetted waits until report id has its vetting recorded (SHA-256 set).
func (h *harness) vetted(id uint64) grid.Report {
	h.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		r, err := h.db.Report(id)
		if err == nil && r.SHA256 != "" {
			return r
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("P%d not vetted: %+v, %v", id, r, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (h *harness) balance(openid string) points.RiderBalance {
	h.t.Helper()
	b, err := h.db.Balance(openid)
	if err != nil {
		h.t.Fatal(err)
	}
	return b
}

// want checks that got is exactly the catalog entry id rendered with args.
func want(t *testing.T, got string, id catalog.ID, args catalog.Args) {
	t.Helper()
	if w := catalog.Render(id, args); got != w {
		t.Errorf("got reply %q,\nwant %s: %q", got, id, w)
	}
}

// wantSet checks that got holds exactly the wanted texts, in any order.
func wantSet(t *testing.T, got []string, wanted ...string) {
	t.Helper()
	left := map[string]int{}
	for _, w := range wanted {
		left[w]++
	}
	for _, g := range got {
		if left[g] == 0 {
			t.Errorf("unexpected message %q; want %q", g, wanted)
			continue
		}
		left[g]--
	}
	for w, n := range left {
		if n > 0 {
			t.Errorf("missing message %q in %q", w, got)
		}
	}
}

// Photos.

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// blackFrame is a photo of nothing: a lens cap.
func blackFrame(t *testing.T) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 640, 480))
	for i := range img.Pix {
		img.Pix[i] = 3
	}
	img.Set(10, 10, color.Gray{Y: 9})
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// editedCopy shrinks a photo to 90 % and recompresses it, as a rider
// re-sharing someone's photo would.
func editedCopy(t *testing.T, data []byte) []byte {
	t.Helper()
	src, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	b := src.Bounds()
	w, hgt := b.Dx()*9/10, b.Dy()*9/10
	dst := image.NewRGBA(image.Rect(0, 0, w, hgt))
	for y := 0; y < hgt; y++ {
		for x := 0; x < w; x++ {
			dst.Set(x, y, src.At(b.Min.X+x*10/9, b.Min.Y+y*10/9))
		}
	}
	var out bytes.Buffer
	if err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: 70}); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
