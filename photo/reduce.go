package photo

import (
	"image"
	"image/color"
)

// workSize is the long side of the working image, in pixels. Blur,
// brightness, contrast and the perceptual hash are all measured on it, so
// that scores do not depend on the camera's resolution.
const workSize = 512

// planes is a small 4:4:4 image: three 8-bit planes of w×h, no padding.
type planes struct {
	w, h      int
	y, cb, cr []uint8
}

func newPlanes(w, h int) *planes {
	buf := make([]uint8, 3*w*h)
	return &planes{w: w, h: h, y: buf[:w*h], cb: buf[w*h : 2*w*h], cr: buf[2*w*h:]}
}

// fit returns w×h scaled down to fit in max×max, keeping the aspect ratio.
// It never scales up.
func fit(w, h, max int) (int, int) {
	if w <= max && h <= max {
		return w, h
	}
	if w >= h {
		return max, clampMin1(h * max / w)
	}
	return clampMin1(w * max / h), max
}

func clampMin1(v int) int {
	if v < 1 {
		return 1
	}
	return v
}

// reduce turns a decoded image into the working image, reading each
// source pixel once. A *image.YCbCr (every JPEG) is reduced plane by plane
// without any colour conversion; other types are converted to RGB one row
// at a time and averaged. Transparent pixels count as black, as the
// standard encoders treat them.
func reduce(img image.Image) *planes {
	b := img.Bounds()
	dw, dh := fit(b.Dx(), b.Dy(), workSize)
	out := newPlanes(dw, dh)
	if m, ok := img.(*image.YCbCr); ok {
		reduceYCbCr(m, out)
		return out
	}
	reduceRGB(img, out)
	return out
}

func reduceYCbCr(m *image.YCbCr, out *planes) {
	b := m.Rect
	sw, sh := b.Dx(), b.Dy()
	reducePlane(m.Y[m.YOffset(b.Min.X, b.Min.Y):], m.YStride, sw, sh, out.y, out.w, out.h)
	cw, ch := chromaSize(m.SubsampleRatio, b)
	coff := m.COffset(b.Min.X, b.Min.Y)
	// Chroma only feeds the thumbnail and the colour count: one source
	// row per output row is enough.
	reducePlaneRows(m.Cb[coff:], m.CStride, cw, ch, out.cb, out.w, out.h, 1)
	reducePlaneRows(m.Cr[coff:], m.CStride, cw, ch, out.cr, out.w, out.h, 1)
}

// chromaSize is the size of the chroma planes covering rectangle r.
func chromaSize(ratio image.YCbCrSubsampleRatio, r image.Rectangle) (int, int) {
	x0, y0, x1, y1 := r.Min.X, r.Min.Y, r.Max.X, r.Max.Y
	switch ratio {
	case image.YCbCrSubsampleRatio422:
		x0, x1 = x0/2, (x1+1)/2
	case image.YCbCrSubsampleRatio420:
		x0, x1, y0, y1 = x0/2, (x1+1)/2, y0/2, (y1+1)/2
	case image.YCbCrSubsampleRatio440:
		y0, y1 = y0/2, (y1+1)/2
	case image.YCbCrSubsampleRatio411:
		x0, x1 = x0/4, (x1+3)/4
	case image.YCbCrSubsampleRatio410:
		x0, x1, y0, y1 = x0/4, (x1+3)/4, y0/2, (y1+1)/2
	}
	return x1 - x0, y1 - y0
}

// span returns the source range [lo, hi) that output index i of n covers
// in a source of length s. Ranges tile the source when n ≤ s and repeat a
// pixel (nearest neighbour) when n > s.
func span(i, n, s int) (int, int) {
	lo, hi := i*s/n, (i+1)*s/n
	if hi <= lo {
		hi = lo + 1
	}
	return lo, hi
}

// reducePlane box-averages a sw×sh plane (rows stride apart) into a dw×dh
// plane.
func reducePlane(src []uint8, stride, sw, sh int, dst []uint8, dw, dh int) {
	reducePlaneRows(src, stride, sw, sh, dst, dw, dh, sh)
}

