package simui

import (
	"encoding/json"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"

	"gridbot/catalog"
	"gridbot/wxsim"
)

// place is a preset point of the location panel.
type place struct {
	Label string  `json:"label"`
	Lat   float64 `json:"lat"`
	Lng   float64 `json:"lng"`
}

// pageData is what page.html renders.
type pageData struct {
	Title, Badge string
	Token        string
	// Boot is the JSON the script starts from: people, menu, places and
	// labels.
	Boot template.JS
}

// boot is the page script's starting data.
type boot struct {
	People     []Persona         `json:"people"`
	Menu       []wxsim.Button    `json:"menu"`
	Places     []place           `json:"places"`
	Labels     map[string]string `json:"labels"`
	DemoPoints int64             `json:"demoPoints"`
	ShowDemo   bool              `json:"showDemo"`
}

// servePage renders the chat page.
func (h *Handler) servePage(w http.ResponseWriter, r *http.Request) {
	h.followStaff(r.Context())
	b := boot{
		People: append(append([]Persona(nil), h.d.Riders...), h.d.Staff),
		Menu:   h.d.Platform.Menu(),
		Places: []place{
			{catalog.Text(catalog.SimPlace1), 31.230416, 121.473701},
			{catalog.Text(catalog.SimPlace2), 31.232120, 121.476530},
			{catalog.Text(catalog.SimPlace3), 31.228050, 121.470910},
		},
		Labels:     labels(h.d.DemoPoints),
		DemoPoints: h.d.DemoPoints,
		ShowDemo:   h.d.Adjust != nil,
	}
	if h.d.Staff.OpenID == "" {
		b.People = b.People[:len(h.d.Riders)]
	}
	data, err := json.Marshal(b)
	if err != nil {
		h.log.Error("simulator: page data", slog.Any("err", err))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
	err = h.page.Execute(w, pageData{
		Title: catalog.Text(catalog.SimTitle), Badge: catalog.Text(catalog.SimBadge),
		Token: h.token, Boot: template.JS(data),
	})
	if err != nil {
		h.log.Warn("simulator: render page", slog.Any("err", err))
	}
}

// labels are the catalog texts the script shows, by short name.
func labels(demoPoints int64) map[string]string {
	return map[string]string{
		"switch":      catalog.Text(catalog.SimSwitch),
		"placeholder": catalog.Text(catalog.SimPlaceholder),
		"send":        catalog.Text(catalog.SimSend),
		"photo":       catalog.Text(catalog.SimPhoto),
		"location":    catalog.Text(catalog.SimLocation),
		"locFree":     catalog.Text(catalog.SimLocationFree),
		"lat":         catalog.Text(catalog.SimLatitude),
		"lng":         catalog.Text(catalog.SimLongitude),
		"placeName":   catalog.Text(catalog.SimPlaceName),
		"cancel":      catalog.Text(catalog.SimCancel),
		"subscribe":   catalog.Text(catalog.SimSubscribe),
		"keyboard":    catalog.Text(catalog.SimKeyboard),
		"menu":        catalog.Text(catalog.SimMenu),
		"empty":       catalog.Text(catalog.SimEmpty),
		"demo":        catalog.Render(catalog.SimDemoPoints, catalog.Args{"Points": demoPoints}),
		"demoNote":    catalog.Text(catalog.SimDemoNote),
		"badRequest":  catalog.Text(catalog.SimBadRequest),
	}
}

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return sub
}
