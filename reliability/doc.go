// Package reliability holds gridbot's end-to-end reliability and security
// harness (issue 8). It has no code of its own: every test drives the
// real program, in-process (app.New) or as the built binary, through the
// fake WeChat platform (wxsim) over loopback HTTP, and then checks the
// database with the same code `gridbot check` runs. docs/RELIABILITY.md
// states the promises these tests measure, the figures, and the commands
// that reproduce them.
//
// # What each test proves
//
//   - TestCrashUnderLoad (crash_test.go) builds the binary, runs it against
//     a fake platform under load (registrations, distinct and duplicate
//     photos, texts, 兑换/确认/取消 redemptions, staff 通过 R<id>
//     approvals, WeChat retry storms) and kills it with SIGKILL at random
//     moments, GRIDBOT_CRASH_CYCLES times (default 20), restarting it
//     each time; `gridbot check` must pass after every kill. At the end,
//     after a graceful drain: every acknowledged message is recorded
//     once and its effect exists once (one report per photo message, a
//     rider per registration, a redemption per acknowledged 确认, an
//     approved redemption per acknowledged 通过); every valid report has
//     exactly one award and no other report has one; no hold is both
//     posted and voided, and each hold's state matches its redemption;
//     balances equal the replayed ledger; every stored photo's original
//     exists on disk. It prints its seed; GRIDBOT_CRASH_SEED replays it.
//     Skipped under -short.
//   - TestWeChatFaults (faults_test.go) makes 30 % of the fake platform's
//     API calls fail (timeouts, 5xx, resets, errcode -1 with HTTP 200,
//     expired and replaced tokens, 45015/45047, slow media) while riders
//     send photos and texts for GRIDBOT_FAULT_SECONDS (default 15): every
//     callback must be acknowledged, with p99 under 100 ms (intake does
//     not depend on the WeChat API). Then faults stop, and every job must
//     complete with no dead letter, every photo earn its point and every
//     outcome message arrive. Skipped under -short.
//   - TestBackupUnderLoad (backup_test.go) downloads GET /admin/backup
//     while riders send photos; the copy must pass `gridbot check` and
//     hold every report acknowledged before the download started.
//   - security_test.go: secrets (app secret, AES key, token, robot key,
//     admin password, access token) never appear in logs, error replies
//     or `gridbot config` output, even when the platform fails and
//     callbacks are forged; forged, stale and replayed callbacks, bodies
//     over 64 KB, deeply nested and huge-attribute XML and JSON are refused
//     and processed zero times; photo ids with path tricks are refused
//     on the dashboard, the Open311 media route and photo.Files; staff
//     commands from riders are refused; the dashboard needs a session and
//     its forms a CSRF token; a revoked API token is refused; repeated
//     wrong passwords are rate-limited.
//
// Fuzz targets live next to the code they exercise (wx, chat, staff,
// photo, config); .ci/fuzz runs each for a fixed time.
//
// # Caveats
//
//   - The crash and fault tests take tens of seconds and run in CI (which
//     does not pass -short); their sizes are set by environment variables
//     for longer runs, documented in docs/RELIABILITY.md.
//   - Latency figures come from the test's own clock on a shared machine;
//     they are upper bounds, not the service's own metrics.
package reliability