// reducePlaneRows is reducePlane reading at most maxRows source rows per
// output row (the first ones of each band), trading accuracy for speed.
func reducePlaneRows(src []uint8, stride, sw, sh int, dst []uint8, dw, dh, maxRows int) {
	if dw > sw || dh > sh {
		reducePlaneSlow(src, stride, sw, sh, dst, dw, dh)
		return
	}
	// Downscaling: every source pixel belongs to exactly one output
	// column, so the inner loop is one load and one add per pixel.
	xmap := make([]uint16, sw)
	cnt := make([]uint32, dw)
	for ox := 0; ox < dw; ox++ {
		lo, hi := span(ox, dw, sw)
		for sx := lo; sx < hi; sx++ {
			xmap[sx] = uint16(ox)
		}
		cnt[ox] = uint32(hi - lo)
	}
	// Sum the rows of each output row column-wise first (a sequential
	// loop), then fold the columns once per output row.
	col := make([]uint32, sw)
	acc := make([]uint32, dw)
	for oy := 0; oy < dh; oy++ {
		ylo, yhi := span(oy, dh, sh)
		yhi = min(yhi, ylo+maxRows)
		row := src[ylo*stride : ylo*stride+sw]
		for x, v := range row {
			col[x] = uint32(v)
		}
		for sy := ylo + 1; sy < yhi; sy++ {
			row := src[sy*stride : sy*stride+sw]
			c := col[:len(row)]
			for x, v := range row {
				c[x] += uint32(v)
			}
		}
		clear(acc)
		xm := xmap[:len(col)]
		for x, v := range col {
			acc[xm[x]] += v
		}
		drow := dst[oy*dw : oy*dw+dw]
		rows := uint32(yhi - ylo)
		for ox := range drow {
			n := rows * cnt[ox]
			drow[ox] = uint8((acc[ox] + n/2) / n)
		}
	}
}

// reducePlaneSlow handles output larger than the input in either
// direction (chroma planes of a small image), by nearest neighbour there.
func reducePlaneSlow(src []uint8, stride, sw, sh int, dst []uint8, dw, dh int) {
	if dw >= sw && dh >= sh {
		xs := make([]int, dw)
		for ox := range xs {
			xs[ox] = ox * sw / dw
		}
		for oy := 0; oy < dh; oy++ {
			row := src[(oy*sh/dh)*stride:]
			drow := dst[oy*dw : oy*dw+dw]
			for ox, sx := range xs {
				drow[ox] = row[sx]
			}
		}
		return
	}
	for oy := 0; oy < dh; oy++ {
		ylo, yhi := span(oy, dh, sh)
		for ox := 0; ox < dw; ox++ {
			xlo, xhi := span(ox, dw, sw)
			var s, n uint32
			for sy := ylo; sy < yhi; sy++ {
				for _, v := range src[sy*stride+xlo : sy*stride+xhi] {
					s += uint32(v)
				}
				n += uint32(xhi - xlo)
			}
			dst[oy*dw+ox] = uint8((s + n/2) / n)
		}
	}
}

// reduceRGB averages any image into out via one RGB row buffer.
func reduceRGB(img image.Image, out *planes) {
	b := img.Bounds()
	sw, sh := b.Dx(), b.Dy()
	dw, dh := out.w, out.h
	rowRGB := make([]uint8, 3*sw)
	xmap := make([]int, sw)
	for ox := 0; ox < dw; ox++ {
		lo, hi := span(ox, dw, sw)
		for sx := lo; sx < hi; sx++ {
			xmap[sx] = ox
		}
	}
	acc := make([]uint32, 3*dw)
	cnt := make([]uint32, dw)
	for sx := range xmap {
		cnt[xmap[sx]]++
	}
	fill := rowFiller(img)
	for oy := 0; oy < dh; oy++ {
		ylo, yhi := span(oy, dh, sh)
		clear(acc)
		for sy := ylo; sy < yhi; sy++ {
			fill(b.Min.Y+sy, rowRGB)
			for sx, ox := range xmap {
				acc[3*ox] += uint32(rowRGB[3*sx])
				acc[3*ox+1] += uint32(rowRGB[3*sx+1])
				acc[3*ox+2] += uint32(rowRGB[3*sx+2])
			}
		}
		rows := uint32(yhi - ylo)
		for ox := 0; ox < dw; ox++ {
			n := rows * cnt[ox]
			r := uint8((acc[3*ox] + n/2) / n)
			g := uint8((acc[3*ox+1] + n/2) / n)
			bl := uint8((acc[3*ox+2] + n/2) / n)
			i := oy*dw + ox
			out.y[i], out.cb[i], out.cr[i] = color.RGBToYCbCr(r, g, bl)
		}
	}
}

