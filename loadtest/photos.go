package loadtest

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"gridbot/config"
	"gridbot/photo"
)

// Generated photo size and JPEG quality.
const (
	photoWidth   = 800
	photoHeight  = 600
	photoQuality = 85
)

// GeneratePhoto returns a JPEG of random shapes over a gradient, with
// noise: sharp, well exposed and unlike any other seed's. It is a pure
// function of seed.
func GeneratePhoto(seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	img := image.NewRGBA(image.Rect(0, 0, photoWidth, photoHeight))
	// A coarse grid of random blocks sets the low frequencies, which the
	// perceptual hash reads, so that hashes of different seeds are
	// independent; shapes and noise on top make the photo sharp.
	const cols, rows = 8, 6
	bw, bh := photoWidth/cols, photoHeight/rows
	for by := range rows {
		for bx := range cols {
			fill(img, bx*bw, by*bh, (bx+1)*bw, (by+1)*bh, func(x, y int) bool { return true }, randColor(rng, 40, 220))
		}
	}
	for range 10 + rng.IntN(10) {
		col := randColor(rng, 10, 245)
		cx, cy := rng.IntN(photoWidth), rng.IntN(photoHeight)
		w, h := 20+rng.IntN(120), 20+rng.IntN(90)
		switch rng.IntN(3) {
		case 0: // rectangle
			fill(img, cx-w/2, cy-h/2, cx+w/2, cy+h/2, func(x, y int) bool { return true }, col)
		case 1: // ellipse
			fill(img, cx-w/2, cy-h/2, cx+w/2, cy+h/2, func(x, y int) bool {
				dx, dy := float64(x-cx)/float64(w/2), float64(y-cy)/float64(h/2)
				return dx*dx+dy*dy <= 1
			}, col)
		default: // stripes
			period := 6 + rng.IntN(14)
			fill(img, cx-w/2, cy-h/2, cx+w/2, cy+h/2, func(x, y int) bool { return (x+y)/period%2 == 0 }, col)
		}
	}
	pix := img.Pix
	for i := 0; i < len(pix); i += 4 {
		n := rng.IntN(25) - 12
		for j := range 3 {
			pix[i+j] = clamp(int(pix[i+j]) + n)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: photoQuality}); err != nil {
		panic(err) // encoding to memory cannot fail
	}
	return buf.Bytes()
}

func fill(img *image.RGBA, x0, y0, x1, y1 int, in func(x, y int) bool, c color.RGBA) {
	r := image.Rect(x0, y0, x1, y1).Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if in(x, y) {
				img.SetRGBA(x, y, c)
			}
		}
	}
}

func randColor(rng *rand.Rand, lo, hi int) color.RGBA {
	v := func() uint8 { return uint8(lo + rng.IntN(hi-lo)) }
	return color.RGBA{v(), v(), v(), 255}
}

func clamp(v int) uint8 { return uint8(min(max(v, 0), 255)) }

// prediction is what the target should make of a photo, judged before
// the run by the same photo.Checker and duplicate distances.
type prediction int

const (
	predValid     prediction = iota // usable and new: one ✅
	predUnusable                    // fails a quality check (unusable or retake)
	predDuplicate                   // a copy, near-duplicate or burst shot of an earlier photo
)

// photoItem is one distinct photo and what the target should make of it.
type photoItem struct {
	data []byte
	pred prediction
}

// photoSet is the photos of a run: unique[r] are rider r's distinct
// photos, in sending order.
type photoSet struct {
	unique [][]photoItem
}

