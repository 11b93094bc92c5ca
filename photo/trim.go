package photo

// trimBorder returns the box of the w×h luma plane y left after removing
// uniform borders (a frame added around a copy), at most maxTrim of the
// size from each side (see below). A row or column is border when every pixel is
// within borderTol of the edge colour, measured on the outermost pixel.
func trimBorder(y []uint8, w, h int) (x0, y0, x1, y1 int) {
	const borderTol = 12
	x0, y0, x1, y1 = 0, 0, w, h
	maxX, maxY := w/8, h/8
	near := func(a, b uint8) bool { return int(a)-int(b) <= borderTol && int(b)-int(a) <= borderTol }
	rowFlat := func(r int, ref uint8) bool {
		for _, v := range y[r*w+x0 : r*w+x1] {
			if !near(v, ref) {
				return false
			}
		}
		return true
	}
	colFlat := func(c int, ref uint8) bool {
		for r := y0; r < y1; r++ {
			if !near(y[r*w+c], ref) {
				return false
			}
		}
		return true
	}
	// A side whose flat band reaches the cap is content (sky, a wall, a
	// studio background), not a frame: it is left alone, so that the
	// original and a framed copy are cut the same way.
	ref := y[0]
	for y0 < maxY && rowFlat(y0, ref) {
		y0++
	}
	if y0 == maxY {
		y0 = 0
	}
	ref = y[(h-1)*w]
	for h-y1 < maxY && rowFlat(y1-1, ref) {
		y1--
	}
	if h-y1 == maxY {
		y1 = h
	}
	ref = y[y0*w]
	for x0 < maxX && colFlat(x0, ref) {
		x0++
	}
	if x0 == maxX {
		x0 = 0
	}
	ref = y[y0*w+w-1]
	for w-x1 < maxX && colFlat(x1-1, ref) {
		x1--
	}
	if w-x1 == maxX {
		x1 = w
	}
	return x0, y0, x1, y1
}

// hashLuma computes the production hash of a luma plane after trimming
// uniform borders.
func hashLuma(y []uint8, w, h int, f func([]uint8, int, int) uint64) uint64 {
	x0, y0, x1, y1 := trimBorder(y, w, h)
	if x0 == 0 && y0 == 0 && x1 == w && y1 == h {
		return f(y, w, h)
	}
	cw, ch := x1-x0, y1-y0
	sub := make([]uint8, cw*ch)
	for r := 0; r < ch; r++ {
		copy(sub[r*cw:(r+1)*cw], y[(y0+r)*w+x0:])
	}
	return f(sub, cw, ch)
}
