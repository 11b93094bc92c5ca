package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	"gridbot/store"
)

func runBackup(_ context.Context, env *Env) error {
	fs := newFlags(env, "backup")
	cfgPath := configFlag(fs, env)
	dbPath := fs.String("db", "", "database file (default: data_dir/"+store.FileName+" from the config)")
	out := fs.String("o", "", "output file (required)")
	force := fs.Bool("f", false, "overwrite the output file if it exists")
	if err := parseFlags(fs, env.Args); err != nil {
		return err
	}
	if *out == "" {
		return withCode(ExitUsage, errors.New("-o FILE is required"))
	}
	if _, err := os.Stat(*out); err == nil && !*force {
		return withCode(ExitUsage, fmt.Errorf("%s exists; choose another name or pass -f to overwrite it", *out))
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