// makePhotos returns n distinct photos for each of riders riders. Each
// passes the checks of pc, and no two are near-duplicates (within
// duplicate_distance) or, for one rider, burst shots (within
// burst_distance). The target vets the same bytes with the same checker,
// so equal thresholds give equal answers. Generation runs on every CPU.
func makePhotos(riders, n int, pc config.PhotoConfig, seed uint64) (*photoSet, error) {
	checker := photo.NewChecker(pc)
	type cand struct {
		data []byte
		hash uint64
		ok   bool
	}
	gen := func(s uint64) cand {
		data := GeneratePhoto(s)
		res := checker.CheckBytes(data)
		return cand{data, res.Hash.Value, res.OK && !res.Retake}
	}
	set := &photoSet{unique: make([][]photoItem, riders)}
	idx := photo.NewIndex()
	next := seed
	at := time.Unix(0, 0)
	for r := range riders {
		owner := fmt.Sprint(r)
		for len(set.unique[r]) < n {
			need := n - len(set.unique[r])
			cands := make([]cand, need)
			var wg sync.WaitGroup
			sem := make(chan struct{}, runtime.NumCPU())
			for i := range cands {
				s := next + uint64(i)
				wg.Go(func() {
					sem <- struct{}{}
					cands[i] = gen(s)
					<-sem
				})
			}
			wg.Wait()
			next += uint64(need)
			for _, c := range cands {
				if !c.ok || len(idx.Query(c.hash, pc.DuplicateDistance)) > 0 ||
					len(idx.QueryOwner(c.hash, pc.BurstDistance, owner, time.Time{})) > 0 {
					continue // too close to another: draw again
				}
				idx.Add(photo.Entry{ID: owner, Hash: c.hash, Owner: owner, At: at})
				set.unique[r] = append(set.unique[r], photoItem{data: c.data, pred: predValid})
			}
			if next-seed > uint64(riders*n*20+1000) {
				return nil, fmt.Errorf("loadtest: could not generate %d distinct photos", riders*n)
			}
		}
	}
	return set, nil
}

// loadPhotos deals the JPEG and PNG files of dir to riders, n each, and
// pre-vets them as makePhotos does generated ones: a photo that fails the
// checks of pc is predicted unusable, one within duplicate_distance of an
// earlier photo of the set (or, for one rider, burst_distance) a
// duplicate. They are all sent; only the predicted-valid ones are
// expected to earn.
func loadPhotos(dir string, riders, n int, pc config.PhotoConfig) (*photoSet, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("loadtest: photos dir: %w", err)
	}
	var files []string
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if !e.IsDir() && slices.Contains([]string{".jpg", ".jpeg", ".png"}, ext) {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	if len(files) < riders*n {
		return nil, fmt.Errorf("loadtest: photos dir %s has %d photos; %d riders × %d photos need %d distinct ones: %w",
			dir, len(files), riders, n, riders*n, ErrUsage)
	}
	files = files[:riders*n]
	datas := make([][]byte, len(files))
	for i, f := range files {
		if datas[i], err = os.ReadFile(f); err != nil {
			return nil, fmt.Errorf("loadtest: %w", err)
		}
	}
	checker := photo.NewChecker(pc)
	results := make([]photo.Result, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.NumCPU())
	for i := range datas {
		wg.Go(func() {
			sem <- struct{}{}
			results[i] = checker.CheckBytes(datas[i])
			<-sem
		})
	}
	wg.Wait()
	set := &photoSet{unique: make([][]photoItem, riders)}
	idx := photo.NewIndex()
	at := time.Unix(0, 0)
	for i, data := range datas {
		res, owner := results[i], fmt.Sprint(i/n)
		pred := predValid
		switch {
		case !res.OK || res.Retake:
			pred = predUnusable
		case len(idx.Query(res.Hash.Value, pc.DuplicateDistance)) > 0,
			len(idx.QueryOwner(res.Hash.Value, pc.BurstDistance, owner, time.Time{})) > 0:
			pred = predDuplicate
		}
		if res.OK {
			idx.Add(photo.Entry{ID: fmt.Sprint(i), Hash: res.Hash.Value, Owner: owner, At: at})
		}
		set.unique[i/n] = append(set.unique[i/n], photoItem{data: data, pred: pred})
	}
	return set, nil
}
