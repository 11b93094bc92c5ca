package cli

import (
	"context"

	"gridbot/app"
)

func runServe(ctx context.Context, env *Env) error {
	fs := newFlags(env, "serve")
	cfgPath := configFlag(fs, env)
	if err := parseFlags(fs, env.Args); err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	log := newLogger(env.Stderr, cfg.Log)
	a, err := app.New(cfg, app.Options{Logger: log, Console: env.Stdout, ConfigPath: *cfgPath})
	if err != nil {
		return err
	}
	return a.Run(ctx)
}
