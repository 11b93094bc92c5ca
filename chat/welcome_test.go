package chat_test

import (
	"testing"
	"time"

	"gridbot/catalog"
	"gridbot/config"
	"gridbot/grid"
	"gridbot/store"
)

// TestStaffWelcomeAndHelp: a staff member gets the staff welcome and the
// staff help card, not the rider's registration guide; once registered as
// a rider too, 帮助 shows both cards and the rider features stay.
func TestStaffWelcomeAndHelp(t *testing.T) {
	h := newHarness(t, options{})
	staffCard := catalog.Text(catalog.StaffHelp)
	both := catalog.Text(catalog.Help) + "\n\n" + staffCard

	h.tick()
	want(t, h.send(h.sim.NewSubscribe(staffID)), catalog.StaffWelcome, catalog.Args{"Guide": staffCard})
	want(t, h.text(staffID, "帮助"), catalog.StaffHelp, nil)
	want(t, h.text(staffID, "？"), catalog.StaffHelp, nil)
	want(t, h.text(staffID, "今天有什么事"), catalog.StaffHelp, nil)

	// Riders are unchanged.
	h.tick()
	want(t, h.send(h.sim.NewSubscribe(alice)), catalog.Welcome, catalog.Args{"Guide": catalog.Text(catalog.RegisterGuide)})
	want(t, h.text(alice, "帮助"), catalog.RegisterGuide, nil)

	// A staff member who is also a rider.
	h.register(staffID, "王主任", "13700000000")
	if got := h.text(staffID, "帮助"); got != both {
		t.Errorf("帮助 from a staff rider: got %q, want the rider and staff cards %q", got, both)
	}
	h.tick()
	want(t, h.send(h.sim.NewSubscribe(staffID)), catalog.StaffWelcome, catalog.Args{"Guide": both})
	want(t, h.text(staffID, "积分"), catalog.Balance, catalog.Args{"Balance": 0, "Available": 0, "Held": "", "Month": 0, "Rank": catalog.Text(catalog.RankNone)})
	want(t, h.text(staffID, "今天有什么事"), catalog.Help, nil)
}

// TestOrphanPhotoStaffApproval: with riders.approval: staff, approving
// releases the held photo; the rider is asked for its category before the
// outcome arrives, and the answer categorises it.
func TestOrphanPhotoStaffApproval(t *testing.T) {
	h := newHarness(t, options{Edit: func(c *config.Config) { c.Riders.Approval = "staff" }})
	want(t, h.photo(alice, mustRead(t, "apple.jpg")), catalog.PhotoKeptUnregistered, nil)
	h.vetted(1)
	want(t, h.text(alice, "注册 张三 13800000000"), catalog.RegisterPending, catalog.Args{"Name": "张三", "Phone": "138****0000", "Seq": 1})
	h.sent(staffID, 1) // staff_new_rider
	var n int
	err := h.db.Do(t.Context(), func(tx *store.Tx) error {
		r, err := tx.Rider(alice)
		if err != nil {
			return err
		}
		if r, err = r.Decide(true, "王主任", "", tx.Now()); err != nil {
			return err
		}
		if _, err := tx.PutRider(r); err != nil {
			return err
		}
		n, err = h.conv.ReleaseHeld(tx, alice)
		return err
	})
	if err != nil || n != 1 {
		t.Fatalf("ReleaseHeld: got %d, %v; want 1 photo", n, err)
	}
	// The rider is told of the approval by the staff package, then asked
	// for the category, then given the outcome.
	h.clock.Advance(2 * time.Second)
	want(t, h.sent(alice, 1)[0], catalog.OrphanAskCategory, catalog.Args{"Labels": "P1", "Choices": choices()})
	h.clock.Advance(time.Second)
	want(t, h.sent(alice, 2)[1], catalog.OutcomeValid, catalog.Args{"Label": "P1", "Balance": 1, "Today": 1, "Cap": 20})
	want(t, h.text(alice, "环境"), catalog.CategoryApplied, catalog.Args{"Labels": "P1", "Category": "环境卫生"})
	if r := h.settled(1); r.Category != "sanitation" || r.Status != grid.ReportValid {
		t.Errorf("P1 = %s, category %q; want valid, sanitation", r.Status, r.Category)
	}
}
