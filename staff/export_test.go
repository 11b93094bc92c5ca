package staff_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gridbot/catalog"
	"gridbot/grid"
	"gridbot/staff"
	"gridbot/store"
)

// monthFixture fills May 2025 (and one April report) with riders, reports,
// a redemption and ledger entries.
func monthFixture(t *testing.T) *env {
	t.Helper()
	e := newEnv(t, nil)
	e.rider(riderID, "=张三", "13800000000", grid.RiderActive) // a name that looks like a formula
	e.clock.Advance(-10 * 24 * time.Hour)                    // 2025-04-26
	e.report(grid.Report{Rider: riderID, Category: "safety", Status: grid.ReportValid})
	e.clock.Advance(10 * 24 * time.Hour) // 2025-05-06
	e.rider(riderB, "李四", "13900000000", grid.RiderActive)
	p2 := e.validReport(riderID, "safety")
	p2.Location = &grid.Location{Lat: 31.23, Lng: 121.47, Label: "人民路 1 号"}
	e.do(func(tx *store.Tx) error { return tx.PutReport(p2) })
	e.validReport(riderID, "sanitation")
	e.validReport(riderB, "sanitation")
	e.report(grid.Report{Rider: riderB, Category: "sanitation", Status: grid.ReportInvalid})
	e.report(grid.Report{Rider: riderB, Status: grid.ReportPendingReview})
	if _, err := e.desk.Revoke(t.Context(), 4, staffName, "摆拍"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.desk.Dispatch(t.Context(), 2, staffName, "派出所", ""); err != nil {
		t.Fatal(err)
	}
	e.award(riderID, 300)
	e.redemption(riderID)
	if _, err := e.desk.Approve(t.Context(), staff.Ref{Kind: staff.KindRedemption, ID: 1}, staffName); err != nil {
		t.Fatal(err)
	}
	return e
}

func exportBytes(t *testing.T, e *env, req staff.ExportRequest) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := e.desk.Export(&b, req); err != nil {
		t.Fatalf("Export(%+v): %v", req, err)
	}
	return b.Bytes()
}

func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	body, ok := bytes.CutPrefix(data, []byte("\xEF\xBB\xBF"))
	if !ok {
		t.Fatalf("CSV starts with % x, want the UTF-8 byte-order mark", data[:min(3, len(data))])
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("parse CSV: %v", err)
	}
	return rows
}

func headerOf(id catalog.ID) []string { return strings.Split(catalog.Text(id), "|") }

func TestExportCSV(t *testing.T) {
	e := monthFixture(t)
	tests := []struct {
		table  staff.Table
		header catalog.ID
		rows   int
	}{
		{staff.TableReports, catalog.ExportHeaderReports, 5},
		{staff.TableRiders, catalog.ExportHeaderRiders, 2},
		{staff.TableLedger, catalog.ExportHeaderLedger, 7},
	}
	for _, tt := range tests {
		t.Run(string(tt.table), func(t *testing.T) {
			rows := readCSV(t, exportBytes(t, e, staff.ExportRequest{Month: "2025-05", Table: tt.table, Format: staff.FormatCSV}))
			if !slices.Equal(rows[0], headerOf(tt.header)) {
				t.Errorf("header = %q, want %q", rows[0], headerOf(tt.header))
			}
			if got := len(rows) - 1; got != tt.rows {
				t.Errorf("%d data rows, want %d:\n%q", got, tt.rows, rows[1:])
			}
		})
	}

	rows := readCSV(t, exportBytes(t, e, staff.ExportRequest{Month: "2025-05", Table: staff.TableReports, Format: staff.FormatCSV}))
	p2 := rows[1]
	want := map[int]string{0: "P2", 1: "2025-05-06 10:00", 2: "U1", 3: "'=张三", 4: "138****0000", 5: "安全隐患", 6: "已转交", 7: "1", 13: "派出所", 14: staffName}
	for i, w := range want {
		if p2[i] != w {
			t.Errorf("P2 column %s = %q, want %q", rows[0][i], p2[i], w)
		}
	}
	if p4 := rows[3]; p4[0] != "P4" || p4[6] != "无效" || p4[7] != "0" || p4[16] != "摆拍" {
		t.Errorf("P4 = %q, want revoked: 无效, 0 points, 摆拍", p4)
	}

	riders := readCSV(t, exportBytes(t, e, staff.ExportRequest{Month: "2025-05", Table: staff.TableRiders, Format: staff.FormatCSV, FullPhones: true}))
	if got := riders[1]; got[0] != "U1" || got[2] != "13800000000" || got[5] != "2" || got[6] != "2" || got[7] != "302" {
		t.Errorf("U1 = %q, want full phone, 2 reports, 2 accepted, 302 earned", got)
	}

	ledger := readCSV(t, exportBytes(t, e, staff.ExportRequest{Month: "2025-05", Table: staff.TableLedger, Format: staff.FormatCSV}))
	var kinds []string
	for _, r := range ledger[1:] {
		kinds = append(kinds, r[2])
	}
	wantKinds := []string{"上报奖励", "上报奖励", "上报奖励", "撤销奖励", "上报奖励", "兑换冻结", "兑换扣除"}
	if !slices.Equal(kinds[:len(wantKinds)], wantKinds) {
		t.Errorf("ledger kinds = %q, want %q…", kinds, wantKinds)
	}
	if rev := ledger[4]; rev[5] != "-1" || rev[7] != "P4" || rev[8] != staffName || rev[9] != "摆拍" {
		t.Errorf("reversal row = %q, want -1, P4, %s, 摆拍", rev, staffName)
	}
	if post := ledger[7]; post[7] != "R1" {
		t.Errorf("post row = %q, want it linked to R1", post)
	}
}

