// Package grid is the domain of the grid-worker programme: riders and the
// reports they send. It holds types and pure rules, no I/O.
//
// Invariants:
//   - A rider is identified by their WeChat openid. Phone numbers are
//     personal data: anything shown to people uses MaskPhone.
//   - A report moves only along the lifecycle in Transitions, and every move
//     is recorded as a Step (who, when, why). A report is never deleted.
//   - Report and registration ids shown to people carry a kind prefix:
//     U (registration), P (report); R (redemption) lives in package points.
package grid
