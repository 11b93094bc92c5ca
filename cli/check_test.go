package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"gridbot/store"
)

// run runs gridbot in-process with args and returns the exit code and the
// combined output.
func run(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	code := Main(context.Background(), &Env{Args: args, Stdout: &buf, Stderr: &buf, Getenv: func(string) string { return "" }})
	return code, buf.String()
}

// mustLedgerDB writes a closed database with awards, a posted and a pending
// hold, and returns its path.
func mustLedgerDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), store.FileName)
	db, err := store.Open(path, store.Options{BatchDelay: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i, rider := range []string{"o1", "o2", "o1"} {
		if _, _, err := db.Award(ctx, "report:"+string(rune('a'+i)), rider, 5); err != nil {
			t.Fatal(err)
		}
	}
	h, err := db.Hold(ctx, "o1", 3, "R1", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.PostHold(ctx, h.ID, "staff"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Hold(ctx, "o2", 2, "R2", time.Hour); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCheckHealthy(t *testing.T) {
	path := mustLedgerDB(t)
	code, out := run(t, "check", "-db", path)
	if code != ExitOK {
		t.Fatalf("check exit = %d, want %d; output:\n%s", code, ExitOK, out)
	}
	for _, want := range []string{"entries:  6", "holds:    2", "result:   OK"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestCheckCorruptBalance(t *testing.T) {
	tests := []struct {
		name    string
		account string
		value   int64
		want    []string
	}{
		{"rider balance raised", "rider:o1", 1000, []string{"account rider:o1: stored balance 1000, replayed 7", "stored balances sum to"}},
		{"hold balance zeroed", "hold:o2", 0, []string{"account hold:o2: stored balance 0, replayed 2"}},
		{"made-up account", "rider:ghost", 4, []string{"account rider:ghost: stored balance 4, replayed 0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := mustLedgerDB(t)
			setBalance(t, path, tt.account, tt.value)
			code, out := run(t, "check", "-db", path)
			if code != ExitFailure {
				t.Fatalf("check exit = %d, want %d; output:\n%s", code, ExitFailure, out)
			}
			if !strings.Contains(out, "FAILED") {
				t.Errorf("output lacks FAILED:\n%s", out)
			}
			for _, want := range tt.want {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

// setBalance overwrites account's stored balance behind the store's back,
// as big-endian int64 bits, like a bug or a bad manual edit would.
func setBalance(t *testing.T, path, account string, v int64) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Update(func(tx *bolt.Tx) error {
		var buf [8]byte
		for i := range buf {
			buf[i] = byte(uint64(v) >> (56 - 8*i))
		}
		return tx.Bucket([]byte("balances")).Put([]byte(account), buf[:])
	}); err != nil {
		t.Fatal(err)
	}
}

func TestCheckErrors(t *testing.T) {
	dir := t.TempDir()
	locked := mustLedgerDB(t)
	db, err := store.Open(locked, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	garbage := filepath.Join(dir, "garbage.db")
	writeFile(t, garbage, bytes.Repeat([]byte("not a database "), 4096))
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"missing file", []string{"check", "-db", filepath.Join(dir, "none.db")}, ExitFailure, "no such file"},
		{"not a database", []string{"check", "-db", garbage}, ExitFailure, "corrupt"},
		{"locked", []string{"check", "-db", locked}, ExitFailure, "stop the service first"},
		{"bad flag", []string{"check", "-nope"}, ExitUsage, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out := run(t, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.want) {
				t.Fatalf("exit = %d, output %q; want %d and %q", code, out, tt.code, tt.want)
			}
		})
	}
}
