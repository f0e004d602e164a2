//go:build race

package server

// raceDetector is true when the tests run with -race.
const raceDetector = true
