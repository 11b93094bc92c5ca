package chat

import (
	"fmt"
	"strconv"

	"gridbot/catalog"
	"gridbot/grid"
)

// location attaches a location message to the rider's reports of the last
// reports.location_window that have none, settles those that waited for
// it (reports.require_location), and remembers it as the last known
// position for the photos that follow.
func (c *Conversation) location(in *turn) (string, error) {
	m := in.m
	loc := grid.Location{Lat: m.LocationX, Lng: m.LocationY, Label: m.Label, At: in.now}
	in.s.Last = &loc
	if !in.registered {
		return catalog.Text(catalog.RegisterGuide), nil
	}
	reports, err := in.tx.RiderReports(in.openid, in.now.Add(-c.cfg.Reports.LocationWindow), 0, func(r grid.Report) bool {
		return r.Location == nil
	})
	if err != nil {
		return "", fmt.Errorf("location: %w", err)
	}
	if len(reports) == 0 {
		return catalog.Text(catalog.LocationNoReport), nil
	}
	labels := make([]string, 0, len(reports))
	for i := len(reports) - 1; i >= 0; i-- { // oldest first
		r := reports[i]
		l := loc
		r.Location = &l
		if r, err = c.flagNearby(in.tx, r); err != nil {
			return "", err
		}
		labels = append(labels, r.Label())
		v, held, err := heldVerdict(in.tx, r.ID)
		if err != nil {
			return "", err
		}
		if held && in.active() {
			err = c.settle(in.tx, r, v, in.now.Add(replyFirst))
		} else {
			err = in.tx.PutReport(r)
		}
		if err != nil {
			return "", fmt.Errorf("location for %s: %w", r.Label(), err)
		}
	}
	return catalog.Render(catalog.LocationAttached, catalog.Args{"Label": placeLabel(loc), "Reports": joinLabels(labels)}), nil
}

// lastPosition records a LOCATION event (sent by the client when the user
// allows it) as the last known position. It attaches to photos received
// within reports.location_window afterwards.
func (c *Conversation) lastPosition(in *turn) {
	lat, err1 := strconv.ParseFloat(in.m.Latitude, 64)
	lng, err2 := strconv.ParseFloat(in.m.Longitude, 64)
	if err1 != nil || err2 != nil {
		return
	}
	in.s.Last = &grid.Location{Lat: lat, Lng: lng, At: in.now}
}

// placeLabel is the place name WeChat sent, or the coordinates.
func placeLabel(l grid.Location) string {
	if l.Label != "" {
		return l.Label
	}
	return fmt.Sprintf("%.5f, %.5f", l.Lat, l.Lng)
}
