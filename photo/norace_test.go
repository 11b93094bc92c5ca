//go:build !race

package photo

// raceEnabled is false without -race; see race_test.go.
const raceEnabled = false
