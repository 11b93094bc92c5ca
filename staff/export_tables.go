package staff

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"gridbot/catalog"
	"gridbot/grid"
	"gridbot/points"
)

// sheet is one exported table: a name and its rows, the first of which
// (or of each section, for the summary) is a header. A nil row is blank.
type sheet struct {
	name    string
	rows    [][]any
	headers []int // indexes of header rows, for styling
}

func (s *sheet) header(row []any) {
	s.headers = append(s.headers, len(s.rows))
	s.rows = append(s.rows, row)
}

func (s *sheet) row(cells ...any) { s.rows = append(s.rows, cells) }

// table builds table t from m.
func (d *Desk) table(t Table, m *monthData) sheet {
	switch t {
	case TableReports:
		return d.reportsTable(m)
	case TableRiders:
		return d.ridersTable(m)
	case TableLedger:
		return d.ledgerTable(m)
	}
	return d.summaryTable(m)
}

// when formats a time for exports: 2025-05-06 14:20, in the configured zone.
func (d *Desk) when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(d.loc).Format("2006-01-02 15:04")
}

func (d *Desk) reportsTable(m *monthData) sheet {
	s := sheet{name: catalog.Text(catalog.ExportSheetReports)}
	s.header(header(catalog.ExportHeaderReports))
	for _, r := range m.reports {
		label, name := m.riderCols(r.Rider)
		phone := ""
		if rd, ok := m.byOpenID[r.Rider]; ok {
			phone = m.phone(rd.Phone)
		}
		var place string
		var lat, lng any = "", ""
		if l := r.Location; l != nil {
			place, lat, lng = l.Label, l.Lat, l.Lng
		}
		var actor, at, note string
		if n := len(r.Steps); n > 0 {
			st := r.Steps[n-1]
			actor, at, note = d.ActorName(st.Actor, m.rider), d.when(st.At), NoteText(st.Note)
		}
		merged := ""
		if r.MergedInto != 0 {
			merged = Ref{KindReport, r.MergedInto}.String()
		}
		s.row(r.Label(), d.when(r.At), label, name, phone, d.categoryName(r.Category),
			statusName(KindReport, string(r.Status)), r.Points, place, lat, lng,
			reportLabels(r.NearbyOf), merged, r.DispatchedTo, actor, at, note)
	}
	return s
}

// riderMonth is one rider's figures for the month.
type riderMonth struct {
	reports, accepted int
}

// accepted reports whether a report counts as an accepted problem.
func accepted(s grid.ReportStatus) bool {
	return s == grid.ReportValid || s == grid.ReportDispatched || s == grid.ReportResolved
}

func perRider(m *monthData) map[string]*riderMonth {
	out := map[string]*riderMonth{}
	for _, r := range m.reports {
		rm := out[r.Rider]
		if rm == nil {
			rm = &riderMonth{}
			out[r.Rider] = rm
		}
		rm.reports++
		if accepted(r.Status) {
			rm.accepted++
		}
	}
	return out
}

func (d *Desk) ridersTable(m *monthData) sheet {
	s := sheet{name: catalog.Text(catalog.ExportSheetRiders)}
	s.header(header(catalog.ExportHeaderRiders))
	per := perRider(m)
	for _, r := range m.riders {
		rm := per[r.OpenID]
		if rm == nil {
			rm = &riderMonth{}
		}
		b := m.balances[r.OpenID]
		s.row(Ref{KindRegistration, r.Seq}.String(), r.Name, m.phone(r.Phone),
			statusName(KindRegistration, string(r.Status)), d.when(r.RegisteredAt),
			rm.reports, rm.accepted, m.earned[r.OpenID], b.Balance, b.Available)
	}
	return s
}

// ledgerKinds names entry kinds for people.
var ledgerKinds = map[points.Kind]catalog.ID{
	points.KindAward:      catalog.LedgerKindAward,
	points.KindHold:       catalog.LedgerKindHold,
	points.KindPost:       catalog.LedgerKindPost,
	points.KindVoid:       catalog.LedgerKindVoid,
	points.KindExpire:     catalog.LedgerKindExpire,
	points.KindReversal:   catalog.LedgerKindReversal,
	points.KindAdjustment: catalog.LedgerKindAdjustment,
}

