package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"gridbot/catalog"
	"gridbot/points"
	"gridbot/store"
)

func TestAPIAuthentication(t *testing.T) {
	e := newEnv(t, nil)
	stored, err := CreateToken(context.Background(), e.db, e.cfg, "partner", "test")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		token string
		code  int
	}{
		{"none", "", http.StatusUnauthorized},
		{"unknown", "nope", http.StatusUnauthorized},
		{"config", apiToken, http.StatusOK},
		{"stored", stored, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body map[string]any
			code := e.api("GET", "/api/v1/riders", tt.token, nil, &body)
			if code != tt.code {
				t.Fatalf("got %d, want %d", code, tt.code)
			}
			if code == http.StatusUnauthorized && (body["error"] != "unauthorized" || body["message"] == "") {
				t.Errorf("error body %v, want {error: unauthorized, message: …}", body)
			}
		})
	}
	if err := RevokeToken(context.Background(), e.db, "partner", "test"); err != nil {
		t.Fatal(err)
	}
	if code := e.api("GET", "/api/v1/riders", stored, nil, nil); code != http.StatusUnauthorized {
		t.Fatalf("revoked token: got %d, want 401", code)
	}
	// Dashboard sessions do not open the API.
	c := e.client().login()
	req := httptestRequest(c, "GET", "/api/v1/riders", nil)
	if rec := serve(e, req); rec.Code != http.StatusUnauthorized {
		t.Errorf("API with a session cookie only: got %d, want 401", rec.Code)
	}
}

func TestAPIReads(t *testing.T) {
	e := newEnv(t, nil)
	f := e.seed()
	var riders apiList[apiRider]
	if code := e.api("GET", "/api/v1/riders", apiToken, nil, &riders); code != 200 || riders.Count != 3 || riders.Items[0].Phone != "138****1234" {
		t.Fatalf("riders: got %d %+v, want 3 riders with masked phones", code, riders)
	}
	var rider apiRider
	if code := e.api("GET", "/api/v1/riders/"+riderA, apiToken, nil, &rider); code != 200 ||
		rider.Balance == nil || *rider.Balance != 300 || *rider.Available != 100 || *rider.MonthPoints != 300 {
		t.Fatalf("rider: got %d %+v, want balance 300, available 100, month 300", code, rider)
	}
	var reports apiList[apiReport]
	if code := e.api("GET", "/api/v1/reports?status=pending_review&rider="+riderA+"&from=2025-05-01&to=2025-05-06", apiToken, nil, &reports); code != 200 ||
		reports.Count != 1 || reports.Items[0].ID != f.pendingReport.ID {
		t.Fatalf("reports: got %d %+v, want the pending report", code, reports)
	}
	if code := e.api("GET", "/api/v1/reports?from=2025-05-07", apiToken, nil, &reports); code != 200 || reports.Count != 0 {
		t.Fatalf("reports from tomorrow: got %d, %d items, want none", code, reports.Count)
	}
	var rep apiReport
	if code := e.api("GET", fmt.Sprintf("/api/v1/reports/P%d", f.validReport.ID), apiToken, nil, &rep); code != 200 || rep.CategoryName != "安全隐患" {
		t.Fatalf("report: got %d %+v", code, rep)
	}
	var rds apiList[apiRedemption]
	if code := e.api("GET", "/api/v1/redemptions?status=pending", apiToken, nil, &rds); code != 200 || rds.Count != 1 || rds.Items[0].Label != "R1" {
		t.Fatalf("redemptions: got %d %+v", code, rds)
	}
	var ledger apiLedgerAnswer
	if code := e.api("GET", "/api/v1/ledger?rider="+riderA, apiToken, nil, &ledger); code != 200 || ledger.Count != 2 || ledger.Balance.Held != 200 {
		t.Fatalf("ledger: got %d %+v, want 2 entries and 200 held", code, ledger)
	}
	errs := []struct {
		path string
		code int
		err  string
	}{
		{"/api/v1/riders/nobody", 404, "not_found"},
		{"/api/v1/reports/999", 404, "not_found"},
		{"/api/v1/reports/abc", 400, "invalid"},
		{"/api/v1/reports?status=bogus", 400, "invalid"},
		{"/api/v1/reports?from=yesterday", 400, "invalid"},
		{"/api/v1/redemptions?status=bogus", 400, "invalid"},
		{"/api/v1/ledger", 400, "invalid"},
		{"/api/v1/nothing", 404, "not_found"},
	}
	for _, tt := range errs {
		var body apiError
		if code := e.api("GET", tt.path, apiToken, nil, &body); code != tt.code || body.Error != tt.err || body.Message == "" {
			t.Errorf("GET %s: got %d %+v, want %d %s", tt.path, code, body, tt.code, tt.err)
		}
	}
}

