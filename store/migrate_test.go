package store

import (
	"context"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"gridbot/points"
)

// TestMigrationRebuildsMonthEarned opens a version-1 database whose monthly
// earnings still counted an adjustment, as version 1 did: opening it
// migrates to the current schema and recomputes them from the entries.
func TestMigrationRebuildsMonthEarned(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	mustAward(t, db, "a1", "r1", 2)
	if _, err := db.Adjust(ctx, "r1", 200, "模拟器", "本地演示赠送积分"); err != nil {
		t.Fatal(err)
	}
	month := points.MonthOf(db.now(), db.loc)
	// Make the file look like version 1: schema 1, adjustment counted.
	err = boltDB(db).Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketMeta).Put(keySchemaVersion, u64(1)); err != nil {
			return err
		}
		return tx.Bucket(bucketMonthEarned).Put(compositeKey([]byte(month), []byte("r1")), i64(202))
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = mustOpenAt(t, path, Options{})
	if got, err := db.MonthEarned(month, "r1"); err != nil || got != 2 {
		t.Errorf("after migration: earned %d, %v; want 2 (the award, not the adjustment)", got, err)
	}
	err = db.view(func(tx *bolt.Tx) error {
		if v := schemaVersion(tx); v != SchemaVersion() {
			t.Errorf("schema version %d, want %d", v, SchemaVersion())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := db.Balance("r1"); b.Balance != 202 {
		t.Errorf("balance %d, want 202: migration must not touch the ledger", b.Balance)
	}
}
