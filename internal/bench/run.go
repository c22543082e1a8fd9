package bench

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"time"
)

// Report is the outcome of Run.
type Report struct {
	Date     time.Time `json:"date"`
	Machine  string    `json:"machine"` // e.g. "linux/amd64, 2 CPUs"
	Numbers  int       `json:"numbers"`
	Chats    int       `json:"chats"`
	OutChats int       `json:"out_chats"`
	Repeat   int       `json:"repeat"` // runs per scenario; each result is the median run
	Results  []Result  `json:"results"`
	// Ratios is each durable inbound scenario's end-to-end rate over the
	// pass-through's (the issue asks for at least 0.5).
	Ratios map[string]float64 `json:"ratios,omitempty"`
	// RoundRatios lists, for repeated runs, each round's ratio; Ratios then
	// holds their median.
	RoundRatios map[string][]float64 `json:"round_ratios,omitempty"`
	Checks      []Check              `json:"checks"`
}

// Run runs the planned scenarios one after another and checks the targets.
// A scenario that fails to start is reported with its Error and the next
// one runs; only invalid options make Run fail.
func Run(ctx context.Context, o Options) (*Report, error) {
	o = o.withDefaults()
	if err := o.validate(); err != nil {
		return nil, err
	}
	rep := &Report{Date: time.Now().UTC(), Numbers: o.Numbers, Chats: o.Chats, OutChats: o.OutChats, Repeat: o.Repeat,
		Machine: fmt.Sprintf("%s/%s, %d CPUs", runtime.GOOS, runtime.GOARCH, runtime.NumCPU())}
	if o.PostgresURL != "" {
		fmt.Fprintf(o.Progress, "PostgreSQL: %s\n", redact(o.PostgresURL))
	}
	// Repeats run in rounds of every scenario, not each scenario's runs in a
	// row: the machine's speed drifts over minutes, and a ratio of two
	// scenarios is only fair between runs of the same round (see ratios).
	plan := o.plan()
	runs := make([][]Result, len(plan))
	for range o.Repeat {
		for i, sc := range plan {
			if ctx.Err() != nil {
				break
			}
			var r Result
			if sc.kind == KindOutbound {
				r = runOutbound(ctx, o, sc)
			} else {
				r = runInbound(ctx, o, sc)
			}
			fmt.Fprintf(o.Progress, "%s: %s\n", sc.name, summary(r))
			runs[i] = append(runs[i], r)
		}
	}
	for _, rs := range runs {
		if len(rs) > 0 {
			rep.Results = append(rep.Results, median(rs))
		}
	}
	rep.ratios()
	rep.Checks = checks(rep)
	return rep, ctx.Err()
}

// median returns the run with the median end-to-end rate, with every run's
// rate in RunRates; a run that is not Complete is returned instead, so a
// repeat never hides a loss, a duplicate or an error.
func median(runs []Result) Result {
	rates := make([]float64, len(runs))
	for i, r := range runs {
		rates[i] = r.EndToEndPerSec
	}
	pick := slices.Clone(runs)
	slices.SortStableFunc(pick, func(a, b Result) int { return cmp.Compare(a.EndToEndPerSec, b.EndToEndPerSec) })
	m := pick[len(pick)/2]
	for _, r := range runs {
		if !r.Complete() {
			m = r
			break
		}
	}
	if len(runs) > 1 {
		m.RunRates = rates
	}
	return m
}

// ratios sets the durable/pass-through ratios and the pass-through's Ratio.
// When both scenarios ran in the same rounds, a scenario's ratio is the
// median of its rounds' ratios (RoundRatios), each taken between runs minutes
// apart at most; otherwise it is the ratio of the two reported rates.
func (rep *Report) ratios() {
	pt := rep.find(Passthrough)
	if pt == nil || pt.EndToEndPerSec == 0 {
		return
	}
	rep.Ratios = map[string]float64{}
	for _, r := range rep.Results {
		if r.Kind != KindInbound || r.TargetRate != 0 || r.Error != "" {
			continue
		}
		rep.Ratios[r.Scenario] = r.EndToEndPerSec / pt.EndToEndPerSec
		if rounds := roundRatios(r.RunRates, pt.RunRates); rounds != nil {
			if rep.RoundRatios == nil {
				rep.RoundRatios = map[string][]float64{}
			}
			rep.RoundRatios[r.Scenario] = rounds
			sorted := slices.Sorted(slices.Values(rounds))
			rep.Ratios[r.Scenario] = sorted[len(sorted)/2]
		}
	}
	if v, ok := rep.Ratios[InboundSQLite]; ok {
		pt.Ratio = v
	}
}

// roundRatios divides each round's durable rate by the same round's
// pass-through rate; nil unless both ran the same rounds, more than one.
func roundRatios(durable, passthrough []float64) []float64 {
	if len(durable) < 2 || len(durable) != len(passthrough) {
		return nil
	}
	out := make([]float64, len(durable))
	for i := range durable {
		if passthrough[i] == 0 {
			return nil
		}
		out[i] = durable[i] / passthrough[i]
	}
	return out
}

// find returns the result of a scenario, nil if it did not run.
func (rep *Report) find(name string) *Result {
	for i := range rep.Results {
		if rep.Results[i].Scenario == name {
			return &rep.Results[i]
		}
	}
	return nil
}

// Passed reports whether every applicable check passed.
func (rep *Report) Passed() bool {
	for _, c := range rep.Checks {
		if c.Status == StatusFail {
			return false
		}
	}
	return true
}

// scenarioDir makes the directory of a scenario's database and logs.
func scenarioDir(o Options, sc scenario) (string, error) {
	dir, err := os.MkdirTemp(o.TempDir, "waba-bench-"+sc.name+"-")
	if err == nil && o.Keep {
		fmt.Fprintf(o.Progress, "%s: database and logs in %s\n", sc.name, dir)
	}
	return dir, err
}

// removeDir removes a scenario's directory unless it is to be kept.
func removeDir(o Options, dir string) {
	if !o.Keep {
		_ = os.RemoveAll(dir)
	}
}

// summary is the progress line of a finished scenario.
func summary(r Result) string {
	if r.Error != "" {
		return "error: " + r.Error
	}
	s := fmt.Sprintf("%.0f/s accepted, %.0f/s end to end, lost %d, duplicated %d, %.1fs",
		r.AcceptedPerSec, r.EndToEndPerSec, r.Lost, r.Duplicated, r.DurationSec)
	switch {
	case r.TimedOut:
		s += " (timed out)"
	case r.Stalled:
		s += " (stalled)"
	}
	return s
}
