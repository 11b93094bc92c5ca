package cli

import (
	"context"
	"errors"
)

// runSimLoad drives a running gridbot as WeChat would. Owned by the load
// tool's author.
func runSimLoad(ctx context.Context, env *Env) error {
	return withCode(ExitFailure, errors.New("sim load is not available yet"))
}
