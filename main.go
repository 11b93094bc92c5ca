// Command gridbot is the 网格随手拍积分机器人 service: riders report street
// problems by photo over WeChat and earn points. See README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"gridbot/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, &cli.Env{Args: os.Args[1:], Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	stop()
	os.Exit(code)
}
