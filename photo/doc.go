// Package photo decides, fast, whether a photo a rider sent is real,
// usable and new, and gives a reason code a rider can be told about when it
// is not. It also keeps the near-duplicate index and the photo files.
//
// # Basics
//
// A Checker (NewChecker, from config.PhotoConfig) vets a file's bytes:
// safe decoding, then quality checks, then fingerprints. The Result holds
// the reason codes, the scores behind them, the SHA-256 and the
// perceptual hash. Classify then compares the fingerprints with an Index
// of earlier photos and says whether the photo is new, a duplicate or a
// burst shot. Files stores originals and thumbnails on disk.
//
// # Invariants
//
//   - Decoding is bounded: at most photo.max_bytes are read, and the
//     dimensions are read from the header and checked against
//     photo.max_pixels before any pixel is allocated. Only JPEG, PNG and
//     GIF (first frame) are decoded, whatever other decoders are
//     registered with package image.
//   - A bad image is a Reason, never an error and never a panic. Errors
//     are returned only for I/O.
//   - The full-size image is read once, to reduce it to a small working
//     image (512 px on the long side, upright per EXIF); every score and
//     the perceptual hash come from that working image, so they do not
//     depend on the camera's resolution.
//   - Every perceptual hash carries its algorithm and version
//     (Fingerprint); hashes of different algorithms or versions are never
//     compared.
//   - The Index only grows: hashes are kept after originals are swept.
//     It answers exactly: multi-index hashing finds every entry within the
//     queried distance, the same set a linear scan finds.
//   - Files are content-addressed by SHA-256, written by temp file, fsync
//     and rename, and looked up only by a validated hex SHA-256. Image
//     bytes never go into bbolt.
//   - No Chinese text lives here: reason codes are mapped to messages by
//     the catalog package.
//
// # Caveats
//
//   - A 64-bit perceptual hash at duplicate_distance 16 can match two
//     unrelated photos when the index holds millions of them; see
//     docs/PHOTO_CHECKS.md for the measured margins and duplicate_window.
//   - The blur score cannot tell a soft but acceptable photo from a
//     motion-blurred one near the thresholds; the borderline band asks for
//     a retake rather than refusing.
package photo
