package store

import (
	"encoding/binary"
	"fmt"
	"log/slog"
	"time"

	bolt "go.etcd.io/bbolt"

	"gridbot/points"
)

// Bucket names. Every bucket is created in Open; code never creates one
// later. Add new buckets here.
var (
	bucketMeta = []byte("meta")

	// Ledger.
	bucketEntries      = []byte("entries")       // id → points.Entry
	bucketEntryKeys    = []byte("entry_keys")    // idempotency key → entry id
	bucketReversals    = []byte("reversals")     // reversed entry id → reversal entry id
	bucketBalances     = []byte("balances")      // account → int64
	bucketHolds        = []byte("holds")         // id → points.Hold
	bucketRiderEntries = []byte("rider_entries") // rider \x00 entry id → nil
	bucketMonthEarned  = []byte("month_earned")  // month \x00 rider → int64

	// Intake and jobs.
	bucketDedup     = []byte("dedup")      // message key → intakeRecord
	bucketDedupTime = []byte("dedup_time") // unix nanos \x00 key → nil (for pruning)
	bucketNonces    = []byte("nonces")     // nonce → nonceRecord
	bucketNonceTime = []byte("nonce_time") // unix nanos \x00 nonce → nil (for pruning)
	bucketJobs      = []byte("jobs")       // id → Job
	bucketDeadJobs  = []byte("dead_jobs")  // id → Job

	// Programme.
	bucketRiders       = []byte("riders")        // openid → grid.Rider
	bucketRiderSeq     = []byte("rider_seq")     // seq → openid
	bucketReports      = []byte("reports")       // id → grid.Report
	bucketRiderReports = []byte("rider_reports") // rider \x00 id → nil
	bucketFingerprints = []byte("fingerprints")  // report id → Fingerprint
	bucketCounters     = []byte("counters")      // name \x00 day \x00 rider → int64
	bucketRedemptions  = []byte("redemptions")   // id → points.Redemption
	bucketVouchers     = []byte("vouchers")      // code → redemption id
	bucketState        = []byte("state")         // space \x00 id → JSON document
	bucketQueues       = []byte("queues")        // space \x00 id \x00 seq → JSON item
)

func allBuckets() [][]byte {
	return [][]byte{
		bucketMeta,
		bucketEntries, bucketEntryKeys, bucketReversals, bucketBalances, bucketHolds,
		bucketRiderEntries, bucketMonthEarned,
		bucketDedup, bucketDedupTime, bucketNonces, bucketNonceTime, bucketJobs, bucketDeadJobs,
		bucketRiders, bucketRiderSeq, bucketReports, bucketRiderReports, bucketFingerprints,
		bucketCounters, bucketRedemptions, bucketVouchers, bucketState, bucketQueues,
	}
}

var keySchemaVersion = []byte("schema_version")

// migration upgrades the schema by one version inside the open transaction.
type migration struct {
	name string
	run  func(tx *bolt.Tx, loc *time.Location) error
}

// migrations[i] upgrades from version i to i+1. Append only; never edit a
// migration that has shipped.
var migrations = []migration{
	{"initial buckets", func(*bolt.Tx, *time.Location) error { return nil }},
	{"monthly earnings count awards only, not adjustments", rebuildMonthEarned},
}

// rebuildMonthEarned recomputes the month_earned index from the entries
// with the current rule (points.Entry.Earned).
func rebuildMonthEarned(tx *bolt.Tx, loc *time.Location) error {
	if err := tx.DeleteBucket(bucketMonthEarned); err != nil {
		return err
	}
	me, err := tx.CreateBucket(bucketMonthEarned)
	if err != nil {
		return err
	}
	entries := tx.Bucket(bucketEntries)
	return entries.ForEach(func(k, _ []byte) error {
		var e points.Entry
		if err := getJSON(entries, k, &e); err != nil {
			return err
		}
		if earned := e.Earned(); earned != 0 {
			key := compositeKey([]byte(points.MonthOf(e.At, loc)), []byte(e.Rider))
			return me.Put(key, i64(getI64(me.Get(key))+earned))
		}
		return nil
	})
}

// SchemaVersion is the schema this binary writes.
func SchemaVersion() uint64 { return uint64(len(migrations)) }

func migrate(tx *bolt.Tx, loc *time.Location, log *slog.Logger) error {
	for _, name := range allBuckets() {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	meta := tx.Bucket(bucketMeta)
	have := schemaVersion(tx)
	if have > SchemaVersion() {
		return fmt.Errorf("%w: file has version %d, this binary knows %d", ErrNewerSchema, have, SchemaVersion())
	}
	for v := have; v < SchemaVersion(); v++ {
		m := migrations[v]
		if err := m.run(tx, loc); err != nil {
			return fmt.Errorf("migration %d (%s): %w", v+1, m.name, err)
		}
		log.Info("store: migrated schema", slog.Uint64("version", v+1), slog.String("migration", m.name))
	}
	return meta.Put(keySchemaVersion, u64(SchemaVersion()))
}

func checkSchema(tx *bolt.Tx) error {
	if tx.Bucket(bucketMeta) == nil {
		return fmt.Errorf("%w: no meta bucket", ErrCorrupt)
	}
	if have := schemaVersion(tx); have > SchemaVersion() {
		return fmt.Errorf("%w: file has version %d, this binary knows %d", ErrNewerSchema, have, SchemaVersion())
	}
	return nil
}

func schemaVersion(tx *bolt.Tx) uint64 {
	b := tx.Bucket(bucketMeta)
	if b == nil {
		return 0
	}
	v := b.Get(keySchemaVersion)
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

// u64 encodes v big-endian so that keys sort numerically.
func u64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func getU64(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

func i64(v int64) []byte { return u64(uint64(v)) }

func getI64(b []byte) int64 { return int64(getU64(b)) }

// compositeKey joins parts with a zero byte, which no part may contain.
func compositeKey(parts ...[]byte) []byte {
	n := len(parts) - 1
	for _, p := range parts {
		n += len(p)
	}
	out := make([]byte, 0, n)
	for i, p := range parts {
		if i > 0 {
			out = append(out, 0)
		}
		out = append(out, p...)
	}
	return out
}
