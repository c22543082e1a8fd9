package main

import (
	"runtime/debug"
	"testing"
)

func TestGCDefaultsYieldToGOGC(t *testing.T) {
	orig := debug.SetGCPercent(100)
	defer debug.SetGCPercent(orig)

	gcDefaults(func(string) string { return "" })
	if got := debug.SetGCPercent(100); got != gcPercent {
		t.Fatalf("GOGC unset: GC percent %d, want the module's %d", got, gcPercent)
	}
	gcDefaults(func(k string) string {
		if k == "GOGC" {
			return "100"
		}
		return ""
	})
	if got := debug.SetGCPercent(100); got != 100 {
		t.Fatalf("GOGC=100 set by the operator: GC percent %d, want it left alone", got)
	}
}
