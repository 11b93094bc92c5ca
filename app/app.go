package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"gridbot/config"
	"gridbot/store"
)

// Options are the parts of App that are not configuration.
type Options struct {
	Logger *slog.Logger
	// Console receives the start-up banner (URLs, first-run password).
	Console io.Writer
	// Now is the clock; default time.Now.
	Now func() time.Time
	// ShutdownTimeout bounds the drain of in-flight requests (default 10 s).
	ShutdownTimeout time.Duration
	// ConfigPath is the config file the app was started with, for hints
	// printed to the operator.
	ConfigPath string
	// ProbeInterval is how often a failing store is probed for recovery
	// (default 5 s).
	ProbeInterval time.Duration
}

// App is one running gridbot.
type App struct {
	cfg     *config.Config
	log     *slog.Logger
	console io.Writer
	now     func() time.Time
	opts    Options

	db       *store.DB
	registry *prometheus.Registry
	metrics  *metrics
	health   *health
	server   *http.Server
	ln       net.Listener
	svc      *services

	firstPassword string // set when this start created the first dashboard user

	ready  chan struct{} // closed once Start has listened
	wg     sync.WaitGroup
	cancel context.CancelFunc
	closed bool
	mu     sync.Mutex
}

// New opens the store and builds every service. It does not listen yet.
func New(cfg *config.Config, opts Options) (*App, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.Console == nil {
		opts.Console = io.Discard
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.ShutdownTimeout <= 0 {
		opts.ShutdownTimeout = 10 * time.Second
	}
	if opts.ProbeInterval <= 0 {
		opts.ProbeInterval = 5 * time.Second
	}
	a := &App{cfg: cfg, log: opts.Logger, console: opts.Console, now: opts.Now, opts: opts, ready: make(chan struct{})}
	db, err := store.Open(store.Path(cfg.DataDir), store.Options{
		Timeout:      cfg.Store.OpenTimeout,
		BatchDelay:   cfg.Store.BatchDelay,
		BatchMaxSize: cfg.Store.BatchMaxSize,
		Now:          opts.Now,
		Logger:       opts.Logger,
		Location:     cfg.Location(),
	})
	if err != nil {
		return nil, err
	}
	a.db = db
	a.registry = prometheus.NewRegistry()
	a.registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	a.metrics = newMetrics(a.registry)
	a.health = newHealth(db)
	if err := a.buildServices(); err != nil {
		a.stopServices(context.Background())
		db.Close()
		return nil, err
	}
	handler, err := a.routes()
	if err != nil {
		a.stopServices(context.Background())
		db.Close()
		return nil, err
	}
	a.server = &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      5 * time.Minute, // backups stream large files
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(opts.Logger.Handler(), slog.LevelWarn),
	}
	return a, nil
}

// Store returns the app's database (for tests and CLI helpers).
func (a *App) Store() *store.DB { return a.db }

// Start listens on the configured address and starts background loops.
func (a *App) Start(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.cfg.Listen)
	if err != nil {
		return fmt.Errorf("app: listen on %s: %w", a.cfg.Listen, err)
	}
	a.ln = ln
	bg, cancel := context.WithCancel(context.WithoutCancel(ctx))
	a.cancel = cancel
	if err := a.startServices(bg); err != nil {
		return err
	}
	a.goLoop(func() { a.backupLoop(bg) })
	a.goLoop(func() { a.pruneLoop(bg) })
	a.goLoop(func() { a.photoRetentionLoop(bg) })
	a.goLoop(func() { a.storeProbeLoop(bg) })
	a.goLoop(func() { a.sweepLoop(bg) })
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		if err := a.server.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.log.Error("http server stopped", slog.Any("err", err))
		}
	}()
	close(a.ready)
	a.log.Info("gridbot listening", slog.String("addr", a.Addr()), slog.Bool("local_mode", a.cfg.WeChat.LocalMode()))
	banner{URL: a.URL(), LocalMode: a.cfg.WeChat.LocalMode(), FirstPassword: a.firstPassword, ConfigPath: a.opts.ConfigPath}.write(a.console)
	return nil
}

// Ready is closed once the app listens (for callers of Run).
func (a *App) Ready() <-chan struct{} { return a.ready }

// Addr returns the listening address, or "" before Start.
func (a *App) Addr() string {
	if a.ln == nil {
		return ""
	}
	return a.ln.Addr().String()
}

// URL returns the base URL of the listening server.
func (a *App) URL() string { return "http://" + a.Addr() }

// Run starts the app and blocks until ctx is cancelled, then shuts down
// gracefully.
func (a *App) Run(ctx context.Context) error {
	if err := a.Start(ctx); err != nil {
		a.Close()
		return err
	}
	<-ctx.Done()
	a.log.Info("shutting down")
	return a.Close()
}

// Close stops accepting connections, drains in-flight requests, stops the
// background loops and closes the store. It is safe to call twice.
func (a *App) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil
	}
	a.closed = true
	var errs []error
	if a.ln != nil {
		ctx, cancel := context.WithTimeout(context.Background(), a.opts.ShutdownTimeout)
		errs = append(errs, a.server.Shutdown(ctx))
		cancel()
	}
	ctx, cancel := context.WithTimeout(context.Background(), a.opts.ShutdownTimeout)
	errs = append(errs, a.stopServices(ctx))
	cancel()
	if a.cancel != nil {
		a.cancel()
	}
	a.wg.Wait()
	errs = append(errs, a.db.Close())
	return errors.Join(errs...)
}

func (a *App) goLoop(fn func()) {
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		fn()
	}()
}
