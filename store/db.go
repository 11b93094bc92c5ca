package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// FileName is the database file inside the data directory.
const FileName = "gridbot.db"

// Options tune Open. The zero value is usable.
type Options struct {
	// ReadOnly opens the file with a shared lock and no writes (check, backup).
	ReadOnly bool
	// Timeout bounds the wait for the file lock (default 2 s).
	Timeout time.Duration
	// BatchMaxSize caps how many writers share one commit (default 1000);
	// BatchDelay, if set, makes each commit wait that long for company
	// first (default 0: commit at once; under load writers still share).
	BatchDelay   time.Duration
	BatchMaxSize int
	// NoSync skips fsync; only benchmarks comparing against it may set it.
	NoSync bool
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Logger receives migration and recovery messages; default discards.
	Logger *slog.Logger
	// Location is the time zone of calendar months; default Asia/Shanghai.
	Location *time.Location
}

// DB is gridbot's store. It is safe for concurrent use.
type DB struct {
	bolt *bolt.DB
	path string
	now  func() time.Time
	log  *slog.Logger
	loc  *time.Location

	group   *groupCommit
	jobHook atomic.Pointer[func([]Job)]
}

// Path returns the database file path in dir.
func Path(dir string) string { return filepath.Join(dir, FileName) }

// Open opens (creating if needed) the database at path, creates every bucket
// and runs pending migrations. It fails within opts.Timeout with ErrLocked if
// another process holds the file, and with ErrCorrupt for an unreadable file.
func Open(path string, opts Options) (db *DB, err error) {
	if opts.Timeout <= 0 {
		opts.Timeout = 2 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Location == nil {
		opts.Location = shanghai()
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("store: open %s: %w", path, err)
		}
	} else if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("store: create data dir: %w", err)
	}
	if err := preflight(path); err != nil {
		return nil, err
	}
	defer func() {
		// bbolt panics on some malformed pages; never let that escape Open.
		if r := recover(); r != nil {
			err = fmt.Errorf("store: open %s: %w (%v)", path, ErrCorrupt, r)
		}
	}()
	b, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:      opts.Timeout,
		ReadOnly:     opts.ReadOnly,
		NoSync:       opts.NoSync,
		FreelistType: bolt.FreelistMapType,
	})
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, translateOpenErr(err))
	}
	if opts.BatchMaxSize <= 0 {
		opts.BatchMaxSize = 1000
	}
	db = &DB{bolt: b, path: path, now: opts.Now, log: opts.Logger, loc: opts.Location,
		group: &groupCommit{db: b, maxBatch: opts.BatchMaxSize, delay: opts.BatchDelay}}
	if opts.ReadOnly {
		err = db.bolt.View(func(tx *bolt.Tx) error { return checkSchema(tx) })
	} else {
		err = db.bolt.Update(func(tx *bolt.Tx) error { return migrate(tx, db.loc, db.log) })
	}
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return db, nil
}

// preflight rejects files that cannot be a bbolt database before bbolt maps
// them: an empty-but-existing file is fine (bbolt initialises it), a file
// shorter than two pages or whose size is not page-aligned is corrupt, and so
// is a file shorter than its meta pages say (truncated): bbolt would touch
// mapped pages past the end of the file, and the SIGBUS kills the process
// instead of panicking.
func preflight(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	defer f.Close()
	// Read the metas before the size: a running writer grows the file
	// before it commits a meta that needs the room.
	metas := readMetas(f)
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	size := fi.Size()
	if size == 0 {
		return nil
	}
	page := int64(os.Getpagesize())
	if size < 2*page || size%page != 0 {
		return fmt.Errorf("store: open %s: %w (size %d bytes is not a whole number of pages)", path, ErrCorrupt, size)
	}
	for _, m := range metas {
		if need := m.highWater * m.pageSize; need > uint64(size) {
			return fmt.Errorf("store: open %s: %w (size %d bytes, but the database needs %d: truncated)", path, ErrCorrupt, size, need)
		}
	}
	return nil
}

