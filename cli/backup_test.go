package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gridbot/points"
	"gridbot/store"
)

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestBackup(t *testing.T) {
	src := mustLedgerDB(t)
	out := filepath.Join(t.TempDir(), "copy.db")
	code, text := run(t, "backup", "-db", src, "-o", out)
	if code != ExitOK {
		t.Fatalf("backup exit = %d, want %d; output:\n%s", code, ExitOK, text)
	}
	if !strings.Contains(text, "wrote "+out) {
		t.Errorf("output = %q, want it to name %s", text, out)
	}
	db, err := store.Open(out, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open backup: %v", err)
	}
	defer db.Close()
	rep, err := db.Check()
	if err != nil || !rep.OK() {
		t.Fatalf("backup Check = %q, %v, want clean", rep.Problems, err)
	}
	if rep.Entries != 6 {
		t.Fatalf("backup has %d entries, want 6", rep.Entries)
	}
	if b, err := db.Balance("o1"); err != nil || b != (points.RiderBalance{Balance: 7, Available: 7}) {
		t.Fatalf("backup Balance(o1) = %+v, %v, want 7 available", b, err)
	}
	if code, text := run(t, "check", "-db", out); code != ExitOK {
		t.Fatalf("check of the backup exit = %d, want %d; output:\n%s", code, ExitOK, text)
	}
	// No temporary files are left beside the backup.
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil || len(entries) != 1 {
		t.Fatalf("backup dir holds %v, %v, want only copy.db", entries, err)
	}
}

func TestBackupErrors(t *testing.T) {
	src := mustLedgerDB(t)
	locked := mustLedgerDB(t)
	db, err := store.Open(locked, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"missing -o", []string{"backup", "-db", src}, ExitUsage, "-o FILE is required"},
		{"locked", []string{"backup", "-db", locked, "-o", filepath.Join(dir, "a.db")}, ExitFailure, "stop the service first"},
		{"missing db", []string{"backup", "-db", filepath.Join(dir, "none.db"), "-o", filepath.Join(dir, "b.db")}, ExitFailure, "no such file"},
		{"unwritable output", []string{"backup", "-db", src, "-o", filepath.Join(dir, "no", "such", "dir", "c.db")}, ExitFailure, "backup"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out := run(t, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.want) {
				t.Fatalf("exit = %d, output %q; want %d and %q", code, out, tt.code, tt.want)
			}
		})
	}
	for _, name := range []string{"a.db", "b.db"} {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("failed backup left %s behind (stat err %v)", name, err)
		}
	}
}
