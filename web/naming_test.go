package web

import (
	"fmt"
	"strings"
	"testing"

	"gridbot/grid"
	"gridbot/internal/testkit/storekit"
	"gridbot/points"
	"gridbot/store"
)

// TestPagesNameActorsForPeople checks that pages show automatic vetting,
// duplicate kinds and a rider's cancellation in Chinese, and a rider's
// name instead of their openid as 操作人; the stored codes are unchanged.
func TestPagesNameActorsForPeople(t *testing.T) {
	e := newEnv(t, nil)
	f := e.seed()
	dup := storekit.CreateReport(t, e.db, grid.Report{Rider: riderA, Category: "safety", Status: grid.ReportReceived, SHA256: e.sha})
	if err := dup.Move(grid.ReportDuplicate, "vet", "exact_duplicate", e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	e.do(func(tx *store.Tx) error { return tx.PutReport(dup) })
	e.do(func(tx *store.Tx) error {
		_, err := tx.EndRedemption(f.redemption.ID, points.RedemptionCancelled, riderA, "rider cancelled")
		return err
	})
	c := e.client().login()
	tests := []struct {
		path          string
		want, notWant []string
	}{
		{fmt.Sprintf("/admin/reports/%d", dup.ID),
			[]string{"<td>系统自动审核</td>", "<td>重复照片（与之前的照片完全相同）</td>"},
			[]string{"<td>vet</td>", "exact_duplicate"}},
		{"/admin/riders/" + riderA,
			[]string{"<td>骑手 张三（U1）</td>", "骑手取消"},
			[]string{"<td>" + riderA + "</td>", "rider cancelled"}},
		{"/admin/redemptions?status=cancelled",
			[]string{"骑手取消"},
			[]string{"rider cancelled"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			body := c.get(tt.path).Body.String()
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(body, w) {
					t.Errorf("page shows %q", w)
				}
			}
		})
	}
	if rd, _ := e.db.Redemption(f.redemption.ID); rd.DecidedBy != riderA || rd.Reason != "rider cancelled" {
		t.Errorf("stored redemption decided by %q for %q, want the openid and the code kept", rd.DecidedBy, rd.Reason)
	}
}
