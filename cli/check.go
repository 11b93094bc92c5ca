package cli

import (
	"context"
	"errors"
	"fmt"

	"gridbot/store"
)

func runCheck(_ context.Context, env *Env) error {
	fs := newFlags(env, "check")
	cfgPath := configFlag(fs, env)
	dbPath := fs.String("db", "", "database file (default: data_dir/"+store.FileName+" from the config)")
	if err := parseFlags(fs, env.Args); err != nil {
		return err
	}
	path, err := resolveDB(*cfgPath, *dbPath)
	if err != nil {
		return err
	}
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return withCode(ExitFailure, stoppedHint(err))
	}
	defer db.Close()
	rep, err := db.Check()
	if err != nil {
		return withCode(ExitFailure, err)
	}
	fmt.Fprintf(env.Stdout, "database: %s\nschema:   version %d\nentries:  %d\nholds:    %d\naccounts: %d\n",
		path, store.SchemaVersion(), rep.Entries, rep.Holds, rep.Accounts)
	if rep.OK() {
		fmt.Fprintln(env.Stdout, "result:   OK (bbolt consistent; every ledger invariant holds)")
		return nil
	}
	fmt.Fprintf(env.Stdout, "result:   FAILED, %d problem(s):\n", len(rep.Problems))
	for _, p := range rep.Problems {
		fmt.Fprintf(env.Stdout, "  - %s\n", p)
	}
	return withCode(ExitFailure, fmt.Errorf("%d invariant violation(s) in %s", len(rep.Problems), path))
}

// resolveDB returns the explicit -db path or data_dir/gridbot.db from the
// config.
func resolveDB(cfgPath, dbPath string) (string, error) {
	if dbPath != "" {
		return dbPath, nil
	}
	cfg, err := loadConfig(cfgPath)
	if err != nil {
		return "", err
	}
	return store.Path(cfg.DataDir), nil
}

// stoppedHint adds what to do when the database is held by a running
// service.
func stoppedHint(err error) error {
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("%w; stop the service first (or, for a backup while it runs, use the dashboard's Backup page or GET /api/v1/backup with an API token)", err)
	}
	return err
}
