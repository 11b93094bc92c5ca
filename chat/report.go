package chat

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"gridbot/catalog"
	"gridbot/config"
	"gridbot/grid"
	"gridbot/wx"
)

// photoJob is the payload of a JobPhoto job.
type photoJob struct {
	Report uint64 `json:"report"`
	// NoPoints marks a photo over limits.photos_per_day: vetted and
	// recorded, never earns.
	NoPoints bool `json:"no_points,omitempty"`
}

// photo records an image message as a report and enqueues its vetting.
func (c *Conversation) photo(in *turn) (string, error) {
	if in.registered && (in.rider.Status == grid.RiderRejected || in.rider.Status == grid.RiderInactive) {
		return c.member(in, nil)
	}
	limit := c.countPhoto(in)
	r := grid.Report{
		Rider:    in.openid,
		MsgKey:   wx.DedupKey(in.m),
		Category: in.s.category(in.now),
		At:       in.now,
		MediaID:  in.m.MediaID,
		PicURL:   in.m.PicURL,
		Status:   grid.ReportReceived,
	}
	if l := in.s.Last; l != nil && in.now.Sub(l.At) <= c.cfg.Reports.LocationWindow {
		loc := *l
		r.Location = &loc
	}
	r, err := in.tx.CreateReport(r)
	if err != nil {
		return "", fmt.Errorf("create report: %w", err)
	}
	if r.Location != nil && r.Category != "" {
		if r, err = c.flagNearby(in.tx, r); err != nil {
			return "", err
		}
		if err := in.tx.PutReport(r); err != nil {
			return "", fmt.Errorf("flag report P%d: %w", r.ID, err)
		}
	}
	notBefore := in.now
	if limit == photoTooFast {
		notBefore = in.s.Rate.Minute.Add(time.Minute)
	}
	if _, err := in.tx.Enqueue(JobPhoto, photoJob{Report: r.ID, NoPoints: limit == photoTooMany}, notBefore); err != nil {
		return "", fmt.Errorf("enqueue photo P%d: %w", r.ID, err)
	}
	switch {
	case !in.registered:
		return catalog.Text(catalog.PhotoKeptUnregistered), nil
	case in.rider.Status == grid.RiderPending:
		return catalog.Render(catalog.PhotoKeptPending, catalog.Args{"Label": r.Label()}), nil
	case limit == photoTooMany:
		return catalog.Render(catalog.PhotoDayLimited, catalog.Args{"Limit": c.cfg.Limits.PhotosPerDay}), nil
	case limit == photoTooFast:
		return catalog.Text(catalog.PhotoRateLimited), nil
	}
	var reply string
	if r.Category != "" {
		reply = catalog.Render(catalog.PhotoReceived, catalog.Args{"Label": r.Label(), "Category": c.categoryName(r.Category)})
	} else {
		if len(in.s.awaiting(in.now)) == 0 {
			in.s.Awaiting = nil
		}
		in.s.Awaiting = append(in.s.Awaiting, r.ID)
		in.s.AwaitUntil = in.now.Add(c.cfg.Reports.CategoryWindow)
		reply = catalog.Render(catalog.PhotoAskCategory, catalog.Args{"Label": r.Label(), "Choices": c.choices()})
	}
	if r.Location == nil && in.now.Sub(in.s.AskedLocation) > c.cfg.Reports.LocationWindow {
		in.s.AskedLocation = in.now
		reply += "\n" + catalog.Text(catalog.LocationAsk)
	}
	return reply, nil
}

// categoryAnswer applies a category chosen by number to the photos waiting
// for one.
func (c *Conversation) categoryAnswer(in *turn, cat config.Category) (string, error) {
	ids := in.s.awaiting(in.now)
	if len(ids) == 0 {
		return catalog.Text(catalog.CategoryNoPhoto), nil
	}
	return c.applyCategory(in, ids, cat)
}

// categoryWord handles a category word: it classifies photos waiting for
// a category, or else selects the category for the next photos.
func (c *Conversation) categoryWord(in *turn, cat config.Category) (string, error) {
	if ids := in.s.awaiting(in.now); len(ids) > 0 {
		return c.applyCategory(in, ids, cat)
	}
	in.s.chooseCategory(cat.Code, in.now.Add(c.cfg.Reports.CategoryWindow))
	return c.categorySetReply(cat), nil
}

func (c *Conversation) applyCategory(in *turn, ids []uint64, cat config.Category) (string, error) {
	var labels []string
	for _, id := range ids {
		r, err := in.tx.Report(id)
		if err != nil {
			return "", fmt.Errorf("categorise P%d: %w", id, err)
		}
		if r.Category == "" {
			r.Category = cat.Code
			if r, err = c.flagNearby(in.tx, r); err != nil {
				return "", err
			}
			if err := in.tx.PutReport(r); err != nil {
				return "", fmt.Errorf("categorise P%d: %w", id, err)
			}
		}
		labels = append(labels, r.Label())
	}
	in.s.Awaiting, in.s.AwaitUntil = nil, in.now
	return catalog.Render(catalog.CategoryApplied, catalog.Args{"Labels": joinLabels(labels), "Category": cat.Name}), nil
}

func (c *Conversation) categorySetReply(cat config.Category) string {
	return catalog.Render(catalog.CategorySet, catalog.Args{
		"Category": cat.Name, "Minutes": int(c.cfg.Reports.CategoryWindow.Minutes()),
	})
}

// choices lists the categories as the numbered prompt shows them.
func (c *Conversation) choices() string {
	lines := make([]string, len(c.cfg.Categories))
	for i, cat := range c.cfg.Categories {
		lines[i] = catalog.Render(catalog.CategoryChoice, catalog.Args{"N": i + 1, "Name": cat.Name})
	}
	return strings.Join(lines, "\n")
}

func (c *Conversation) categoryByAnswer(t string) (config.Category, bool) {
	n, err := strconv.Atoi(t)
	if err != nil || n < 1 || n > len(c.cfg.Categories) {
		return config.Category{}, false
	}
	return c.cfg.Categories[n-1], true
}

func (c *Conversation) categoryByWord(t string) (config.Category, bool) {
	for _, cat := range c.cfg.Categories {
		if t == cat.Name || t == cat.Code {
			return cat, true
		}
		for _, w := range cat.Words {
			if t == w {
				return cat, true
			}
		}
	}
	return config.Category{}, false
}

func (c *Conversation) categoryByMenuKey(key string) (config.Category, bool) {
	for _, cat := range c.cfg.Categories {
		if key != "" && key == cat.MenuKey {
			return cat, true
		}
	}
	return config.Category{}, false
}

// categoryName returns the display name of a category code, or 未分类.
func (c *Conversation) categoryName(code string) string {
	for _, cat := range c.cfg.Categories {
		if cat.Code == code {
			return cat.Name
		}
	}
	return catalog.Text(catalog.CategoryNone)
}

// joinLabels lists report labels: P1、P2.
func joinLabels(labels []string) string { return strings.Join(labels, "、") }
