package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// cpuUse is CPU time spent so far by the three parties of a scenario, which
// share the machine's cores: the module's processes, the local PostgreSQL
// server's, and this process (the load generator and the simulators).
type cpuUse struct {
	module, db, bench time.Duration
}

func (a cpuUse) minus(b cpuUse) cpuUse {
	return cpuUse{module: a.module - b.module, db: a.db - b.db, bench: a.bench - b.bench}
}

// meter measures a scenario's CPU use from its start.
type meter struct {
	procs    []*proc
	postgres bool
	start    cpuUse
}

// startMeter samples the parties' CPU time before a scenario's load.
func startMeter(procs []*proc, db string) meter {
	return meter{procs: procs, postgres: db == DBPostgres, start: sampleCPU(procs, db == DBPostgres)}
}

// fill sets res's CPU use since the start and the processes' peak memory.
func (m meter) fill(res *Result) {
	res.fillUsage(sampleCPU(m.procs, m.postgres).minus(m.start), peaks(m.procs))
}

// sampleCPU reads the three parties' CPU time; db only when the scenario
// uses PostgreSQL (it is 0 when the server runs on another machine).
func sampleCPU(procs []*proc, postgres bool) cpuUse {
	var u cpuUse
	for _, p := range procs {
		u.module += p.cpuTime()
	}
	if postgres {
		u.db = postgresCPU("/proc")
	}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		u.bench = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return u
}

// postgresCPU sums the CPU time of the processes named "postgres" under
// procDir, with their waited-for children's: a backend or autovacuum worker
// that exits moves its time to the postmaster's children fields, so the sum
// only grows while the server runs.
func postgresCPU(procDir string) time.Duration {
	dirs, err := os.ReadDir(procDir)
	if err != nil {
		return 0
	}
	var ticks int64
	for _, d := range dirs {
		if _, err := strconv.Atoi(d.Name()); err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join(procDir, d.Name(), "stat"))
		if err != nil {
			continue // gone meanwhile
		}
		if name, f, ok := statFields(b); ok && name == "postgres" {
			ticks += f[11] + f[12] + f[13] + f[14] // utime, stime, cutime, cstime
		}
	}
	return time.Duration(ticks) * time.Second / clockTicks
}

// statFields splits a /proc/PID/stat line into the command name and the
// numeric fields after it (f[0] is field 3, the state, read as 0).
func statFields(b []byte) (name string, f []int64, ok bool) {
	open, end := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
	if open < 0 || end < open {
		return "", nil, false
	}
	for _, s := range strings.Fields(string(b[end+1:])) {
		n, _ := strconv.ParseInt(s, 10, 64)
		f = append(f, n)
	}
	return string(b[open+1 : end]), f, len(f) >= 15
}
