package store

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"gridbot/points"
)

func TestOpenLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	db := mustOpenAt(t, path, fastCommit(nil))
	mustAward(t, db, "k", "r1", 1)
	tests := []struct {
		name string
		opts Options
	}{
		{"writer", Options{}},
		{"read-only", Options{ReadOnly: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			second, err := Open(path, tt.opts)
			elapsed := time.Since(start)
			if err == nil {
				second.Close()
				t.Fatal("second Open succeeded, want ErrLocked")
			}
			if !errors.Is(err, ErrLocked) {
				t.Fatalf("second Open err = %v, want %v", err, ErrLocked)
			}
			if !strings.Contains(err.Error(), "database is in use by another gridbot process") {
				t.Fatalf("second Open err = %q, want it to say the database is in use", err)
			}
			if elapsed < time.Second || elapsed > 3*time.Second {
				t.Fatalf("second Open took %v, want about the 2 s default timeout", elapsed)
			}
		})
	}
}

// validFile returns the bytes of a closed store holding a few entries.
func validFile(t *testing.T) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), FileName)
	db := mustOpenAt(t, path, fastCommit(nil))
	for i := range 200 {
		mustAward(t, db, strings.Repeat("k", 100)+string(rune('a'+i%26))+strings.Repeat("x", i), "r1", 1)
	}
	mustClose(t, db)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestOpenCorrupt(t *testing.T) {
	valid := validFile(t)
	page := os.Getpagesize()
	garbage := make([]byte, 16*page)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range garbage {
		garbage[i] = byte(rng.Uint32())
	}
	// Both meta pages wiped, data pages intact.
	noMeta := bytes.Clone(valid)
	clear(noMeta[:2*page])
	t.Logf("valid file: %d bytes (%d pages)", len(valid), len(valid)/page)
	tests := []struct {
		name string
		data []byte
	}{
		{"truncated in half", valid[:len(valid)/2]},
		{"truncated to two pages", valid[:2*page]},
		{"truncated mid-page", valid[:len(valid)/2+100]},
		{"one byte", valid[:1]},
		{"garbage", garbage},
		{"short garbage", garbage[:1000]},
		{"zeros", make([]byte, 16*page)},
		{"meta pages zeroed", noMeta},
		{"text file", []byte("data_dir: /var/lib/gridbot\n")},
	}
	for _, tt := range tests {
		for _, ro := range []bool{false, true} {
			name := tt.name
			if ro {
				name += "/read-only"
			}
			t.Run(name, func(t *testing.T) {
				path := filepath.Join(t.TempDir(), FileName)
				if err := os.WriteFile(path, tt.data, 0o600); err != nil {
					t.Fatal(err)
				}
				db, err := Open(path, Options{ReadOnly: ro})
				if err == nil {
					db.Close()
					t.Fatalf("Open of a %s file succeeded, want ErrCorrupt", tt.name)
				}
				if !errors.Is(err, ErrCorrupt) {
					t.Fatalf("Open err = %v, want %v", err, ErrCorrupt)
				}
				if testing.Verbose() {
					t.Log(err)
				}
			})
		}
	}
}

func TestOpenEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	db := mustOpenAt(t, path, fastCommit(nil))
	mustAward(t, db, "k", "r1", 1)
}

func TestReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "dir", FileName) // Open creates the directory
	db := mustOpenAt(t, path, fastCommit(nil))
	mustAward(t, db, "k1", "r1", 4)
	mustClose(t, db)

	for _, ro := range []bool{true, false} {
		db = mustOpenAt(t, path, Options{ReadOnly: ro, BatchDelay: time.Millisecond})
		wantBalance(t, db, "r1", points.RiderBalance{Balance: 4, Available: 4})
		var v uint64
		if err := db.view(func(tx *bolt.Tx) error { v = schemaVersion(tx); return nil }); err != nil {
			t.Fatal(err)
		}
		if v != SchemaVersion() {
			t.Fatalf("schema version after reopen = %d, want %d", v, SchemaVersion())
		}
		if _, created, err := db.Award(t.Context(), "k1", "r1", 4); ro && err == nil || !ro && (err != nil || created) {
			t.Fatalf("Award of an old key after reopen (read-only %v) = created %v, err %v", ro, created, err)
		}
		mustClose(t, db)
	}
}

func TestOpenMissingReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	if _, err := Open(path, Options{ReadOnly: true}); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("read-only Open of a missing file: err = %v, want %v", err, os.ErrNotExist)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("read-only Open created %s", path)
	}
}

func TestOpenNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	db := mustOpenAt(t, path, fastCommit(nil))
	mustClose(t, db)
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySchemaVersion, u64(SchemaVersion()+1))
	}); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	for _, ro := range []bool{false, true} {
		db, err := Open(path, Options{ReadOnly: ro})
		if err == nil {
			db.Close()
			t.Fatalf("Open (read-only %v) of a newer schema succeeded, want ErrNewerSchema", ro)
		}
		if !errors.Is(err, ErrNewerSchema) {
			t.Fatalf("Open (read-only %v) err = %v, want %v", ro, err, ErrNewerSchema)
		}
	}
}

// TestOpenTruncatedAnywhere cuts a valid file at every page boundary. Each
// cut must either open with every entry intact (only free space was cut) or
// fail with ErrCorrupt. A cut inside the used pages once killed the process
// with SIGBUS, as bbolt touched mapped pages past the end of the file.
func TestOpenTruncatedAnywhere(t *testing.T) {
	valid := validFile(t)
	page := os.Getpagesize()
	dir := t.TempDir()
	corrupt, intact := 0, 0
	for n := 2; n < len(valid)/page; n++ {
		path := filepath.Join(dir, fmt.Sprintf("cut-%d.db", n))
		if err := os.WriteFile(path, valid[:n*page], 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := Open(path, Options{ReadOnly: n%2 == 0})
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("cut at %d pages: err = %v, want %v", n, err, ErrCorrupt)
			}
			corrupt++
			continue
		}
		intact++
		wantBalance(t, db, "r1", points.RiderBalance{Balance: 200, Available: 200})
		mustClose(t, db)
	}
	if corrupt == 0 || intact == 0 {
		t.Fatalf("%d cuts were corrupt and %d intact, want some of each", corrupt, intact)
	}
}
