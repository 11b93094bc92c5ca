package app

import (
	"fmt"
	"io"
)

// banner is what start-up prints on the console: where gridbot listens,
// and in local mode the simulator's and dashboard's addresses. The first
// dashboard password appears here, once, and nowhere else.
type banner struct {
	URL           string
	LocalMode     bool
	FirstPassword string
	ConfigPath    string
}

func (b banner) write(w io.Writer) {
	fmt.Fprintf(w, "gridbot is running at %s\n", b.URL)
	fmt.Fprintf(w, "  dashboard: %s/admin/\n", b.URL)
	fmt.Fprintf(w, "  health:    %s/healthz\n", b.URL)
	fmt.Fprintf(w, "  metrics:   %s/metrics\n", b.URL)
	if b.LocalMode {
		fmt.Fprintf(w, "\nLOCAL MODE: no WeChat account is configured; a simulator stands in for WeChat.\n")
		fmt.Fprintf(w, "  simulator (chat page): %s/sim/\n", b.URL)
	}
	if b.FirstPassword != "" {
		fmt.Fprintf(w, "\nDashboard user \"admin\" was created with the password:\n  %s\n", b.FirstPassword)
		cfg := ""
		if b.ConfigPath != "" {
			cfg = " -config " + b.ConfigPath
		}
		fmt.Fprintf(w, "It is shown this once. Change it after signing in (修改密码, %s/admin/password),\n", b.URL)
		fmt.Fprintf(w, "or with gridbot stopped: gridbot admin passwd%s admin\n", cfg)
	}
	fmt.Fprintln(w)
}
