package photo

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"slices"
	"strings"
	"testing"

	"github.com/disintegration/imaging"

	"gridbot/config"
)

func TestCheckCorpusOriginals(t *testing.T) {
	c := mustChecker(t)
	// Photos the default thresholds are expected to refuse, and why.
	want := map[string][]Reason{
		"HappyFish": {ReasonTooSmall}, // 259×194 clip art
		// Motion blur scores 46, just below blur_retake: asked to retake.
		"text_motion": {ReasonRetakeBlurry},
		// A soft photo (score 41): the one false retake on the corpus, see
		// docs/PHOTO_CHECKS.md.
		"stuff": {ReasonRetakeBlurry},
	}
	for _, p := range mustCorpus(t) {
		t.Run(p.name, func(t *testing.T) {
			res := c.CheckBytes(p.data)
			w := want[p.name]
			if w == nil {
				w = []Reason{}
			}
			if !slices.Equal(res.Reasons, w) {
				t.Errorf("got reasons %v (blur %.0f, brightness %.0f, contrast %.0f), want %v", res.Reasons, res.Blur, res.Brightness, res.Contrast, w)
			}
			b := p.img.Bounds()
			if res.Width != b.Dx() || res.Height != b.Dy() {
				t.Errorf("got size %dx%d, want %dx%d", res.Width, res.Height, b.Dx(), b.Dy())
			}
			if len(res.SHA256) != 64 || !res.Hash.Current() || res.Thumb == nil {
				t.Errorf("got sha %q hash %+v thumb %v, want all set", res.SHA256, res.Hash, res.Thumb != nil)
			}
		})
	}
}

// pngWithSize returns a valid PNG header and IHDR claiming w×h, followed by
// an empty IDAT: a decompression bomb's shape without the payload.
func pngWithSize(w, h uint32) []byte {
	var buf bytes.Buffer
	buf.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&buf, binary.BigEndian, uint32(len(data)))
		buf.WriteString(typ)
		buf.Write(data)
		crc := crc32.NewIEEE()
		crc.Write([]byte(typ))
		crc.Write(data)
		binary.Write(&buf, binary.BigEndian, crc.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk("IEND", nil)
	return buf.Bytes()
}

// jpegWithSize rewrites the SOF0 dimensions of a JPEG.
func jpegWithSize(tb testing.TB, data []byte, w, h uint16) []byte {
	tb.Helper()
	out := bytes.Clone(data)
	i := bytes.Index(out, []byte{0xff, 0xc0})
	if i < 0 {
		tb.Fatal("no SOF0 marker")
	}
	binary.BigEndian.PutUint16(out[i+5:], h)
	binary.BigEndian.PutUint16(out[i+7:], w)
	return out
}

func solid(w, h int, c color.Color) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.Draw(m, m.Bounds(), image.NewUniform(c), image.Point{}, draw.Src)
	return m
}

// scaled multiplies every channel by f.
func scaled(img image.Image, f float64) *image.NRGBA {
	return imaging.AdjustFunc(img, func(c color.NRGBA) color.NRGBA {
		return color.NRGBA{uint8(float64(c.R) * f), uint8(float64(c.G) * f), uint8(float64(c.B) * f), c.A}
	})
}

