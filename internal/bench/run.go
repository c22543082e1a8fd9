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
	Checks []Check            `json:"checks"`
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
	for _, sc := range o.plan() {
		if ctx.Err() != nil {
			break
		}
		runs := make([]Result, 0, o.Repeat)
		for range o.Repeat {
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
			runs = append(runs, r)
		}
		if len(runs) > 0 {
			rep.Results = append(rep.Results, median(runs))
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
func (rep *Report) ratios() {
	pt := rep.find(Passthrough)
	if pt == nil || pt.EndToEndPerSec == 0 {
		return
	}
	rep.Ratios = map[string]float64{}
	for _, r := range rep.Results {
		if r.Kind == KindInbound && r.TargetRate == 0 && r.Error == "" {
			rep.Ratios[r.Scenario] = r.EndToEndPerSec / pt.EndToEndPerSec
		}
	}
	if v, ok := rep.Ratios[InboundSQLite]; ok {
		pt.Ratio = v
	}
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
