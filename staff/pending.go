package staff

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"gridbot/catalog"
	"gridbot/grid"
	"gridbot/points"
	"gridbot/store"
)

// PendingItem is one item waiting for a staff decision.
type PendingItem struct {
	Ref Ref `json:"ref"`
	// Rider is the openid of the rider concerned.
	Rider string `json:"rider"`
	// Summary describes the item in Chinese, for a list line.
	Summary string `json:"summary"`
	// Since is when the item started waiting; Age is how long ago that was.
	Since time.Time     `json:"since"`
	Age   time.Duration `json:"age"`
	// NearbyOf lists, for a report, the possible duplicates (FlagNearby).
	NearbyOf []uint64 `json:"nearby_of,omitempty"`
	// ExpiresAt is, for a redemption, when its hold expires.
	ExpiresAt time.Time `json:"expires_at,omitzero"`
}

// PendingList is everything waiting for staff, each kind oldest first.
type PendingList struct {
	Registrations []PendingItem `json:"registrations"`
	Redemptions   []PendingItem `json:"redemptions"`
	Reports       []PendingItem `json:"reports"`
}

// Len returns the number of items.
func (l PendingList) Len() int { return len(l.Registrations) + len(l.Redemptions) + len(l.Reports) }

// All returns every item: registrations, then redemptions, then reports.
func (l PendingList) All() []PendingItem {
	return slices.Concat(l.Registrations, l.Redemptions, l.Reports)
}

// Pending lists the registrations, redemptions and reports in review that
// wait for staff, in a read transaction.
func (d *Desk) Pending() (l PendingList, err error) {
	err = d.st.View(func(tx *store.Tx) error {
		l, err = d.PendingTx(tx)
		return err
	})
	return l, err
}

// PendingTx is Pending inside tx (ages are measured at tx.Now). It walks
// every rider, redemption and report; the programme is small enough.
func (d *Desk) PendingTx(tx *store.Tx) (PendingList, error) {
	var l PendingList
	now := tx.Now()
	item := func(ref Ref, rider string, since time.Time, summary string) PendingItem {
		return PendingItem{Ref: ref, Rider: rider, Since: since, Age: now.Sub(since), Summary: summary}
	}
	err := tx.ForEachRider(func(r grid.Rider) error {
		if r.Status == grid.RiderPending {
			l.Registrations = append(l.Registrations, item(Ref{KindRegistration, r.Seq}, r.OpenID, r.RegisteredAt,
				catalog.Render(catalog.StaffTodoRider, catalog.Args{"Name": r.Name, "Phone": grid.MaskPhone(r.Phone)})))
		}
		return nil
	})
	if err != nil {
		return l, fmt.Errorf("staff: pending registrations: %w", err)
	}
	err = tx.ForEachRedemption(func(r points.Redemption) error {
		if r.Status == points.RedemptionPending {
			it := item(Ref{KindRedemption, r.ID}, r.Rider, r.CreatedAt, catalog.Render(catalog.StaffTodoRedemption, catalog.Args{
				"Rider": riderLabelOf(tx, r.Rider), "Name": r.RewardName, "Cost": r.Cost, "Expires": clock(r.ExpiresAt.In(d.loc)),
			}))
			it.ExpiresAt = r.ExpiresAt
			l.Redemptions = append(l.Redemptions, it)
		}
		return nil
	})
	if err != nil {
		return l, fmt.Errorf("staff: pending redemptions: %w", err)
	}
	err = tx.ScanReports(func(r grid.Report) (bool, error) {
		if r.Status != grid.ReportPendingReview {
			return true, nil
		}
		nearby := ""
		if len(r.NearbyOf) > 0 {
			nearby = catalog.Render(catalog.StaffTodoNearby, catalog.Args{"Labels": reportLabels(r.NearbyOf)})
		}
		it := item(Ref{KindReport, r.ID}, r.Rider, r.At, catalog.Render(catalog.StaffTodoReport, catalog.Args{
			"Rider": riderLabelOf(tx, r.Rider), "Category": d.categoryName(r.Category), "Nearby": nearby,
		}))
		it.NearbyOf = r.NearbyOf
		l.Reports = append(l.Reports, it)
		return true, nil
	})
	if err != nil {
		return l, fmt.Errorf("staff: pending reports: %w", err)
	}
	for _, s := range [][]PendingItem{l.Registrations, l.Redemptions, l.Reports} {
		slices.SortStableFunc(s, func(a, b PendingItem) int { return a.Since.Compare(b.Since) })
	}
	return l, nil
}

// maxTodoLines bounds the 待办 reply (WeChat caps a passive reply's length).
const maxTodoLines = 20

// todoText renders l as the 待办 reply.
func todoText(l PendingList) string {
	if l.Len() == 0 {
		return catalog.Text(catalog.StaffTodoEmpty)
	}
	lines := []string{catalog.Render(catalog.StaffTodoHeader, catalog.Args{"Count": l.Len()})}
	all := l.All()
	for i, it := range all {
		if i == maxTodoLines {
			lines = append(lines, catalog.Render(catalog.StaffTodoMore, catalog.Args{"Count": len(all) - i}))
			break
		}
		text := it.Summary + catalog.Render(catalog.StaffTodoAge, catalog.Args{"Age": ageText(it.Age)})
		lines = append(lines, catalog.Render(catalog.StaffTodoLine, catalog.Args{"Label": it.Ref.String(), "Text": text}))
	}
	return strings.Join(lines, "\n")
}

// ageText says how long something has waited: 5 分钟, 3 小时, 2 天.
func ageText(d time.Duration) string {
	switch {
	case d < time.Hour:
		return catalog.Render(catalog.DurationMinutes, catalog.Args{"N": int(d / time.Minute)})
	case d < 48*time.Hour:
		return catalog.Render(catalog.DurationHours, catalog.Args{"N": int(d / time.Hour)})
	}
	return catalog.Render(catalog.DurationDays, catalog.Args{"N": int(d / (24 * time.Hour))})
}

// reportLabels lists report ids as labels: P1、P2.
func reportLabels(ids []uint64) string {
	labels := make([]string, len(ids))
	for i, id := range ids {
		labels[i] = Ref{KindReport, id}.String()
	}
	return strings.Join(labels, "、")
}

// StillPending reports whether the item ref names ("U3", "R12", "P7")
// still waits for staff: a pending registration or redemption, or a report
// in review. The outbox uses it to drop kept notices that went stale.
func (d *Desk) StillPending(tx *store.Tx, ref string) bool {
	r, err := ParseRef(ref)
	if err != nil {
		return true // not ours to judge: keep the notice
	}
	var pending bool
	switch r.Kind {
	case KindRegistration:
		var rider grid.Rider
		rider, err = tx.RiderBySeq(r.ID)
		pending = rider.Status == grid.RiderPending
	case KindRedemption:
		var red points.Redemption
		red, err = tx.Redemption(r.ID)
		pending = red.Status == points.RedemptionPending
	case KindReport:
		var rep grid.Report
		rep, err = tx.Report(r.ID)
		pending = rep.Status == grid.ReportPendingReview
	}
	if err != nil {
		// A vanished item is not pending; a store failure keeps the notice.
		return !store.IsNotFound(err)
	}
	return pending
}
