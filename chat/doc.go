// Package chat is the rider conversation: registration, photo reports,
// locations, balance, history, leaderboard and redemptions, in Simplified
// Chinese from package catalog. Conversation implements bot.Conversation
// (Handle runs inside the webhook's intake transaction) and provides the
// photo job (RunPhoto, kind JobPhoto).
//
// # Basics
//
// Handle reads the sender's rider record and conversation state from the
// transaction it is given, decides, writes state, reports and jobs
// through the same transaction, and returns the passive reply. Quick
// answers are passive replies; everything slow is a job: a photo is
// recorded as a report (status received) and a JobPhoto job is enqueued;
// outcome and staff messages are bot.Outbox send jobs.
//
// RunPhoto downloads the photo, vets it (photo.Checker), keeps the
// original and thumbnail (photo.Files), classifies it against the
// in-memory photo.Index, and then, in ONE store transaction, records the
// metrics and fingerprint, moves the report, awards the point and
// enqueues the outcome message (see settle). The index is added to after
// that commit; classify, commit and add run under one mutex, so two
// copies of a photo vetted at once are not both new. LoadIndex rebuilds
// the index from the stored fingerprints at start.
//
// # State
//
// Nothing about a conversation is kept in memory, so a restart at any
// point continues where the rider left off. bbolt holds:
//
//   - state space "conv", one document per openid (convState): the
//     category chosen before photos (reports.category_window), the reports
//     waiting for a 1/2/3 answer, the reward waiting for 确认 (10 minutes),
//     the last known position, when a location was last asked for, and the
//     rate-limit counters (fixed one-minute windows, calendar day).
//   - state space "held", one verdict per report id whose settlement
//     waits: for its sender to register or be approved, or, with
//     reports.require_location, for a location. The report stays
//     received, with its vetting recorded.
//   - day counter "awarded" (store.Tx.DayCount): points awarded per rider
//     per day in the configured time zone, against points.daily_cap.
//
// # Invariants
//
//   - Handle does no network or image work, keeps nothing outside its
//     transaction, and may run more than once for one commit.
//   - A report earns at most once: the award is keyed by
//     grid.AwardKeyFor(report id) and made in the transaction that moves
//     the report out of received; a job that runs again for a settled (or
//     held) report does nothing.
//   - The photo index holds exactly the photos that passed the quality
//     checks (duplicates and bursts included), in memory and after
//     LoadIndex alike; a job never matches its own report.
//   - Riders see only catalog text, never an error; errors become replies
//     in one function, replyFor. Phone numbers are shown masked.
//   - Staff commands (待办 通过 拒绝 核销 撤销) go to StaffCommands first,
//     from anyone, before any rider rule or rate limit.
//   - Staff (config staff) never get the registration guide for help:
//     subscribe answers StaffWelcome with the staff help card, and 帮助
//     (or, before they register, anything not understood) the staff help
//     card, the same as the staff package's 工作人员帮助. A staff member
//     who is also an active rider gets the rider help card and then the
//     staff one, and keeps every rider feature.
//
// # Photos before registering
//
// A photo from someone who has not registered (or whose registration is
// pending) is kept: its report is created and vetted like any other, and
// its verdict is held. Registering (riders.approval: auto), or staff
// approving (the staff package calls ReleaseHeld), settles the held
// photos received at most riders.orphan_photo_window before the
// registration, as if they had just been vetted: points, outcome
// messages. Older ones settle invalid, silently.
//
// The outcome messages of photos settled inside the intake transaction
// (released by registering, by approval, or by a location that
// reports.require_location waited for) are send jobs with NotBefore
// replyFirst (3 s) later: a job enqueued for now runs right after commit
// and would reach the rider before the passive reply. Released photos
// without a category become the photos awaiting a 1/2/3 answer, as a
// registered rider's would: registering asks in its reply
// (OrphanAskCategory); after staff approval the question is a
// customer-service message, half of replyFirst later.
//
// # Rate limits
//
// limits.messages_per_minute counts texts, locations, clicks and other
// messages (not photos, not LOCATION or subscribe events): over it the
// first message in the minute is answered TooManyMessages and the rest
// get no reply. Photos are never refused: over limits.photos_per_minute
// the report is recorded and its vetting waits until the next minute (it
// can still earn); over limits.photos_per_day it is vetted and kept but
// settles invalid without a point or an outcome message.
//
// # Caveats
//
//   - A category answer (1/2/3 or a word) sent after reports.category_window
//     finds no waiting photo; those reports stay uncategorised for staff.
//   - A LOCATION event attaches to photos received within
//     reports.location_window after it, never to earlier ones; a location
//     message attaches to the rider's photos of the last location_window.
package chat
