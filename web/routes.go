package web

import "net/http"

// Register adds every route of the dashboard, the JSON API and Open311 to
// mux. It is the only place routes are listed.
func (h *Handler) Register(mux *http.ServeMux) {
	// Dashboard: public.
	mux.Handle("GET /admin", http.RedirectHandler("/admin/", http.StatusMovedPermanently))
	mux.Handle("GET /admin/static/{file}", h.staticFile())
	mux.Handle("GET /admin/login", h.public(h.loginForm))
	mux.Handle("POST /admin/login", h.public(h.login))

	// Dashboard: signed in.
	mux.Handle("POST /admin/logout", h.admin(h.logout))
	mux.Handle("GET /admin/password", h.admin(h.passwordForm))
	mux.Handle("POST /admin/password", h.admin(h.passwordChange))
	mux.Handle("GET /admin/{$}", h.admin(h.overview))
	mux.Handle("GET /admin/reviews", h.admin(h.reviewQueue))
	mux.Handle("POST /admin/reviews/bulk", h.admin(h.reviewBulk))
	mux.Handle("GET /admin/reports", h.admin(h.reportList))
	mux.Handle("GET /admin/reports/{id}", h.admin(h.reportDetail))
	mux.Handle("POST /admin/reports/{id}/approve", h.admin(h.reportApprove))
	mux.Handle("POST /admin/reports/{id}/reject", h.admin(h.reportReject))
	mux.Handle("POST /admin/reports/{id}/revoke", h.admin(h.reportRevoke))
	mux.Handle("POST /admin/reports/{id}/dispatch", h.admin(h.reportDispatch))
	mux.Handle("POST /admin/reports/{id}/resolve", h.admin(h.reportResolve))
	mux.Handle("POST /admin/reports/{id}/merge", h.admin(h.reportMerge))
	mux.Handle("POST /admin/reports/{id}/classify", h.admin(h.reportClassify))
	mux.Handle("GET /admin/photos/{sha}", h.admin(h.photoOriginal))
	mux.Handle("GET /admin/photos/{sha}/thumb", h.admin(h.photoThumb))
	mux.Handle("GET /admin/redemptions", h.admin(h.redemptionList))
	mux.Handle("POST /admin/redemptions/{id}/approve", h.admin(h.redemptionApprove))
	mux.Handle("POST /admin/redemptions/{id}/reject", h.admin(h.redemptionReject))
	mux.Handle("POST /admin/redemptions/{id}/fulfil", h.admin(h.redemptionFulfil))
	mux.Handle("POST /admin/vouchers/fulfil", h.admin(h.voucherFulfil))
	mux.Handle("GET /admin/riders", h.admin(h.riderList))
	mux.Handle("GET /admin/riders/{openid}", h.admin(h.riderDetail))
	mux.Handle("POST /admin/riders/{openid}/approve", h.admin(h.riderApprove))
	mux.Handle("POST /admin/riders/{openid}/reject", h.admin(h.riderReject))
	mux.Handle("POST /admin/riders/{openid}/deactivate", h.admin(h.riderDeactivate))
	mux.Handle("POST /admin/riders/{openid}/adjust", h.admin(h.riderAdjust))
	mux.Handle("GET /admin/map", h.admin(h.reportMap))
	mux.Handle("GET /admin/leaderboard", h.admin(h.leaderboard))
	mux.Handle("GET /admin/jobs", h.admin(h.jobList))
	mux.Handle("POST /admin/jobs/{id}/retry", h.admin(h.jobRetry))
	mux.Handle("GET /admin/exports", h.admin(h.exportPage))
	mux.Handle("GET /admin/exports/{file}", h.admin(h.exportDownload))
	mux.Handle("GET /admin/backup", h.admin(h.backupDownload))
	mux.Handle("GET /admin/tokens", h.admin(h.tokenList))
	mux.Handle("POST /admin/tokens", h.admin(h.tokenCreate))
	mux.Handle("POST /admin/tokens/{name}/revoke", h.admin(h.tokenRevoke))

	// JSON API.
	mux.Handle("GET /api/v1/riders", h.api(h.apiRiders))
	mux.Handle("GET /api/v1/riders/{openid}", h.api(h.apiRider))
	mux.Handle("GET /api/v1/reports", h.api(h.apiReports))
	mux.Handle("GET /api/v1/reports/{id}", h.api(h.apiReport))
	mux.Handle("POST /api/v1/reports/{id}/{action}", h.api(h.apiReportAction))
	mux.Handle("GET /api/v1/redemptions", h.api(h.apiRedemptions))
	mux.Handle("POST /api/v1/redemptions/{id}/{action}", h.api(h.apiRedemptionAction))
	mux.Handle("GET /api/v1/ledger", h.api(h.apiLedger))
	mux.Handle("GET /api/v1/backup", h.api(h.apiBackup))
	// Known API paths asked with another method: 405 with Allow.
	mux.Handle("/api/v1/riders", h.api(h.apiMethodNotAllowed("GET, HEAD")))
	mux.Handle("/api/v1/riders/{openid}", h.api(h.apiMethodNotAllowed("GET, HEAD")))
	mux.Handle("/api/v1/reports", h.api(h.apiMethodNotAllowed("GET, HEAD")))
	mux.Handle("/api/v1/reports/{id}", h.api(h.apiMethodNotAllowed("GET, HEAD")))
	mux.Handle("/api/v1/reports/{id}/{action}", h.api(h.apiMethodNotAllowed("POST")))
	mux.Handle("/api/v1/redemptions", h.api(h.apiMethodNotAllowed("GET, HEAD")))
	mux.Handle("/api/v1/redemptions/{id}/{action}", h.api(h.apiMethodNotAllowed("POST")))
	mux.Handle("/api/v1/ledger", h.api(h.apiMethodNotAllowed("GET, HEAD")))
	mux.Handle("/api/v1/backup", h.api(h.apiMethodNotAllowed("GET, HEAD")))
	mux.Handle("/api/v1/", h.api(h.apiNotFound))

	// Open311 GeoReport v2, read side.
	mux.Handle("GET /open311/v2/services.json", h.open311(h.open311Services))
	mux.Handle("GET /open311/v2/requests.json", h.open311(h.open311Requests))
	mux.Handle("GET /open311/v2/requests/{file}", h.open311(h.open311Request))
	mux.Handle("GET /open311/v2/media/{file}", h.open311(h.open311Media))
	mux.Handle("/open311/v2/", h.open311(h.open311NotFound))
}
