package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"gridbot/config"
	"gridbot/grid"
	"gridbot/photo"
	"gridbot/points"
	"gridbot/staff"
	"gridbot/store"
)

// Reader is what the pages and the API read from the database (store.DB).
type Reader interface {
	View(fn func(*store.Tx) error) error
	Riders() ([]grid.Rider, error)
	Rider(openid string) (grid.Rider, error)
	Reports(f store.ReportFilter) ([]grid.Report, error)
	Report(id uint64) (grid.Report, error)
	Redemptions(status points.RedemptionStatus) ([]points.Redemption, error)
	Redemption(id uint64) (points.Redemption, error)
	RiderEntries(rider string, limit int) ([]points.Entry, error)
	Statement(rider string, month points.Month) (points.Statement, error)
	MonthEarnings(month points.Month) (map[string]int64, error)
	MonthEarned(month points.Month, rider string) (int64, error)
	Balance(rider string) (points.RiderBalance, error)
	EntriesSince(from time.Time, fn func(points.Entry) error) error
}

// Accounts keeps dashboard users, sessions, API tokens and sign-in
// throttles (store.DB, store/web_auth.go).
type Accounts interface {
	WebUser(name string) (store.WebUser, error)
	PutWebUser(ctx context.Context, u store.WebUser) error
	ChangeWebPassword(ctx context.Context, name string, hash []byte, keep string) error
	CreateFirstWebUser(ctx context.Context, u store.WebUser) (bool, error)
	PutWebSession(ctx context.Context, s store.WebSession) error
	WebSession(key string) (store.WebSession, error)
	DeleteWebSession(ctx context.Context, key string) error
	PutWebToken(ctx context.Context, t store.WebToken) error
	WebTokenBySHA256(sha string) (store.WebToken, error)
	WebTokens() ([]store.WebToken, error)
	RevokeWebToken(ctx context.Context, name, actor string) (store.WebToken, error)
	LoginAllowed(now time.Time, window time.Duration, limits map[string]int) (bool, time.Duration, error)
	RecordLogin(ctx context.Context, now time.Time, window time.Duration, success bool, keys ...string) error
}

// Jobs is the dead-letter list (store.DB).
type Jobs interface {
	DeadJobs() ([]store.Job, error)
	ReviveJob(ctx context.Context, id uint64) (store.Job, error)
}

// Store is everything the package needs from the database.
type Store interface {
	Reader
	Accounts
	Jobs
}

var _ Store = (*store.DB)(nil)

// Deps are the handler's collaborators.
type Deps struct {
	// Config supplies categories, rewards, the time zone, admin.* and
	// api.tokens. Required.
	Config *config.Config
	// Store is the database. Required.
	Store Store
	// Desk carries out every staff action. Required.
	Desk *staff.Desk
	// Photos serves thumbnails and originals; nil shows none.
	Photos *photo.Files
	// Backup streams a consistent snapshot of the database
	// (store.DB.WriteTo); nil disables /admin/backup.
	Backup func(w io.Writer) (int64, error)
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives errors and security events; nil discards.
	Logger *slog.Logger
}

// Handler serves the dashboard, the JSON API and Open311. Build it with
// New and add its routes with Register. It is safe for concurrent use.
type Handler struct {
	cfg    *config.Config
	st     Store
	desk   *staff.Desk
	photos *photo.Files
	backup func(w io.Writer) (int64, error)
	now    func() time.Time
	log    *slog.Logger
	loc    *time.Location

	pages  map[string]*template.Template
	static fs.FS
	cop    *http.CrossOriginProtection
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// New parses the embedded templates and returns the handler. Errors: a
// missing required dependency, or a template that does not parse.
func New(d Deps) (*Handler, error) {
	switch {
	case d.Config == nil:
		return nil, errors.New("web: no config")
	case d.Store == nil:
		return nil, errors.New("web: no store")
	case d.Desk == nil:
		return nil, errors.New("web: no staff desk")
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	h := &Handler{
		cfg: d.Config, st: d.Store, desk: d.Desk, photos: d.Photos, backup: d.Backup,
		now: d.Now, log: d.Logger, loc: d.Config.Location(),
		cop: http.NewCrossOriginProtection(),
	}
	pages, err := h.parseTemplates()
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	h.pages = pages
	h.static, _ = fs.Sub(staticFS, "static")
	return h, nil
}
