package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gridbot/catalog"
	"gridbot/config"
	"gridbot/grid"
	"gridbot/internal/testkit/storekit"
	"gridbot/points"
	"gridbot/store"
)

func TestLoginAndLogout(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { c.Admin.SecureCookie = true })
	c := e.client()
	if rec := c.get("/admin/"); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/admin/login") {
		t.Fatalf("GET /admin/ signed out: got %d to %q, want 303 to the login form", rec.Code, rec.Header().Get("Location"))
	}
	c.get("/admin/login")
	rec := c.post("/admin/login", url.Values{"user": {testUser}, "password": {"wrong password!"}})
	if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), catalog.Text(catalog.DashBadLogin)) {
		t.Fatalf("wrong password: got %d, want 401 with %q", rec.Code, catalog.Text(catalog.DashBadLogin))
	}
	rec = c.post("/admin/login", url.Values{"user": {"nobody"}, "password": {testPassword}})
	if rec.Code != http.StatusUnauthorized {
		t.Fatalf("unknown user: got %d, want 401", rec.Code)
	}
	rec = c.post("/admin/login", url.Values{"user": {testUser}, "password": {testPassword}, "next": {"/admin/riders"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/admin/riders" {
		t.Fatalf("login: got %d to %q, want 303 to /admin/riders", rec.Code, rec.Header().Get("Location"))
	}
	ck := c.cookies[sessionCookie]
	if ck == nil || !ck.HttpOnly || !ck.Secure || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/admin/" || len(ck.Value) < 43 {
		t.Fatalf("session cookie = %+v, want HttpOnly, Secure, SameSite=Lax, Path=/admin/, 32 random bytes", ck)
	}
	rec = c.get("/admin/")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), catalog.Text("dash.overview.pending")) {
		t.Fatalf("overview: got %d, want 200 with the pending counts", rec.Code)
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP = %q, want a strict policy", csp)
	}
	if rec := c.post("/admin/logout", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("logout: got %d, want 303", rec.Code)
	}
	// The old cookie no longer works, even if replayed.
	c.cookies[sessionCookie] = ck
	if rec := c.get("/admin/"); rec.Code != http.StatusSeeOther {
		t.Fatalf("after logout: got %d, want 303 to the login form", rec.Code)
	}
}

func TestLoginRedirectStaysLocal(t *testing.T) {
	e := newEnv(t, nil)
	for _, next := range []string{"https://evil.example/", "//evil.example/admin/", "/admin/\\evil", "javascript:alert(1)"} {
		c := e.client()
		c.get("/admin/login")
		rec := c.post("/admin/login", url.Values{"user": {testUser}, "password": {testPassword}, "next": {next}})
		if got := rec.Header().Get("Location"); got != "/admin/" {
			t.Errorf("next=%q: redirected to %q, want /admin/", next, got)
		}
	}
}

func TestSessionExpires(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client().login()
	e.clock.Advance(e.cfg.Admin.SessionTTL + time.Second)
	if rec := c.get("/admin/"); rec.Code != http.StatusSeeOther {
		t.Fatalf("after the session TTL: got %d, want 303 to the login form", rec.Code)
	}
}

func TestLoginCSRF(t *testing.T) {
	e := newEnv(t, nil)
	tests := []struct {
		name  string
		setup func(c *client) url.Values
	}{
		{"no cookie", func(c *client) url.Values {
			return url.Values{"csrf": {"forged"}, "user": {testUser}, "password": {testPassword}}
		}},
		{"token mismatch", func(c *client) url.Values {
			c.get("/admin/login")
			return url.Values{"csrf": {"forged"}, "user": {testUser}, "password": {testPassword}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := e.client()
			rec := c.do(http.MethodPost, "/admin/login", tt.setup(c))
			if rec.Code != http.StatusForbidden || c.cookies[sessionCookie] != nil {
				t.Fatalf("got %d (session %v), want 403 and no session", rec.Code, c.cookies[sessionCookie] != nil)
			}
		})
	}
	// A cross-site POST is refused even with matching tokens.
	c := e.client()
	c.get("/admin/login")
	form := url.Values{"csrf": {c.csrf}, "user": {testUser}, "password": {testPassword}}
	req := httptestRequest(c, http.MethodPost, "/admin/login", form)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	rec := serve(e, req)
	if rec.Code != http.StatusForbidden {
		t.Fatalf("cross-site login: got %d, want 403", rec.Code)
	}
}

func TestLoginThrottle(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client()
	c.get("/admin/login")
	for i := 0; i < loginPerUser; i++ {
		if rec := c.post("/admin/login", url.Values{"user": {testUser}, "password": {"wrong password!"}}); rec.Code != http.StatusUnauthorized {
			t.Fatalf("attempt %d: got %d, want 401", i+1, rec.Code)
		}
	}
	rec := c.post("/admin/login", url.Values{"user": {testUser}, "password": {testPassword}})
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("after %d failures: got %d (Retry-After %q), want 429 even with the right password", loginPerUser, rec.Code, rec.Header().Get("Retry-After"))
	}
	// Another address is not affected; the window passes.
	other := e.client()
	other.addr = "198.51.100.7:1000"
	other.login()
	e.clock.Advance(loginWindow)
	c.login()
}

