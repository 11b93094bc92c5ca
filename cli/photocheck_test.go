package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// mustPhotoFiles writes a synthetic photo, a PNG copy of it, a dark
// frame and a text file into a temporary directory.
func mustPhotoFiles(t *testing.T) (dir string, names []string) {
	t.Helper()
	dir = t.TempDir()
	r := rand.New(rand.NewPCG(1, 2))
	img := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for y := 0; y < 480; y++ {
		for x := 0; x < 640; x++ {
			// Large shapes for the hash, fine texture for sharpness.
			v := uint8((x/80+y/60)%2*120 + 40 + r.IntN(60))
			img.Set(x, y, color.RGBA{v, uint8(x * 255 / 640), uint8(y * 255 / 480), 255})
		}
	}
	dark := image.NewGray(image.Rect(0, 0, 640, 480))
	write := func(name string, enc func(*bytes.Buffer) error) {
		var buf bytes.Buffer
		if err := enc(&buf); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		names = append(names, filepath.Join(dir, name))
	}
	write("photo.jpg", func(b *bytes.Buffer) error { return jpeg.Encode(b, img, &jpeg.Options{Quality: 90}) })
	write("copy.png", func(b *bytes.Buffer) error { return png.Encode(b, img) })
	write("dark.jpg", func(b *bytes.Buffer) error { return jpeg.Encode(b, dark, nil) })
	write("notes.txt", func(b *bytes.Buffer) error { _, err := b.WriteString("not a photo"); return err })
	return dir, names
}

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(context.Background(), &Env{
		Args: args, Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(string) string { return "" },
	})
	return code, out.String(), errOut.String()
}

func TestPhotocheckJSON(t *testing.T) {
	dir, names := mustPhotoFiles(t)
	code, stdout, stderr := runCLI(t, append([]string{"photocheck", "-json", "-config", filepath.Join(dir, "missing.yaml")}, names...)...)
	if code != ExitFailure {
		t.Errorf("got exit %d, want %d (stderr %s)", code, ExitFailure, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != len(names) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(names), stdout)
	}
	type line struct {
		File        string   `json:"file"`
		OK          bool     `json:"ok"`
		Reasons     []string `json:"reasons"`
		Width       int      `json:"width"`
		SHA256      string   `json:"sha256"`
		PHash       string   `json:"phash"`
		DuplicateOf *string  `json:"duplicate_of"`
		Distance    *int     `json:"distance"`
	}
	want := []struct {
		ok      bool
		reasons string
		dupOf   string
	}{
		{true, "", ""},
		{false, "duplicate", names[0]},
		{false, "too_dark", ""},
		{false, "unsupported_format", ""},
	}
	for i, raw := range lines {
		var l line
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			t.Fatalf("line %d: %v: %s", i, err, raw)
		}
		w := want[i]
		if l.File != names[i] || l.OK != w.ok || strings.Join(l.Reasons, ",") != w.reasons {
			t.Errorf("line %d: got file %s ok %v reasons %v, want %s %v %s", i, l.File, l.OK, l.Reasons, names[i], w.ok, w.reasons)
		}
		gotDup := ""
		if l.DuplicateOf != nil {
			gotDup = *l.DuplicateOf
		}
		if gotDup != w.dupOf || (l.Distance == nil) != (w.dupOf == "") {
			t.Errorf("line %d: got duplicate_of %q distance %v, want %q", i, gotDup, l.Distance, w.dupOf)
		}
		if i < 3 && (len(l.SHA256) != 64 || len(l.PHash) != 16 || l.Width != 640) {
			t.Errorf("line %d: got sha %q phash %q width %d, want both set and 640", i, l.SHA256, l.PHash, l.Width)
		}
	}
}

func TestPhotocheckTableAndExitCodes(t *testing.T) {
	dir, names := mustPhotoFiles(t)
	badConfig := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(badConfig, []byte("photo:\n  blur_reject: 90\n  blur_retake: 10\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
	}{
		{"one good photo", []string{"photocheck", names[0]}, ExitOK, "photo.jpg"},
		{"table with a duplicate", []string{"photocheck", names[0], names[1]}, ExitFailure, "duplicate"},
		{"no files", []string{"photocheck"}, ExitUsage, ""},
		{"bad flag", []string{"photocheck", "-nope", names[0]}, ExitUsage, ""},
		{"invalid config", []string{"photocheck", "-config", badConfig, names[0]}, ExitUsage, ""},
		{"missing file", []string{"photocheck", filepath.Join(dir, "nope.jpg")}, ExitFailure, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tc.args...)
			if code != tc.wantCode {
				t.Errorf("got exit %d, want %d (stderr %s)", code, tc.wantCode, stderr)
			}
			if !strings.Contains(stdout, tc.wantOut) {
				t.Errorf("got stdout %q, want it to contain %q", stdout, tc.wantOut)
			}
		})
	}
}
