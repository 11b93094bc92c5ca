// Package testkit holds the fixtures that gridbot's tests share. It is
// imported only by _test.go files; no production code may depend on it.
//
// # Basics
//
//   - Clock is a settable time source. Its Now is what tests inject wherever
//     gridbot takes a func() time.Time (store.Options.Now, staff.Deps.Now,
//     wx.Options.Now, …). Time moves only when the test calls Advance or Set.
//   - LogBuffer is an io.Writer for slog handlers whose output a test greps.
//     Writes from concurrent goroutines are serialised, and String returns
//     a consistent snapshot.
//
// Both are safe for concurrent use, so a test may advance the clock or read
// the log while servers and workers run under the race detector.
//
// # Caveats
//
// testkit imports nothing from gridbot, so that any package's internal tests
// (package store included) can use it without an import cycle. Fixtures that
// need the store live in the subpackage storekit, which package store's own
// tests must not import.
package testkit
