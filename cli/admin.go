package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"gridbot/config"
	"gridbot/store"
	"gridbot/web"
)

// runAdminPasswd sets a dashboard user's password, creating the user if
// needed: `gridbot admin passwd [-config FILE] NAME`. It reads the
// password from the first line of stdin, or generates one and prints it
// when stdin is empty. It opens the store directly, so the service must be
// stopped. The user's sessions end.
func runAdminPasswd(ctx context.Context, env *Env) error {
	fs := newFlags(env, "admin passwd")
	cfgPath := configFlag(fs, env)
	fs.Usage = func() {
		fmt.Fprintln(env.Stderr, "usage: gridbot admin passwd [-config FILE] NAME  (the password is read from stdin, or generated)")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, env.Args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return withCode(ExitUsage, errors.New("name the user: gridbot admin passwd NAME"))
	}
	name := fs.Arg(0)
	if err := web.ValidName(name); err != nil {
		return withCode(ExitUsage, err)
	}
	password, generated := readPassword(env), false
	if password == "" {
		password, generated = web.NewPassword(), true
	}
	if _, err := web.HashPassword(password); err != nil {
		return withCode(ExitUsage, err)
	}
	_, db, err := openForAdmin(*cfgPath,
		"to change your own password, sign in to the dashboard and use 修改密码 (/admin/password); creating a user needs the service stopped")
	if err != nil {
		return err
	}
	defer db.Close()
	_, existed := db.WebUser(name)
	if err := web.SetPassword(ctx, db, name, password); err != nil {
		return withCode(ExitFailure, err)
	}
	what := "password of dashboard user %q set"
	if existed != nil {
		what = "dashboard user %q created"
	}
	fmt.Fprintf(env.Stdout, what, name)
	if generated {
		fmt.Fprintf(env.Stdout, "; its password:\n%s\n", password)
	} else {
		fmt.Fprintln(env.Stdout)
	}
	return nil
}

// readPassword returns the first line of stdin without its line ending, or
// "" if there is none.
func readPassword(env *Env) string {
	if env.Stdin == nil {
		return ""
	}
	line, _ := bufio.NewReader(env.Stdin).ReadString('\n')
	return strings.TrimRight(line, "\r\n")
}

// runAdminToken creates, lists or revokes JSON API tokens:
//
//	gridbot admin token [-config FILE] NAME          create; the token alone on the last line
//	gridbot admin token [-config FILE] -revoke NAME  revoke (requests with it get 401)
//	gridbot admin token [-config FILE] -list         list names and states
//
// Only the token's SHA-256 is stored; the token is shown once.
func runAdminToken(ctx context.Context, env *Env) error {
	fs := newFlags(env, "admin token")
	cfgPath := configFlag(fs, env)
	revoke := fs.Bool("revoke", false, "revoke the token NAME instead of creating one")
	list := fs.Bool("list", false, "list the tokens")
	if err := parseFlags(fs, env.Args); err != nil {
		return err
	}
	if *list {
		if fs.NArg() != 0 {
			return withCode(ExitUsage, errors.New("-list takes no name"))
		}
	} else if fs.NArg() != 1 {
		return withCode(ExitUsage, errors.New("name the token: gridbot admin token [-revoke] NAME"))
	}
	cfg, db, err := openForAdmin(*cfgPath, "manage tokens on the dashboard (/admin/tokens)")
	if err != nil {
		return err
	}
	defer db.Close()
	switch {
	case *list:
		for _, t := range cfg.API.Tokens {
			fmt.Fprintf(env.Stdout, "%s\tconfig\tactive\n", t.Name)
		}
		toks, err := db.WebTokens()
		if err != nil {
			return withCode(ExitFailure, err)
		}
		for _, t := range toks {
			state := "active"
			if !t.Active() {
				state = "revoked " + t.RevokedAt.Format(time.RFC3339)
			}
			fmt.Fprintf(env.Stdout, "%s\tstored %s\t%s\n", t.Name, t.CreatedAt.Format(time.RFC3339), state)
		}
		return nil
	case *revoke:
		if err := web.RevokeToken(ctx, db, fs.Arg(0), "cli"); err != nil {
			return withCode(ExitFailure, err)
		}
		fmt.Fprintf(env.Stdout, "API token %q revoked\n", fs.Arg(0))
		return nil
	}
	token, err := web.CreateToken(ctx, db, cfg, fs.Arg(0), "cli")
	switch {
	case errors.Is(err, web.ErrBadName):
		return withCode(ExitUsage, err)
	case err != nil:
		return withCode(ExitFailure, err)
	}
	fmt.Fprintf(env.Stdout, "API token %q created; it is shown once, store it now:\n%s\n", fs.Arg(0), token)
	return nil
}

// openForAdmin loads the config and opens its store for writing. A store
// held by the running service is refused with what to do instead.
func openForAdmin(cfgPath, instead string) (*config.Config, *store.DB, error) {
	cfg, err := loadConfig(cfgPath)
	if err != nil {
		return nil, nil, err
	}
	path := store.Path(cfg.DataDir)
	if _, err := os.Stat(path); err != nil {
		return nil, nil, withCode(ExitFailure, fmt.Errorf(
			"no database at %s (data_dir of %s): start the service once with this config, or pass the config it runs with (-config FILE)",
			path, cfgPath))
	}
	db, err := store.Open(path, store.Options{Timeout: time.Second, Location: cfg.Location()})
	if errors.Is(err, store.ErrLocked) {
		return nil, nil, withCode(ExitFailure, fmt.Errorf("%w; stop the service first, or %s", err, instead))
	}
	if err != nil {
		return nil, nil, withCode(ExitFailure, err)
	}
	return cfg, db, nil
}
