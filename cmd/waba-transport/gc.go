package main

import "runtime/debug"

// gcPercent is the module's default GOGC. Its garbage is short-lived (a
// webhook's bytes, a job's row, a request to MessageGateway) and its live
// heap small, so with Go's default of 100 (collect whenever the heap has
// doubled) collection took a tenth of the CPU under load. 200 collects when
// the heap has tripled: measured with `waba-transport bench`, peak memory
// stays far under the 150 MB target.
const gcPercent = 200

// gcDefaults applies gcPercent unless the operator set GOGC.
func gcDefaults(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}
