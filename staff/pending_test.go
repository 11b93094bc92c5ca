package staff_test

import (
	"strings"
	"testing"
	"time"

	"gridbot/catalog"
	"gridbot/config"
	"gridbot/grid"
	"gridbot/staff"
)

func TestPendingAndTodo(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { c.Riders.Approval = "staff"; c.Points.Review = "staff" })
	e.rider(riderID, "张三", "13800000000", grid.RiderActive)
	e.redemptionWithPoints(riderID)
	e.clock.Advance(90 * time.Minute)
	e.rider(riderB, "李四", "13900000000", grid.RiderPending)
	e.inReview(riderID, "safety")
	e.clock.Advance(5 * time.Minute)

	l, err := e.desk.Pending()
	if err != nil {
		t.Fatalf("Pending: %v", err)
	}
	var refs []string
	for _, it := range l.All() {
		refs = append(refs, it.Ref.String())
	}
	if got, want := strings.Join(refs, " "), "U2 R1 P1"; got != want || l.Len() != 3 {
		t.Fatalf("pending = %s (%d), want %s", got, l.Len(), want)
	}
	if it := l.Redemptions[0]; it.Age != 95*time.Minute || it.Rider != riderID || it.ExpiresAt.IsZero() {
		t.Errorf("redemption item = %+v, want age 95m for %s with an expiry", it, riderID)
	}
	if s := l.Registrations[0].Summary; !strings.Contains(s, "139****0000") || strings.Contains(s, "13900000000") {
		t.Errorf("registration summary %q, want the masked phone only", s)
	}

	reply, _ := e.command(staffID, "待办")
	lines := strings.Split(reply, "\n")
	if len(lines) != 4 || lines[0] != catalog.Render(catalog.StaffTodoHeader, catalog.Args{"Count": 3}) {
		t.Fatalf("待办 = %q, want a header and 3 lines", reply)
	}
	age := catalog.Render(catalog.StaffTodoAge, catalog.Args{"Age": catalog.Render(catalog.DurationMinutes, catalog.Args{"N": 5})})
	wantU2 := catalog.Render(catalog.StaffTodoLine, catalog.Args{"Label": "U2", "Text": l.Registrations[0].Summary + age})
	if lines[1] != wantU2 {
		t.Errorf("line 1 = %q, want %q", lines[1], wantU2)
	}
	if !strings.HasPrefix(lines[2], "R1 ") || !strings.HasPrefix(lines[3], "P1 ") {
		t.Errorf("lines = %q, want R1 then P1", lines[2:])
	}

	for _, text := range []string{"通过 U2", "拒绝 R1 库存不足", "通过 P1"} {
		e.command(staffID, text)
	}
	reply, _ = e.command(staffID, "待办")
	wantReply(t, reply, catalog.StaffTodoEmpty, nil)
}

func TestTodoIsBounded(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { c.Points.Review = "staff" })
	e.rider(riderID, "张三", "13800000000", grid.RiderActive)
	for range 25 {
		e.inReview(riderID, "safety")
	}
	reply, _ := e.command(staffID, "待办")
	lines := strings.Split(reply, "\n")
	if len(lines) != 22 || lines[21] != catalog.Render(catalog.StaffTodoMore, catalog.Args{"Count": 5}) {
		t.Errorf("待办 has %d lines ending %q, want a header, 20 items and a 'more' line", len(lines), lines[len(lines)-1])
	}
	if l, _ := e.desk.Pending(); len(l.Reports) != 25 {
		t.Errorf("Pending has %d reports, want all 25", len(l.Reports))
	}
}

func TestWordsAreCommands(t *testing.T) {
	e := newEnv(t, nil)
	for _, w := range staff.Words() {
		if _, handled := e.command(staffID, w); !handled {
			t.Errorf("HandleStaff(%q) not handled, want every word of Words handled", w)
		}
	}
}