func TestCheckRejects(t *testing.T) {
	var fruits, stuff corpusPhoto
	for _, p := range mustCorpus(t) {
		switch p.name {
		case "fruits":
			fruits = p
		case "stuff":
			stuff = p
		}
	}
	var gifBuf bytes.Buffer
	red := image.NewPaletted(image.Rect(0, 0, 400, 400), color.Palette{color.RGBA{200, 30, 30, 255}})
	if err := gif.Encode(&gifBuf, red, nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		want Reason
	}{
		{"blurred sigma 4", mustJPEG(t, imaging.Blur(fruits.img, 4), 90), ReasonBlurry},
		{"blurred sigma 6", mustJPEG(t, imaging.Blur(stuff.img, 6), 90), ReasonBlurry},
		{"darkened", mustJPEG(t, scaled(fruits.img, 0.12), 90), ReasonTooDark},
		{"black frame", mustJPEG(t, solid(640, 480, color.Black), 90), ReasonTooDark},
		{"white frame", mustPNG(t, solid(640, 480, color.White)), ReasonTooBright},
		{"solid grey", mustJPEG(t, solid(640, 480, color.Gray{128}), 90), ReasonBlank},
		{"solid red gif", gifBuf.Bytes(), ReasonBlank},
		{"tiny", mustJPEG(t, imaging.Resize(fruits.img, 100, 100, imaging.Lanczos), 90), ReasonTooSmall},
		{"truncated jpeg", fruits.data[:len(fruits.data)/2], ReasonCorrupt},
		{"truncated header", fruits.data[:40], ReasonCorrupt},
		{"png bomb", pngWithSize(100_000, 100_000), ReasonTooManyPixels},
		{"jpeg bomb", jpegWithSize(t, fruits.data, 65_000, 65_000), ReasonTooManyPixels},
		{"text", []byte("hello, this is not an image"), ReasonUnsupportedFormat},
		{"bmp", append([]byte("BM"), make([]byte, 100)...), ReasonUnsupportedFormat},
		{"empty", nil, ReasonUnsupportedFormat},
		{"too large", append(bytes.Clone(fruits.data), make([]byte, 11<<20)...), ReasonTooLarge},
	}
	c := mustChecker(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := c.Check(bytes.NewReader(tc.data))
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if len(res.Reasons) == 0 || res.Reasons[0] != tc.want {
				t.Errorf("got reasons %v (blur %.1f, brightness %.1f, contrast %.1f), want first %q", res.Reasons, res.Blur, res.Brightness, res.Contrast, tc.want)
			}
			if res.OK || res.Retake {
				t.Errorf("got ok %v retake %v, want false false", res.OK, res.Retake)
			}
		})
	}
}

func TestCheckBlurRetake(t *testing.T) {
	var fruits corpusPhoto
	for _, p := range mustCorpus(t) {
		if p.name == "fruits" {
			fruits = p
		}
	}
	data := mustJPEG(t, fruits.img, 90)
	score := mustChecker(t).CheckBytes(data).Blur
	tests := []struct {
		name           string
		reject, retake float64
		want           []Reason
		ok, retakeFlag bool
	}{
		{"sharp", score / 4, score / 2, []Reason{}, true, false},
		{"borderline", score / 2, score * 2, []Reason{ReasonRetakeBlurry}, false, true},
		{"blurry", score * 2, score * 4, []Reason{ReasonBlurry}, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := mustChecker(t, func(p *config.PhotoConfig) { p.BlurReject, p.BlurRetake = tc.reject, tc.retake })
			res := c.CheckBytes(data)
			if !slices.Equal(res.Reasons, tc.want) || res.OK != tc.ok || res.Retake != tc.retakeFlag {
				t.Errorf("got reasons %v ok %v retake %v, want %v %v %v", res.Reasons, res.OK, res.Retake, tc.want, tc.ok, tc.retakeFlag)
			}
		})
	}
}