func TestAPIActions(t *testing.T) {
	e := newEnv(t, nil)
	f := e.seed()
	rd := fmt.Sprintf("/api/v1/redemptions/%d/", f.redemption.ID)
	var body apiError
	if code := e.api("POST", rd+"fulfil", apiToken, nil, &body); code != http.StatusConflict || body.Error != "wrong_state" {
		t.Fatalf("fulfil unapproved: got %d %+v, want 409 wrong_state", code, body)
	}
	var out struct {
		Ref     string `json:"ref"`
		Status  string `json:"status"`
		Voucher string `json:"voucher"`
	}
	if code := e.api("POST", rd+"approve", apiToken, nil, &out); code != 200 || out.Status != "approved" || out.Voucher == "" || out.Ref != "R1" {
		t.Fatalf("approve: got %d %+v, want approved with a voucher", code, out)
	}
	if code := e.api("POST", rd+"approve", apiToken, nil, &body); code != http.StatusConflict || body.Error != "wrong_state" {
		t.Fatalf("approve twice: got %d %+v, want 409 wrong_state", code, body)
	}
	if code := e.api("POST", rd+"reject", apiToken, map[string]string{"reason": "晚了"}, &body); code != http.StatusConflict {
		t.Fatalf("reject after approval: got %d, want 409", code)
	}
	voucher := out.Voucher
	var fulfilled map[string]any
	if code := e.api("POST", rd+"fulfil", apiToken, nil, &fulfilled); code != 200 {
		t.Fatalf("fulfil: got %d %+v, want 200", code, fulfilled)
	}
	// The same shape as every other action: the desk's outcome.
	want := map[string]any{"ref": "R1", "status": "fulfilled", "rider": riderA, "voucher": voucher,
		"result": catalog.Render(catalog.DashFulfilled, catalog.Args{"Voucher": voucher})}
	if fmt.Sprint(fulfilled) != fmt.Sprint(want) {
		t.Fatalf("fulfil: got %v, want %v", fulfilled, want)
	}
	if rec, _ := e.db.Redemption(f.redemption.ID); rec.Status != points.RedemptionFulfilled || rec.FulfilledBy != "api:city" {
		t.Fatalf("stored: got %s by %q, want fulfilled by api:city", rec.Status, rec.FulfilledBy)
	}
	if code := e.api("POST", rd+"fulfil", apiToken, nil, &body); code != http.StatusConflict {
		t.Fatalf("fulfil twice: got %d, want 409", code)
	}
	if code := e.api("POST", "/api/v1/redemptions/99/approve", apiToken, nil, &body); code != 404 || body.Error != "not_found" {
		t.Fatalf("approve unknown: got %d %+v", code, body)
	}

	p := fmt.Sprintf("/api/v1/reports/%d/", f.pendingReport.ID)
	if code := e.api("POST", p+"reject", apiToken, nil, &body); code != http.StatusUnprocessableEntity || body.Error != "reason_required" {
		t.Fatalf("reject without reason: got %d %+v, want 422 reason_required", code, body)
	}
	if code := e.api("POST", p+"dispatch", apiToken, map[string]string{"to": "城管"}, &body); code != http.StatusConflict {
		t.Fatalf("dispatch in review: got %d, want 409", code)
	}
	if code := e.api("POST", p+"approve", apiToken, nil, &out); code != 200 || out.Status != "valid" {
		t.Fatalf("approve report: got %d %+v", code, out)
	}
	if code := e.api("POST", p+"approve", apiToken, nil, &body); code != http.StatusConflict {
		t.Fatalf("approve report twice: got %d, want 409", code)
	}
	if code := e.api("POST", p+"dispatch", apiToken, map[string]string{}, &body); code != http.StatusBadRequest || body.Error != "invalid" {
		t.Fatalf("dispatch without recipient: got %d %+v, want 400", code, body)
	}
	if code := e.api("POST", p+"dispatch", apiToken, map[string]string{"to": "城管中队", "note": "请处理"}, &out); code != 200 || out.Status != "dispatched" {
		t.Fatalf("dispatch: got %d %+v", code, out)
	}
	if code := e.api("POST", p+"resolve", apiToken, nil, &out); code != 200 || out.Status != "resolved" {
		t.Fatalf("resolve: got %d %+v", code, out)
	}
	rep, _ := e.db.Report(f.pendingReport.ID)
	if last := rep.Steps[len(rep.Steps)-1]; last.Actor != "api:city" {
		t.Errorf("actor %q, want api:city", last.Actor)
	}
	if code := e.api("POST", p+"explode", apiToken, nil, &body); code != 404 {
		t.Errorf("unknown action: got %d, want 404", code)
	}
}

