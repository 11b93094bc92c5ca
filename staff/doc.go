// Package staff is the community staff's desk: every action staff take on
// registrations, redemptions, vouchers, reports and riders, the staff chat
// commands, the background sweep of pending redemptions, and the monthly
// exports. Three surfaces use it: staff chat commands (HandleStaff, inside
// the intake transaction), the web dashboard and the JSON API (the context
// forms of the actions).
//
// # Basics
//
// Items are named as people see them: U<seq> a registration, R<id> a
// redemption, P<id> a report (Ref, ParseRef). Every action has two forms:
//
//	ApproveTx(tx, ref, actor)     inside a caller's transaction
//	Approve(ctx, ref, actor)      in its own transaction (store.DB.Do)
//
// An action changes the item, records who did it and why (grid.Report.Move
// steps, grid.Rider.DecidedBy, ledger entries' Actor and Reason), and
// enqueues the rider's notification (bot.Outbox.SendText, catalog text) in
// the same transaction: the change and the message commit together or not
// at all. ClassifyTx is the one action that tells no one.
//
// # Invariants
//
//   - Only staff listed in the configuration may run chat commands; any
//     other sender is refused with catalog.StaffOnly and the attempt is
//     logged with the openid (never a phone number).
//   - Every refusal is an *Error wrapping one sentinel (ErrNotFound,
//     ErrWrongState, …), and every Tx action refuses before its first
//     write, so a refused action changes nothing even inside a caller's
//     transaction. Message maps refusals to catalog text (chat and the
//     dashboard), HTTPStatus and Code map them for the JSON API. Riders and
//     staff never see an error's text.
//   - Points move only through the ledger: approving a report awards its
//     point idempotently under grid.AwardKeyFor(id) within
//     points.daily_cap (the "awarded" day counter shared with package
//     chat); revoking reverses that award with a compensating entry;
//     approving a redemption posts its hold; rejecting or expiring voids it.
//   - A voucher is issued once (8 characters from points' alphabet without
//     look-alikes, from crypto/rand) and fulfilled once.
//   - Reports move only along grid's lifecycle: pending_review → valid,
//     invalid or duplicate; valid → dispatched → resolved; valid → invalid
//     (revoked) or duplicate (merged).
//   - Exports mask phone numbers unless the request explicitly asks for
//     them in full.
//   - Exports and the dashboard show stored actors, notes and reason codes
//     through one helper (naming.go: Desk.ActorName, NoteText, KeyLabel):
//     "vet" reads 系统自动审核, a rider's openid their name and U number.
//     The stored values never change.
//
// # Caveats
//
//   - HandleStaff runs inside the intake transaction: it does no network
//     work and may run twice for one commit (group commit); it keeps no
//     state outside tx.
//   - Pending, FlagNearby and ResolveTx walk reports in the store; fine for
//     a community programme's volume, not for millions of reports.
//   - Sweep uses the store's clock inside its transactions; give the store
//     and the desk the same clock.
package staff
