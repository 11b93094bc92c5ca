package app

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"runtime"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"gridbot/bot"
	"gridbot/chat"
	"gridbot/config"
	"gridbot/jobs"
	"gridbot/photo"
	"gridbot/staff"
	"gridbot/store"
	"gridbot/wx"
	"gridbot/wxsim"
)

// services are the parts of a running gridbot beyond the store and the
// HTTP server.
type services struct {
	account *account
	client  *wx.Client
	runner  *jobs.Runner
	outbox  *bot.Outbox
	staff   *bot.Staff
	conv    *chat.Conversation
	desk    *staff.Desk
	webhook *bot.Webhook
	files   *photo.Files
}

// buildServices wires the WeChat account, the job runner, the outbox, the
// conversation and the webhook.
func (a *App) buildServices() error {
	acct, err := newAccount(a.cfg, a.now)
	if err != nil {
		return err
	}
	s := &services{account: acct}
	a.svc = s // set first, so that stopServices can release the account on failure
	codec, err := acct.codec()
	if err != nil {
		return fmt.Errorf("app: wechat codec: %w", err)
	}
	s.client, err = wx.NewClient(wx.Options{
		AppID: acct.appID, AppSecret: acct.secret, APIBase: acct.apiBase,
		Tokens: a.db, Now: a.now, Logger: a.log,
	})
	if err != nil {
		return fmt.Errorf("app: wechat client: %w", err)
	}
	s.outbox = &bot.Outbox{Sender: s.client, Store: a.db, Log: a.log}
	s.staff = &bot.Staff{OpenIDs: staffOpenIDs(a.cfg.Staff), Outbox: s.outbox}
	if key := a.cfg.Notify.WeComRobotKey; key != "" {
		robot, err := wx.NewRobot(wx.RobotOptions{Key: key, APIBase: acct.apiBase})
		if err != nil {
			return fmt.Errorf("app: wecom robot: %w", err)
		}
		s.staff.Robot = robot
	}
	files, err := photo.NewFiles(filepath.Join(a.cfg.DataDir, "photos"))
	if err != nil {
		return err
	}
	s.files = files
	// The desk credits photos a rider sent before approval through the
	// conversation, and the conversation routes staff commands to the desk.
	s.desk = staff.New(staff.Deps{
		Config: a.cfg, Store: a.db, Outbox: s.outbox, Staff: s.staff, Now: a.now, Logger: a.log,
		Orphans: staff.OrphansFunc(func(tx *store.Tx, openid string) (int, error) {
			return s.conv.ReleaseHeld(tx, openid)
		}),
	})
	s.outbox.Pending = s.desk.StillPending
	s.conv = chat.New(chat.Deps{
		Config: a.cfg, Store: a.db, Outbox: s.outbox, Staff: s.staff,
		Photos: chat.Photos{Checker: photo.NewChecker(a.cfg.Photo), Index: photo.NewIndex(), Files: files},
		Media:  s.client, Now: a.now, Logger: a.log,
		StaffCommands: s.desk,
	})
	s.webhook = &bot.Webhook{Codec: codec, Store: a.db, Conversation: s.conv, Outbox: s.outbox,
		Now: a.now, Log: a.log, Metrics: bot.NewMetrics(a.registry)}
	s.runner = jobs.New(a.db, jobs.Config{
		MaxAttempts: a.cfg.Jobs.MaxAttempts, Timeout: a.cfg.Jobs.Timeout,
		BackoffBase: a.cfg.Jobs.BackoffBase, BackoffMax: a.cfg.Jobs.BackoffMax,
		Now: a.now, Logger: a.log, Observe: a.jobMetrics(),
	})
	workers := a.cfg.Jobs.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	s.runner.Handle(chat.JobPhoto, min(workers, runtime.NumCPU()), s.conv.RunPhoto)
	s.runner.Handle(bot.JobSend, 4*workers, s.outbox.RunSend)
	s.runner.Handle(bot.JobRobot, 1, s.staff.RunRobot)
	a.db.SetJobHook(s.runner.Add)
	return nil
}

// startServices loads the near-duplicate index, starts the simulator (in
// local mode) and the job runner.
func (a *App) startServices(ctx context.Context) error {
	s := a.svc
	if err := s.conv.LoadIndex(); err != nil {
		return fmt.Errorf("app: load photo index: %w", err)
	}
	if acct := s.account; acct.sim != nil {
		acct.sim.SetCallbackURL(a.URL() + a.cfg.WeChat.WebhookPath)
		a.goLoop(func() { _ = acct.simServer.Serve(acct.simLn) })
		if err := s.client.CreateMenu(ctx, Menu(a.cfg)); err != nil {
			a.log.Warn("could not create the simulator's menu", slog.Any("err", err))
		}
	}
	return s.runner.Start(ctx)
}

// stopServices stops the runner (letting running jobs finish for a while)
// and the simulator.
func (a *App) stopServices(ctx context.Context) error {
	if a.svc == nil {
		return nil
	}
	var err error
	if a.svc.runner != nil {
		err = a.svc.runner.Stop(ctx)
	}
	if acct := a.svc.account; acct != nil && acct.sim != nil {
		acct.simServer.Close()
		acct.simLn.Close() // not yet tracked by the server if Start never ran
		acct.sim.Close()
	}
	return err
}

// Simulator returns the fake WeChat platform in local mode, or nil.
func (a *App) Simulator() *wxsim.Platform {
	if a.svc == nil || a.svc.account.sim == nil {
		return nil
	}
	return a.svc.account.sim
}

func staffOpenIDs(staff []config.StaffMember) []string {
	out := make([]string, 0, len(staff))
	for _, s := range staff {
		out = append(out, s.OpenID)
	}
	return out
}

func (a *App) jobMetrics() func(kind string, outcome jobs.Outcome, d time.Duration) {
	attempts := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "gridbot_job_attempt_seconds",
		Help:    "Job attempt durations by kind and outcome.",
		Buckets: prometheus.ExponentialBuckets(0.001, 4, 8),
	}, []string{"kind", "outcome"})
	a.registry.MustRegister(attempts)
	return func(kind string, outcome jobs.Outcome, d time.Duration) {
		attempts.WithLabelValues(kind, string(outcome)).Observe(d.Seconds())
	}
}
