package web

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestExports(t *testing.T) {
	e := newEnv(t, nil)
	f := e.seed()
	c := e.client().login()
	rec := c.get("/admin/exports/gridbot-2025-05-reports.xlsx")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Type"), "spreadsheetml") ||
		rec.Header().Get("Content-Disposition") != `attachment; filename="gridbot-2025-05-reports.xlsx"` {
		t.Fatalf("xlsx: got %d %q %q", rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Content-Disposition"))
	}
	x, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatalf("open xlsx: %v", err)
	}
	defer x.Close()
	sheets := x.GetSheetList()
	if len(sheets) != 1 {
		t.Fatalf("sheets %v, want one", sheets)
	}
	rows, err := x.GetRows(sheets[0])
	if err != nil || len(rows) != 3 {
		t.Fatalf("rows %v, %v; want a header and two reports", rows, err)
	}
	var all []string
	for _, r := range rows {
		all = append(all, strings.Join(r, "|"))
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{f.pendingReport.Label(), f.validReport.Label(), "安全隐患"} {
		if !strings.Contains(text, want) {
			t.Errorf("sheet lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "13800001234") {
		t.Errorf("sheet shows an unmasked phone")
	}
	if cell, _ := x.GetCellValue(sheets[0], "A1"); cell == "" {
		t.Errorf("A1 is empty, want a Chinese header")
	}

	rec = c.get("/admin/exports/gridbot-2025-05-riders.csv")
	if rec.Code != http.StatusOK || !bytes.HasPrefix(rec.Body.Bytes(), []byte("\xEF\xBB\xBF")) || !strings.Contains(rec.Body.String(), "138****1234") {
		t.Fatalf("csv: got %d, want UTF-8 with BOM and masked phones; body %q", rec.Code, rec.Body.String())
	}
	rec = c.get("/admin/exports/gridbot-2025-05-all.xlsx")
	if x, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes())); err != nil || len(x.GetSheetList()) != 4 {
		t.Fatalf("all tables: %v, want 4 sheets", err)
	}
	if rec := c.get("/admin/exports/gridbot-2025-05-all.csv"); rec.Code != http.StatusBadRequest {
		t.Errorf("all as CSV: got %d, want 400", rec.Code)
	}
}