func (d *Desk) ledgerTable(m *monthData) sheet {
	s := sheet{name: catalog.Text(catalog.ExportSheetLedger)}
	s.header(header(catalog.ExportHeaderLedger))
	keys := map[uint64]string{} // entry id → award key, for reversals
	for _, e := range m.entries {
		if e.Key != "" {
			keys[e.ID] = e.Key
		}
	}
	for _, e := range m.entries {
		label, name := m.riderCols(e.Rider)
		avail, bal := e.Delta()
		kind := string(e.Kind)
		if id, ok := ledgerKinds[e.Kind]; ok {
			kind = catalog.Text(id)
		}
		var ref string
		switch {
		case e.Key != "":
			ref = KeyLabel(e.Key)
		case e.HoldID != 0:
			ref = m.holdRef[e.HoldID]
		case e.Ref != 0 && keys[e.Ref] != "":
			ref = KeyLabel(keys[e.Ref])
		case e.Ref != 0:
			ref = "#" + strconv.FormatUint(e.Ref, 10)
		}
		s.row(e.ID, d.when(e.At), kind, label, name, bal, avail, ref, d.ActorName(e.Actor, m.rider), NoteText(e.Reason))
	}
	return s
}

// categoryRow counts one category's reports by status.
type categoryRow struct {
	total, accepted, review, invalid, duplicate, dispatched, resolved int
	points                                                            int64
}

func (c *categoryRow) add(r grid.Report) {
	c.total++
	c.points += r.Points
	switch r.Status {
	case grid.ReportReceived, grid.ReportPendingReview:
		c.review++
	case grid.ReportInvalid:
		c.invalid++
	case grid.ReportDuplicate:
		c.duplicate++
	case grid.ReportDispatched:
		c.dispatched++
	case grid.ReportResolved:
		c.resolved++
	}
	if accepted(r.Status) {
		c.accepted++
	}
}

func (c categoryRow) cells(name string) []any {
	return []any{name, c.total, c.accepted, c.review, c.invalid, c.duplicate, c.dispatched, c.resolved, c.points}
}

// summaryTable is what a street office expects each month: an overview,
// the reports per category, and the figures per rider.
func (d *Desk) summaryTable(m *monthData) sheet {
	s := sheet{name: catalog.Text(catalog.ExportSheetSummary)}
	per := perRider(m)

	// Overview.
	var acceptedN, newRiders int
	for _, r := range m.reports {
		if accepted(r.Status) {
			acceptedN++
		}
	}
	from, to, _ := m.month.Range(d.loc)
	for _, r := range m.riders {
		if !r.RegisteredAt.Before(from) && r.RegisteredAt.Before(to) {
			newRiders++
		}
	}
	var earned, spent int64
	for _, v := range m.earned {
		earned += v
	}
	for _, r := range m.redeemed {
		spent += r.Cost
	}
	s.header([]any{catalog.Text(catalog.ExportSectionOverview), string(m.month)})
	labels := header(catalog.ExportOverviewLabels)
	values := []any{len(m.reports), acceptedN, len(per), newRiders, earned, len(m.redeemed), spent}
	for i, v := range values {
		if i < len(labels) {
			s.row(labels[i], v)
		}
	}

	// Per category, in configuration order, then uncategorised, then the total.
	s.row()
	s.header([]any{catalog.Text(catalog.ExportSectionCategory)})
	s.header(header(catalog.ExportHeaderCategory))
	rows := map[string]*categoryRow{}
	var total categoryRow
	for _, r := range m.reports {
		c := rows[r.Category]
		if c == nil {
			c = &categoryRow{}
			rows[r.Category] = c
		}
		c.add(r)
		total.add(r)
	}
	seen := map[string]bool{}
	for _, c := range d.cfg.Categories {
		seen[c.Code] = true
		row := rows[c.Code]
		if row == nil {
			row = &categoryRow{}
		}
		s.row(row.cells(c.Name)...)
	}
	var other categoryRow
	for code, row := range rows {
		if !seen[code] {
			other.total += row.total
			other.accepted += row.accepted
			other.review += row.review
			other.invalid += row.invalid
			other.duplicate += row.duplicate
			other.dispatched += row.dispatched
			other.resolved += row.resolved
			other.points += row.points
		}
	}
	if other.total > 0 {
		s.row(other.cells(catalog.Text(catalog.CategoryNone))...)
	}
	s.row(total.cells(catalog.Text(catalog.ExportTotal))...)

	// Per rider: everyone who reported or earned this month, by points.
	s.row()
	s.header([]any{catalog.Text(catalog.ExportSectionRider)})
	s.header(header(catalog.ExportHeaderRiderSummary))
	type line struct {
		seq    uint64
		cells  []any
		earned int64
	}
	var lines []line
	for _, r := range m.riders {
		rm := per[r.OpenID]
		e := m.earned[r.OpenID]
		if rm == nil && e == 0 {
			continue
		}
		if rm == nil {
			rm = &riderMonth{}
		}
		lines = append(lines, line{seq: r.Seq, earned: e, cells: []any{
			Ref{KindRegistration, r.Seq}.String(), r.Name, rm.reports, rm.accepted, e,
		}})
	}
	slices.SortStableFunc(lines, func(a, b line) int {
		if c := cmp.Compare(b.earned, a.earned); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	for _, l := range lines {
		s.row(l.cells...)
	}
	return s
}
