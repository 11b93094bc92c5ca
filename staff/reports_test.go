package staff_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"gridbot/catalog"
	"gridbot/config"
	"gridbot/grid"
	"gridbot/staff"
	"gridbot/store"
)

func reviewMode(c *config.Config) { c.Points.Review = "staff" }

// inReview stores a report of rider waiting for staff review.
func (e *env) inReview(rider, category string) grid.Report {
	e.t.Helper()
	return e.report(grid.Report{Rider: rider, Category: category, Status: grid.ReportPendingReview})
}

func TestApproveReport(t *testing.T) {
	e := newEnv(t, reviewMode)
	e.rider(riderID, "张三", "13800000000", grid.RiderActive)
	e.award(riderID, 4)
	p := e.inReview(riderID, "safety")

	reply, _ := e.command(staffID, "通过 P1")
	wantReply(t, reply, catalog.StaffDone, catalog.Args{"Label": "P1", "Result": catalog.Render(catalog.StaffResultAward, catalog.Args{"Points": 1})})
	e.expectSent(msg(riderID, catalog.ReviewApproved, catalog.Args{"Label": "P1", "Points": 1, "Balance": 5}))
	got := e.getReport(p.ID)
	if got.Status != grid.ReportValid || got.Points != 1 || got.AwardKey != grid.AwardKeyFor(p.ID) {
		t.Errorf("report = %s, %d points, key %q; want valid, 1, %q", got.Status, got.Points, got.AwardKey, grid.AwardKeyFor(p.ID))
	}
	if n := len(got.Steps); n != 1 || got.Steps[0].Actor != staffID || got.Steps[0].To != grid.ReportValid {
		t.Errorf("steps = %+v, want one move to valid by %s", got.Steps, staffID)
	}

	reply, _ = e.command(staffID, "通过 P1")
	wantReply(t, reply, catalog.StaffWrongState, catalog.Args{"Label": "P1", "Status": "有效"})
	e.expectSent()
	if b := e.balance(riderID); b.Balance != 5 {
		t.Errorf("balance = %d, want 5 (one point, once)", b.Balance)
	}
}

func TestApproveReportOverDailyCap(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { reviewMode(c); c.Points.DailyCap = 1 })
	e.rider(riderID, "张三", "13800000000", grid.RiderActive)
	e.inReview(riderID, "safety")
	e.inReview(riderID, "safety")
	e.command(staffID, "通过 P1")
	e.sent()
	reply, _ := e.command(staffID, "通过 P2")
	wantReply(t, reply, catalog.StaffDone, catalog.Args{"Label": "P2", "Result": catalog.Text(catalog.StaffResultOverCap)})
	e.expectSent(msg(riderID, catalog.OutcomeOverCap, catalog.Args{"Label": "P2", "Cap": 1}))
	if got := e.getReport(2); got.Status != grid.ReportValid || got.Points != 0 || !got.OverCap {
		t.Errorf("P2 = %s, %d points, over cap %v; want valid, 0, true", got.Status, got.Points, got.OverCap)
	}
	if b := e.balance(riderID); b.Balance != 1 {
		t.Errorf("balance = %d, want 1", b.Balance)
	}
	// The next day the cap starts again.
	e.clock.Advance(24 * time.Hour)
	e.inReview(riderID, "safety")
	e.command(staffID, "通过 P3")
	if b := e.balance(riderID); b.Balance != 2 {
		t.Errorf("balance the next day = %d, want 2", b.Balance)
	}
}

func TestRejectReport(t *testing.T) {
	e := newEnv(t, reviewMode)
	e.rider(riderID, "张三", "13800000000", grid.RiderActive)
	e.inReview(riderID, "safety")

	reply, _ := e.command(staffID, "拒绝 P1")
	wantReply(t, reply, catalog.StaffNeedReason, catalog.Args{"Example": catalog.Render(catalog.StaffExampleReject, catalog.Args{"Label": "P1"})})
	e.expectSent()
	if got := e.getReport(1); got.Status != grid.ReportPendingReview {
		t.Fatalf("P1 = %s after a refused rejection, want pending_review", got.Status)
	}

	reply, _ = e.command(staffID, "拒绝 P1：看不出问题")
	wantReply(t, reply, catalog.StaffDone, catalog.Args{"Label": "P1", "Result": "无效"})
	e.expectSent(msg(riderID, catalog.ReviewRejected, catalog.Args{"Label": "P1", "Reason": "看不出问题"}))
	got := e.getReport(1)
	if got.Status != grid.ReportInvalid || got.Steps[len(got.Steps)-1].Note != "看不出问题" {
		t.Errorf("P1 = %s with steps %+v, want invalid with the reason", got.Status, got.Steps)
	}
	if _, err := e.desk.Reject(t.Context(), staff.Ref{Kind: staff.KindReport, ID: 1}, staffName, "again"); !errors.Is(err, staff.ErrWrongState) {
		t.Errorf("Reject twice = %v, want ErrWrongState", err)
	}
}

