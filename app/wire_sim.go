package app

import "net/http"

// mountSim registers the simulator's chat page (/sim/) in local mode.
// Owned by the simulator page's author.
func (a *App) mountSim(mux *http.ServeMux) {}
