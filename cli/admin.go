package cli

import (
	"context"
	"errors"
)

// runAdminPasswd sets a dashboard user's password. Owned by the web
// package's author.
func runAdminPasswd(ctx context.Context, env *Env) error {
	return withCode(ExitFailure, errors.New("admin passwd is not available yet"))
}

// runAdminToken creates an API token. Owned by the web package's author.
func runAdminToken(ctx context.Context, env *Env) error {
	return withCode(ExitFailure, errors.New("admin token is not available yet"))
}
