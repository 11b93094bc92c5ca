package simui

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gridbot/wxsim"
)

//go:embed assets
var assets embed.FS

// DefaultDemoPoints is what the demo button grants when Deps.DemoPoints is
// zero: the cost of the shipped haircut.
const DefaultDemoPoints = 200

// Persona is one simulated person the page can speak as.
type Persona struct {
	OpenID string `json:"openid"`
	Name   string `json:"name"` // shown in the switcher
	Staff  bool   `json:"staff"`
}

// AdjustFunc grants delta points to openid through a staff adjustment by
// actor for reason, and returns the new balance.
type AdjustFunc func(ctx context.Context, openid string, delta int64, actor, reason string) (balance int64, err error)

// Deps are the page's collaborators.
type Deps struct {
	// Platform is the fake WeChat platform that delivers to gridbot.
	// Required.
	Platform *wxsim.Platform
	// Riders are the simulated riders; Staff the simulated staff member
	// (zero OpenID: none). At least one rider is required.
	Riders []Persona
	Staff  Persona
	// Adjust grants demo points; nil hides the demo button.
	Adjust AdjustFunc
	// DemoPoints is how many points the demo button grants; zero means
	// DefaultDemoPoints.
	DemoPoints int64
	// AllowRemote accepts requests whose Host is not loopback. Set it only
	// when gridbot listens on a public address on purpose.
	AllowRemote bool
	// Logger receives delivery failures; nil discards.
	Logger *slog.Logger
	// Now is the clock of the conversation log; nil means time.Now.
	Now func() time.Time
}

// Handler serves /sim/. Create it with New; it is safe for concurrent use.
type Handler struct {
	d      Deps
	log    *slog.Logger
	now    func() time.Time
	page   *template.Template
	token  string
	people map[string]Persona
	conv   *convLog
	sent   <-chan wxsim.Sent
	mux    http.Handler
	csrf   *http.CrossOriginProtection

	stop     chan struct{} // closed by Shutdown
	stopOnce sync.Once
	mu       sync.Mutex
	servers  map[*http.Server]bool // whose shutdown ends the streams

	followMu sync.Mutex  // one staff follow at a time (followStaff)
	followed atomic.Bool // the staff persona has followed
}

// New returns the handler for deps. It subscribes to the platform's
// customer-service messages at once; call Run to copy them into the
// conversations. It panics when Platform is nil or there is no rider,
// which is a wiring error.
func New(d Deps) *Handler {
	if d.Platform == nil || len(d.Riders) == 0 {
		panic("simui: New needs a Platform and at least one rider")
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.DemoPoints == 0 {
		d.DemoPoints = DefaultDemoPoints
	}
	h := &Handler{
		d: d, log: d.Logger, now: d.Now,
		page:    template.Must(template.ParseFS(assets, "assets/page.html")),
		token:   newToken(),
		people:  map[string]Persona{},
		conv:    newConvLog(MaxEntries),
		csrf:    http.NewCrossOriginProtection(),
		stop:    make(chan struct{}),
		servers: map[*http.Server]bool{},
	}
	for _, p := range d.Riders {
		h.people[p.OpenID] = p
	}
	if d.Staff.OpenID != "" {
		d.Staff.Staff = true
		h.d.Staff = d.Staff
		h.people[d.Staff.OpenID] = d.Staff
	}
	h.sent, _ = d.Platform.Subscribe("")
	h.mux = h.routes()
	return h
}

// routes registers every route in one place.
func (h *Handler) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /sim/{$}", h.servePage)
	mux.Handle("GET /sim/static/", http.StripPrefix("/sim/static/", http.FileServerFS(mustSub(assets, "assets/static"))))
	mux.HandleFunc("GET /sim/events", h.serveEvents)
	mux.HandleFunc("GET /sim/media/{file}", h.serveMedia)
	mux.Handle("POST /sim/send/subscribe", h.guardPost(h.sendSubscribe))
	mux.Handle("POST /sim/send/text", h.guardPost(h.sendText))
	mux.Handle("POST /sim/send/photo", h.guardPost(h.sendPhoto))
	mux.Handle("POST /sim/send/location", h.guardPost(h.sendLocation))
	mux.Handle("POST /sim/send/click", h.guardPost(h.sendClick))
	mux.Handle("POST /sim/send/menu-photo", h.guardPost(h.sendMenuPhoto))
	mux.Handle("POST /sim/demo/points", h.guardPost(h.demoPoints))
	return mux
}

// ServeHTTP refuses non-loopback hosts (unless AllowRemote) and serves
// the routes.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !h.d.AllowRemote && !IsLoopbackHost(r.Host) {
		http.Error(w, "the simulator answers on localhost only", http.StatusForbidden)
		return
	}
	h.mux.ServeHTTP(w, r)
}

// Run copies the customer-service messages the platform accepts into the
// conversations until the platform is closed (wxsim.Platform.Close).
func (h *Handler) Run() {
	for s := range h.sent {
		if _, ok := h.people[s.OpenID]; !ok {
			continue
		}
		e := Entry{From: FromBot, Kind: KindText, Text: s.Text}
		if s.MsgType == "image" {
			e.Kind, e.Image = KindImage, h.mediaLink(s.PicURL)
		}
		h.conv.add(s.OpenID, h.now(), e)
	}
	h.Shutdown()
}

// guardPost checks the token, cross-origin protection and that openid
// names a simulated person, then calls fn with it.
func (h *Handler) guardPost(fn func(w http.ResponseWriter, r *http.Request, p Persona)) http.Handler {
	return h.csrf.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("X-Sim-Token")), []byte(h.token)) != 1 {
			http.Error(w, "missing or wrong X-Sim-Token; reload the page", http.StatusForbidden)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
		p, ok := h.people[r.FormValue("openid")]
		if !ok {
			writeProblem(w, http.StatusBadRequest)
			return
		}
		h.followStaff(r.Context())
		fn(w, r, p)
	}))
}

// IsLoopbackHost reports whether host (a Host header, with or without a
// port) names this machine: localhost, *.localhost or a loopback IP.
func IsLoopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func newToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}
