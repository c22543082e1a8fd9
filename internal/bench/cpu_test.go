package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The database's CPU is the sum over the processes named postgres, their
// exited children's included; other processes, odd names and vanished
// entries do not count.
func TestPostgresCPU(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	stat := func(pid, name string, utime, stime, cutime, cstime int) {
		t.Helper()
		if err := os.MkdirAll(filepath.Join(dir, pid), 0o755); err != nil {
			t.Fatal(err)
		}
		line := fmt.Sprintf("%s (%s) S 1 1 1 0 -1 4194560 100 0 0 0 %d %d %d %d 20 0 1 0 5 1000 10\n",
			pid, name, utime, stime, cutime, cstime)
		if err := os.WriteFile(filepath.Join(dir, pid, "stat"), []byte(line), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stat("100", "postgres", 10, 5, 100, 20) // the postmaster: exited backends in cutime, cstime
	stat("101", "postgres", 2, 1, 0, 0)
	stat("200", "my (postgres) tool", 1000, 1000, 0, 0)
	stat("300", "waba-transport", 500, 0, 0, 0)
	if err := os.MkdirAll(filepath.Join(dir, "400"), 0o755); err != nil { // exited while read: no stat
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "self"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got, want := postgresCPU(dir), 1380*time.Millisecond; got != want {
		t.Errorf("postgresCPU = %v, want %v", got, want)
	}
	if got := postgresCPU(filepath.Join(dir, "missing")); got != 0 {
		t.Errorf("postgresCPU without /proc = %v, want 0", got)
	}
}

// A module process's CPU comes from its own stat line.
func TestSampleCPUCountsTheParties(t *testing.T) {
	t.Parallel()
	before := sampleCPU(nil, false)
	deadline := time.Now().Add(30 * time.Millisecond)
	for time.Now().Before(deadline) { // burn some of this process's CPU
	}
	d := sampleCPU(nil, false).minus(before)
	if d.bench <= 0 || d.module != 0 || d.db != 0 {
		t.Errorf("CPU used = %+v, want only the benchmark's own", d)
	}
}
