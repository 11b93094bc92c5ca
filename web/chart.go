package web

import (
	"fmt"
	"time"
)

// palette colours the categories, in config order; the last colour is for
// reports without a category.
var palette = []string{"#2563eb", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#ec4899", "#14b8a6", "#9ca3af"}

func colour(i, n int) string { return palette[colourIndex(i, n)] }

// colourClass is the stylesheet class of the same colour (c0…c7), for
// HTML legends (the CSP forbids inline styles).
func colourClass(i, n int) string { return "c" + itoa(uint64(colourIndex(i, n))) }

func colourIndex(i, n int) int {
	if i == n-1 {
		return len(palette) - 1
	}
	return i % (len(palette) - 1)
}

// chart is a server-drawn stacked bar chart (inline SVG, no script).
type chart struct {
	W, H   int
	Bars   []chartBar
	Ticks  []chartTick
	Legend []chartLegend
	Max    int
	Base   float64 // y of the x axis
}

type chartBar struct {
	X, Y, W, H float64
	Colour     string
	Title      string
}

type chartTick struct {
	X, Y  float64
	Label string
}

type chartLegend struct {
	Name, Colour, Class string
}

// dayChart lays out counts[day][category] as stacked bars from the day
// from.
func (h *Handler) dayChart(from time.Time, counts [][]int) chart {
	const w, hgt, left, top, bottom = 640, 220, 28, 10, 24
	c := chart{W: w, H: hgt, Base: hgt - bottom}
	n := len(h.cfg.Categories) + 1
	for i := 0; i < n; i++ {
		name := h.categoryName("")
		if i < len(h.cfg.Categories) {
			name = h.cfg.Categories[i].Name
		}
		c.Legend = append(c.Legend, chartLegend{Name: name, Colour: colour(i, n), Class: colourClass(i, n)})
	}
	for _, day := range counts {
		total := 0
		for _, x := range day {
			total += x
		}
		c.Max = max(c.Max, total)
	}
	scale := 1.0
	if c.Max > 0 {
		scale = float64(hgt-top-bottom) / float64(c.Max)
	}
	slot := float64(w-left) / float64(len(counts))
	for d, day := range counts {
		x := float64(left) + float64(d)*slot + 1
		y := c.Base
		date := from.AddDate(0, 0, d)
		for i, k := range day {
			if k == 0 {
				continue
			}
			bh := float64(k) * scale
			y -= bh
			c.Bars = append(c.Bars, chartBar{X: x, Y: y, W: slot - 2, H: bh, Colour: colour(i, n),
				Title: fmt.Sprintf("%s %s %d", date.Format("01-02"), c.Legend[i].Name, k)})
		}
		if d%5 == 0 || d == len(counts)-1 {
			c.Ticks = append(c.Ticks, chartTick{X: x + slot/2, Y: float64(hgt - 6), Label: date.Format("01-02")})
		}
	}
	return c
}
