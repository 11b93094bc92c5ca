package photo

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ErrBadID is returned for a photo id that is not a lower-case hex
// SHA-256. Ids come from the network and are never joined to a path
// unchecked.
var ErrBadID = errors.New("photo: id is not a hex SHA-256")

// Files stores photo files on disk, content-addressed by SHA-256:
//
//	<root>/orig/ab/cd/<sha>.<jpg|png|gif>   originals, removed by Sweep
//	<root>/thumb/ab/cd/<sha>.jpg            thumbnails, kept
//
// Each file is written to a temporary file in its directory, fsynced,
// renamed into place, and the directory fsynced, so a crash leaves either
// the whole file or none. Image bytes are never stored in bbolt.
type Files struct {
	// Root is data_dir/photos.
	Root string
	// Now is the clock; originals are stamped with it and Sweep compares
	// against it.
	Now func() time.Time
}

// NewFiles returns a store rooted at root, creating it if needed.
func NewFiles(root string) (*Files, error) {
	for _, d := range []string{"orig", "thumb"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o750); err != nil {
			return nil, fmt.Errorf("photo: files: %w", err)
		}
	}
	return &Files{Root: root, Now: time.Now}, nil
}

func validID(sha string) bool {
	if len(sha) != 64 {
		return false
	}
	for _, c := range sha {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func (f *Files) path(kind, sha, ext string) string {
	return filepath.Join(f.Root, kind, sha[0:2], sha[2:4], sha+"."+ext)
}

// Put stores a photo's bytes under their SHA-256 and returns the path and
// the hex SHA-256. The format (and extension) is sniffed; data that is not
// JPEG, PNG or GIF is refused with an error wrapping ErrUnsupported.
// Storing the same bytes twice is a no-op.
func (f *Files) Put(data []byte) (path, sha string, err error) {
	fm := sniff(data)
	if fm == nil {
		return "", "", fmt.Errorf("photo: put: %w", ErrUnsupported)
	}
	sum := sha256Hex(data)
	ext := map[string]string{"jpeg": "jpg", "png": "png", "gif": "gif"}[fm.name]
	path = f.path("orig", sum, ext)
	if _, err := os.Stat(path); err == nil {
		return path, sum, nil
	}
	if err := writeAtomic(path, data, f.Now()); err != nil {
		return "", "", fmt.Errorf("photo: put %s: %w", sum, err)
	}
	return path, sum, nil
}

// ErrUnsupported is returned by Files.Put for bytes that are not JPEG,
// PNG or GIF.
var ErrUnsupported = errors.New("not a JPEG, PNG or GIF")

// PutThumb stores img as the JPEG thumbnail of the photo sha. It returns
// ErrBadID for a bad sha.
func (f *Files) PutThumb(sha string, img image.Image) error {
	if !validID(sha) {
		return ErrBadID
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
		return fmt.Errorf("photo: thumb %s: %w", sha, err)
	}
	if err := writeAtomic(f.path("thumb", sha, "jpg"), buf.Bytes(), f.Now()); err != nil {
		return fmt.Errorf("photo: thumb %s: %w", sha, err)
	}
	return nil
}

// Open opens the original of photo sha. It returns ErrBadID for a bad sha
// and an error wrapping fs.ErrNotExist if there is none (never stored, or
// swept).
func (f *Files) Open(sha string) (*os.File, error) {
	if !validID(sha) {
		return nil, ErrBadID
	}
	for _, ext := range []string{"jpg", "png", "gif"} {
		fh, err := os.Open(f.path("orig", sha, ext))
		if err == nil {
			return fh, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("photo: open %s: %w", sha, err)
		}
	}
	return nil, fmt.Errorf("photo: open %s: %w", sha, fs.ErrNotExist)
}

// ThumbPath returns the path of photo sha's thumbnail, which may not
// exist. It returns ErrBadID for a bad sha.
func (f *Files) ThumbPath(sha string) (string, error) {
	if !validID(sha) {
		return "", ErrBadID
	}
	return f.path("thumb", sha, "jpg"), nil
}

// Sweep deletes originals stored more than retention before now, and
// temporary files left by a crash more than an hour old. Thumbnails are
// kept. A retention of 0 or less keeps originals. It returns how many
// originals it deleted; the error is the first that stopped it.
func (f *Files) Sweep(now time.Time, retention time.Duration) (int, error) {
	deleted := 0
	err := filepath.WalkDir(f.Root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		age := now.Sub(info.ModTime())
		rel, _ := filepath.Rel(f.Root, path)
		switch {
		case strings.HasPrefix(d.Name(), ".tmp-"):
			if age > time.Hour {
				return os.Remove(path)
			}
		case retention > 0 && strings.HasPrefix(rel, "orig"+string(filepath.Separator)) && age > retention:
			if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			deleted++
		}
		return nil
	})
	if err != nil {
		return deleted, fmt.Errorf("photo: sweep: %w", err)
	}
	return deleted, nil
}

// writeAtomic writes data to path via a synced temporary file and a
// rename, stamps it with mtime, and syncs the directory.
func writeAtomic(path string, data []byte, mtime time.Time) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chtimes(tmp.Name(), mtime, mtime); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
