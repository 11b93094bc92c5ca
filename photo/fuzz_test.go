package photo

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"testing"
)

// FuzzCheck feeds arbitrary bytes to the decode path. It must never panic
// and must give exactly one decode reason or a decoded result. The seeds
// are small, so that the fuzzer's minimisation of new inputs stays quick.
func FuzzCheck(f *testing.F) {
	img := image.NewRGBA(image.Rect(0, 0, 48, 32))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	jpg := mustJPEG(f, img, 75)
	png := mustPNG(f, img)
	var g bytes.Buffer
	if err := gif.Encode(&g, image.NewPaletted(img.Rect, color.Palette{color.Black, color.White}), nil); err != nil {
		f.Fatal(err)
	}
	for _, seed := range [][]byte{
		jpg, png, g.Bytes(),
		jpg[:len(jpg)/2], png[:len(png)/2],
		withOrientation(jpg, 6, true), withOrientation(jpg, 8, false),
		pngWithSize(100_000, 100_000),
		{},
	} {
		f.Add(seed)
	}
	cfg := mustChecker(f).cfg
	cfg.MaxPixels = 1_000_000 // keep each run fast
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
