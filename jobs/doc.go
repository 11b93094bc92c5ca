// Package jobs runs gridbot's durable background work: downloading and
// vetting photos, sending customer-service messages, notifying staff.
//
// Jobs live in the store (see store.Job) from the transaction that creates
// them until they complete or are buried. The Runner keeps an in-memory
// queue per kind, fed at start from the store and afterwards by the store's
// job hook, so claiming a job costs no write.
//
// Invariants:
//   - A job runs at least once; handlers make their effects idempotent
//     (ledger awards are keyed, report updates check state), so a job that
//     was running when the process died simply runs again.
//   - A kind never runs more than its configured concurrency at once.
//   - A failed attempt (error, panic or timeout) is retried with exponential
//     backoff and full jitter; after MaxAttempts the job moves to the
//     dead-letter list, where staff can revive it. Nothing is dropped.
//   - Shutdown stops claiming, waits for running attempts until its context
//     ends, and leaves everything else in the store for the next start.
package jobs
