package staff_test

import (
	"testing"

	"gridbot/grid"
	"gridbot/points"
	"gridbot/staff"
	"gridbot/store"
)

func TestActorName(t *testing.T) {
	e := newEnv(t, nil)
	rider := grid.Rider{OpenID: riderID, Name: "张三", Seq: 3}
	lookup := func(openid string) (grid.Rider, bool) { return rider, openid == riderID }
	tests := []struct {
		name, actor, want string
		riders            staff.RiderLookup
	}{
		{"automatic vetting", "vet", "系统自动审核", lookup},
		{"the sweep", staff.SweepActor, "系统", lookup},
		{"an API token", "api:city", "接口「city」", lookup},
		{"a staff member by openid", staffID, staffName, lookup},
		{"a rider by openid", riderID, "骑手 张三（U3）", lookup},
		{"a rider without a lookup", riderID, riderID, nil},
		{"a dashboard user", "alice", "alice", lookup},
		{"nobody", "", "", lookup},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := e.desk.ActorName(tt.actor, tt.riders); got != tt.want {
				t.Errorf("ActorName(%q) = %q, want %q", tt.actor, got, tt.want)
			}
		})
	}
}

func TestNoteText(t *testing.T) {
	tests := []struct{ note, want string }{
		{"exact_duplicate", "重复照片（与之前的照片完全相同）"},
		{"near_duplicate", "重复照片（之前照片的修改版）"},
		{"burst", "连拍（同一处只计一次）"},
		{"photo check", "照片检查未通过"},
		{"download failed", "照片下载失败"},
		{"rider cancelled", "骑手取消"},
		{"points.review: staff", "等待人工审核"},
		{"blurry", "照片太模糊"},        // a photo reason code
		{"duplicate", "与已提交的照片重复"}, // a photo reason code
		{"照片不清楚", "照片不清楚"},         // typed by staff
		{"", ""},
	}
	for _, tt := range tests {
		if got := staff.NoteText(tt.note); got != tt.want {
			t.Errorf("NoteText(%q) = %q, want %q", tt.note, got, tt.want)
		}
	}
}

func TestKeyLabel(t *testing.T) {
	for key, want := range map[string]string{grid.AwardKeyFor(12): "P12", "test:x": "test:x"} {
		if got := staff.KeyLabel(key); got != want {
			t.Errorf("KeyLabel(%q) = %q, want %q", key, got, want)
		}
	}
}

// TestExportNamesActorsForPeople checks that exports show automatic
// vetting, duplicate kinds and a rider's own cancellation in Chinese, and
// the rider's name rather than their openid, while the store keeps the
// codes.
func TestExportNamesActorsForPeople(t *testing.T) {
	e := newEnv(t, nil)
	e.rider(riderID, "张三", "13800000000", grid.RiderActive)
	dup := e.report(grid.Report{Rider: riderID, Category: "safety", Status: grid.ReportReceived})
	if err := dup.Move(grid.ReportDuplicate, "vet", "near_duplicate", e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	e.do(func(tx *store.Tx) error { return tx.PutReport(dup) })
	rd := e.redemptionWithPoints(riderID)
	e.do(func(tx *store.Tx) error {
		_, err := tx.EndRedemption(rd.ID, points.RedemptionCancelled, riderID, "rider cancelled")
		return err
	})

	reports := readCSV(t, exportBytes(t, e, staff.ExportRequest{Month: "2025-05", Table: staff.TableReports, Format: staff.FormatCSV}))
	if got := reports[1]; got[14] != "系统自动审核" || got[16] != "重复照片（之前照片的修改版）" {
		t.Errorf("report row = %q, want 系统自动审核 and the duplicate kind in Chinese", got)
	}
	ledger := readCSV(t, exportBytes(t, e, staff.ExportRequest{Month: "2025-05", Table: staff.TableLedger, Format: staff.FormatCSV}))
	void := ledger[len(ledger)-1]
	if void[2] != "兑换退回" || void[8] != "骑手 张三（U1）" || void[9] != "骑手取消" {
		t.Errorf("void row = %q, want 兑换退回 by 骑手 张三（U1）, 骑手取消", void)
	}
	stored, err := e.db.Redemption(rd.ID)
	if err != nil || stored.DecidedBy != riderID || stored.Reason != "rider cancelled" {
		t.Errorf("stored redemption = %+v, %v; want the codes kept", stored, err)
	}
}
