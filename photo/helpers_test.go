package photo

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/disintegration/imaging"

	"gridbot/config"
)

// corpusPhoto is one file of testdata/.
type corpusPhoto struct {
	name string // file name without extension
	file string
	data []byte
	img  image.Image
}

var (
	corpusOnce sync.Once
	corpusList []corpusPhoto
	corpusErr  error
)

// mustCorpus returns every photo in testdata/, decoded, sorted by name.
func mustCorpus(tb testing.TB) []corpusPhoto {
	tb.Helper()
	corpusOnce.Do(func() {
		files, err := filepath.Glob("testdata/*")
		if err != nil {
			corpusErr = err
			return
		}
		for _, f := range files {
			ext := filepath.Ext(f)
			if ext != ".jpg" && ext != ".png" {
				continue
			}
			data, err := os.ReadFile(f)
			if err != nil {
				corpusErr = err
				return
			}
			img, _, err := image.Decode(bytes.NewReader(data))
			if err != nil {
				corpusErr = err
				return
			}
			name := strings.TrimSuffix(filepath.Base(f), ext)
			corpusList = append(corpusList, corpusPhoto{name: name, file: f, data: data, img: img})
		}
		slices.SortFunc(corpusList, func(a, b corpusPhoto) int { return strings.Compare(a.name, b.name) })
	})
	if corpusErr != nil {
		tb.Fatalf("load corpus: %v", corpusErr)
	}
	if len(corpusList) < 10 {
		tb.Fatalf("got %d corpus photos, want at least 10", len(corpusList))
	}
	return corpusList
}

// sameScene lists the corpus pairs that show one scene with a small
// change. They are excluded from the false-positive test and measured
// separately.
var sameScene = map[[2]string]bool{
	{"left01", "left02"}:                     true,
	{"Blender_Suzanne1", "Blender_Suzanne2"}: true,
	{"ela_modified", "ela_original"}:         true,
}

func isSameScene(a, b string) bool { return sameScene[[2]string{a, b}] || sameScene[[2]string{b, a}] }

// mustJPEG encodes img as a JPEG of quality q.
func mustJPEG(tb testing.TB, img image.Image, q int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
		tb.Fatalf("encode jpeg: %v", err)
	}
	return buf.Bytes()
}

// mustPNG encodes img as a PNG.
func mustPNG(tb testing.TB, img image.Image) []byte {
	tb.Helper()
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		tb.Fatalf("encode png: %v", err)
	}
	return buf.Bytes()
}

// edit is one generated copy of a corpus photo.
type edit struct {
	kind string // recompress, resize, brightness, crop, border, reencode
	name string
	data []byte
}

// mustEdits generates the edited copies the duplicate detector must catch.
// Each is encoded in the original's format unless the edit is a re-encode.
func mustEdits(tb testing.TB, p corpusPhoto) []edit {
	tb.Helper()
	isPNG := strings.HasSuffix(p.file, ".png")
	enc := func(img image.Image) []byte {
		if isPNG {
			return mustPNG(tb, img)
		}
		return mustJPEG(tb, img, 90)
	}
	b := p.img.Bounds()
	w, h := b.Dx(), b.Dy()
	var es []edit
	for _, q := range []int{40, 65, 90} {
		es = append(es, edit{"recompress", "jpeg_q" + strconv.Itoa(q), mustJPEG(tb, p.img, q)})
	}
	for _, s := range []struct {
		name string
		f    float64
	}{{"0.5x", 0.5}, {"0.75x", 0.75}, {"2x", 2}} {
		r := imaging.Resize(p.img, int(float64(w)*s.f), int(float64(h)*s.f), imaging.Linear)
		es = append(es, edit{"resize", "resize_" + s.name, enc(r)})
	}
	for _, pct := range []float64{-20, 20} {
		es = append(es, edit{"brightness", "brightness_" + strconv.Itoa(int(pct)), enc(imaging.AdjustBrightness(p.img, pct))})
	}
	dx, dy := w*5/100, h*5/100
	for _, c := range []struct {
		name string
		r    image.Rectangle
	}{
		{"crop_right_5", image.Rect(0, 0, w-dx, h)},
		{"crop_bottom_5", image.Rect(0, 0, w, h-dy)},
		{"crop_left_5", image.Rect(dx, 0, w, h)},
		{"crop_top_5", image.Rect(0, dy, w, h)},
		{"crop_sides_5", image.Rect(dx/2, dy/2, w-dx/2, h-dy/2)},
	} {
		es = append(es, edit{"crop", c.name, enc(imaging.Crop(p.img, c.r.Add(b.Min)))})
	}
	for _, bc := range []struct {
		name string
		c    color.Color
	}{{"border_white", color.White}, {"border_black", color.Black}} {
		bw := max(4, w/50)
		dst := image.NewRGBA(image.Rect(0, 0, w+2*bw, h+2*bw)) // RGBA: draw has fast paths
		draw.Draw(dst, dst.Bounds(), image.NewUniform(bc.c), image.Point{}, draw.Src)
		draw.Draw(dst, image.Rect(bw, bw, bw+w, bw+h), p.img, b.Min, draw.Src)
		es = append(es, edit{"border", bc.name, enc(dst)})
	}
	if isPNG {
		es = append(es, edit{"reencode", "png_to_jpeg", mustJPEG(tb, p.img, 90)})
	} else {
		es = append(es, edit{"reencode", "jpeg_to_png", mustPNG(tb, p.img)})
	}
	return es
}

// mustChecker returns a Checker with the default thresholds, changed by
// opts.
func mustChecker(tb testing.TB, opts ...func(*config.PhotoConfig)) *Checker {
	tb.Helper()
	cfg := config.Default()
	for _, o := range opts {
		o(&cfg.Photo)
	}
	if err := cfg.Validate(); err != nil {
		tb.Fatalf("config: %v", err)
	}
	return NewChecker(cfg.Photo)
}

// mustWork decodes data and returns its upright working planes.
func mustWork(tb testing.TB, data []byte) *planes {
	tb.Helper()
	d, reason := safeDecode(data, 1<<30)
	if reason != "" {
		tb.Fatalf("decode: got reason %q, want none", reason)
	}
	return orient(reduce(d.img), d.orientation)
}
