//go:build race

package systemtest

// raceDetector is true when the tests run with -race.
const raceDetector = true
