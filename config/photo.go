package config

import "time"

// PhotoConfig holds the photo vetting thresholds. See docs/PHOTO_CHECKS.md
// for how each one was chosen and how to tune it with `gridbot photocheck`.
//
// Brightness and contrast are measured on the luma (Y) channel, 0–255.
// Blur is the variance of the Laplacian of a fixed-size downscale (the long
// side reduced to 512 pixels); a lower score means a blurrier photo.
// Distances are Hamming distances between 64-bit perceptual hashes.
type PhotoConfig struct {
	// MaxBytes caps the size of a photo file.
	MaxBytes int64 `yaml:"max_bytes"`
	// MaxPixels caps width×height, checked before any pixel is decoded.
	MaxPixels int64 `yaml:"max_pixels"`
	// MinShortSide rejects photos whose shorter side has fewer pixels.
	MinShortSide int `yaml:"min_short_side"`
	// DarkBelow rejects photos whose mean luma is below it.
	DarkBelow float64 `yaml:"dark_below"`
	// BrightAbove rejects photos whose mean luma is above it.
	BrightAbove float64 `yaml:"bright_above"`
	// MinContrast rejects photos whose luma standard deviation is below it
	// (blank frames, a lens cap, a wall).
	MinContrast float64 `yaml:"min_contrast"`
	// BlurReject rejects photos whose blur score is below it.
	BlurReject float64 `yaml:"blur_reject"`
	// BlurRetake asks for a retake when the blur score is at least
	// BlurReject but below BlurRetake.
	BlurRetake float64 `yaml:"blur_retake"`
	// DuplicateDistance is the largest hash distance at which a photo is an
	// edited copy of an earlier one (by anyone).
	DuplicateDistance int `yaml:"duplicate_distance"`
	// DuplicateWindow limits the near-duplicate search to photos received
	// within this long; 0 searches every stored photo. Exact resends (same
	// SHA-256) are always found.
	DuplicateWindow time.Duration `yaml:"duplicate_window"`
	// BurstDistance is the largest hash distance at which two photos by the
	// same rider within BurstWindow are shots of one scene, counted once.
	BurstDistance int `yaml:"burst_distance"`
	// BurstWindow is how close in time burst shots are.
	BurstWindow time.Duration `yaml:"burst_window"`
	// Retention is how long original photos are kept; thumbnails and hashes
	// are kept forever. 0 keeps originals forever.
	Retention time.Duration `yaml:"retention"`
	// ThumbSize is the longest side of the dashboard thumbnail, in pixels.
	ThumbSize int `yaml:"thumb_size"`
	// ScreenshotCheck rejects images that look like phone screenshots.
	ScreenshotCheck bool `yaml:"screenshot_check"`
}

func defaultPhoto() PhotoConfig {
	return PhotoConfig{
		MaxBytes:          10 << 20,
		MaxPixels:         40_000_000,
		MinShortSide:      320,
		DarkBelow:         35,
		BrightAbove:       235,
		MinContrast:       10,
		BlurReject:        20,
		BlurRetake:        50,
		DuplicateDistance: 16,
		DuplicateWindow:   0,
		BurstDistance:     22,
		BurstWindow:       2 * time.Minute,
		Retention:         90 * 24 * time.Hour,
		ThumbSize:         320,
		ScreenshotCheck:   false,
	}
}

func (p *PhotoConfig) validate(add func(format string, args ...any)) {
	if p.MaxBytes <= 0 {
		add("photo.max_bytes must be a positive number of bytes")
	}
	if p.MaxPixels <= 0 {
		add("photo.max_pixels must be a positive number of pixels")
	}
	if p.MinShortSide < 1 {
		add("photo.min_short_side must be a positive number of pixels, such as 320")
	}
	if p.DarkBelow < 0 || p.DarkBelow > 255 {
		add("photo.dark_below must be a mean luma between 0 and 255, such as 35; got %g", p.DarkBelow)
	}
	if p.BrightAbove < 0 || p.BrightAbove > 255 {
		add("photo.bright_above must be a mean luma between 0 and 255, such as 235; got %g", p.BrightAbove)
	}
	if p.DarkBelow >= p.BrightAbove {
		add("photo.dark_below (%g) must be below photo.bright_above (%g)", p.DarkBelow, p.BrightAbove)
	}
	if p.MinContrast < 0 || p.MinContrast > 128 {
		add("photo.min_contrast must be a luma standard deviation between 0 and 128, such as 10; got %g", p.MinContrast)
	}
	if p.BlurReject < 0 {
		add("photo.blur_reject must be zero (off) or a positive blur score, such as 20")
	}
	if p.BlurRetake < p.BlurReject {
		add("photo.blur_reject (%g) must be below photo.blur_retake (%g); set them equal to never ask for a retake", p.BlurReject, p.BlurRetake)
	}
	if p.DuplicateDistance < 0 || p.DuplicateDistance > 32 {
		add("photo.duplicate_distance must be between 0 and 32 bits, such as 12; got %d", p.DuplicateDistance)
	}
	if p.BurstDistance < p.DuplicateDistance || p.BurstDistance > 32 {
		add("photo.burst_distance must be between photo.duplicate_distance (%d) and 32 bits; got %d", p.DuplicateDistance, p.BurstDistance)
	}
	if p.DuplicateWindow < 0 {
		add("photo.duplicate_window must be 0 (search all photos) or a duration such as 8760h")
	}
	if p.BurstWindow < 0 {
		add("photo.burst_window must be 0 (no burst grouping) or a duration such as 2m")
	}
	if p.Retention < 0 {
		add("photo.retention must be 0 (keep originals forever) or a duration such as 2160h")
	} else if p.Retention > 0 && p.Retention < time.Hour {
		add("photo.retention must be at least 1h (or 0 to keep originals forever); got %s", p.Retention)
	}
	if p.ThumbSize < 32 || p.ThumbSize > 2048 {
		add("photo.thumb_size must be between 32 and 2048 pixels, such as 320; got %d", p.ThumbSize)
	}
}
