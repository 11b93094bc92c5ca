package store

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// BackupToFile writes a consistent snapshot of db to path atomically: into
// a temporary file in the same directory, fsync'd, then renamed.
func BackupToFile(db *DB, path string) (int64, error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".backup-*")
	if err != nil {
		return 0, fmt.Errorf("store: backup: %w", err)
	}
	defer os.Remove(tmp.Name())
	n, err := db.WriteTo(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err == nil {
		err = syncDir(dir)
	}
	if err != nil {
		return 0, fmt.Errorf("store: backup to %s: %w", path, err)
	}
	return n, nil
}

// ScheduledBackup writes a timestamped backup into dir and removes all but
// the newest keep backups. It returns the new file's path.
func ScheduledBackup(db *DB, dir string, keep int, now time.Time) (string, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", fmt.Errorf("store: backup dir: %w", err)
	}
	path := filepath.Join(dir, "gridbot-"+now.UTC().Format("20060102-150405")+".db")
	if _, err := BackupToFile(db, path); err != nil {
		return "", err
	}
	matches, err := filepath.Glob(filepath.Join(dir, "gridbot-*.db"))
	if err != nil {
		return path, err
	}
	sort.Strings(matches)
	for len(matches) > keep {
		if !strings.HasSuffix(matches[0], ".db") {
			break
		}
		if err := os.Remove(matches[0]); err != nil {
			return path, fmt.Errorf("store: prune backup: %w", err)
		}
		matches = matches[1:]
	}
	return path, nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
