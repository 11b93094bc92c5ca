package app

import (
	"context"
	"log/slog"
	"time"

	"gridbot/bot"
)

// dedupRetention is how long deduplication records are kept; WeChat retries
// within seconds, and a day more covers any replay of a captured callback.
const dedupRetention = 48 * time.Hour

// pruneLoop removes old deduplication records and nonces every few minutes.
func (a *App) pruneLoop(ctx context.Context) {
	t := time.NewTicker(5 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		for {
			n, err := a.db.PruneIntake(ctx, dedupRetention, 2*bot.ReplayWindow, 5000)
			if err != nil {
				a.log.Error("pruning intake records failed", slog.Any("err", err))
				break
			}
			if n < 5000 {
				break
			}
		}
	}
}

// photoRetentionLoop deletes original photos older than photo.retention
// (thumbnails and hashes stay) once an hour.
func (a *App) photoRetentionLoop(ctx context.Context) {
	keep := a.cfg.Photo.Retention
	if keep <= 0 {
		return
	}
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		n, err := a.svc.files.Sweep(a.now(), keep)
		a.health.Set("photo_retention", err)
		if err != nil {
			a.log.Error("photo retention sweep failed", slog.Any("err", err))
		} else if n > 0 {
			a.log.Info("deleted originals past retention", slog.Int("files", n))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// storeProbeLoop retries a tiny write every few seconds while the store's
// last commit failed, so that readiness returns as soon as the disk takes
// writes again, even without traffic.
func (a *App) storeProbeLoop(ctx context.Context) {
	t := time.NewTicker(a.opts.ProbeInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if a.db.WriteError() == nil {
			continue
		}
		if err := a.db.Probe(ctx); err == nil {
			a.log.Info("database writes succeed again")
		}
	}
}

// sweepLoop expires redemptions whose hold ran out (telling the rider) and
// reminds staff of pending ones, every minute.
func (a *App) sweepLoop(ctx context.Context) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		if err := a.svc.desk.Sweep(ctx); err != nil && ctx.Err() == nil {
			a.log.Error("redemption sweep failed", slog.Any("err", err))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
