package photo

import (
	"encoding/json"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
)

// Hash algorithms. The production algorithm is HashAlgo at HashVersion;
// dHash is kept for measurement and comparison (see docs/PHOTO_CHECKS.md).
const (
	AlgoPHash   = "phash"
	AlgoDHash   = "dhash"
	HashAlgo    = AlgoPHash
	HashVersion = 1
)

// Fingerprint is a 64-bit perceptual hash with the algorithm and version
// that made it. Hashes are comparable only when Algo and Version match; a
// stored fingerprint of another algorithm or version must be recomputed
// from the original (or the thumbnail, once the original has expired).
// In JSON it is {"algo":"phash","version":1,"value":"<16 hex digits>"},
// since a uint64 does not survive JavaScript's numbers.
type Fingerprint struct {
	Algo    string
	Version int
	Value   uint64
}

type fingerprintJSON struct {
	Algo    string `json:"algo"`
	Version int    `json:"version"`
	Value   string `json:"value"`
}

// NewFingerprint returns the current algorithm's fingerprint of value.
func NewFingerprint(value uint64) Fingerprint {
	return Fingerprint{Algo: HashAlgo, Version: HashVersion, Value: value}
}

// Hex returns the value as 16 hex digits.
func (f Fingerprint) Hex() string { return fmt.Sprintf("%016x", f.Value) }

// MarshalJSON encodes the value as hex.
func (f Fingerprint) MarshalJSON() ([]byte, error) {
	return json.Marshal(fingerprintJSON{f.Algo, f.Version, f.Hex()})
}

// UnmarshalJSON decodes the form MarshalJSON writes. It returns an error
// if the value is not 16 hex digits.
func (f *Fingerprint) UnmarshalJSON(data []byte) error {
	var j fingerprintJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	v, err := ParseHash(j.Value)
	if err != nil {
		return err
	}
	*f = Fingerprint{Algo: j.Algo, Version: j.Version, Value: v}
	return nil
}

// Current reports whether f was made by the algorithm and version this
// package computes now.
func (f Fingerprint) Current() bool { return f.Algo == HashAlgo && f.Version == HashVersion }

// ParseHash parses the 16-digit hex form of a hash.
func ParseHash(s string) (uint64, error) {
	if len(s) != 16 {
		return 0, fmt.Errorf("photo: parse hash %q: want 16 hex digits", s)
	}
	v, err := strconv.ParseUint(s, 16, 64)
	if err != nil {
		return 0, fmt.Errorf("photo: parse hash %q: %w", s, err)
	}
	return v, nil
}

// Distance is the Hamming distance between two hashes, 0–64.
func Distance(a, b uint64) int { return bits.OnesCount64(a ^ b) }

// dctSize is the side of the luma block pHash transforms.
const dctSize = 32

// dctCos[u][x] = cos((2x+1)uπ / 2N) for the 8 lowest frequencies.
var dctCos = func() (t [8][dctSize]float64) {
	for u := range t {
		for x := range t[u] {
			t[u][x] = math.Cos(float64(2*x+1) * float64(u) * math.Pi / (2 * dctSize))
		}
	}
	return t
}()

// pHash is the DCT perceptual hash of a luma plane: the plane is averaged
// down to 32×32, the 8×8 lowest-frequency DCT-II coefficients are taken,
// and each bit says whether a coefficient is above their median (the DC
// term is left out of the median, since it only carries brightness).
func pHash(y []uint8, w, h int) uint64 {
	var px [dctSize * dctSize]uint8
	reducePlane(y, w, w, h, px[:], dctSize, dctSize)
	// Rows: rowF[r][u] = Σx px[r][x]·cos(u,x).
	var rowF [dctSize][8]float64
	for r := 0; r < dctSize; r++ {
		row := px[r*dctSize : (r+1)*dctSize]
		for u := 0; u < 8; u++ {
			var s float64
			for x, v := range row {
				s += float64(v) * dctCos[u][x]
			}
			rowF[r][u] = s
		}
	}
	var coef [64]float64
	for v := 0; v < 8; v++ {
		for u := 0; u < 8; u++ {
			var s float64
			for r := 0; r < dctSize; r++ {
				s += rowF[r][u] * dctCos[v][r]
			}
			coef[v*8+u] = s
		}
	}
	ac := coef
	sorted := slices.Clone(ac[1:])
	slices.Sort(sorted)
	median := (sorted[31] + sorted[30]) / 2
	var hash uint64
	for i, c := range coef {
		if c > median {
			hash |= 1 << uint(63-i)
		}
	}
	return hash
}

// dHash is the difference hash of a luma plane: the plane is averaged
// down to 9×8 and each bit says whether a pixel is brighter than its right
// neighbour.
func dHash(y []uint8, w, h int) uint64 {
	var px [9 * 8]uint8
	reducePlane(y, w, w, h, px[:], 9, 8)
	var hash uint64
	i := 0
	for r := 0; r < 8; r++ {
		for c := 0; c < 8; c++ {
			if px[r*9+c] > px[r*9+c+1] {
				hash |= 1 << uint(63-i)
			}
			i++
		}
	}
	return hash
}