func TestRejectWithoutReasonThroughContext(t *testing.T) {
	e := newEnv(t, reviewMode)
	e.rider(riderID, "张三", "13800000000", grid.RiderActive)
	e.inReview(riderID, "safety")
	_, err := e.desk.Reject(t.Context(), staff.Ref{Kind: staff.KindReport, ID: 1}, staffName, "  ")
	if !errors.Is(err, staff.ErrReasonRequired) || staff.HTTPStatus(err) != 422 || staff.Code(err) != "reason_required" {
		t.Fatalf("Reject without reason = %v (%d %s), want reason_required 422", err, staff.HTTPStatus(err), staff.Code(err))
	}
	e.expectSent()
}

func TestRevoke(t *testing.T) {
	e := newEnv(t, nil)
	e.rider(riderID, "张三", "13800000000", grid.RiderActive)
	p := e.validReport(riderID, "safety")
	e.sent()

	reply, _ := e.command(staffID, "撤销 P1")
	wantReply(t, reply, catalog.StaffNeedReason, catalog.Args{"Example": catalog.Render(catalog.StaffExampleRevoke, catalog.Args{"Label": "P1"})})

	reply, _ = e.command(staffID, "撤销 P1 摆拍")
	wantReply(t, reply, catalog.StaffDone, catalog.Args{"Label": "P1", "Result": catalog.Render(catalog.StaffResultRevoked, catalog.Args{"Points": 1})})
	e.expectSent(msg(riderID, catalog.ReportRevoked, catalog.Args{"Label": "P1", "Reason": "摆拍"}))
	if got := e.getReport(p.ID); got.Status != grid.ReportInvalid || got.Points != 0 {
		t.Errorf("P1 = %s with %d points, want invalid with 0", got.Status, got.Points)
	}
	if b := e.balance(riderID); b.Balance != 0 {
		t.Errorf("balance = %d, want 0 after the reversal", b.Balance)
	}

	reply, _ = e.command(staffID, "撤销 P1 摆拍")
	wantReply(t, reply, catalog.StaffWrongState, catalog.Args{"Label": "P1", "Status": "无效"})
	e.expectSent()
}

func TestRevokeSpentPoint(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { c.Rewards[0].Cost = 1 })
	e.rider(riderID, "张三", "13800000000", grid.RiderActive)
	e.validReport(riderID, "safety")
	e.redemption(riderID) // holds the only point
	e.sent()
	_, err := e.desk.Revoke(t.Context(), 1, staffName, "摆拍")
	if !errors.Is(err, staff.ErrInsufficientPoints) || staff.Code(err) != "insufficient_points" {
		t.Fatalf("Revoke = %v, want ErrInsufficientPoints", err)
	}
	text, _ := staff.Message(err)
	wantReply(t, text, catalog.StaffShort, catalog.Args{"Need": 1, "Have": 0})
	if got := e.getReport(1); got.Status != grid.ReportValid {
		t.Errorf("P1 = %s, want still valid", got.Status)
	}
	e.expectSent()
}

