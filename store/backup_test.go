package store

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"
)

// TestScheduledBackupKeepsTheNewest writes five scheduled backups with
// keep=3: the three newest remain, each a consistent copy.
func TestScheduledBackupKeepsTheNewest(t *testing.T) {
	db := mustOpenStore(t, Options{})
	mustAward(t, db, "k1", "r1", 4)
	dir := filepath.Join(t.TempDir(), "backups")
	t0 := time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC)
	var written []string
	for i := range 5 {
		path, err := ScheduledBackup(db, dir, 3, t0.Add(time.Duration(i)*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		written = append(written, path)
	}
	left, err := filepath.Glob(filepath.Join(dir, "gridbot-*.db"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(left)
	if len(left) != 3 || left[0] != written[2] || left[2] != written[4] {
		t.Fatalf("got %v, want the three newest of %v", left, written)
	}
	for _, p := range left {
		copyDB, err := Open(p, Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := copyDB.Check()
		b, _ := copyDB.Balance("r1")
		copyDB.Close()
		if err != nil || !rep.OK() || b.Balance != 4 {
			t.Errorf("%s: check %v %v, balance %d; want a clean copy with balance 4", p, err, rep.Problems, b.Balance)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Errorf("got %d files in the backup dir, want 3 (no temporary files left)", len(entries))
	}
}
