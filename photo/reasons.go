package photo

// Reason is a machine-readable code saying why a photo is not accepted as
// is. Codes are stable: the catalog package maps each one to the message a
// rider sees, and they appear in logs, the JSON API and `gridbot photocheck`.
type Reason string

// Reasons a photo cannot be decoded. When one of these is given it is the
// only reason: no quality check or fingerprint is computed beyond SHA-256.
const (
	// ReasonTooLarge: the file is bigger than photo.max_bytes.
	ReasonTooLarge Reason = "too_large"
	// ReasonTooManyPixels: width×height, read from the header, is above
	// photo.max_pixels. No pixel is decoded (this is the bomb defence).
	ReasonTooManyPixels Reason = "too_many_pixels"
	// ReasonUnsupportedFormat: the file is not JPEG, PNG or GIF.
	ReasonUnsupportedFormat Reason = "unsupported_format"
	// ReasonCorrupt: the file claims a supported format but is truncated or
	// malformed.
	ReasonCorrupt Reason = "corrupt"
)

// Quality reasons. Several may be given at once, most important first.
const (
	// ReasonTooSmall: the shorter side is below photo.min_short_side.
	ReasonTooSmall Reason = "too_small"
	// ReasonBlank: almost no contrast (luma standard deviation below
	// photo.min_contrast): a blank frame, a covered lens, a plain wall.
	ReasonBlank Reason = "blank"
	// ReasonTooDark: mean luma below photo.dark_below.
	ReasonTooDark Reason = "too_dark"
	// ReasonTooBright: mean luma above photo.bright_above.
	ReasonTooBright Reason = "too_bright"
	// ReasonBlurry: the blur score is below photo.blur_reject.
	ReasonBlurry Reason = "blurry"
	// ReasonRetakeBlurry: the blur score is borderline, between
	// photo.blur_reject and photo.blur_retake. It is the only "retake"
	// reason: the rider is asked to shoot again rather than refused.
	ReasonRetakeBlurry Reason = "retake_blurry"
	// ReasonScreenshot: the image looks like a phone screenshot (exact
	// screen dimensions plus few colours or a flat status bar). Only given
	// when photo.screenshot_check is on.
	ReasonScreenshot Reason = "screenshot"
)

// Reasons given by Classify, about the photo's history rather than its
// pixels.
const (
	// ReasonDuplicate: the photo is a resend (same SHA-256) or an edited
	// copy (hash within photo.duplicate_distance) of an earlier photo by
	// anyone. It earns nothing.
	ReasonDuplicate Reason = "duplicate"
	// ReasonBurst: the same rider sent a shot of the same scene within
	// photo.burst_window; the burst counts once.
	ReasonBurst Reason = "burst"
)

// AllReasons lists every reason code, in the order above. The catalog
// package's tests use it to check that each code has a message.
var AllReasons = []Reason{
	ReasonTooLarge, ReasonTooManyPixels, ReasonUnsupportedFormat, ReasonCorrupt,
	ReasonTooSmall, ReasonBlank, ReasonTooDark, ReasonTooBright,
	ReasonBlurry, ReasonRetakeBlurry, ReasonScreenshot,
	ReasonDuplicate, ReasonBurst,
}

// Retake reports whether r asks for a retake rather than rejecting.
func (r Reason) Retake() bool { return r == ReasonRetakeBlurry }