// meta is what preflight needs from a bbolt meta page.
type meta struct{ pageSize, highWater uint64 }

// readMetas returns the valid meta pages (magic, version 2 and checksum
// match) of the bbolt file f. bbolt's meta follows the 16-byte page header:
// magic, version, page size, flags (uint32 each), root bucket (root pgid,
// sequence), freelist pgid, high-water pgid, txid, then an FNV-64a checksum
// of the preceding 56 bytes; all in the machine's byte order.
func readMetas(f *os.File) []meta {
	const hdr, sumAt = 16, 56
	var out []meta
	off := int64(0)
	for i := 0; i < 2; i++ {
		var buf [hdr + sumAt + 8]byte
		if _, err := f.ReadAt(buf[:], off); err != nil {
			break
		}
		m := buf[hdr:]
		ne := binary.NativeEndian
		h := fnv.New64a()
		h.Write(m[:sumAt])
		valid := ne.Uint32(m[0:]) == 0xED0CDAED && ne.Uint32(m[4:]) == 2 && ne.Uint64(m[sumAt:]) == h.Sum64()
		ps := uint64(ne.Uint32(m[8:]))
		if valid && ps > 0 {
			out = append(out, meta{pageSize: ps, highWater: ne.Uint64(m[40:])})
		}
		if i == 0 {
			if !valid || ps == 0 {
				ps = uint64(os.Getpagesize())
			}
			off = int64(ps)
		}
	}
	return out
}

func translateOpenErr(err error) error {
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return ErrLocked
	case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrChecksum),
		errors.Is(err, bolterrors.ErrVersionMismatch), errors.Is(err, bolterrors.ErrInvalidMapping):
		return fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	return err
}

// Close closes the database file.
func (db *DB) Close() error { return db.bolt.Close() }

// FilePath returns the path of the open database file.
func (db *DB) FilePath() string { return db.path }

// Now returns the store's clock reading.
func (db *DB) Now() time.Time { return db.now() }

// commit runs fn in a group-committed write transaction shared with other
// concurrent callers. fn may run more than once and must reset what it
// captures. A rejection returned by fn commits nothing for this caller and
// is returned unwrapped.
func (db *DB) commit(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := db.group.do(fn)
	var r *rejection
	if errors.As(err, &r) {
		return r.err
	}
	return err
}

// update runs fn in its own write transaction (no group commit). Use it for
// rare, large or long operations. A rejection is returned unwrapped.
func (db *DB) update(fn func(tx *bolt.Tx) error) error {
	err := db.bolt.Update(fn)
	var r *rejection
	if errors.As(err, &r) {
		return r.err
	}
	return err
}

// view runs fn in a read transaction.
func (db *DB) view(fn func(tx *bolt.Tx) error) error { return db.bolt.View(fn) }

// WriteTo streams a consistent snapshot of the database to w and returns
// the number of bytes written. It runs in a read transaction, so writers
// continue meanwhile.
func (db *DB) WriteTo(w io.Writer) (int64, error) {
	var n int64
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("store: backup: %w", err)
	}
	return n, nil
}

// Size returns the current size of the database in bytes.
func (db *DB) Size() int64 {
	var n int64
	_ = db.bolt.View(func(tx *bolt.Tx) error { n = tx.Size(); return nil })
	return n
}

// shanghai returns Asia/Shanghai, or a fixed UTC+8 zone where the system
// has no zone database.
func shanghai() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
}

// WriteError returns the error of the most recent group commit if it failed
// as a whole (for example ENOSPC or a read-only file system), or nil once a
// later commit succeeds. The app reports it as not ready.
func (db *DB) WriteError() error {
	if p := db.group.lastErr.Load(); p != nil {
		return *p
	}
	return nil
}

// Probe commits a tiny write through group commit, to find out whether the
// disk accepts writes again.
func (db *DB) Probe(ctx context.Context) error {
	return db.commit(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put([]byte("probe"), i64(db.now().UnixNano()))
	})
}
