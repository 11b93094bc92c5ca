package web

import (
	"fmt"
	"math"
	"net/http"
	"time"

	"gridbot/grid"
	"gridbot/store"
)

// mapPoint is one report drawn on the map.
type mapPoint struct {
	X, Y   float64
	Colour string
	Title  string
	URL    string // external map
	Report string // dashboard page
}

// reportMap plots the located reports of a date range (default: the last
// 7 days) on an SVG, by their coordinates, without any map tiles. Each
// point links to an external map.
func (h *Handler) reportMap(w http.ResponseWriter, r *http.Request, s *session) error {
	q := r.URL.Query()
	now := h.now().In(h.loc)
	fromS, toS := q.Get("from"), q.Get("to")
	if fromS == "" {
		fromS = now.AddDate(0, 0, -6).Format("2006-01-02")
	}
	if toS == "" {
		toS = now.Format("2006-01-02")
	}
	from, err := h.parseTime(fromS, false)
	if err != nil {
		return err
	}
	to, err := h.parseTime(toS, true)
	if err != nil {
		return err
	}
	reports, err := h.st.Reports(store.ReportFilter{From: from, To: to})
	if err != nil {
		return fmt.Errorf("web: map: %w", err)
	}
	var located []grid.Report
	for _, rep := range reports {
		if rep.Location != nil && rep.Status != grid.ReportInvalid {
			located = append(located, rep)
		}
	}
	const size, pad = 600.0, 20.0
	pts := h.project(located, size, pad)
	h.render(w, r, http.StatusOK, "map", s, map[string]any{
		"Points": pts, "Size": size, "From": fromS, "To": toS, "Count": len(located),
		"Legend": h.legend(), "Since": from.Format(time.DateOnly),
	})
	return nil
}

// minMapSpan is the smallest half-width, in degrees of latitude, the map
// shows around its points' centre (about 550 m), so that reports at one
// spot, or a few metres apart, are drawn in the middle rather than
// stretched to the edges or piled in a corner.
const minMapSpan = 0.005

// project maps the reports' coordinates onto a size×size square with an
// equirectangular projection (longitude shrunk by the cosine of the mean
// latitude, so shapes keep their proportions), centred on the middle of
// their bounding box and scaled to its longer side, or to ±minMapSpan when
// the box is smaller (one point, or every point at the same coordinate).
func (h *Handler) project(reps []grid.Report, size, pad float64) []mapPoint {
	if len(reps) == 0 {
		return nil
	}
	minLat, maxLat := math.Inf(1), math.Inf(-1)
	minLng, maxLng := math.Inf(1), math.Inf(-1)
	for _, rep := range reps {
		l := rep.Location
		minLat, maxLat = math.Min(minLat, l.Lat), math.Max(maxLat, l.Lat)
		minLng, maxLng = math.Min(minLng, l.Lng), math.Max(maxLng, l.Lng)
	}
	midLat, midLng := (minLat+maxLat)/2, (minLng+maxLng)/2
	k := math.Cos(midLat * math.Pi / 180)
	half := math.Max(math.Max((maxLng-minLng)*k, maxLat-minLat)/2, minMapSpan)
	scale := (size - 2*pad) / (2 * half)
	n := len(h.cfg.Categories) + 1
	out := make([]mapPoint, 0, len(reps))
	for _, rep := range reps {
		l := rep.Location
		x := size/2 + (l.Lng-midLng)*k*scale
		y := size/2 - (l.Lat-midLat)*scale
		out = append(out, mapPoint{
			X: x, Y: y, Colour: colour(h.categoryIndex(rep.Category), n),
			Title:  fmt.Sprintf("%s %s %s", rep.Label(), h.categoryName(rep.Category), h.when(rep.At)),
			URL:    mapURL(rep),
			Report: fmt.Sprintf("/admin/reports/%d", rep.ID),
		})
	}
	return out
}

// legend lists the categories with their colours.
func (h *Handler) legend() []chartLegend {
	n := len(h.cfg.Categories) + 1
	out := make([]chartLegend, 0, n)
	for i, c := range h.cfg.Categories {
		out = append(out, chartLegend{Name: c.Name, Colour: colour(i, n), Class: colourClass(i, n)})
	}
	return append(out, chartLegend{Name: h.categoryName(""), Colour: colour(n-1, n), Class: colourClass(n-1, n)})
}
