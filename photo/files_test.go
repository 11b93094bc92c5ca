package photo

import (
	"errors"
	"image"
	"image/jpeg"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// mustFiles returns a store in a temporary directory with a settable
// clock.
func mustFiles(tb testing.TB, now *time.Time) *Files {
	tb.Helper()
	f, err := NewFiles(filepath.Join(tb.TempDir(), "photos"))
	if err != nil {
		tb.Fatalf("NewFiles: %v", err)
	}
	f.Now = func() time.Time { return *now }
	return f
}

func TestFilesPutOpenSweep(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	f := mustFiles(t, &now)
	corpus := mustCorpus(t)
	jpg, png := corpus[0], corpus[0]
	for _, p := range corpus {
		if strings.HasSuffix(p.file, ".png") {
			png = p
		}
	}
	path, sha, err := f.Put(jpg.data)
	if err != nil {
		t.Fatalf("Put: %v", err)
	}
	if want := sha256Hex(jpg.data); sha != want {
		t.Errorf("got sha %s, want %s", sha, want)
	}
	if want := filepath.Join(f.Root, "orig", sha[:2], sha[2:4], sha+".jpg"); path != want {
		t.Errorf("got path %s, want %s", path, want)
	}
	if again, _, err := f.Put(jpg.data); err != nil || again != path {
		t.Errorf("second Put: got %s %v, want %s nil", again, err, path)
	}
	res := mustChecker(t).CheckBytes(jpg.data)
	if err := f.PutThumb(sha, res.Thumb); err != nil {
		t.Fatalf("PutThumb: %v", err)
	}
	now = now.Add(48 * time.Hour)
	_, pngSHA, err := f.Put(png.data)
	if err != nil {
		t.Fatalf("Put png: %v", err)
	}

	fh, err := f.Open(sha)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	got, _ := io.ReadAll(fh)
	fh.Close()
	if string(got) != string(jpg.data) {
		t.Error("Open: got different bytes, want the stored photo")
	}
	thumb, err := f.ThumbPath(sha)
	if err != nil {
		t.Fatal(err)
	}
	if tf, err := os.Open(thumb); err != nil {
		t.Errorf("thumbnail: %v", err)
	} else {
		cfg, err := jpeg.DecodeConfig(tf)
		tf.Close()
		if err != nil || max(cfg.Width, cfg.Height) != 320 {
			t.Errorf("thumbnail: got %dx%d %v, want 320 on the long side", cfg.Width, cfg.Height, err)
		}
	}
	// A crash leftover.
	tmp := filepath.Join(f.Root, "orig", ".tmp-123")
	if err := os.WriteFile(tmp, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(tmp, now.Add(-2*time.Hour), now.Add(-2*time.Hour))

	n, err := f.Sweep(now, 24*time.Hour)
	if err != nil || n != 1 {
		t.Fatalf("Sweep: got %d %v, want 1 nil", n, err)
	}
	if _, err := f.Open(sha); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open after sweep: got %v, want fs.ErrNotExist", err)
	}
	if _, err := os.Stat(thumb); err != nil {
		t.Errorf("thumbnail after sweep: got %v, want kept", err)
	}
	if fh, err := f.Open(pngSHA); err != nil {
		t.Errorf("recent original after sweep: got %v, want kept", err)
	} else {
		fh.Close()
	}
	if _, err := os.Stat(tmp); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("stale temp file: got %v, want removed", err)
	}
	if n, err := f.Sweep(now.AddDate(1, 0, 0), 0); err != nil || n != 0 {
		t.Errorf("Sweep with retention 0: got %d %v, want 0 nil", n, err)
	}
}

func TestFilesRejectsBadIDs(t *testing.T) {
	now := time.Now()
	f := mustFiles(t, &now)
	for _, id := range []string{
		"", "../../etc/passwd", strings.Repeat("A", 64), strings.Repeat("a", 63),
		strings.Repeat("a", 62) + "/x", strings.Repeat("g", 64),
	} {
		if _, err := f.Open(id); !errors.Is(err, ErrBadID) {
			t.Errorf("Open(%q): got %v, want ErrBadID", id, err)
		}
		if _, err := f.ThumbPath(id); !errors.Is(err, ErrBadID) {
			t.Errorf("ThumbPath(%q): got %v, want ErrBadID", id, err)
		}
		if err := f.PutThumb(id, image.NewGray(image.Rect(0, 0, 1, 1))); !errors.Is(err, ErrBadID) {
			t.Errorf("PutThumb(%q): got %v, want ErrBadID", id, err)
		}
	}
	if _, _, err := f.Put([]byte("not an image")); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Put(text): got %v, want ErrUnsupported", err)
	}
}
