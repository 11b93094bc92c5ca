package app

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"

	"gridbot/catalog"
	"gridbot/simui"
)

// SimRiders is how many simulated riders the chat page offers.
const SimRiders = 3

// simRiderOpenID returns the openid of simulated rider n (1-based).
func simRiderOpenID(n int) string { return fmt.Sprintf("sim-rider-%d", n) }

// mountSim registers the simulator's chat page (/sim/) in local mode: a
// few simulated riders and the first staff member of the config. Its
// demo button grants points through store.DB.Adjust (see package simui).
func (a *App) mountSim(mux *http.ServeMux) {
	sim := a.Simulator()
	if sim == nil {
		return
	}
	var riders []simui.Persona
	for n := 1; n <= SimRiders; n++ {
		riders = append(riders, simui.Persona{OpenID: simRiderOpenID(n),
			Name: catalog.Render(catalog.SimRider, catalog.Args{"N": n})})
	}
	var staff simui.Persona
	if len(a.cfg.Staff) > 0 {
		s := a.cfg.Staff[0]
		staff = simui.Persona{OpenID: s.OpenID, Name: catalog.Render(catalog.SimStaff, catalog.Args{"Name": s.Name}), Staff: true}
	}
	h := simui.New(simui.Deps{
		Platform: sim, Riders: riders, Staff: staff,
		Adjust: func(ctx context.Context, openid string, delta int64, actor, reason string) (int64, error) {
			if _, err := a.db.Adjust(ctx, openid, delta, actor, reason); err != nil {
				return 0, err
			}
			b, err := a.db.Balance(openid)
			return b.Balance, err
		},
		AllowRemote: !listensOnLoopback(a.cfg.Listen),
		Logger:      a.log.With(slog.String("component", "simui")),
		Now:         a.now,
	})
	a.goLoop(h.Run) // ends when the simulator closes (stopServices)
	mux.Handle("/sim/", h)
}

// listensOnLoopback reports whether addr (host:port) binds only to a
// loopback address. An empty host (":8080") binds every interface.
func listensOnLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host == "" {
		return false
	}
	return simui.IsLoopbackHost(host)
}
