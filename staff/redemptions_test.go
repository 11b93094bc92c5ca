package staff_test

import (
	"errors"
	"testing"
	"time"

	"gridbot/catalog"
	"gridbot/grid"
	"gridbot/points"
	"gridbot/staff"
)

func TestRejectRedemption(t *testing.T) {
	tests := []struct {
		name, text, told string
	}{
		{"with a reason", "拒绝 R1 本月名额已满", "本月名额已满"},
		{"without a reason", "拒绝 R1", catalog.Text(catalog.StaffDefaultReason)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			e.rider(riderID, "张三", "13800000000", grid.RiderActive)
			red := e.redemptionWithPoints(riderID)
			reply, _ := e.command(staffID, tt.text)
			wantReply(t, reply, catalog.StaffDone, catalog.Args{"Label": "R1", "Result": "未通过"})
			e.expectSent(msg(riderID, catalog.RedemptionRejected, catalog.Args{"Label": "R1", "Reason": tt.told, "Cost": red.Cost}))
			if b := e.balance(riderID); b.Available != 300 || b.Held != 0 {
				t.Errorf("balance = %+v, want all 300 points back", b)
			}
			reply, _ = e.command(staffID, tt.text)
			wantReply(t, reply, catalog.StaffWrongState, catalog.Args{"Label": "R1", "Status": "未通过"})
			e.expectSent()
		})
	}
}

func TestFulfilUnapprovedVoucher(t *testing.T) {
	e := newEnv(t, nil)
	e.rider(riderID, "张三", "13800000000", grid.RiderActive)
	e.redemptionWithPoints(riderID)
	// A pending redemption has no voucher yet: no code can fulfil it.
	for _, code := range []string{"7K3M9Q2X", "R1", "short"} {
		_, err := e.desk.Fulfil(t.Context(), code, staffName)
		if !errors.Is(err, staff.ErrNotFound) || staff.Code(err) != "not_found" {
			t.Errorf("Fulfil(%q) = %v, want not_found", code, err)
		}
	}
	if r, _ := e.db.Redemption(1); r.Status != points.RedemptionPending {
		t.Errorf("redemption = %s, want still pending", r.Status)
	}
	e.expectSent()
}

func TestApproveExpiredHold(t *testing.T) {
	e := newEnv(t, nil)
	e.rider(riderID, "张三", "13800000000", grid.RiderActive)
	e.redemptionWithPoints(riderID)
	e.clock.Advance(e.cfg.Points.HoldTTL + time.Minute)
	_, err := e.desk.Approve(t.Context(), staff.Ref{Kind: staff.KindRedemption, ID: 1}, staffName)
	if !errors.Is(err, staff.ErrWrongState) || !errors.Is(err, points.ErrHoldExpired) {
		t.Fatalf("Approve after expiry = %v, want ErrWrongState wrapping points.ErrHoldExpired", err)
	}
	text, _ := staff.Message(err)
	wantReply(t, text, catalog.StaffWrongState, catalog.Args{"Label": "R1", "Status": "已过期"})
	e.expectSent()
}

func TestApproveTwiceThroughContext(t *testing.T) {
	e := newEnv(t, nil)
	e.rider(riderID, "张三", "13800000000", grid.RiderActive)
	e.redemptionWithPoints(riderID)
	ref := staff.Ref{Kind: staff.KindRedemption, ID: 1}
	out, err := e.desk.Approve(t.Context(), ref, "web:admin")
	if err != nil {
		t.Fatalf("Approve: %v", err)
	}
	if out.Status != string(points.RedemptionApproved) || out.Voucher == "" || out.Rider != riderID || out.Ref != ref {
		t.Errorf("outcome = %+v, want approved with a voucher for %s", out, riderID)
	}
	e.sent()
	_, err = e.desk.Approve(t.Context(), ref, "web:admin")
	if !errors.Is(err, staff.ErrWrongState) || !errors.Is(err, points.ErrRedemptionState) {
		t.Fatalf("Approve twice = %v, want ErrWrongState wrapping points.ErrRedemptionState", err)
	}
	if staff.Code(err) != "wrong_state" || staff.HTTPStatus(err) != 409 {
		t.Errorf("Code, HTTPStatus = %s, %d; want wrong_state, 409", staff.Code(err), staff.HTTPStatus(err))
	}
	e.expectSent()
}
