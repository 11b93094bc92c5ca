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
