package photo

import (
	"bytes"
	"errors"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
)

// A format is one accepted image format: its magic prefix and decoders.
type format struct {
	name   string
	magic  []string
	config func(io.Reader) (image.Config, error)
	decode func(io.Reader) (image.Image, error)
}

// formats are the only accepted formats. Other decoders registered with
// package image by other imports (BMP, TIFF, WebP…) are never used.
var formats = []format{
	{"jpeg", []string{"\xff\xd8"}, jpeg.DecodeConfig, jpeg.Decode},
	{"png", []string{"\x89PNG\r\n\x1a\n"}, png.DecodeConfig, png.Decode},
	// gif.Decode returns the first frame and stops reading there.
	{"gif", []string{"GIF87a", "GIF89a"}, gif.DecodeConfig, gif.Decode},
}

func sniff(data []byte) *format {
	for i := range formats {
		for _, m := range formats[i].magic {
			if bytes.HasPrefix(data, []byte(m)) {
				return &formats[i]
			}
		}
	}
	return nil
}

// decoded is the outcome of safeDecode.
type decoded struct {
	img    image.Image
	format string
	// width and height are as stored, before orientation.
	width, height int
	// orientation is the EXIF orientation, 1 (upright) to 8.
	orientation int
}

// safeDecode decodes data if it is a JPEG, PNG or GIF of at most maxPixels
// pixels. It reads the header first and allocates no pixels for an image
// over the cap. It never panics; a bad file gives a decode reason:
// ReasonUnsupportedFormat, ReasonTooManyPixels or ReasonCorrupt. For
// ReasonTooManyPixels, the returned dimensions are the header's.
func safeDecode(data []byte, maxPixels int64) (d decoded, reason Reason) {
	defer func() {
		// The standard decoders are not known to panic, but a panic on
		// hostile input must not take the worker down.
		if recover() != nil {
			d, reason = decoded{}, ReasonCorrupt
		}
	}()
	f := sniff(data)
	if f == nil {
		return decoded{}, ReasonUnsupportedFormat
	}
	d.format = f.name
	cfg, err := f.config(bytes.NewReader(data))
	if err != nil {
		return d, ReasonCorrupt
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return d, ReasonCorrupt
	}
	d.width, d.height = cfg.Width, cfg.Height
	if int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return d, ReasonTooManyPixels
	}
	img, err := f.decode(bytes.NewReader(data))
	if err != nil {
		return d, ReasonCorrupt
	}
	b := img.Bounds()
	if b.Empty() || b.Dx() > cfg.Width || b.Dy() > cfg.Height {
		return d, ReasonCorrupt
	}
	d.img = img
	d.orientation = 1
	if f.name == "jpeg" {
		d.orientation = exifOrientation(data)
	}
	return d, ""
}

// errNoExif is internal to exifOrientation's helpers.
var errNoExif = errors.New("no exif orientation")

// exifOrientation returns the EXIF orientation tag (1–8) of a JPEG, or 1
// when there is none or it cannot be read.
func exifOrientation(data []byte) int {
	o, err := findOrientation(data)
	if err != nil || o < 1 || o > 8 {
		return 1
	}
	return o
}

func findOrientation(data []byte) (int, error) {
	p := 2 // after SOI
	for p+4 <= len(data) {
		if data[p] != 0xff {
			return 0, errNoExif
		}
		marker := data[p+1]
		if marker == 0xff { // fill byte
			p++
			continue
		}
		if marker == 0xda || marker == 0xd9 { // start of scan, end of image
			return 0, errNoExif
		}
		n := int(data[p+2])<<8 | int(data[p+3])
		if n < 2 || p+2+n > len(data) {
			return 0, errNoExif
		}
		seg := data[p+4 : p+2+n]
		if marker == 0xe1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		p += 2 + n
	}
	return 0, errNoExif
}

// tiffOrientation reads tag 0x0112 from IFD0 of a TIFF header.
func tiffOrientation(t []byte) (int, error) {
	if len(t) < 8 {
		return 0, errNoExif
	}
	var u16 func([]byte) int
	var u32 func([]byte) int
	switch string(t[:2]) {
	case "II":
		u16 = func(b []byte) int { return int(b[0]) | int(b[1])<<8 }
		u32 = func(b []byte) int { return int(b[0]) | int(b[1])<<8 | int(b[2])<<16 | int(b[3])<<24 }
	case "MM":
		u16 = func(b []byte) int { return int(b[1]) | int(b[0])<<8 }
		u32 = func(b []byte) int { return int(b[3]) | int(b[2])<<8 | int(b[1])<<16 | int(b[0])<<24 }
	default:
		return 0, errNoExif
	}
	if u16(t[2:]) != 42 {
		return 0, errNoExif
	}
	ifd := u32(t[4:])
	if ifd < 8 || ifd+2 > len(t) {
		return 0, errNoExif
	}
	count := u16(t[ifd:])
	for i := 0; i < count; i++ {
		e := ifd + 2 + 12*i
		if e+12 > len(t) {
			break
		}
		if u16(t[e:]) == 0x0112 && u16(t[e+2:]) == 3 { // SHORT
			return u16(t[e+8:]), nil
		}
	}
	return 0, errNoExif
}
