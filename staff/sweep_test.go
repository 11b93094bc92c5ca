package staff_test

import (
	"context"
	"testing"
	"time"

	"gridbot/bot"
	"gridbot/catalog"
	"gridbot/grid"
	"gridbot/points"
	"gridbot/staff"
	"gridbot/store"
)

func TestSweep(t *testing.T) {
	e := newEnv(t, nil) // hold_ttl 72h
	e.rider(riderID, "张三", "13800000000", grid.RiderActive)
	red := e.redemptionWithPoints(riderID)
	sweep := func() {
		t.Helper()
		if err := e.desk.Sweep(t.Context()); err != nil {
			t.Fatalf("Sweep: %v", err)
		}
	}
	reminder := func(hours int) bot.Outgoing {
		m := msg(staffID, catalog.StaffReminder, catalog.Args{
			"Label": "R1", "Rider": "张三 U1", "Name": red.RewardName, "Hours": hours, "Expires": "05-09 10:00",
		})
		m.About = "R1" // dropped if kept until after R1 is decided
		return m
	}

	sweep()
	e.expectSent() // staff were told on arrival

	e.clock.Advance(25 * time.Hour)
	sweep()
	e.expectSent(reminder(25))
	sweep()
	e.expectSent() // not twice the same day
	e.clock.Advance(12 * time.Hour)
	sweep()
	e.expectSent()

	e.clock.Advance(12 * time.Hour)
	sweep()
	e.expectSent(reminder(49))

	e.clock.Advance(23 * time.Hour) // at the expiry
	sweep()
	e.expectSent(msg(riderID, catalog.RedemptionExpired, catalog.Args{"Label": "R1", "Cost": red.Cost}))
	r, _ := e.db.Redemption(red.ID)
	if r.Status != points.RedemptionExpired || r.DecidedBy != "system" {
		t.Errorf("redemption = %s by %q, want expired by system", r.Status, r.DecidedBy)
	}
	if b := e.balance(riderID); b.Available != 300 || b.Held != 0 {
		t.Errorf("balance = %+v, want all 300 points back", b)
	}
	e.clock.Advance(48 * time.Hour)
	sweep()
	e.expectSent() // nothing left to do
}

func TestSweepLeavesDecidedRedemptions(t *testing.T) {
	e := newEnv(t, nil)
	e.rider(riderID, "张三", "13800000000", grid.RiderActive)
	e.redemptionWithPoints(riderID)
	e.command(staffID, "通过 R1")
	e.sent()
	e.clock.Advance(100 * time.Hour)
	if err := e.desk.Sweep(t.Context()); err != nil {
		t.Fatalf("Sweep: %v", err)
	}
	e.expectSent()
	if r, _ := e.db.Redemption(1); r.Status != points.RedemptionApproved {
		t.Errorf("redemption = %s, want still approved", r.Status)
	}
}

// TestStillPending: notices about an item are stale once it is decided.
func TestStillPending(t *testing.T) {
	e := newEnv(t, nil)
	e.rider(riderID, "张三", "13800001234", grid.RiderActive)
	red := e.redemptionWithPoints(riderID)
	e.do(func(tx *store.Tx) error {
		if !e.desk.StillPending(tx, red.Label()) {
			t.Errorf("%s: got not pending, want pending", red.Label())
		}
		if e.desk.StillPending(tx, "R999") {
			t.Errorf("R999 (unknown): got pending, want not")
		}
		if !e.desk.StillPending(tx, "not a ref") {
			t.Errorf("an unparsable ref must keep the notice")
		}
		return nil
	})
	if _, err := e.desk.Approve(context.Background(), staff.Ref{Kind: staff.KindRedemption, ID: red.ID}, staffID); err != nil {
		t.Fatal(err)
	}
	e.do(func(tx *store.Tx) error {
		if e.desk.StillPending(tx, red.Label()) {
			t.Errorf("%s after approval: got pending, want not", red.Label())
		}
		return nil
	})
}
