package photo

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzCheck feeds arbitrary bytes to the decode path. It must never panic,
// never give an error for in-memory bytes, and must give exactly one
// decode reason or a decoded result.
func FuzzCheck(f *testing.F) {
	for _, name := range []string{"HappyFish.jpg", "smarties.png"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		f.Add(data[:len(data)/3])
	}
	f.Add(pngWithSize(100_000, 100_000))
	f.Add(withOrientation([]byte("\xff\xd8\xff\xd9"), 6, true))
	f.Add([]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"))
	f.Add([]byte{})
	cfg := mustChecker(f).cfg
	cfg.MaxPixels = 4_000_000 // keep each run fast
	c := NewChecker(cfg)
	f.Fuzz(func(t *testing.T, data []byte) {
		res := c.CheckBytes(data)
		decodeFailed := res.Hash.Algo == ""
		if decodeFailed && len(res.Reasons) != 1 {
			t.Fatalf("got reasons %v for an undecoded image, want exactly one", res.Reasons)
		}
		if !decodeFailed && (res.Width <= 0 || res.Height <= 0 || res.Thumb == nil) {
			t.Fatalf("got %dx%d thumb %v for a decoded image, want a size and a thumbnail", res.Width, res.Height, res.Thumb != nil)
		}
		if res.OK != (len(res.Reasons) == 0) {
			t.Fatalf("got ok %v with reasons %v", res.OK, res.Reasons)
		}
	})
}
