package simui

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// heartbeat keeps idle event streams alive through proxies and notices
// closed tabs.
const heartbeat = 15 * time.Second

// serveEvents streams openid's conversation as Server-Sent Events: every
// entry after Last-Event-ID (or the query value after), then each new
// one as it is added, until the client goes away.
func (h *Handler) serveEvents(w http.ResponseWriter, r *http.Request) {
	openid := r.URL.Query().Get("openid")
	if _, ok := h.people[openid]; !ok {
		http.Error(w, "unknown openid", http.StatusBadRequest)
		return
	}
	last := r.Header.Get("Last-Event-ID")
	if last == "" {
		last = r.URL.Query().Get("after")
	}
	after, _ := strconv.ParseInt(last, 10, 64)
	h.watchShutdown(r)
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // the server's WriteTimeout would cut the stream
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	fmt.Fprint(w, "retry: 1000\n\n")
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		entries, changed := h.conv.since(openid, after)
		for _, e := range entries {
			data, _ := json.Marshal(e)
			fmt.Fprintf(w, "id: %d\ndata: %s\n\n", e.ID, data)
			after = e.ID
		}
		if err := rc.Flush(); err != nil {
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-h.stop:
			return
		case <-tick.C:
			fmt.Fprint(w, ": ping\n\n")
		case <-changed:
		}
	}
}

// watchShutdown makes the server that serves r end every event stream when
// it shuts down: http.Server.Shutdown waits for active requests, and an
// event stream never ends by itself.
func (h *Handler) watchShutdown(r *http.Request) {
	srv, ok := r.Context().Value(http.ServerContextKey).(*http.Server)
	if !ok {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.servers[srv] {
		h.servers[srv] = true
		srv.RegisterOnShutdown(h.Shutdown)
	}
}

// Shutdown ends every event stream, now and later. The pages' EventSources
// then retry until the server is gone. It is safe to call more than once.
func (h *Handler) Shutdown() {
	h.stopOnce.Do(func() { close(h.stop) })
}