func TestDispatchResolve(t *testing.T) {
	e := newEnv(t, nil)
	e.rider(riderID, "张三", "13800000000", grid.RiderActive)
	e.rider(riderB, "李四", "13900000000", grid.RiderActive)
	p := e.validReport(riderID, "sanitation")
	dup := e.validReport(riderB, "sanitation")
	pend := e.inReview(riderB, "sanitation")
	if _, err := e.desk.Merge(t.Context(), dup.ID, p.ID, staffName); err != nil {
		t.Fatalf("Merge: %v", err)
	}
	e.sent()

	if _, err := e.desk.Dispatch(t.Context(), pend.ID, staffName, "城管中队", ""); !errors.Is(err, staff.ErrWrongState) {
		t.Errorf("Dispatch of a report in review = %v, want ErrWrongState", err)
	}
	if _, err := e.desk.Dispatch(t.Context(), p.ID, staffName, "", ""); !errors.Is(err, staff.ErrInvalid) {
		t.Errorf("Dispatch to nobody = %v, want ErrInvalid", err)
	}
	out, err := e.desk.Dispatch(t.Context(), p.ID, staffName, "环卫所", "请今天清理")
	if err != nil || out.Status != string(grid.ReportDispatched) {
		t.Fatalf("Dispatch = %+v, %v; want dispatched", out, err)
	}
	e.expectSent(msg(riderID, catalog.ReportDispatched, catalog.Args{"Label": "P1", "To": "环卫所"}))

	e.clock.Advance(3 * time.Hour)
	if _, err := e.desk.Resolve(t.Context(), p.ID, "环卫所", "已清理"); err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	e.expectSent(
		msg(riderID, catalog.ReportResolved, catalog.Args{"Label": "P1", "Category": "环境卫生"}),
		msg(riderB, catalog.ReportResolved, catalog.Args{"Label": "P2", "Category": "环境卫生"}),
	)
	got := e.getReport(p.ID)
	if got.Status != grid.ReportResolved || got.DispatchedTo != "环卫所" {
		t.Errorf("P1 = %s to %q, want resolved, dispatched to 环卫所", got.Status, got.DispatchedTo)
	}
	var trail []grid.ReportStatus
	for _, s := range got.Steps {
		trail = append(trail, s.To)
	}
	if want := []grid.ReportStatus{grid.ReportDispatched, grid.ReportResolved}; !slices.Equal(trail, want) {
		t.Errorf("steps = %v, want %v", trail, want)
	}
	if last := got.Steps[1]; last.Actor != "环卫所" || last.Note != "已清理" || !last.At.Equal(e.clock.Now()) {
		t.Errorf("last step = %+v, want by 环卫所, 已清理, now", last)
	}
	if _, err := e.desk.Resolve(t.Context(), p.ID, staffName, ""); !errors.Is(err, staff.ErrWrongState) {
		t.Errorf("Resolve twice = %v, want ErrWrongState", err)
	}
	e.expectSent()
}

func TestMerge(t *testing.T) {
	e := newEnv(t, reviewMode)
	e.rider(riderID, "张三", "13800000000", grid.RiderActive)
	e.rider(riderB, "李四", "13900000000", grid.RiderActive)
	p1 := e.validReport(riderID, "vending")
	p2 := e.inReview(riderB, "vending")
	bad := e.report(grid.Report{Rider: riderB, Status: grid.ReportInvalid})
	e.sent()

	tests := []struct {
		name       string
		id, into   uint64
		want       error
		wantStatus string
	}{
		{"into itself", p2.ID, p2.ID, staff.ErrInvalid, ""},
		{"into an invalid report", p2.ID, bad.ID, staff.ErrWrongState, "invalid"},
		{"into a missing report", p2.ID, 99, staff.ErrNotFound, ""},
		{"an invalid report", bad.ID, p1.ID, staff.ErrWrongState, "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.desk.Merge(t.Context(), tt.id, tt.into, staffName)
			var se *staff.Error
			if !errors.Is(err, tt.want) || !errors.As(err, &se) || se.Status != tt.wantStatus {
				t.Errorf("Merge(P%d into P%d) = %v, want %v (status %q)", tt.id, tt.into, err, tt.want, tt.wantStatus)
			}
		})
	}
	e.expectSent()

	out, err := e.desk.Merge(t.Context(), p2.ID, p1.ID, staffName)
	if err != nil || out.Status != string(grid.ReportDuplicate) {
		t.Fatalf("Merge = %+v, %v; want duplicate", out, err)
	}
	e.expectSent(msg(riderB, catalog.ReportMergedReview, catalog.Args{"Label": "P2", "Into": "P1"}))
	got := e.getReport(p2.ID)
	if got.MergedInto != p1.ID || got.DuplicateOf != p1.ID || got.Points != 0 {
		t.Errorf("P2 merged into %d, duplicate of %d, %d points; want P1, P1, 0", got.MergedInto, got.DuplicateOf, got.Points)
	}
	if b := e.balance(riderB); b.Balance != 0 {
		t.Errorf("balance = %d, want 0: a merged report in review earns nothing", b.Balance)
	}
	if l, _ := e.desk.Pending(); len(l.Reports) != 0 {
		t.Errorf("pending reports = %+v, want none after the merge", l.Reports)
	}
	if _, err := e.desk.Merge(t.Context(), p1.ID, p2.ID, staffName); !errors.Is(err, staff.ErrWrongState) {
		t.Errorf("Merge into a merged report = %v, want ErrWrongState", err)
	}
}

