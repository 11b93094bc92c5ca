//go:build race

package photo

// raceEnabled is true under -race, which makes the pixel loops of image
// encoding and decoding about 15 times slower. The corpus edit tests then
// generate edits for raceEditPhotos only; `go test ./photo/` runs them all.
const raceEnabled = true
