package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"gridbot/config"
)

// Env is what every subcommand gets: its arguments and the process's
// streams and environment, so tests can run commands in-process.
type Env struct {
	Args   []string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

// command runs one subcommand. It returns an error wrapped by exitError to
// choose the exit code; any other error exits 1.
type command struct {
	summary string
	run     func(ctx context.Context, env *Env) error
}

// commands lists every subcommand; multi-word commands are joined by a space.
func commands() map[string]command {
	return map[string]command{
		"serve":        {"run the service (the default)", runServe},
		"check":        {"verify a stopped database: bbolt consistency and ledger invariants", runCheck},
		"backup":       {"write a consistent copy of a stopped database (-o FILE)", runBackup},
		"config":       {"validate the config and print it with secrets masked", runConfig},
		"photocheck":   {"vet photo files as the service would (-json for JSON lines)", runPhotocheck},
		"menu sync":    {"create the Official Account menu from config (-n: print only)", runMenuSync},
		"admin passwd": {"set a dashboard user's password (creates the user)", runAdminPasswd},
		"admin token":  {"create a JSON API token; prints it alone on the last line", runAdminToken},
		"sim load":     {"drive a running gridbot as WeChat would and report latency and losses", runSimLoad},
	}
}

// Exit codes.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitUsage   = 2
)

// exitError carries an exit code through an error chain.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// withCode wraps err so that Main exits with code.
func withCode(code int, err error) error { return &exitError{code: code, err: err} }

// Main runs the subcommand named by args and returns the exit code.
func Main(ctx context.Context, env *Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	name, rest := pickCommand(env.Args)
	if name == "help" {
		usage(env.Stdout)
		return ExitOK
	}
	cmd, ok := commands()[name]
	if !ok {
		fmt.Fprintf(env.Stderr, "gridbot: unknown command %q\n\n", name)
		usage(env.Stderr)
		return ExitUsage
	}
	sub := *env
	sub.Args = rest
	err := cmd.run(ctx, &sub)
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	fmt.Fprintf(env.Stderr, "gridbot %s: %v\n", name, err)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	if errors.Is(err, config.ErrInvalid) {
		return ExitUsage
	}
	return ExitFailure
}

// pickCommand finds the longest command name that prefixes args.
func pickCommand(args []string) (string, []string) {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help") {
		return "help", nil
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return "serve", args
	}
	cmds := commands()
	for n := min(len(args), 3); n > 0; n-- {
		name := strings.Join(args[:n], " ")
		if _, ok := cmds[name]; ok {
			return name, args[n:]
		}
	}
	return args[0], args[1:]
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: gridbot [command] [flags]\n\ncommands:")
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-14s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nEvery command takes -config FILE (default $GRIDBOT_CONFIG or ./config.yaml).")
}

// newFlags returns a FlagSet that writes its usage to env.Stderr.
func newFlags(env *Env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("gridbot "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	return fs
}

// configFlag registers -config with its default from GRIDBOT_CONFIG.
func configFlag(fs *flag.FlagSet, env *Env) *string {
	def := env.Getenv(config.EnvConfig)
	if def == "" {
		def = "config.yaml"
	}
	return fs.String("config", def, "config file (env "+config.EnvConfig+")")
}

// parseFlags parses args, allowing flags after positional arguments
// ("admin passwd alice -config x.yaml"), and turns a flag error into a
// usage exit. Afterwards fs.Args() holds the positional arguments in order.
func parseFlags(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return withCode(ExitUsage, err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	return fs.Parse(append([]string{"--"}, positional...))
}

// loadConfig loads and validates the config named by path.
func loadConfig(path string) (*config.Config, error) {
	cfg, err := config.Load(path)
	if err != nil {
		return nil, withCode(ExitUsage, err)
	}
	return cfg, nil
}
