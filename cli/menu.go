package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"gridbot/app"
)

func runMenuSync(ctx context.Context, env *Env) error {
	fs := newFlags(env, "menu sync")
	cfgPath := configFlag(fs, env)
	dry := fs.Bool("n", false, "print the menu without sending it")
	if err := parseFlags(fs, env.Args); err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	buttons := app.Menu(cfg)
	out, err := json.MarshalIndent(map[string]any{"button": buttons}, "", "  ")
	if err != nil {
		return err
	}
	if *dry || cfg.WeChat.LocalMode() {
		fmt.Fprintf(env.Stdout, "%s\n", out)
		if cfg.WeChat.LocalMode() {
			fmt.Fprintln(env.Stdout, "local mode: the simulator gets this menu when the service starts; nothing was sent")
		}
		return nil
	}
	client, err := app.NewClient(cfg, "", nil, app.Options{})
	if err != nil {
		return err
	}
	if err := client.CreateMenu(ctx, buttons); err != nil {
		return withCode(ExitFailure, errors.Join(errors.New("WeChat refused the menu"), err))
	}
	fmt.Fprintf(env.Stdout, "menu created for %s:\n%s\n", cfg.WeChat.AppID, out)
	return nil
}
