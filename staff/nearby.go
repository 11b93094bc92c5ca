package staff

import (
	"fmt"
	"slices"
	"time"

	"gridbot/grid"
	"gridbot/store"
)

// The nearby rule: a report within NearbyRadius metres of another report
// of the same category made within NearbyWindow of it is flagged as a
// possible duplicate (grid.Report.NearbyOf) for staff to decide.
const (
	NearbyRadius = 50.0 // metres
	NearbyWindow = 24 * time.Hour
)

// FlagNearby returns r with NearbyOf set to the ids, in ascending order, of
// the reports of r's category within NearbyRadius of r's location made
// within NearbyWindow before or after r, leaving out r itself and invalid
// reports. A report without a location or a category has none. It reads
// through tx and writes nothing: the caller stores r (chat calls it when a
// report gets its location; the desk when staff vet or classify one).
//
// It walks reports newest first and stops at the first one older than the
// window, so its cost grows with the reports of the last day, not with
// all reports.
func FlagNearby(tx *store.Tx, r grid.Report) (grid.Report, error) {
	r.NearbyOf = nil
	if r.Location == nil || r.Category == "" {
		return r, nil
	}
	from, to := r.At.Add(-NearbyWindow), r.At.Add(NearbyWindow)
	var near []uint64
	err := tx.ScanReports(func(o grid.Report) (bool, error) {
		switch {
		case o.At.Before(from):
			return false, nil
		case o.ID == r.ID, o.At.After(to), o.Location == nil,
			o.Category != r.Category, o.Status == grid.ReportInvalid:
			return true, nil
		}
		if grid.DistanceMeters(r.Location.Lat, r.Location.Lng, o.Location.Lat, o.Location.Lng) <= NearbyRadius {
			near = append(near, o.ID)
		}
		return true, nil
	})
	if err != nil {
		return r, fmt.Errorf("staff: nearby reports of %s: %w", r.Label(), err)
	}
	slices.Sort(near)
	r.NearbyOf = near
	return r, nil
}

// FlagNearby is the package function FlagNearby, as a method so that the
// conversation can reach it through its small StaffCommands interface.
func (d *Desk) FlagNearby(tx *store.Tx, r grid.Report) (grid.Report, error) {
	return FlagNearby(tx, r)
}
