// Package storekit holds store fixtures that gridbot's tests share: opening
// a store that is checked when the test ends, and writing riders, reports
// and redemptions in one call. It is imported only by _test.go files
// outside package store (store's internal tests would form an import cycle;
// they use gridbot/internal/testkit alone).
//
// Every helper takes a testing.TB, calls tb.Helper, and fails the test with
// tb.Fatalf when the store returns an error, so a caller never checks one.
// Open's cleanup is the exception: it reports a failed consistency check
// with tb.Errorf, so that the test's own failures still show.
//
// Writes go through store.DB.Do, one transaction each, stamped with the
// store's clock (tx.Now). As store.DB.Do may run its function more than
// once, each helper starts every run from the caller's value.
package storekit
