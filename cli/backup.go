package cli

import (
	"context"
	"errors"
	"fmt"

	"gridbot/store"
)

func runBackup(_ context.Context, env *Env) error {
	fs := newFlags(env, "backup")
	cfgPath := configFlag(fs, env)
	dbPath := fs.String("db", "", "database file (default: data_dir/"+store.FileName+" from the config)")
	out := fs.String("o", "", "output file (required)")
	if err := parseFlags(fs, env.Args); err != nil {
		return err
	}
	if *out == "" {
		return withCode(ExitUsage, errors.New("-o FILE is required"))
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
	n, err := store.BackupToFile(db, *out)
	if err != nil {
		return withCode(ExitFailure, err)
	}
	fmt.Fprintf(env.Stdout, "wrote %s (%d bytes)\n", *out, n)
	return nil
}
