package cli

import (
	"context"
	"fmt"
)

func runConfig(_ context.Context, env *Env) error {
	fs := newFlags(env, "config")
	cfgPath := configFlag(fs, env)
	if err := parseFlags(fs, env.Args); err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	out, err := cfg.Masked()
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "# %s is valid; effective configuration (secrets masked):\n%s", *cfgPath, out)
	return nil
}
