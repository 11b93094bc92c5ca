package store

import "errors"

// Sentinel errors returned by the store, wrapped with the operation.
var (
	// ErrLocked is returned by Open when another process holds the file.
	ErrLocked = errors.New("database is in use by another gridbot process")
	// ErrCorrupt is returned by Open when the file is not a readable bbolt
	// database (truncated, overwritten, or not a database at all).
	ErrCorrupt = errors.New("database file is corrupt or not a gridbot database")
	// ErrNewerSchema is returned by Open when the file was written by a newer
	// gridbot whose schema this binary does not know.
	ErrNewerSchema = errors.New("database schema is newer than this gridbot")
	// ErrNotFound is returned when a record does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict is returned when a record is not in the state an operation
	// needs (for example approving twice).
	ErrConflict = errors.New("conflicting state")
)

// rejection marks an error found by a check before any write; the group
// commit path commits nothing for it and returns the inner error.
type rejection struct{ err error }

func (r *rejection) Error() string { return r.err.Error() }
func (r *rejection) Unwrap() error { return r.err }

// reject wraps err as a rejection. Return it only before the first write.
func reject(err error) error { return &rejection{err: err} }