func TestFlagNearby(t *testing.T) {
	e := newEnv(t, reviewMode)
	e.rider(riderID, "张三", "13800000000", grid.RiderActive)
	const lat, lng = 31.2304, 121.4737
	at := func(dLat float64) *grid.Location { return &grid.Location{Lat: lat + dLat, Lng: lng} }
	now := e.clock.Now()
	// One degree of latitude is about 111 km: 0.0003° ≈ 33 m, 0.0009° ≈ 100 m.
	e.report(grid.Report{Rider: riderID, Category: "safety", Status: grid.ReportValid, Location: at(0.0003), At: now.Add(-30 * time.Hour)})     // P1 too old
	e.report(grid.Report{Rider: riderID, Category: "safety", Status: grid.ReportValid, Location: at(0.0003), At: now.Add(-10 * time.Hour)})     // P2 near
	e.report(grid.Report{Rider: riderID, Category: "safety", Status: grid.ReportValid, Location: at(0.0009), At: now.Add(-9 * time.Hour)})      // P3 too far
	e.report(grid.Report{Rider: riderID, Category: "vending", Status: grid.ReportValid, Location: at(0.0001), At: now.Add(-8 * time.Hour)})     // P4 other category
	e.report(grid.Report{Rider: riderID, Category: "safety", Status: grid.ReportInvalid, Location: at(0.0001), At: now.Add(-7 * time.Hour)})    // P5 invalid
	e.report(grid.Report{Rider: riderID, Category: "safety", Status: grid.ReportValid, At: now.Add(-6 * time.Hour)})                            // P6 no location
	e.report(grid.Report{Rider: riderID, Category: "safety", Status: grid.ReportPendingReview, Location: at(-0.0002), At: now.Add(-time.Hour)}) // P7 near
	p := e.report(grid.Report{Rider: riderID, Category: "safety", Status: grid.ReportPendingReview, Location: at(0), At: now})                  // P8

	var got grid.Report
	err := e.db.View(func(tx *store.Tx) (err error) {
		got, err = staff.FlagNearby(tx, p)
		return err
	})
	if err != nil {
		t.Fatalf("FlagNearby: %v", err)
	}
	if want := []uint64{2, 7}; !slices.Equal(got.NearbyOf, want) {
		t.Errorf("NearbyOf = %v, want %v", got.NearbyOf, want)
	}
	if stored := e.getReport(p.ID); stored.NearbyOf != nil {
		t.Errorf("FlagNearby stored the report: NearbyOf = %v, want nil", stored.NearbyOf)
	}

	// No category, no flag; classifying computes it and stores it.
	q := e.report(grid.Report{Rider: riderID, Status: grid.ReportPendingReview, Location: at(0.0001), At: now})
	if _, err := e.desk.Classify(t.Context(), q.ID, "安全隐患", staffName); err != nil {
		t.Fatalf("Classify: %v", err)
	}
	stored := e.getReport(q.ID)
	if want := []uint64{2, 7, 8}; stored.Category != "safety" || !slices.Equal(stored.NearbyOf, want) {
		t.Errorf("after Classify: category %q, NearbyOf %v; want safety, %v", stored.Category, stored.NearbyOf, want)
	}
	if _, err := e.desk.Classify(t.Context(), q.ID, "违章", staffName); !errors.Is(err, staff.ErrInvalid) {
		t.Errorf("Classify with an unknown category = %v, want ErrInvalid", err)
	}
	e.sent()
	e.command(staffID, "通过 P8") // vetting recomputes the flag
	if got := e.getReport(p.ID); !slices.Equal(got.NearbyOf, []uint64{2, 7, 9}) {
		t.Errorf("after approval: NearbyOf = %v, want [2 7 9]", got.NearbyOf)
	}
	l, err := e.desk.Pending()
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Reports) != 2 || !slices.Equal(l.Reports[1].NearbyOf, []uint64{2, 7, 8}) {
		t.Errorf("pending reports = %+v, want P7 and P9 flagged", l.Reports)
	}
}
