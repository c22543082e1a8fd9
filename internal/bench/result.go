package bench

import (
	"slices"
	"time"
)

// Result is the measurement of one scenario. Rates are per second,
// latencies in milliseconds, memory in MiB.
type Result struct {
	Scenario    string  `json:"scenario"`
	Kind        string  `json:"kind"`     // inbound, passthrough, outbound
	Database    string  `json:"database"` // sqlite, postgres, none
	Replicas    int     `json:"replicas"`
	Messages    int     `json:"messages"`    // offered
	TargetRate  float64 `json:"target_rate"` // 0 = as fast as possible
	Concurrency int     `json:"concurrency"`

	// Accepted counts the webhooks the module answered with 200 (outbound:
	// the operators' messages it took); Delivered the distinct messages that
	// reached the far end (MessageGateway inbound, 360dialog outbound).
	Accepted  int `json:"accepted"`
	Delivered int `json:"delivered"`
	// AcceptedPerSec is Accepted over the time from the first webhook to the
	// last 200; EndToEndPerSec is Delivered over the time from the first
	// webhook to the last delivery (outbound: the achieved send rate at
	// 360dialog, first send to last).
	AcceptedPerSec float64 `json:"accepted_per_sec"`
	EndToEndPerSec float64 `json:"end_to_end_per_sec"`
	// Hook latency: from the start of the accepted POST to the module's answer.
	HookP50Ms float64 `json:"hook_p50_ms"`
	HookP99Ms float64 `json:"hook_p99_ms"`
	HookMaxMs float64 `json:"hook_max_ms"`
	// End-to-end latency: from the first POST of a message to its arrival.
	E2EP50Ms float64 `json:"e2e_p50_ms"`
	E2EP99Ms float64 `json:"e2e_p99_ms"`
	E2EMaxMs float64 `json:"e2e_max_ms"`
	// PeakMemMB is the largest VmHWM of the module's processes; PerProcess
	// lists each replica's.
	PeakMemMB           float64   `json:"peak_mem_mb"`
	PeakMemPerProcessMB []float64 `json:"peak_mem_per_process_mb"`
	// CPUSeconds is the module processes' CPU time during the load and
	// drain; DBCPUSeconds the local PostgreSQL server's (0: SQLite, none, or
	// a server on another machine); BenchCPUSeconds the benchmark's own (the
	// load generator and the simulators), which shares the cores.
	CPUSeconds      float64 `json:"cpu_seconds"`
	DBCPUSeconds    float64 `json:"db_cpu_seconds"`
	BenchCPUSeconds float64 `json:"bench_cpu_seconds"`

	// Lost: accepted but never delivered. Duplicated: delivered more than
	// once, or refused by MessageGateway as a duplicate. Reordered: messages
	// that reached the far end before an earlier message of the same chat.
	// Unaccepted: never accepted before the timeout.
	Lost       int `json:"lost"`
	Duplicated int `json:"duplicated"`
	Reordered  int `json:"reordered"`
	Unaccepted int `json:"unaccepted"`
	// Retries counts refused attempts (by HTTP status, "error" for transport
	// errors), each retried after a backoff as 360dialog and MG would.
	Retries       int            `json:"retries"`
	RetryStatuses map[string]int `json:"retry_statuses,omitempty"`

	// Outbound: refusals with Meta's throughput error, and the most sends
	// 360dialog saw for the number in any one second.
	Refused130429 int `json:"refused_130429"`
	PeakSendsIn1s int `json:"peak_sends_in_1s,omitempty"`

	// Ratio (pass-through only): inbound-sqlite's end-to-end rate over this one's.
	Ratio float64 `json:"ratio,omitempty"`

	// RunRates lists every run's end-to-end rate when the scenario was
	// repeated (Options.Repeat); this result is the median run.
	RunRates []float64 `json:"run_rates,omitempty"`

	DurationSec float64 `json:"duration_sec"`
	// TimedOut: the scenario hit its timeout; Stalled: nothing arrived for
	// the settle time after the load. Either way Lost counts what had not
	// arrived by then, which may be slow rather than gone.
	TimedOut bool   `json:"timed_out,omitempty"`
	Stalled  bool   `json:"stalled,omitempty"`
	Error    string `json:"error,omitempty"`
}

// Complete reports whether the scenario ran to the end with nothing lost,
// duplicated, reordered, refused or left unaccepted.
func (r Result) Complete() bool {
	return r.Error == "" && !r.TimedOut && !r.Stalled && r.Lost == 0 && r.Duplicated == 0 && r.Reordered == 0 &&
		r.Unaccepted == 0 && r.Refused130429 == 0 && r.Delivered == r.Messages
}

// percentile is the nearest-rank p-th percentile (0 < p <= 100) in ms.
func percentile(d []time.Duration, p float64) float64 {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	rank := int(p/100*float64(len(s))+0.999999) - 1
	rank = min(max(rank, 0), len(s)-1)
	return ms(s[rank])
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func mb(b int64) float64 { return float64(b) / (1 << 20) }

// perSec is count over span, 0 for an empty span.
func perSec(count int, span time.Duration) float64 {
	if span <= 0 || count == 0 {
		return 0
	}
	return float64(count) / span.Seconds()
}

// fill sets the sender-side numbers of r from the load's timings.
func (r *Result) fill(t *timings) {
	r.Accepted = t.accepted()
	r.Unaccepted = r.Messages - r.Accepted
	r.AcceptedPerSec = perSec(r.Accepted, t.acceptSpan())
	lat := t.acceptedLatencies()
	r.HookP50Ms, r.HookP99Ms, r.HookMaxMs = percentile(lat, 50), percentile(lat, 99), percentile(lat, 100)
	r.Retries, r.RetryStatuses = t.retries, t.statuses
	if len(r.RetryStatuses) == 0 {
		r.RetryStatuses = nil
	}
}

// fillUsage sets the CPU time of the parties and the module's memory.
func (r *Result) fillUsage(cpu cpuUse, peak []int64) {
	r.CPUSeconds, r.DBCPUSeconds, r.BenchCPUSeconds = cpu.module.Seconds(), cpu.db.Seconds(), cpu.bench.Seconds()
	for _, p := range peak {
		r.PeakMemPerProcessMB = append(r.PeakMemPerProcessMB, mb(p))
		r.PeakMemMB = max(r.PeakMemMB, mb(p))
	}
}