// rowFiller returns a function that writes row y of img as RGB triples,
// premultiplied by alpha, with fast paths for the types the PNG and GIF
// decoders return.
func rowFiller(img image.Image) func(y int, dst []uint8) {
	b := img.Bounds()
	switch m := img.(type) {
	case *image.RGBA:
		return func(y int, dst []uint8) {
			p := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := 0; x < b.Dx(); x++ {
				dst[3*x], dst[3*x+1], dst[3*x+2] = p[4*x], p[4*x+1], p[4*x+2]
			}
		}
	case *image.NRGBA:
		return func(y int, dst []uint8) {
			p := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := 0; x < b.Dx(); x++ {
				a := uint32(p[4*x+3])
				dst[3*x] = uint8(uint32(p[4*x]) * a / 255)
				dst[3*x+1] = uint8(uint32(p[4*x+1]) * a / 255)
				dst[3*x+2] = uint8(uint32(p[4*x+2]) * a / 255)
			}
		}
	case *image.Gray:
		return func(y int, dst []uint8) {
			p := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := 0; x < b.Dx(); x++ {
				dst[3*x], dst[3*x+1], dst[3*x+2] = p[x], p[x], p[x]
			}
		}
	case *image.Paletted:
		pal := make([][3]uint8, 256)
		for i, c := range m.Palette {
			r, g, bl, _ := c.RGBA()
			pal[i] = [3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8)}
		}
		return func(y int, dst []uint8) {
			p := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := 0; x < b.Dx(); x++ {
				c := pal[p[x]]
				dst[3*x], dst[3*x+1], dst[3*x+2] = c[0], c[1], c[2]
			}
		}
	}
	return func(y int, dst []uint8) {
		for x := 0; x < b.Dx(); x++ {
			r, g, bl, _ := img.At(b.Min.X+x, y).RGBA()
			dst[3*x], dst[3*x+1], dst[3*x+2] = uint8(r>>8), uint8(g>>8), uint8(bl>>8)
		}
	}
}

// orient returns p turned upright for EXIF orientation o (1–8).
func orient(p *planes, o int) *planes {
	if o <= 1 || o > 8 {
		return p
	}
	W, H := p.w, p.h
	ow, oh := W, H
	if o >= 5 {
		ow, oh = H, W
	}
	out := newPlanes(ow, oh)
	for y := 0; y < oh; y++ {
		for x := 0; x < ow; x++ {
			var sx, sy int
			switch o {
			case 2:
				sx, sy = W-1-x, y
			case 3:
				sx, sy = W-1-x, H-1-y
			case 4:
				sx, sy = x, H-1-y
			case 5:
				sx, sy = y, x
			case 6:
				sx, sy = y, H-1-x
			case 7:
				sx, sy = W-1-y, H-1-x
			case 8:
				sx, sy = W-1-y, x
			}
			si, di := sy*W+sx, y*ow+x
			out.y[di], out.cb[di], out.cr[di] = p.y[si], p.cb[si], p.cr[si]
		}
	}
	return out
}

// thumbnail reduces p to fit in size×size, as a 4:4:4 *image.YCbCr that
// image/jpeg encodes without conversion.
func (p *planes) thumbnail(size int) *image.YCbCr {
	tw, th := fit(p.w, p.h, size)
	t := image.NewYCbCr(image.Rect(0, 0, tw, th), image.YCbCrSubsampleRatio444)
	reducePlane(p.y, p.w, p.w, p.h, t.Y, tw, th)
	reducePlane(p.cb, p.w, p.w, p.h, t.Cb, tw, th)
	reducePlane(p.cr, p.w, p.w, p.h, t.Cr, tw, th)
	return t
}
