package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"gridbot/grid"
	"gridbot/internal/testkit/storekit"
	"gridbot/store"
)

// GeoReport v2 field lists (https://wiki.open311.org/GeoReport_v2).
var (
	open311ServiceFields = []string{"description", "group", "keywords", "metadata", "service_code", "service_name", "type"}
	open311RequestFields = []string{"address", "address_id", "agency_responsible", "description", "expected_datetime", "lat",
		"long", "media_url", "requested_datetime", "service_code", "service_name", "service_notice", "service_request_id",
		"status", "status_notes", "updated_datetime", "zipcode"}
)

// getOpen311 fetches path without credentials and decodes a JSON array.
func getOpen311(t *testing.T, e *env, path string) (int, []map[string]any, *httptest.ResponseRecorder) {
	t.Helper()
	rec := httptest.NewRecorder()
	e.mux.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	var out []map[string]any
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatalf("GET %s: %v in %s", path, err, rec.Body)
		}
	}
	return rec.Code, out, rec
}

// checkFields fails unless obj has exactly the fields.
func checkFields(t *testing.T, obj map[string]any, fields []string) {
	t.Helper()
	var got []string
	for k := range obj {
		got = append(got, k)
	}
	sort.Strings(got)
	if strings.Join(got, ",") != strings.Join(fields, ",") {
		t.Errorf("fields %v, want %v", got, fields)
	}
}

func TestOpen311(t *testing.T) {
	e := newEnv(t, nil)
	f := e.seed()
	resolved := storekit.CreateReport(t, e.db, grid.Report{Rider: riderA, Category: "sanitation", Status: grid.ReportValid})
	resolved.Move(grid.ReportResolved, "staff", "已清理", e.clock.Now().Add(time.Hour))
	e.do(func(tx *store.Tx) error { return tx.PutReport(resolved) })

	code, services, _ := getOpen311(t, e, "/open311/v2/services.json")
	if code != 200 || len(services) != len(e.cfg.Categories) {
		t.Fatalf("services: got %d, %d services, want one per category", code, len(services))
	}
	for _, s := range services {
		checkFields(t, s, open311ServiceFields)
		if s["type"] != "batch" || s["metadata"] != false {
			t.Errorf("service %v: want type batch, metadata false", s)
		}
	}

	code, reqs, _ := getOpen311(t, e, "/open311/v2/requests.json")
	if code != 200 || len(reqs) != 2 {
		t.Fatalf("requests: got %d, %d requests, want the 2 public ones", code, len(reqs))
	}
	for _, r := range reqs {
		checkFields(t, r, open311RequestFields)
		if _, err := time.Parse(time.RFC3339, r["requested_datetime"].(string)); err != nil {
			t.Errorf("requested_datetime %v is not W3C", r["requested_datetime"])
		}
		if r["service_request_id"] == fmt.Sprint(f.pendingReport.ID) {
			t.Errorf("a report in review is public")
		}
		for _, v := range r {
			if s, ok := v.(string); ok && strings.Contains(s, "o-rider") {
				t.Errorf("a request shows a rider's openid: %v", r)
			}
		}
	}
	tests := []struct {
		query string
		ids   []uint64
	}{
		{"status=open", []uint64{f.validReport.ID}},
		{"status=closed", []uint64{resolved.ID}},
		{"status=open,closed&service_code=sanitation", []uint64{resolved.ID}},
		{"service_code=vending", nil},
		{"start_date=2025-05-06T00:00:00%2B08:00&end_date=2025-05-07T00:00:00%2B08:00", []uint64{resolved.ID, f.validReport.ID}},
		{"start_date=2025-05-07T00:00:00Z", nil},
	}
	for _, tt := range tests {
		code, reqs, _ := getOpen311(t, e, "/open311/v2/requests.json?"+tt.query)
		var ids []uint64
		for _, r := range reqs {
			var id uint64
			fmt.Sscan(r["service_request_id"].(string), &id)
			ids = append(ids, id)
		}
		if code != 200 || fmt.Sprint(ids) != fmt.Sprint(tt.ids) {
			t.Errorf("?%s: got %d %v, want %v", tt.query, code, ids, tt.ids)
		}
	}

	code, one, _ := getOpen311(t, e, fmt.Sprintf("/open311/v2/requests/%d.json", f.validReport.ID))
	if code != 200 || len(one) != 1 {
		t.Fatalf("request: got %d %v", code, one)
	}
	r := one[0]
	checkFields(t, r, open311RequestFields)
	wantMedia := fmt.Sprintf("https://grid.example.org/open311/v2/media/%d.jpg", f.validReport.ID)
	if r["status"] != "open" || r["service_code"] != "safety" || r["lat"] != 31.2304 || r["long"] != 121.4737 || r["media_url"] != wantMedia || r["address"] != "人民广场" {
		t.Errorf("request %v: want open safety at 31.2304,121.4737 with media %s", r, wantMedia)
	}
	rec := httptest.NewRecorder()
	e.mux.ServeHTTP(rec, httptest.NewRequest("GET", "/open311/v2/media/"+fmt.Sprint(f.validReport.ID)+".jpg", nil))
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "image/jpeg" {
		t.Errorf("media: got %d %q, want the thumbnail", rec.Code, rec.Header().Get("Content-Type"))
	}

	for _, path := range []string{
		fmt.Sprintf("/open311/v2/requests/%d.json", f.pendingReport.ID),
		fmt.Sprintf("/open311/v2/media/%d.jpg", f.pendingReport.ID),
		"/open311/v2/requests/999.json",
		"/open311/v2/requests/1.xml",
	} {
		code, body, _ := getOpen311(t, e, path)
		if code != http.StatusNotFound || len(body) != 1 || body[0]["code"] != float64(404) || body[0]["description"] == "" {
			t.Errorf("%s: got %d %v, want 404 with a GeoReport error", path, code, body)
		}
	}
	if code, _, _ := getOpen311(t, e, "/open311/v2/requests.json?status=pending"); code != http.StatusBadRequest {
		t.Errorf("bad status: got %d, want 400", code)
	}
}

// TestOpen311UnknownPath checks that paths no route serves (the XML
// format, a typo) answer in the GeoReport error format, not plain text.
func TestOpen311UnknownPath(t *testing.T) {
	e := newEnv(t, nil)
	for _, path := range []string{"/open311/v2/services.xml", "/open311/v2/requests.xml", "/open311/v2/nothing", "/open311/v2/"} {
		code, body, rec := getOpen311(t, e, path)
		if code != http.StatusNotFound || len(body) != 1 {
			t.Errorf("GET %s: got %d %q, want 404 with one GeoReport error", path, code, rec.Body)
			continue
		}
		checkFields(t, body[0], []string{"code", "description"})
		if body[0]["code"] != float64(404) || body[0]["description"] == "" {
			t.Errorf("GET %s: got %v, want code 404 and a description", path, body[0])
		}
	}
}