func TestEveryAdminRouteNeedsASession(t *testing.T) {
	e := newEnv(t, nil)
	f := e.seed()
	for _, rt := range adminRoutes(e, f) {
		t.Run(rt.method+" "+rt.path, func(t *testing.T) {
			c := e.client()
			rec := c.do(rt.method, rt.path, url.Values{"csrf": {"x"}})
			if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/admin/login") {
				t.Fatalf("got %d to %q, want 303 to the login form", rec.Code, rec.Header().Get("Location"))
			}
		})
	}
}

func TestEveryFormNeedsTheCSRFToken(t *testing.T) {
	e := newEnv(t, nil)
	f := e.seed()
	c := e.client().login()
	for _, rt := range adminRoutes(e, f) {
		if rt.method != http.MethodPost {
			continue
		}
		for name, token := range map[string]string{"missing": "", "wrong": "AAAA" + c.csrf[4:]} {
			t.Run(rt.path+" "+name, func(t *testing.T) {
				form := url.Values{"csrf": {token}, "reason": {"原因"}, "delta": {"5"}, "name": {"x"}, "to": {"城管"}, "into": {"1"}}
				rec := c.do(http.MethodPost, rt.path, form)
				if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), catalog.Text(catalog.DashBadCSRF)) {
					t.Fatalf("got %d, want 403 with %q", rec.Code, catalog.Text(catalog.DashBadCSRF))
				}
			})
		}
	}
	if got := e.redemptionStatus(f.redemption.ID); got != points.RedemptionPending {
		t.Errorf("redemption is %s after forged posts, want pending", got)
	}
	if got := e.reportStatus(f.pendingReport.ID); got != grid.ReportPendingReview {
		t.Errorf("report is %s after forged posts, want pending_review", got)
	}
}

// route is one dashboard route with its path filled in.
type route struct{ method, path string }

func adminRoutes(e *env, f fixture) []route {
	p, v, rd := f.pendingReport.ID, f.validReport.ID, f.redemption.ID
	return []route{
		{"GET", "/admin/"}, {"GET", "/admin/reviews"}, {"GET", "/admin/reports"},
		{"GET", fmt.Sprintf("/admin/reports/%d", p)}, {"GET", "/admin/photos/" + e.sha}, {"GET", "/admin/photos/" + e.sha + "/thumb"},
		{"GET", "/admin/redemptions"}, {"GET", "/admin/riders"}, {"GET", "/admin/riders/" + riderA},
		{"GET", "/admin/map"}, {"GET", "/admin/leaderboard"}, {"GET", "/admin/jobs"}, {"GET", "/admin/exports"},
		{"GET", "/admin/exports/gridbot-2025-05-reports.csv"}, {"GET", "/admin/backup"}, {"GET", "/admin/tokens"},
		{"POST", "/admin/logout"}, {"POST", "/admin/reviews/bulk"},
		{"POST", fmt.Sprintf("/admin/reports/%d/approve", p)}, {"POST", fmt.Sprintf("/admin/reports/%d/reject", p)},
		{"POST", fmt.Sprintf("/admin/reports/%d/revoke", v)}, {"POST", fmt.Sprintf("/admin/reports/%d/dispatch", v)},
		{"POST", fmt.Sprintf("/admin/reports/%d/resolve", v)}, {"POST", fmt.Sprintf("/admin/reports/%d/merge", p)},
		{"POST", fmt.Sprintf("/admin/reports/%d/classify", p)},
		{"POST", fmt.Sprintf("/admin/redemptions/%d/approve", rd)}, {"POST", fmt.Sprintf("/admin/redemptions/%d/reject", rd)},
		{"POST", fmt.Sprintf("/admin/redemptions/%d/fulfil", rd)}, {"POST", "/admin/vouchers/fulfil"},
		{"POST", "/admin/riders/" + riderPending + "/approve"}, {"POST", "/admin/riders/" + riderPending + "/reject"},
		{"POST", "/admin/riders/" + riderA + "/deactivate"}, {"POST", "/admin/riders/" + riderA + "/adjust"},
		{"POST", "/admin/jobs/1/retry"}, {"POST", "/admin/tokens"}, {"POST", "/admin/tokens/x/revoke"},
		{"GET", "/admin/password"}, {"POST", "/admin/password"},
	}
}

