package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"gridbot/config"
	"gridbot/loadtest"
)

// runSimLoad drives a running gridbot as WeChat would and reports latency,
// throughput and losses. Exit codes: 0 ok, 1 a photo was lost or credited
// twice, photos were duplicates of an earlier run (or the run failed), 2
// usage.
func runSimLoad(ctx context.Context, env *Env) error {
	fs := newFlags(env, "sim load")
	var c loadtest.Config
	cfgPath := fs.String("config", "", "the target gridbot's config file: credentials, callback URL, api_base and photo checks (flags below override it)")
	target := fs.String("target", "", "gridbot's callback URL, e.g. http://127.0.0.1:8080/wechat (loopback only)")
	api := fs.String("api", "", "host:port for the fake WeChat API; the target's wechat.api_base must be http://HOST:PORT (loopback only)")
	appID := fs.String("app-id", "", "the target's wechat.app_id")
	secret := fs.String("app-secret", "", "the target's wechat.app_secret (env GRIDBOT_WECHAT_APP_SECRET)")
	token := fs.String("token", "", "the target's wechat.token (env GRIDBOT_WECHAT_TOKEN)")
	aesKey := fs.String("aes-key", "", "the target's wechat.encoding_aes_key (env GRIDBOT_WECHAT_ENCODING_AES_KEY)")
	fs.BoolVar(&c.Encrypt, "encrypt", false, "send safe-mode (AES) callbacks")
	fs.IntVar(&c.Riders, "riders", 10, "simulated riders; each registers first")
	fs.IntVar(&c.Photos, "photos", 5, "photos per rider; 0 sends text messages (积分) at -rate for -duration instead")
	fs.Float64Var(&c.Duplicates, "duplicates", 0, "fraction of photos that re-send an earlier photo's bytes, e.g. 0.1")
	fs.Float64Var(&c.Retries, "retries", 0, "fraction of messages delivered 2–3 times at once (WeChat retry storms), e.g. 0.1")
	fs.DurationVar(&c.Duration, "duration", 0, "longest sending phase (0: until all photos are sent; texts: 10s)")
	fs.Float64Var(&c.Rate, "rate", 0, "messages a second (0: as fast as -concurrency allows; texts: 100)")
	fs.StringVar(&c.PhotosDir, "photos-dir", "", "directory of real photos to send (default: generated 800×600 JPEGs)")
	fs.DurationVar(&c.Drain, "drain", loadtest.DefaultDrain, "how long to wait for outstanding outcomes after sending")
	fs.IntVar(&c.Concurrency, "concurrency", loadtest.DefaultConcurrency, "most messages in flight")
	fs.Uint64Var(&c.Seed, "seed", 0, "seed for riders, photos and choices (0: a new one each run); a repeated seed against the same data dir fails: its photos are duplicates")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	verbose := fs.Bool("v", false, "log progress to stderr")
	if err := parseFlags(fs, env.Args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return withCode(ExitUsage, fmt.Errorf("unexpected arguments %q", fs.Args()))
	}
	c.Photo = config.Default().Photo
	if *cfgPath != "" {
		cfg, err := loadConfig(*cfgPath)
		if err != nil {
			return err
		}
		c.FromConfig(cfg)
	}
	override := func(dst *string, flag, envName string) {
		if flag != "" {
			*dst = flag
		} else if envName != "" && *dst == "" {
			*dst = env.Getenv(envName)
		}
	}
	override(&c.Target, *target, "")
	override(&c.API, *api, "")
	override(&c.AppID, *appID, "")
	override(&c.AppSecret, *secret, "GRIDBOT_WECHAT_APP_SECRET")
	override(&c.Token, *token, "GRIDBOT_WECHAT_TOKEN")
	override(&c.EncodingAESKey, *aesKey, "GRIDBOT_WECHAT_ENCODING_AES_KEY")
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelInfo
	}
	c.Logger = slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: level}))
	c.Now = time.Now

	rep, err := loadtest.Run(ctx, c)
	if errors.Is(err, loadtest.ErrUsage) {
		return withCode(ExitUsage, err)
	}
	if err != nil {
		return withCode(ExitFailure, err)
	}
	if *asJSON {
		err = rep.WriteJSON(env.Stdout)
	} else {
		err = rep.WriteTable(env.Stdout)
	}
	if err != nil {
		return err
	}
	if !rep.OK {
		return withCode(ExitFailure, fmt.Errorf("%s; see the report", rep.Problem))
	}
	return nil
}
