package photo

import "math"

// stats are the luma measurements the quality checks use.
type stats struct {
	// brightness is the mean luma, 0–255.
	brightness float64
	// contrast is the standard deviation of luma.
	contrast float64
	// blur is the variance of the 4-neighbour Laplacian of luma: sharp
	// edges give large values, blur and flat areas small ones.
	blur float64
}

// measure computes stats over a w×h luma plane.
func measure(y []uint8, w, h int) stats {
	var sum, sq uint64
	for _, v := range y {
		sum += uint64(v)
		sq += uint64(v) * uint64(v)
	}
	n := float64(len(y))
	mean := float64(sum) / n
	s := stats{brightness: mean, contrast: math.Sqrt(math.Max(0, float64(sq)/n-mean*mean))}
	if w < 3 || h < 3 {
		return s
	}
	var lsum, lsq int64
	for r := 1; r < h-1; r++ {
		up, row, down := y[(r-1)*w:r*w], y[r*w:(r+1)*w], y[(r+1)*w:(r+2)*w]
		for x := 1; x < w-1; x++ {
			l := 4*int64(row[x]) - int64(row[x-1]) - int64(row[x+1]) - int64(up[x]) - int64(down[x])
			lsum += l
			lsq += l * l
		}
	}
	m := float64((w - 2) * (h - 2))
	lmean := float64(lsum) / m
	s.blur = float64(lsq)/m - lmean*lmean
	return s
}

// screenSizes are the pixel sizes of common phone screens (portrait).
// A camera photo rarely has exactly one of these sizes.
var screenSizes = map[[2]int]bool{
	{640, 1136}: true, {720, 1280}: true, {720, 1520}: true, {720, 1600}: true,
	{750, 1334}: true, {828, 1792}: true, {1080, 1920}: true, {1080, 2160}: true,
	{1080, 2220}: true, {1080, 2240}: true, {1080, 2280}: true, {1080, 2310}: true,
	{1080, 2340}: true, {1080, 2376}: true, {1080, 2400}: true, {1080, 2408}: true,
	{1125, 2436}: true, {1170, 2532}: true, {1179, 2556}: true, {1242, 2208}: true,
	{1242, 2688}: true, {1260, 2800}: true, {1284, 2778}: true, {1290, 2796}: true,
	{1440, 2560}: true, {1440, 3040}: true, {1440, 3088}: true, {1440, 3120}: true,
	{1440, 3200}: true,
}

// looksLikeScreenshot reports whether an image of the given upright size
// and working planes is probably a phone screenshot: it has exactly a
// screen's size and either few colours or a flat status-bar band at the
// top.
func looksLikeScreenshot(width, height int, p *planes) bool {
	if !screenSizes[[2]int{width, height}] && !screenSizes[[2]int{height, width}] {
		return false
	}
	return fewColours(p) || flatTopBand(p)
}

// fewColours reports whether the planes use fewer than 128 colours after
// quantising to 5 bits of luma and 4 of each chroma. Photos use thousands.
func fewColours(p *planes) bool {
	var seen [1 << 13]bool
	n := 0
	for i := range p.y {
		k := int(p.y[i]>>3)<<8 | int(p.cb[i]>>4)<<4 | int(p.cr[i]>>4)
		if !seen[k] {
			seen[k] = true
			n++
			if n >= 128 {
				return false
			}
		}
	}
	return true
}

// flatTopBand reports whether the top 4% of rows (a status bar) is at
// least 85% one luma level.
func flatTopBand(p *planes) bool {
	rows := max(1, p.h*4/100)
	var hist [64]int
	for _, v := range p.y[:rows*p.w] {
		hist[v>>2]++
	}
	most := 0
	for _, c := range hist {
		most = max(most, c)
	}
	return most*100 >= 85*rows*p.w
}