// withOrientation inserts an EXIF APP1 segment with orientation o after
// the SOI marker of a JPEG.
func withOrientation(data []byte, o uint16, bigEndian bool) []byte {
	var order binary.ByteOrder = binary.LittleEndian
	tiff := []byte("II*\x00\x08\x00\x00\x00")
	if bigEndian {
		order = binary.BigEndian
		tiff = []byte("MM\x00*\x00\x00\x00\x08")
	}
	ifd := make([]byte, 2+12+4)
	order.PutUint16(ifd[0:], 1)
	order.PutUint16(ifd[2:], 0x0112)
	order.PutUint16(ifd[4:], 3)
	order.PutUint32(ifd[6:], 1)
	order.PutUint16(ifd[10:], o)
	payload := append(append([]byte("Exif\x00\x00"), tiff...), ifd...)
	seg := []byte{0xff, 0xe1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, data[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, data[2:]...)
}

func TestCheckHonoursOrientation(t *testing.T) {
	var src corpusPhoto
	for _, p := range mustCorpus(t) {
		if p.name == "messi5" { // 548×342, not square
			src = p
		}
	}
	c := mustChecker(t)
	upright := c.CheckBytes(src.data)
	// Each transform stores the photo turned; the EXIF tag says how to
	// turn it back, so the result must match the upright photo.
	tests := []struct {
		o    uint16
		turn func(image.Image) *image.NRGBA
	}{
		{2, imaging.FlipH}, {3, imaging.Rotate180}, {4, imaging.FlipV},
		{5, imaging.Transpose}, {6, imaging.Rotate90}, {7, imaging.Transverse}, {8, imaging.Rotate270},
	}
	for _, tc := range tests {
		for _, be := range []bool{false, true} {
			name := strings.Repeat("be-", btoi(be)) + string(rune('0'+tc.o))
			t.Run(name, func(t *testing.T) {
				stored := tc.turn(src.img)
				res := c.CheckBytes(withOrientation(mustJPEG(t, stored, 95), tc.o, be))
				if res.Width != upright.Width || res.Height != upright.Height {
					t.Errorf("got %dx%d, want %dx%d", res.Width, res.Height, upright.Width, upright.Height)
				}
				if d := Distance(res.Hash.Value, upright.Hash.Value); d > 4 {
					t.Errorf("got distance %d from the upright photo, want ≤ 4", d)
				}
				if tb := res.Thumb.Bounds(); tb.Dx() < tb.Dy() {
					t.Errorf("got thumbnail %v, want landscape", tb)
				}
			})
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestScreenshotHeuristic(t *testing.T) {
	var fruits corpusPhoto
	for _, p := range mustCorpus(t) {
		if p.name == "fruits" {
			fruits = p
		}
	}
	// A flat app screen with a status bar and a few coloured blocks.
	screen := solid(1080, 2340, color.RGBA{245, 245, 245, 255})
	draw.Draw(screen, image.Rect(0, 0, 1080, 90), image.NewUniform(color.RGBA{20, 20, 20, 255}), image.Point{}, draw.Src)
	for i := 0; i < 8; i++ {
		r := image.Rect(60, 200+i*250, 1020, 400+i*250)
		draw.Draw(screen, r, image.NewUniform(color.RGBA{uint8(30 * i), 120, 200, 255}), image.Point{}, draw.Src)
	}
	tests := []struct {
		name string
		data []byte
		want bool
	}{
		{"app screen", mustPNG(t, screen), true},
		{"photo at screen size", mustJPEG(t, imaging.Resize(fruits.img, 1080, 2340, imaging.Linear), 90), false},
		{"photo", fruits.data, false},
	}
	c := mustChecker(t, func(p *config.PhotoConfig) { p.ScreenshotCheck = true })
	off := mustChecker(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := slices.Contains(c.CheckBytes(tc.data).Reasons, ReasonScreenshot)
			if got != tc.want {
				t.Errorf("got screenshot %v, want %v", got, tc.want)
			}
			if slices.Contains(off.CheckBytes(tc.data).Reasons, ReasonScreenshot) {
				t.Error("got screenshot with screenshot_check off, want none")
			}
		})
	}
}

func TestReduceMatchesImaging(t *testing.T) {
	// The PNG path (generic RGB) and the JPEG path (YCbCr planes) must give
	// nearly the same working image for the same picture.
	for _, p := range mustCorpus(t)[:4] {
		a := mustWork(t, mustPNG(t, p.img))
		b := mustWork(t, mustJPEG(t, p.img, 95))
		if a.w != b.w || a.h != b.h {
			t.Fatalf("%s: got sizes %dx%d and %dx%d, want equal", p.name, a.w, a.h, b.w, b.h)
		}
		var diff int
		for i := range a.y {
			d := int(a.y[i]) - int(b.y[i])
			diff += max(d, -d)
		}
		if mean := float64(diff) / float64(len(a.y)); mean > 3 {
			t.Errorf("%s: got mean luma difference %.2f, want ≤ 3", p.name, mean)
		}
	}
}