// TestAPIWrongMethod checks that a known path asked with a method it does
// not serve gets 405, an Allow header and the JSON error shape, while an
// unknown path stays 404.
func TestAPIWrongMethod(t *testing.T) {
	e := newEnv(t, nil)
	tests := []struct {
		name, method, path string
		code               int
		allow              string
	}{
		{"GET on a report action", "GET", "/api/v1/reports/1/approve", 405, "POST"},
		{"GET on a redemption action", "GET", "/api/v1/redemptions/1/fulfil", 405, "POST"},
		{"POST on a list", "POST", "/api/v1/riders", 405, "GET, HEAD"},
		{"DELETE on a report", "DELETE", "/api/v1/reports/1", 405, "GET, HEAD"},
		{"POST on the backup", "POST", "/api/v1/backup", 405, "GET, HEAD"},
		{"unknown path", "GET", "/api/v1/nothing/here", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.path, nil)
			req.Header.Set("Authorization", "Bearer "+apiToken)
			rec := serve(e, req)
			var body apiError
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatalf("body %q is not JSON: %v", rec.Body, err)
			}
			if rec.Code != tt.code || body.Message == "" {
				t.Errorf("got %d %+v, want %d with a message", rec.Code, body, tt.code)
			}
			if got := rec.Header().Get("Allow"); got != tt.allow {
				t.Errorf("Allow = %q, want %q", got, tt.allow)
			}
		})
	}
	// Without a token the answer is still 401: the API needs one first.
	if code := e.api("GET", "/api/v1/reports/1/approve", "", nil, nil); code != http.StatusUnauthorized {
		t.Errorf("without a token: got %d, want 401", code)
	}
}

// TestAPIBackup downloads a snapshot with a bearer token, for scripts; it
// opens as a database and checks clean. Without a token it is refused.
func TestAPIBackup(t *testing.T) {
	e := newEnv(t, nil)
	e.seed()
	req := httptest.NewRequest("GET", "/api/v1/backup", nil)
	rec := httptest.NewRecorder()
	e.mux.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnauthorized {
		t.Fatalf("without a token: got %d, want 401", rec.Code)
	}
	req = httptest.NewRequest("GET", "/api/v1/backup", nil)
	req.Header.Set("Authorization", "Bearer "+apiToken)
	rec = httptest.NewRecorder()
	e.mux.ServeHTTP(rec, req)
	// The name's time is the clock's (10:00 in Asia/Shanghai), not UTC (02:00).
	const wantName = `attachment; filename="gridbot-20250506-100000.db"`
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Disposition") != wantName {
		t.Fatalf("got %d %q, want 200 and %q", rec.Code, rec.Header().Get("Content-Disposition"), wantName)
	}
	path := filepath.Join(t.TempDir(), "b.db")
	if err := os.WriteFile(path, rec.Body.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if rep, err := db.Check(); err != nil || !rep.OK() {
		t.Fatalf("backup check: %v %v", err, rep.Problems)
	}
}