func TestPages(t *testing.T) {
	e := newEnv(t, nil)
	f := e.seed()
	c := e.client().login()
	tests := []struct {
		path string
		want []string
	}{
		{"/admin/", []string{catalog.Text("dash.overview.today"), "<svg", "安全隐患"}},
		{"/admin/reviews", []string{f.pendingReport.Label(), f.validReport.Label(), "/admin/photos/" + e.sha + "/thumb", `form="bulk"`, "138****1234"}},
		{"/admin/reports", []string{f.pendingReport.Label(), f.validReport.Label()}},
		{"/admin/reports?status=valid&category=safety&from=2025-05-01&to=2025-05-31", []string{f.validReport.Label()}},
		{fmt.Sprintf("/admin/reports/%d", f.validReport.ID), []string{"uri.amap.com", catalog.Text("dash.action.dispatch")}},
		{"/admin/redemptions", []string{f.redemption.Label(), "免费理发"}},
		{"/admin/redemptions?status=all", []string{f.redemption.Label()}},
		{"/admin/riders", []string{"张三", "138****1234", "王五"}},
		{"/admin/riders?q=1234", []string{"张三"}},
		{"/admin/riders/" + riderA + "?month=2025-05", []string{"张三", "138****1234", catalog.Text("dash.kind.hold")}},
		{"/admin/map?from=2025-05-01&to=2025-05-31", []string{"<circle", "uri.amap.com/marker?position=121.473700,31.230400"}},
		{"/admin/leaderboard?month=2025-05", []string{"张三", "300"}},
		{"/admin/jobs", []string{catalog.Text("dash.nav.jobs")}},
		{"/admin/exports?month=2025-05", []string{"gridbot-2025-05-reports.xlsx", "gridbot-2025-05-all.xlsx"}},
		{"/admin/tokens", []string{"city"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := c.get(tt.path)
			if rec.Code != http.StatusOK {
				t.Fatalf("got %d, want 200; body %s", rec.Code, rec.Body)
			}
			body := rec.Body.String()
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, phone := range []string{"13800001234", "13900005678", "13700009999"} {
				if strings.Contains(body, phone) {
					t.Errorf("page shows the unmasked phone %s", phone)
				}
			}
		})
	}
	if rec := c.get("/admin/riders?q=李"); strings.Contains(rec.Body.String(), "张三") {
		t.Errorf("search 李 lists 张三")
	}
}

func TestPageErrors(t *testing.T) {
	e := newEnv(t, nil)
	e.seed()
	c := e.client().login()
	tests := []struct {
		path string
		code int
	}{
		{"/admin/reports/999", http.StatusNotFound},
		{"/admin/reports/abc", http.StatusBadRequest},
		{"/admin/reports?status=bogus", http.StatusBadRequest},
		{"/admin/riders/nobody", http.StatusNotFound},
		{"/admin/leaderboard?month=2025-13", http.StatusBadRequest},
		{"/admin/photos/not-a-hash", http.StatusNotFound},
		{"/admin/photos/" + strings.Repeat("0", 64), http.StatusNotFound},
		{"/admin/exports/gridbot-2025-05-bogus.csv", http.StatusBadRequest},
		{"/admin/exports/nonsense", http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := c.get(tt.path)
			if rec.Code != tt.code {
				t.Fatalf("got %d, want %d", rec.Code, tt.code)
			}
			if strings.Contains(rec.Body.String(), "web:") || strings.Contains(rec.Body.String(), "store:") {
				t.Errorf("error page shows internal error text: %s", rec.Body)
			}
		})
	}
}