func TestExportXLSX(t *testing.T) {
	e := monthFixture(t)
	req := staff.ExportRequest{Month: "2025-05", Format: staff.FormatXLSX}
	f, err := excelize.OpenReader(bytes.NewReader(exportBytes(t, e, req)))
	if err != nil {
		t.Fatalf("open XLSX: %v", err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{"月度汇总", "上报明细", "骑手", "积分流水"}; !slices.Equal(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	cell := func(sheet, ref string) string {
		t.Helper()
		v, err := f.GetCellValue(sheet, ref)
		if err != nil {
			t.Fatalf("%s!%s: %v", sheet, ref, err)
		}
		return v
	}
	for ref, want := range map[string]string{"A1": "编号", "A2": "P2", "D2": "=张三", "E2": "138****0000", "I2": "人民路 1 号", "M2": ""} {
		if got := cell("上报明细", ref); got != want {
			t.Errorf("上报明细!%s = %q, want %q", ref, got, want)
		}
	}
	if formula, _ := f.GetCellFormula("上报明细", "D2"); formula != "" {
		t.Errorf("D2 holds formula %q, want plain text", formula)
	}

	rows, err := f.GetRows("月度汇总")
	if err != nil {
		t.Fatal(err)
	}
	find := func(first string) []string {
		t.Helper()
		for _, r := range rows {
			if len(r) > 0 && r[0] == first {
				return r
			}
		}
		t.Fatalf("summary has no row starting %q:\n%q", first, rows)
		return nil
	}
	if got := find("总览"); got[1] != "2025-05" {
		t.Errorf("overview = %q, want the month", got)
	}
	if got := find("上报总数"); got[1] != "5" {
		t.Errorf("上报总数 = %q, want 5", got)
	}
	if got := find("兑换次数"); got[1] != "1" {
		t.Errorf("兑换次数 = %q, want 1", got)
	}
	// 类别|上报|有效|待审核|无效|重复|已转交|已处理|发放积分
	for first, want := range map[string][]string{
		"安全隐患": {"安全隐患", "1", "1", "0", "0", "0", "1", "0", "1"},
		"环境卫生": {"环境卫生", "3", "1", "0", "2", "0", "0", "0", "1"},
		"占道经营": {"占道经营", "0", "0", "0", "0", "0", "0", "0", "0"},
		"未分类":  {"未分类", "1", "0", "1", "0", "0", "0", "0", "0"},
		"合计":   {"合计", "5", "2", "1", "2", "0", "1", "0", "2"},
	} {
		if got := find(first); !slices.Equal(got, want) {
			t.Errorf("summary row %s = %q, want %q", first, got, want)
		}
	}
	if got := find("U1"); !slices.Equal(got, []string{"U1", "=张三", "2", "2", "302"}) {
		t.Errorf("rider row = %q", got)
	}
}

func TestExportRejectsBadRequests(t *testing.T) {
	e := newEnv(t, nil)
	for _, req := range []staff.ExportRequest{
		{Month: "2025-13", Table: staff.TableReports, Format: staff.FormatCSV},
		{Month: "2025-05", Table: "photos", Format: staff.FormatCSV},
		{Month: "2025-05", Table: staff.TableReports, Format: "pdf"},
		{Month: "2025-05", Format: staff.FormatCSV},
	} {
		var b bytes.Buffer
		if err := e.desk.Export(&b, req); !errors.Is(err, staff.ErrInvalid) || b.Len() != 0 {
			t.Errorf("Export(%+v) = %v, wrote %d bytes; want ErrInvalid and nothing", req, err, b.Len())
		}
	}
	if got := (staff.ExportRequest{Month: "2025-05", Table: staff.TableSummary, Format: staff.FormatCSV}).FileName(); got != "gridbot-2025-05-summary.csv" {
		t.Errorf("FileName = %q", got)
	}
}
