package web

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	_ "image/jpeg"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"gridbot/bot"
	"gridbot/config"
	"gridbot/grid"
	"gridbot/internal/testkit"
	"gridbot/internal/testkit/storekit"
	"gridbot/photo"
	"gridbot/points"
	"gridbot/staff"
	"gridbot/store"
)

// Test fixtures.
const (
	testUser     = "alice"
	testPassword = "correct horse battery"
	riderA       = "o-rider-a"
	riderB       = "o-rider-b"
	riderPending = "o-rider-pending"
	apiToken     = "config-token-for-tests"
)

// env is a web handler over a real store in a temporary directory.
type env struct {
	t      *testing.T
	cfg    *config.Config
	db     *store.DB
	clock  *testkit.Clock
	h      *Handler
	mux    *http.ServeMux
	photos *photo.Files
	sha    string // a photo stored in photos, with its thumbnail
}

// newEnv builds an env; edit adjusts the configuration first. On cleanup it
// checks the store's consistency (ledger audit included) and closes it.
func newEnv(t *testing.T, edit func(*config.Config)) *env {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.PublicURL = "https://grid.example.org"
	cfg.API.Tokens = []config.APIToken{{Name: "city", SHA256: sha256Hex(apiToken)}}
	if edit != nil {
		edit(cfg)
	}
	loc := cfg.Location()
	e := &env{t: t, cfg: cfg, clock: testkit.NewClock(time.Date(2025, 5, 6, 10, 0, 0, 0, loc))}
	db := storekit.Open(t, filepath.Join(cfg.DataDir, store.FileName), store.Options{Now: e.clock.Now, Location: loc})
	e.db = db
	var err error
	e.photos, err = photo.NewFiles(filepath.Join(cfg.DataDir, "photos"))
	if err != nil {
		t.Fatal(err)
	}
	e.sha = e.storePhoto("testdata/fruits.jpg")
	outbox := &bot.Outbox{Store: db, Log: slog.New(slog.DiscardHandler)}
	desk := staff.New(staff.Deps{
		Config: cfg, Store: db, Outbox: outbox, Staff: &bot.Staff{Outbox: outbox},
		Now: e.clock.Now, Logger: slog.New(slog.DiscardHandler),
	})
	e.h, err = New(Deps{Config: cfg, Store: db, Desk: desk, Photos: e.photos, Backup: db.WriteTo,
		Now: e.clock.Now, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	e.mux = http.NewServeMux()
	e.h.Register(e.mux)
	hash, err := bcrypt.GenerateFromPassword([]byte(testPassword), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.PutWebUser(context.Background(), store.WebUser{Name: testUser, Hash: hash}); err != nil {
		t.Fatal(err)
	}
	return e
}

// storePhoto stores a photo file and its thumbnail and returns its SHA-256.
func (e *env) storePhoto(path string) string {
	e.t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		e.t.Fatal(err)
	}
	_, sha, err := e.photos.Put(data)
	if err != nil {
		e.t.Fatal(err)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.photos.PutThumb(sha, img); err != nil {
		e.t.Fatal(err)
	}
	return sha
}

// do runs fn in a write transaction and fails the test on error.
func (e *env) do(fn func(tx *store.Tx) error) {
	e.t.Helper()
	storekit.Do(e.t, e.db, fn)
}

// award credits rider n points under key.
func (e *env) award(key, rider string, n int64) {
	e.t.Helper()
	if _, _, err := e.db.Award(context.Background(), key, rider, n); err != nil {
		e.t.Fatalf("Award: %v", err)
	}
}

// fixture is the data most tests share.
type fixture struct {
	pendingReport grid.Report // in review, with a nearby candidate
	validReport   grid.Report // valid, with a location, earned a point
	redemption    points.Redemption
	pendingRider  grid.Rider
}

// seed stores two active riders, a pending registration, a valid report, a
// report in review, and a pending redemption.
func (e *env) seed() fixture {
	e.t.Helper()
	var f fixture
	storekit.PutRider(e.t, e.db, grid.Rider{OpenID: riderA, Name: "张三", Phone: "13800001234", Status: grid.RiderActive})
	storekit.PutRider(e.t, e.db, grid.Rider{OpenID: riderB, Name: "李四", Phone: "13900005678", Status: grid.RiderActive})
	f.pendingRider = storekit.PutRider(e.t, e.db, grid.Rider{OpenID: riderPending, Name: "王五", Phone: "13700009999", Status: grid.RiderPending})
	loc := &grid.Location{Lat: 31.2304, Lng: 121.4737, Label: "人民广场", At: e.clock.Now()}
	f.validReport = storekit.CreateReport(e.t, e.db, grid.Report{Rider: riderB, Category: "safety", Status: grid.ReportValid, SHA256: e.sha,
		Location: loc, Width: 512, Height: 512, Blur: 120, Brightness: 110})
	e.award(grid.AwardKeyFor(f.validReport.ID), riderB, 1)
	f.validReport.Points, f.validReport.AwardKey = 1, grid.AwardKeyFor(f.validReport.ID)
	e.do(func(tx *store.Tx) error { return tx.PutReport(f.validReport) })
	near := &grid.Location{Lat: 31.2305, Lng: 121.4738, At: e.clock.Now()}
	f.pendingReport = storekit.CreateReport(e.t, e.db, grid.Report{Rider: riderA, Category: "safety", Status: grid.ReportPendingReview, SHA256: e.sha,
		Location: near, Width: 512, Height: 512, Blur: 80, Brightness: 100, NearbyOf: []uint64{f.validReport.ID}})
	e.award("seed:"+riderA, riderA, 300)
	f.redemption = storekit.CreateRedemption(e.t, e.db, e.cfg, riderA)
	return f
}

// client is a browser stand-in that keeps cookies and talks to the mux
// through httptest.
type client struct {
	e       *env
	cookies map[string]*http.Cookie
	csrf    string
	addr    string
}

func (e *env) client() *client {
	return &client{e: e, cookies: map[string]*http.Cookie{}, addr: "192.0.2.10:4321"}
}

// do sends a request with the client's cookies and keeps the answer's.
func (c *client) do(method, path string, form url.Values) *httptest.ResponseRecorder {
	c.e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	req.RemoteAddr = c.addr
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, ck := range c.cookies {
		req.AddCookie(ck)
	}
	rec := httptest.NewRecorder()
	c.e.mux.ServeHTTP(rec, req)
	for _, ck := range rec.Result().Cookies() {
		if ck.MaxAge < 0 {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck
		}
	}
	if m := csrfInput.FindStringSubmatch(rec.Body.String()); m != nil {
		c.csrf = m[1]
	}
	return rec
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// get fetches path.
func (c *client) get(path string) *httptest.ResponseRecorder { return c.do(http.MethodGet, path, nil) }

// post submits form (with the current CSRF token added) to path.
func (c *client) post(path string, form url.Values) *httptest.ResponseRecorder {
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", c.csrf)
	}
	return c.do(http.MethodPost, path, form)
}

// login signs in as the test user and fails the test otherwise.
func (c *client) login() *client {
	c.e.t.Helper()
	c.get("/admin/login")
	rec := c.post("/admin/login", url.Values{"user": {testUser}, "password": {testPassword}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/admin/" {
		c.e.t.Fatalf("login: got %d to %q, want 303 to /admin/; body %s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	c.get("/admin/") // picks up the session's CSRF token
	return c
}

// api calls the JSON API with token (none if empty) and decodes the answer
// into out (if not nil).
func (e *env) api(method, path, token string, body any, out any) int {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req := httptest.NewRequest(method, path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	e.mux.ServeHTTP(rec, req)
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		e.t.Errorf("%s %s: Content-Type %q, want JSON", method, path, ct)
	}
	if out != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			e.t.Fatalf("%s %s: decode %q: %v", method, path, rec.Body, err)
		}
	}
	return rec.Code
}

// redemptionStatus returns the stored status of redemption id.
func (e *env) redemptionStatus(id uint64) points.RedemptionStatus {
	e.t.Helper()
	r, err := e.db.Redemption(id)
	if err != nil {
		e.t.Fatal(err)
	}
	return r.Status
}

// reportStatus returns the stored status of report id.
func (e *env) reportStatus(id uint64) grid.ReportStatus {
	e.t.Helper()
	r, err := e.db.Report(id)
	if err != nil {
		e.t.Fatal(err)
	}
	return r.Status
}

// httptestRequest builds a form POST carrying the client's cookies.
func httptestRequest(c *client, method, path string, form url.Values) *http.Request {
	req := httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
	req.RemoteAddr = c.addr
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, ck := range c.cookies {
		req.AddCookie(ck)
	}
	return req
}

// serve runs req through the env's mux.
func serve(e *env, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	e.mux.ServeHTTP(rec, req)
	return rec
}

func regexpMust(s string) *regexp.Regexp { return regexp.MustCompile(s) }