func TestPhotos(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client().login()
	for _, path := range []string{"/admin/photos/" + e.sha, "/admin/photos/" + e.sha + "/thumb"} {
		rec := c.get(path)
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "image/jpeg" {
			t.Errorf("%s: got %d %q, want 200 image/jpeg", path, rec.Code, rec.Header().Get("Content-Type"))
		}
	}
	if rec := c.get("/admin/static/style.css"); rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/css") {
		t.Errorf("stylesheet: got %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
}

func TestRedemptionActions(t *testing.T) {
	e := newEnv(t, nil)
	f := e.seed()
	c := e.client().login()
	id := f.redemption.ID
	// Fulfilling a pending (unapproved) redemption is a wrong state.
	rec := c.post(fmt.Sprintf("/admin/redemptions/%d/fulfil", id), nil)
	if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "R1 当前状态是「") {
		t.Fatalf("fulfil unapproved: got %d %s, want 409 with the wrong-state text", rec.Code, rec.Body)
	}
	rec = c.post(fmt.Sprintf("/admin/redemptions/%d/approve", id), url.Values{"back": {"/admin/redemptions?status=approved"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/admin/redemptions?status=approved" {
		t.Fatalf("approve: got %d to %q, want 303 back", rec.Code, rec.Header().Get("Location"))
	}
	if got := e.redemptionStatus(id); got != points.RedemptionApproved {
		t.Fatalf("status %s after approve, want approved", got)
	}
	if page := c.get("/admin/redemptions?status=approved").Body.String(); !strings.Contains(page, "已处理 R1") {
		t.Errorf("the next page lacks the outcome flash")
	}
	rec = c.post(fmt.Sprintf("/admin/redemptions/%d/approve", id), nil)
	if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "当前状态是") {
		t.Fatalf("approve twice: got %d, want 409 with the wrong-state text", rec.Code)
	}
	if rec := c.post(fmt.Sprintf("/admin/redemptions/%d/fulfil", id), nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("fulfil: got %d %s, want 303", rec.Code, rec.Body)
	}
	if got := e.redemptionStatus(id); got != points.RedemptionFulfilled {
		t.Fatalf("status %s after fulfil, want fulfilled", got)
	}
	if rec := c.post(fmt.Sprintf("/admin/redemptions/%d/fulfil", id), nil); rec.Code != http.StatusConflict {
		t.Fatalf("fulfil twice: got %d, want 409", rec.Code)
	}
	if rec := c.post("/admin/vouchers/fulfil", url.Values{"voucher": {"NOSUCHV1"}}); rec.Code != http.StatusNotFound {
		t.Fatalf("unknown voucher: got %d, want 404", rec.Code)
	}
	// Rejecting returns the points.
	e.award("more", riderB, 300)
	r2 := storekit.CreateRedemption(t, e.db, e.cfg, riderB)
	if rec := c.post(fmt.Sprintf("/admin/redemptions/%d/reject", r2.ID), url.Values{"reason": {"库存不足"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("reject: got %d, want 303", rec.Code)
	}
	if b, _ := e.db.Balance(riderB); b.Available != 301 {
		t.Errorf("available %d after rejection, want 301", b.Available)
	}
}

func TestReviewActions(t *testing.T) {
	e := newEnv(t, nil)
	f := e.seed()
	c := e.client().login()
	path := fmt.Sprintf("/admin/reports/%d/", f.pendingReport.ID)
	if rec := c.post(path+"reject", nil); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("reject without a reason: got %d, want 422", rec.Code)
	}
	if rec := c.post(path+"approve", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("approve: got %d %s, want 303", rec.Code, rec.Body)
	}
	if got := e.reportStatus(f.pendingReport.ID); got != grid.ReportValid {
		t.Fatalf("status %s, want valid", got)
	}
	if rec := c.post(path+"approve", nil); rec.Code != http.StatusConflict {
		t.Fatalf("approve twice: got %d, want 409", rec.Code)
	}
	if rec := c.post(path+"dispatch", url.Values{"to": {"城管中队"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("dispatch: got %d, want 303", rec.Code)
	}
	if rec := c.post(path+"resolve", url.Values{"note": {"已清理"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("resolve: got %d, want 303", rec.Code)
	}
	if got := e.reportStatus(f.pendingReport.ID); got != grid.ReportResolved {
		t.Fatalf("status %s, want resolved", got)
	}
	v := fmt.Sprintf("/admin/reports/%d/", f.validReport.ID)
	if rec := c.post(v+"classify", url.Values{"category": {"vending"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("classify: got %d %s, want 303", rec.Code, rec.Body)
	}
	if rec := c.post(v+"revoke", url.Values{"reason": {"重复上报"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("revoke: got %d %s, want 303", rec.Code, rec.Body)
	}
	if b, _ := e.db.Balance(riderB); b.Balance != 0 {
		t.Errorf("balance %d after revoke, want 0", b.Balance)
	}
}

func TestReviewBulk(t *testing.T) {
	e := newEnv(t, nil)
	f := e.seed()
	second := storekit.CreateReport(t, e.db, grid.Report{Rider: riderB, Category: "vending", Status: grid.ReportPendingReview})
	c := e.client().login()
	rec := c.post("/admin/reviews/bulk", url.Values{"action": {"reject"}, "reason": {"照片不清楚"},
		"id": {fmt.Sprint(f.pendingReport.ID), fmt.Sprint(second.ID), fmt.Sprint(f.validReport.ID)}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("bulk reject: got %d %s, want 303", rec.Code, rec.Body)
	}
	for _, id := range []uint64{f.pendingReport.ID, second.ID} {
		if got := e.reportStatus(id); got != grid.ReportInvalid {
			t.Errorf("P%d is %s, want invalid", id, got)
		}
	}
	if got := e.reportStatus(f.validReport.ID); got != grid.ReportValid {
		t.Errorf("the valid report became %s, want it untouched", got)
	}
	flash := c.get("/admin/reviews").Body.String()
	if !strings.Contains(flash, fmt.Sprintf("P%d 当前状态是", f.validReport.ID)) {
		t.Errorf("bulk outcome lacks the refusal for the valid report")
	}
	if rec := c.post("/admin/reviews/bulk", url.Values{"action": {"delete"}}); rec.Code != http.StatusBadRequest {
		t.Errorf("unknown bulk action: got %d, want 400", rec.Code)
	}
}

func TestRiderActions(t *testing.T) {
	e := newEnv(t, nil)
	e.seed()
	c := e.client().login()
	if rec := c.post("/admin/riders/"+riderPending+"/approve", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("approve registration: got %d %s, want 303", rec.Code, rec.Body)
	}
	if r, _ := e.db.Rider(riderPending); r.Status != grid.RiderActive {
		t.Fatalf("rider is %s, want active", r.Status)
	}
	if rec := c.post("/admin/riders/"+riderPending+"/approve", nil); rec.Code != http.StatusConflict {
		t.Fatalf("approve twice: got %d, want 409", rec.Code)
	}
	if rec := c.post("/admin/riders/"+riderA+"/adjust", url.Values{"delta": {"5"}}); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("adjust without a reason: got %d, want 422", rec.Code)
	}
	if rec := c.post("/admin/riders/"+riderA+"/adjust", url.Values{"delta": {"five"}, "reason": {"x"}}); rec.Code != http.StatusBadRequest {
		t.Fatalf("adjust by a non-number: got %d, want 400", rec.Code)
	}
	if rec := c.post("/admin/riders/"+riderA+"/adjust", url.Values{"delta": {"-1000"}, "reason": {"纠错"}}); rec.Code != http.StatusConflict {
		t.Fatalf("adjust below zero: got %d, want 409", rec.Code)
	}
	if rec := c.post("/admin/riders/"+riderA+"/adjust", url.Values{"delta": {"5"}, "reason": {"活动奖励"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("adjust: got %d %s, want 303", rec.Code, rec.Body)
	}
	if b, _ := e.db.Balance(riderA); b.Balance != 305 {
		t.Errorf("balance %d, want 305", b.Balance)
	}
	page := c.get("/admin/riders/" + riderA).Body.String()
	if !strings.Contains(page, "活动奖励") || !strings.Contains(page, "&#43;5") || !strings.Contains(page, testUser) {
		t.Errorf("the ledger lacks the adjustment with its reason and actor")
	}
	if rec := c.post("/admin/riders/"+riderA+"/deactivate", url.Values{"reason": {"离职"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("deactivate: got %d, want 303", rec.Code)
	}
	if rec := c.post("/admin/riders/nobody/approve", nil); rec.Code != http.StatusNotFound {
		t.Fatalf("approve unknown rider: got %d, want 404", rec.Code)
	}
}

func TestJobRetry(t *testing.T) {
	e := newEnv(t, nil)
	var job store.Job
	e.do(func(tx *store.Tx) (err error) {
		job, err = tx.Enqueue("test.kind", map[string]string{"x": "y"}, time.Time{})
		return err
	})
	if err := e.db.BuryJob(context.Background(), job.ID, 8, "boom"); err != nil {
		t.Fatal(err)
	}
	c := e.client().login()
	if page := c.get("/admin/jobs").Body.String(); !strings.Contains(page, "test.kind") || !strings.Contains(page, "boom") {
		t.Fatalf("jobs page lacks the dead job")
	}
	if rec := c.post(fmt.Sprintf("/admin/jobs/%d/retry", job.ID), nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("retry: got %d, want 303", rec.Code)
	}
	if dead, _ := e.db.DeadJobs(); len(dead) != 0 {
		t.Errorf("dead jobs after retry = %d, want 0", len(dead))
	}
	if rec := c.post(fmt.Sprintf("/admin/jobs/%d/retry", job.ID), nil); rec.Code != http.StatusNotFound {
		t.Errorf("retry twice: got %d, want 404", rec.Code)
	}
}

func TestBackupDownload(t *testing.T) {
	e := newEnv(t, nil)
	e.seed()
	c := e.client().login()
	rec := c.get("/admin/backup")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Disposition"), `attachment; filename="gridbot-`) {
		t.Fatalf("backup: got %d %q, want 200 with a file name", rec.Code, rec.Header().Get("Content-Disposition"))
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(path, rec.Body.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open backup: %v", err)
	}
	defer db.Close()
	if b, _ := db.Balance(riderA); b.Balance != 300 {
		t.Errorf("backup balance %d, want 300", b.Balance)
	}
}

func TestTokensOnTheDashboard(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client().login()
	rec := c.post("/admin/tokens", url.Values{"name": {"partner"}})
	m := tokenShown.FindStringSubmatch(rec.Body.String())
	if rec.Code != http.StatusOK || m == nil {
		t.Fatalf("create: got %d, want 200 showing the token once", rec.Code)
	}
	token := m[1]
	if strings.Contains(c.get("/admin/tokens").Body.String(), token) {
		t.Errorf("the token list shows the token again")
	}
	if code := e.api("GET", "/api/v1/riders", token, nil, nil); code != http.StatusOK {
		t.Fatalf("API with the new token: got %d, want 200", code)
	}
	if rec := c.post("/admin/tokens", url.Values{"name": {"partner"}}); rec.Code != http.StatusConflict {
		t.Errorf("duplicate name: got %d, want 409", rec.Code)
	}
	if rec := c.post("/admin/tokens", url.Values{"name": {"city"}}); rec.Code != http.StatusConflict {
		t.Errorf("name of a config token: got %d, want 409", rec.Code)
	}
	if rec := c.post("/admin/tokens", url.Values{"name": {"bad name!"}}); rec.Code != http.StatusBadRequest {
		t.Errorf("bad name: got %d, want 400", rec.Code)
	}
	if rec := c.post("/admin/tokens/partner/revoke", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("revoke: got %d, want 303", rec.Code)
	}
	if code := e.api("GET", "/api/v1/riders", token, nil, nil); code != http.StatusUnauthorized {
		t.Fatalf("API with the revoked token: got %d, want 401", code)
	}
	if rec := c.post("/admin/tokens/partner/revoke", nil); rec.Code != http.StatusNotFound {
		t.Errorf("revoke twice: got %d, want 404", rec.Code)
	}
}

var tokenShown = regexpMust(`id="token">(gbt_[A-Za-z0-9_-]+)<`)

func TestEnsureAdmin(t *testing.T) {
	e := newEnv(t, nil)
	// The env has a user already: nothing is created.
	if pw, created, err := e.h.EnsureAdmin(context.Background()); err != nil || created || pw != "" {
		t.Fatalf("with a user: got %q, %v, %v; want nothing created", pw, created, err)
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "x.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h := *e.h
	h.st = db
	pw, created, err := h.EnsureAdmin(context.Background())
	if err != nil || !created || len(pw) < MinPasswordLen {
		t.Fatalf("empty store: got %q, %v, %v; want a new password", pw, created, err)
	}
	if _, created, _ := h.EnsureAdmin(context.Background()); created {
		t.Fatalf("second call created another admin")
	}
	u, err := db.WebUser(AdminUser)
	if err != nil || string(u.Hash) == pw || !strings.HasPrefix(string(u.Hash), "$2") {
		t.Fatalf("stored user %+v, %v; want a bcrypt hash", u.Name, err)
	}
}
