// Package web serves gridbot's staff dashboard at /admin/, the JSON API at
// /api/v1/ and the read side of Open311 GeoReport v2 at /open311/v2/.
//
// # Basics
//
// Handler holds the dependencies; Register adds every route to a mux in
// one function (routes.go), each handler in its own small file. Templates
// and the stylesheet are embedded and parsed once, in New. Every text a
// person reads comes from package catalog (the Dashboard group); the
// templates hold markup only. Every action goes through staff.Desk, with
// the signed-in user's name (dashboard) or "api:<token name>" (API) as
// the actor: this package never changes a report, rider or redemption
// itself.
//
// # Security invariants
//
//   - Every /admin/ route except the login form, its POST and the
//     stylesheet needs a session. A session id is 32 random bytes in a
//     cookie that is HttpOnly, SameSite=Lax, Path=/admin/ and Secure when
//     admin.secure_cookie is set or public_url is https; the store keeps
//     only its SHA-256, with an absolute expiry of admin.session_ttl.
//   - Every state-changing request is a POST that carries the session's
//     CSRF token (compared in constant time) and passes
//     http.CrossOriginProtection. The login form uses a double-submit
//     cookie instead, so login CSRF is refused too.
//   - Passwords are bcrypt hashes. Failed sign-ins are throttled per
//     address and per address and user name, in the store, so a restart
//     does not reset the count. Sign-in failures never say whether the
//     user exists.
//   - A signed-in user changes their own password at /admin/password by
//     giving the current one; wrong ones count against the sign-in
//     throttle (address, and "passwd:<user>"). A change ends the user's
//     other sessions in the same transaction and keeps the one that asked.
//   - API tokens are kept as hex SHA-256 only (config api.tokens or the
//     store); a bearer token is hashed and compared in constant time. A
//     revoked or unknown token gets 401.
//   - Errors become HTTP answers in one function (errors.go). People see
//     catalog text and a status; details go to the log. Passwords, tokens
//     and session ids are never logged; phone numbers are masked on every
//     page and in every API answer.
//   - A known API path asked with another method gets 405 with Allow;
//     unknown API and Open311 paths get 404 in their own JSON error shape.
//   - Pages and exports show actors and notes for people through
//     staff.Desk.ActorName and staff.NoteText (a rider's name, not their
//     openid; 系统自动审核, not "vet"); the API shows them as stored.
//   - Open311 is public and read-only: it shows valid, dispatched and
//     resolved reports without rider identities, and thumbnails only of
//     those reports.
//   - Pages send a strict Content-Security-Policy (no scripts at all),
//     nosniff, frame-ancestors 'none', and no-store caching.
//
// # Caveats
//
//   - Overview, map and leaderboard walk reports and ledger entries in the
//     store; that is fine for one community's programme (thousands of
//     reports a month), not for a city's.
package web
