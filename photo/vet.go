package photo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"io"

	"gridbot/config"
)

// Checker vets photos against the thresholds in a config.PhotoConfig. It
// holds no mutable state and is safe for concurrent use.
type Checker struct {
	cfg config.PhotoConfig
}

// NewChecker returns a Checker for cfg, which should have passed
// config validation.
func NewChecker(cfg config.PhotoConfig) *Checker { return &Checker{cfg: cfg} }

// Config returns the thresholds the Checker applies.
func (c *Checker) Config() config.PhotoConfig { return c.cfg }

// Result is the verdict on one photo's bytes and pixels. It says nothing
// about duplicates: see Classify.
type Result struct {
	// Size is the file size in bytes, or max_bytes+1 when too large.
	Size int64 `json:"size"`
	// Format is jpeg, png or gif; empty if not recognised.
	Format string `json:"format"`
	// Width and Height are upright (after EXIF orientation). They are set
	// for ReasonTooManyPixels too, from the header.
	Width  int `json:"width"`
	Height int `json:"height"`
	// SHA256 is the hex SHA-256 of the file; empty only when too large.
	SHA256 string `json:"sha256"`
	// Hash is the perceptual hash; zero (Algo "") if the photo did not
	// decode.
	Hash Fingerprint `json:"hash"`
	// Blur, Brightness and Contrast are the scores the checks compared
	// with the thresholds; see config.PhotoConfig.
	Blur       float64 `json:"blur"`
	Brightness float64 `json:"brightness"`
	Contrast   float64 `json:"contrast"`
	// Reasons lists every failed check, the most important first; empty
	// when OK.
	Reasons []Reason `json:"reasons"`
	// OK is true when there are no reasons.
	OK bool `json:"ok"`
	// Retake is true when every reason only asks for a retake.
	Retake bool `json:"retake"`
	// Thumb is the dashboard thumbnail (photo.thumb_size on the long side,
	// upright), or nil if the photo did not decode. Files.PutThumb stores it.
	Thumb *image.YCbCr `json:"-"`
}

// Check reads a photo from r and vets it. It reads at most max_bytes+1
// bytes. The error is non-nil only when reading r fails; a bad image is
// reported in Result.Reasons.
func (c *Checker) Check(r io.Reader) (Result, error) {
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(r, c.cfg.MaxBytes+1))
	if err != nil {
		return Result{}, fmt.Errorf("photo: read: %w", err)
	}
	if n > c.cfg.MaxBytes {
		return c.finish(Result{Size: n, Reasons: []Reason{ReasonTooLarge}}), nil
	}
	return c.CheckBytes(buf.Bytes()), nil
}

// CheckBytes vets a photo held in memory. It does not keep data.
func (c *Checker) CheckBytes(data []byte) Result {
	res := Result{Size: int64(len(data))}
	if int64(len(data)) > c.cfg.MaxBytes {
		res.Reasons = []Reason{ReasonTooLarge}
		return c.finish(res)
	}
	res.SHA256 = sha256Hex(data)
	d, reason := safeDecode(data, c.cfg.MaxPixels)
	res.Format, res.Width, res.Height = d.format, d.width, d.height
	if reason != "" {
		res.Reasons = []Reason{reason}
		return c.finish(res)
	}
	work := orient(reduce(d.img), d.orientation)
	d.img = nil // let the full image go before the rest is computed
	if d.orientation >= 5 {
		res.Width, res.Height = res.Height, res.Width
	}
	res.Hash = NewFingerprint(hashLuma(work.y, work.w, work.h, pHash))
	st := measure(work.y, work.w, work.h)
	res.Blur, res.Brightness, res.Contrast = st.blur, st.brightness, st.contrast
	res.Reasons = c.judge(res.Width, res.Height, st, work)
	res.Thumb = work.thumbnail(c.cfg.ThumbSize)
	return c.finish(res)
}

// judge applies the thresholds. Exposure is judged before contrast, so a
// black frame is too_dark and a mid-grey one is blank. Blur is not judged
// on a blank, dark or bright photo: the Laplacian of a nearly flat image is small whatever the
// focus, and the rider needs the light fixed first.
func (c *Checker) judge(width, height int, st stats, work *planes) []Reason {
	var rs []Reason
	if min(width, height) < c.cfg.MinShortSide {
		rs = append(rs, ReasonTooSmall)
	}
	exposed := true
	switch {
	case st.brightness < c.cfg.DarkBelow:
		rs = append(rs, ReasonTooDark)
		exposed = false
	case st.brightness > c.cfg.BrightAbove:
		rs = append(rs, ReasonTooBright)
		exposed = false
	case st.contrast < c.cfg.MinContrast:
		rs = append(rs, ReasonBlank)
		exposed = false
	}
	if exposed {
		switch {
		case st.blur < c.cfg.BlurReject:
			rs = append(rs, ReasonBlurry)
		case st.blur < c.cfg.BlurRetake:
			rs = append(rs, ReasonRetakeBlurry)
		}
	}
	if c.cfg.ScreenshotCheck && looksLikeScreenshot(width, height, work) {
		rs = append(rs, ReasonScreenshot)
	}
	return rs
}

func (c *Checker) finish(res Result) Result {
	res.OK = len(res.Reasons) == 0
	res.Retake = !res.OK
	for _, r := range res.Reasons {
		if !r.Retake() {
			res.Retake = false
		}
	}
	if res.Reasons == nil {
		res.Reasons = []Reason{}
	}
	return res
}

func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
