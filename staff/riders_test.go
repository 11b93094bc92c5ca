package staff_test

import (
	"errors"
	"testing"

	"gridbot/catalog"
	"gridbot/grid"
	"gridbot/staff"
)

func TestAdjustPoints(t *testing.T) {
	e := newEnv(t, nil)
	e.rider(riderID, "张三", "13800000000", grid.RiderActive)
	e.award(riderID, 3)
	tests := []struct {
		name   string
		openid string
		delta  int64
		reason string
		want   error
	}{
		{"unknown rider", "o_nobody", 5, "活动奖励", staff.ErrNotFound},
		{"no reason", riderID, 5, "", staff.ErrReasonRequired},
		{"zero", riderID, 0, "活动奖励", staff.ErrInvalid},
		{"more than available", riderID, -4, "扣回", staff.ErrInsufficientPoints},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := e.desk.AdjustPoints(t.Context(), tt.openid, tt.delta, staffName, tt.reason); !errors.Is(err, tt.want) {
				t.Errorf("AdjustPoints = %v, want %v", err, tt.want)
			}
		})
	}
	e.expectSent()
	out, err := e.desk.AdjustPoints(t.Context(), riderID, 5, staffName, "活动奖励")
	if err != nil || out.Points != 5 || out.Ref.String() != "U1" {
		t.Fatalf("AdjustPoints = %+v, %v; want +5 for U1", out, err)
	}
	e.expectSent(msg(riderID, catalog.PointsAdjusted, catalog.Args{"Delta": "+5", "Reason": "活动奖励", "Balance": 8}))
	if _, err := e.desk.AdjustPoints(t.Context(), riderID, -2, staffName, "重复计分"); err != nil {
		t.Fatal(err)
	}
	e.expectSent(msg(riderID, catalog.PointsAdjusted, catalog.Args{"Delta": "-2", "Reason": "重复计分", "Balance": 6}))
}

func TestDeactivate(t *testing.T) {
	e := newEnv(t, nil)
	e.rider(riderID, "张三", "13800000000", grid.RiderActive)
	if _, err := e.desk.Deactivate(t.Context(), riderID, staffName, ""); !errors.Is(err, staff.ErrReasonRequired) {
		t.Errorf("Deactivate without reason = %v, want ErrReasonRequired", err)
	}
	if _, err := e.desk.Deactivate(t.Context(), riderID, staffName, "多次摆拍"); err != nil {
		t.Fatalf("Deactivate: %v", err)
	}
	e.expectSent(msg(riderID, catalog.RiderDeactivated, catalog.Args{"Reason": "多次摆拍"}))
	if r, _ := e.db.Rider(riderID); r.Status != grid.RiderInactive || r.Reason != "多次摆拍" {
		t.Errorf("rider = %s (%q), want inactive with the reason", r.Status, r.Reason)
	}
	_, err := e.desk.Deactivate(t.Context(), riderID, staffName, "多次摆拍")
	text, _ := staff.Message(err)
	if !errors.Is(err, staff.ErrWrongState) || text != catalog.Render(catalog.StaffWrongState, catalog.Args{"Label": "U1", "Status": "已停用"}) {
		t.Errorf("Deactivate twice = %v (%q), want ErrWrongState saying 已停用", err, text)
	}
}
