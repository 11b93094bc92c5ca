package simui

import (
	"log/slog"
	"net/http"

	"gridbot/catalog"
)

// demoPoints grants the person Deps.DemoPoints through a staff adjustment
// by 「模拟器」, a local-demo affordance (see the package documentation),
// and shows the outcome as a simulator bubble.
func (h *Handler) demoPoints(w http.ResponseWriter, r *http.Request, p Persona) {
	if h.d.Adjust == nil || p.Staff {
		http.NotFound(w, r)
		return
	}
	bal, err := h.d.Adjust(r.Context(), p.OpenID, h.d.DemoPoints,
		catalog.Text(catalog.SimDemoActor), catalog.Text(catalog.SimDemoReason))
	if err != nil {
		h.log.Warn("simulator: demo points refused", slog.String("openid", p.OpenID), slog.Any("err", err))
		h.conv.add(p.OpenID, h.now(), Entry{From: FromSystem, Kind: KindText, Text: catalog.Text(catalog.SimDemoRefused)})
		writeProblem(w, http.StatusConflict)
		return
	}
	h.conv.add(p.OpenID, h.now(), Entry{From: FromSystem, Kind: KindText,
		Text: catalog.Render(catalog.SimDemoGranted, catalog.Args{"Points": h.d.DemoPoints, "Balance": bal})})
	w.WriteHeader(http.StatusNoContent)
}
