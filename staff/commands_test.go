package staff_test

import (
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"gridbot/catalog"
	"gridbot/config"
	"gridbot/grid"
	"gridbot/points"
	"gridbot/staff"
)

func TestParseRef(t *testing.T) {
	tests := []struct {
		in   string
		want staff.Ref
		bad  bool
	}{
		{in: "R12", want: staff.Ref{Kind: staff.KindRedemption, ID: 12}},
		{in: "r12", want: staff.Ref{Kind: staff.KindRedemption, ID: 12}},
		{in: "Ｒ１２", want: staff.Ref{Kind: staff.KindRedemption, ID: 12}},
		{in: " P 40 ", want: staff.Ref{Kind: staff.KindReport, ID: 40}},
		{in: "ｕ3", want: staff.Ref{Kind: staff.KindRegistration, ID: 3}},
		{in: "", bad: true},
		{in: "X12", bad: true},
		{in: "R", bad: true},
		{in: "R0", bad: true},
		{in: "R-1", bad: true},
		{in: "R99999999999999999999999", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := staff.ParseRef(tt.in)
			if tt.bad {
				if staff.Code(err) != "bad_ref" {
					t.Fatalf("ParseRef(%q) = %v, %v; want a bad_ref error", tt.in, got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseRef(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
			if back, _ := staff.ParseRef(got.String()); back != got {
				t.Errorf("ParseRef(%q.String()) = %v, want %v", got, back, got)
			}
		})
	}
}

func TestNotStaffIsRefusedAndLogged(t *testing.T) {
	for _, text := range []string{"待办", "通过 R1", "拒绝 P1 模糊", "核销 7K3M9Q2X", "撤销 P1 重复", "工作人员帮助", "通过R1", "通过"} {
		t.Run(text, func(t *testing.T) {
			e := newEnv(t, nil)
			e.rider(riderID, "张三", "13800000000", grid.RiderActive)
			red := e.redemptionWithPoints(riderID)
			reply, handled := e.command(riderID, text)
			if !handled {
				t.Fatalf("handled = false, want true")
			}
			wantReply(t, reply, catalog.StaffOnly, nil)
			e.expectSent() // nothing told to anyone
			if got, _ := e.db.Redemption(red.ID); got.Status != points.RedemptionPending {
				t.Errorf("redemption status = %s, want pending", got.Status)
			}
			log := e.log.String()
			for _, want := range []string{"level=WARN", `msg="staff: command refused: sender is not staff"`, "openid=" + riderID} {
				if !strings.Contains(log, want) {
					t.Errorf("log %q does not contain %q", log, want)
				}
			}
			if strings.Contains(log, "13800000000") {
				t.Errorf("log %q contains the rider's phone number", log)
			}
		})
	}
}

func TestNotAStaffCommand(t *testing.T) {
	e := newEnv(t, nil)
	for _, text := range []string{"通过了吗", "拒绝了？", "你好", "积分", "待办什么", "撤销吧"} {
		for _, who := range []string{staffID, riderID} {
			if reply, handled := e.command(who, text); handled {
				t.Errorf("HandleStaff(%s, %q) = %q, handled; want not handled", who, text, reply)
			}
		}
	}
}

func TestHelpAndBadIDs(t *testing.T) {
	e := newEnv(t, nil)
	tests := []struct {
		text string
		id   catalog.ID
		args catalog.Args
	}{
		{"工作人员帮助", catalog.StaffHelp, nil},
		{"工作人员", catalog.StaffHelp, nil},
		{"通过", catalog.StaffBadID, nil},
		{"通过 12", catalog.StaffBadID, nil},
		{"拒绝 X3 原因", catalog.StaffBadID, nil},
		{"撤销 R1 原因", catalog.StaffBadID, nil},
		{"核销", catalog.StaffVoucherUsage, nil},
		{"通过 R9", catalog.StaffNotFound, catalog.Args{"Label": "R9"}},
		{"通过 P9", catalog.StaffNotFound, catalog.Args{"Label": "P9"}},
		{"拒绝 U9", catalog.StaffNotFound, catalog.Args{"Label": "U9"}},
		{"核销 7K3M9Q2X", catalog.StaffVoucherUnknown, catalog.Args{"Voucher": "7K3M9Q2X"}},
		{"待办", catalog.StaffTodoEmpty, nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			reply, handled := e.command(staffID, tt.text)
			if !handled {
				t.Fatalf("handled = false, want true")
			}
			wantReply(t, reply, tt.id, tt.args)
		})
	}
}

func TestRegistrationCommands(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { c.Riders.Approval = "staff" })
	e.orphans.n = 2
	a := e.rider(riderID, "张三", "13800000000", grid.RiderPending)
	b := e.rider(riderB, "李四", "13900000000", grid.RiderPending)

	reply, _ := e.command(staffID, "通过 U1")
	wantReply(t, reply, catalog.StaffDone, catalog.Args{"Label": "U1", "Result": "已通过"})
	e.expectSent(
		msg(riderID, catalog.RegistrationApproved, catalog.Args{"Seq": a.Seq}),
		msg(riderID, catalog.OrphanPhotosAttached, catalog.Args{"Count": 2}),
	)
	if len(e.orphans.calls) != 1 || e.orphans.calls[0] != riderID {
		t.Errorf("ReleaseHeld calls = %q, want [%s]", e.orphans.calls, riderID)
	}
	got, _ := e.db.Rider(riderID)
	// The store keeps who acted as their openid; pages show the name.
	if got.Status != grid.RiderActive || got.DecidedBy != staffID || e.desk.ActorName(got.DecidedBy, nil) != staffName {
		t.Errorf("rider = %s decided by %q, want active by %s (shown as %s)", got.Status, got.DecidedBy, staffID, staffName)
	}

	reply, _ = e.command(staffID, "通过 U1")
	wantReply(t, reply, catalog.StaffWrongState, catalog.Args{"Label": "U1", "Status": "已通过"})
	e.expectSent()

	reply, _ = e.command(staffID, "拒绝 u2")
	wantReply(t, reply, catalog.StaffDone, catalog.Args{"Label": "U2", "Result": "未通过"})
	e.expectSent(msg(b.OpenID, catalog.RegistrationRejected, catalog.Args{"Reason": catalog.Text(catalog.StaffDefaultReason)}))
}

func TestRedemptionAndVoucher(t *testing.T) {
	e := newEnv(t, nil)
	e.rider(riderID, "张三", "13800000000", grid.RiderActive)
	red := e.redemptionWithPoints(riderID)
	rw := e.cfg.Rewards[0]

	reply, _ := e.command(staffID, "通过 "+red.Label())
	r, _ := e.db.Redemption(red.ID)
	if !regexp.MustCompile(`^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$`).MatchString(r.Voucher) {
		t.Fatalf("voucher %q is not 8 characters of the no-look-alike alphabet", r.Voucher)
	}
	wantReply(t, reply, catalog.StaffDone, catalog.Args{"Label": "R1", "Result": catalog.Render(catalog.StaffResultVoucher, catalog.Args{"Voucher": r.Voucher})})
	e.expectSent(msg(riderID, catalog.RedemptionApproved, catalog.Args{"Label": "R1", "Name": rw.Name, "Voucher": r.Voucher, "Partner": rw.Partner}))
	if b := e.balance(riderID); b.Balance != 300-rw.Cost || b.Held != 0 {
		t.Errorf("balance = %+v, want %d and nothing held", b, 300-rw.Cost)
	}

	reply, _ = e.command(staffID, "通过 R1")
	wantReply(t, reply, catalog.StaffWrongState, catalog.Args{"Label": "R1", "Status": "已通过"})
	reply, _ = e.command(staffID, "拒绝 R1 太晚了")
	wantReply(t, reply, catalog.StaffWrongState, catalog.Args{"Label": "R1", "Status": "已通过"})
	e.expectSent()

	// A partner types the code in lower case with a dash.
	typed := strings.ToLower(r.Voucher[:4] + "-" + r.Voucher[4:])
	reply, _ = e.command(staffID, "核销 "+typed)
	wantReply(t, reply, catalog.StaffVoucherOK, catalog.Args{"Voucher": r.Voucher, "Name": rw.Name, "Rider": "张三 U1"})
	e.expectSent(msg(riderID, catalog.RedemptionFulfilled, catalog.Args{"Voucher": r.Voucher, "Name": rw.Name}))

	e.clock.Advance(time.Hour)
	reply, _ = e.command(staffID, "核销 "+r.Voucher)
	wantReply(t, reply, catalog.StaffVoucherUsed, catalog.Args{"Voucher": r.Voucher, "When": "05-06 10:00"})
	e.expectSent()
	if _, err := e.desk.Fulfil(t.Context(), r.Voucher, "合作理发店"); !errors.Is(err, staff.ErrWrongState) || staff.HTTPStatus(err) != http.StatusConflict {
		t.Errorf("Fulfil twice = %v (HTTP %d), want ErrWrongState, 409", err, staff.HTTPStatus(err))
	}
}
