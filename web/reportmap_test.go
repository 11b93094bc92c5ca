package web

import (
	"math"
	"testing"

	"gridbot/grid"
)

// TestMapProjection checks where project draws points: reports sharing one
// coordinate (a zero-size box) sit in the middle, points closer than the
// minimum span stay near it, and a wide spread fills the square inside
// the padding, north up and east right.
func TestMapProjection(t *testing.T) {
	e := newEnv(t, nil)
	at := func(lat, lng float64) grid.Report {
		return grid.Report{ID: 1, Location: &grid.Location{Lat: lat, Lng: lng}}
	}
	const size, pad = 600.0, 20.0
	near := func(got, want float64) bool { return math.Abs(got-want) < 0.01 }

	t.Run("one coordinate", func(t *testing.T) {
		pts := e.h.project([]grid.Report{at(31.2304, 121.4737), at(31.2304, 121.4737), at(31.2304, 121.4737)}, size, pad)
		for i, p := range pts {
			if !near(p.X, size/2) || !near(p.Y, size/2) {
				t.Errorf("point %d at (%.1f, %.1f), want the centre (300, 300)", i, p.X, p.Y)
			}
		}
	})
	t.Run("a few metres apart", func(t *testing.T) {
		pts := e.h.project([]grid.Report{at(31.2304, 121.4737), at(31.2305, 121.4738)}, size, pad)
		for i, p := range pts {
			if math.Abs(p.X-size/2) > 10 || math.Abs(p.Y-size/2) > 10 {
				t.Errorf("point %d at (%.1f, %.1f), want within 10 of the centre", i, p.X, p.Y)
			}
		}
		if !(pts[1].X > pts[0].X && pts[1].Y < pts[0].Y) {
			t.Errorf("north-east point at (%.1f, %.1f), want right of and above (%.1f, %.1f)", pts[1].X, pts[1].Y, pts[0].X, pts[0].Y)
		}
	})
	t.Run("spread out", func(t *testing.T) {
		pts := e.h.project([]grid.Report{at(31.20, 121.45), at(31.26, 121.45)}, size, pad)
		if !near(pts[0].Y, size-pad) || !near(pts[1].Y, pad) || !near(pts[0].X, size/2) {
			t.Errorf("points at (%.1f, %.1f) and (%.1f, %.1f), want (300, 580) and (300, 20)", pts[0].X, pts[0].Y, pts[1].X, pts[1].Y)
		}
	})
}
