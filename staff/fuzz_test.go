package staff

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gridbot/bot"
	"gridbot/catalog"
	"gridbot/config"
	"gridbot/grid"
	"gridbot/store"
)

// errRollback undoes a fuzzed command, so that every input meets the same
// state.
var errRollback = errors.New("fuzz: roll back")

// FuzzStaffCommand feeds arbitrary text through the staff command parser
// (parseCommand, splitRef, ParseRef) and then through HandleStaff, as a
// staff member and as a rider, inside a transaction that is rolled back.
// Parsed refs must round-trip through their String form; a rider must
// always get the StaffOnly refusal; HandleStaff must return an error only
// for a store failure (never here) and a reply for every command.
func FuzzStaffCommand(f *testing.F) {
	for _, s := range []string{
		"待办", "待办事项", "工作人员帮助", "工作人员", "员工帮助", "通过", "通过 R1", "通过R1", "通过 r 1", "通过：U1",
		"通过 P1", "通过 Ｒ１", "通过 R0", "通过 R18446744073709551615", "通过 R18446744073709551616", "通过了吗",
		"拒绝 R1 积分不够", "拒绝 P1", "拒绝 U1 信息不全", "核销", "核销 ABCD-1234", "撤销 P1 重复上报", "撤销 R1",
		"通过 X1", "通过 \xff", "通过 R1\x00", "拒绝 P1 " + strings.Repeat("长", 2000),
	} {
		f.Add(s, true)
		f.Add(s, false)
	}
	desk, db := fuzzDesk(f)
	f.Fuzz(func(t *testing.T, text string, asStaff bool) {
		if ref, err := ParseRef(text); err == nil {
			again, err := ParseRef(ref.String())
			if err != nil || again != ref {
				t.Fatalf("ParseRef(%q) = %v, whose String %q parses to %v, %v", text, ref, ref.String(), again, err)
			}
		} else if !errors.Is(err, ErrBadRef) {
			t.Fatalf("ParseRef(%q): got %v, want ErrBadRef", text, err)
		}
		cmd, ok := parseCommand(text)
		if ok && !slices.Contains(append(append(Words(), helpWords...), todoWords...), cmd.word) {
			t.Fatalf("parseCommand(%q) = unknown word %q", text, cmd.word)
		}
		if ok && (cmd.word == wordApprove || cmd.word == wordReject || cmd.word == wordRevoke) {
			if ref, _, err := splitRef(cmd.arg); err == nil && ref.ID == 0 {
				t.Fatalf("splitRef(%q) returned the zero ref", cmd.arg)
			}
		}

		openid := fuzzRider
		if asStaff {
			openid = fuzzStaff
		}
		var reply string
		var handled bool
		var herr error
		err := db.Do(context.Background(), func(tx *store.Tx) error {
			reply, handled, herr = desk.HandleStaff(tx, openid, text)
			return errRollback // a plain error rolls the transaction back
		})
		if !errors.Is(err, errRollback) {
			t.Fatalf("transaction: got %v, want the rollback", err)
		}
		if herr != nil {
			t.Fatalf("HandleStaff(%q): %v, want a reply", text, herr)
		}
		if handled != ok {
			t.Fatalf("HandleStaff(%q): handled %v, but parseCommand says %v", text, handled, ok)
		}
		if handled && reply == "" {
			t.Fatalf("HandleStaff(%q): handled with no reply", text)
		}
		if handled && !asStaff && reply != catalog.Text(catalog.StaffOnly) {
			t.Fatalf("HandleStaff(%q) from a rider: got %q, want the StaffOnly refusal", text, reply)
		}
		for _, bad := range []string{"%!", "<no value>", "{{"} {
			if strings.Contains(reply, bad) && !strings.Contains(text, bad) {
				t.Fatalf("HandleStaff(%q): reply %q contains %q", text, reply, bad)
			}
		}
	})
}

const (
	fuzzStaff = "o_fuzz_staff"
	fuzzRider = "o_fuzz_rider"
)

// fuzzDesk builds a desk over a real store in a temporary directory with
// something to act on: a pending rider (U1), a report that earned its
// point (P1) and a pending redemption (R1).
func fuzzDesk(f *testing.F) (*Desk, *store.DB) {
	f.Helper()
	cfg := config.Default()
	cfg.DataDir = f.TempDir()
	cfg.Staff = []config.StaffMember{{OpenID: fuzzStaff, Name: "王主任"}}
	now := func() time.Time { return time.Date(2025, 5, 6, 10, 0, 0, 0, cfg.Location()) }
	// NoSync: every fuzzed command is rolled back, and the set-up need
	// not survive a power cut.
	db, err := store.Open(filepath.Join(cfg.DataDir, store.FileName), store.Options{Now: now, Location: cfg.Location(), NoSync: true})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	log := slog.New(slog.DiscardHandler)
	outbox := &bot.Outbox{Store: db, Log: log}
	desk := New(Deps{Config: cfg, Store: db, Outbox: outbox, Staff: &bot.Staff{OpenIDs: []string{fuzzStaff}, Outbox: outbox},
		Now: now, Logger: log})
	err = db.Do(context.Background(), func(tx *store.Tx) error {
		if _, err := tx.PutRider(grid.Rider{OpenID: "o_pending", Name: "李四", Phone: "13900002222", Status: grid.RiderPending, RegisteredAt: tx.Now()}); err != nil {
			return err
		}
		if _, err := tx.PutRider(grid.Rider{OpenID: fuzzRider, Name: "张三", Phone: "13800001111", Status: grid.RiderActive, RegisteredAt: tx.Now()}); err != nil {
			return err
		}
		r, err := tx.CreateReport(grid.Report{Rider: fuzzRider, Category: "safety", Status: grid.ReportValid})
		if err != nil {
			return err
		}
		key := grid.AwardKeyFor(r.ID)
		if _, _, err := tx.Award(key, fuzzRider, 1); err != nil {
			return err
		}
		r.Points, r.AwardKey = 1, key
		if err := tx.PutReport(r); err != nil {
			return err
		}
		if _, _, err := tx.Award("fuzz:seed", fuzzRider, 500); err != nil {
			return err
		}
		rw := cfg.Rewards[0]
		_, err = tx.CreateRedemption(fuzzRider, rw.Code, rw.Name, rw.Cost, cfg.Points.HoldTTL)
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	return desk, db
}
