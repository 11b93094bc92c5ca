// Package store keeps all of gridbot's durable state in one bbolt file,
// data_dir/gridbot.db. It wraps bbolt and nothing else: the rules live in
// package points (and other domain packages); the store applies their
// decisions atomically.
//
// # Basics
//
// Buckets are created once, in Open, and the schema carries a version number
// in the meta bucket; migrations run in Open, in one transaction. Keys that
// must sort (entries, holds, jobs, reports) are big-endian uint64 sequences.
// Values are JSON.
//
// Every state change that spans several records (a ledger entry, the balances
// it moves, its idempotency key, the report it pays for, the job that follows)
// commits in one transaction. Writes that may run concurrently go through
// group commit (groupcommit.go): writers that arrive while a commit is in
// progress share the next one, and so its fsync, without waiting on a timer.
//
// # Caveats
//
//   - A function passed to the group-commit path may run more than once; it
//     must reset anything it captures and do all its checks before its first
//     write (a check that fails returns reject(err), which commits nothing).
//   - Values read inside a transaction are copied (decoded) before they leave it.
//   - No network or image work happens inside a transaction.
//   - Errors are translated at this boundary: bbolt's lock timeout becomes
//     ErrLocked, an unreadable file ErrCorrupt, a missing record ErrNotFound.
package store
