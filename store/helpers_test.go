package store

import (
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// mustOpenStore opens a new store in a temporary directory. On cleanup it
// runs Check, fails the test on any problem, and closes the store.
func mustOpenStore(tb testing.TB, opts Options) *DB {
	tb.Helper()
	return mustOpenAt(tb, filepath.Join(tb.TempDir(), FileName), opts)
}

// mustOpenAt opens the store at path like mustOpenStore. Close it early with
// mustClose; the cleanup then does nothing.
func mustOpenAt(tb testing.TB, path string, opts Options) *DB {
	tb.Helper()
	db, err := Open(path, opts)
	if err != nil {
		tb.Fatalf("Open(%s): %v", path, err)
	}
	tb.Cleanup(func() {
		if db.bolt.Path() == "" { // closed by the test
			return
		}
		mustClose(tb, db)
	})
	return db
}

// mustCheck fails the test unless db.Check reports a clean database.
func mustCheck(tb testing.TB, db *DB) CheckReport {
	tb.Helper()
	rep, err := db.Check()
	if err != nil {
		tb.Fatalf("Check: %v", err)
	}
	if !rep.OK() {
		tb.Fatalf("Check found %d problem(s), want none:\n%q", len(rep.Problems), rep.Problems)
	}
	return rep
}

// mustClose checks db and closes it.
func mustClose(tb testing.TB, db *DB) {
	tb.Helper()
	mustCheck(tb, db)
	if err := db.Close(); err != nil {
		tb.Fatalf("Close: %v", err)
	}
}

// boltDB returns the underlying bbolt handle, for tests and the baseline
// benchmark that bypass the ledger.
func boltDB(db *DB) *bolt.DB { return db.bolt }
