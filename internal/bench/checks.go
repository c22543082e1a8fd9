package bench

import "fmt"

// The targets of issue 8 on the 2-core machine.
const (
	TargetInboundSQLite   = 3000 // messages/s end to end
	TargetInboundPostgres = 2000
	TargetHookP99Ms       = 25 // at LatencyRate
	TargetPeakMemMB       = 150
	TargetRatio           = 0.5 // durable / pass-through throughput
	// TargetSendRate is the module's pacing: 95% of Meta's 80/s per number.
	TargetSendRate = 0.95 * metaThroughput
	// sendRateTolerance is how far the achieved send rate may be from it.
	sendRateTolerance = 0.05
)

// Check statuses.
const (
	StatusPass = "pass"
	StatusFail = "fail"
	StatusNA   = "n/a"
)

// Check is one target checked against one scenario's result.
type Check struct {
	Target   string `json:"target"`
	Scenario string `json:"scenario"`
	Value    string `json:"value"`
	Status   string `json:"status"`
}

func check(target, scenario, value string, ok bool) Check {
	s := StatusFail
	if ok {
		s = StatusPass
	}
	return Check{Target: target, Scenario: scenario, Value: value, Status: s}
}

// checks applies the targets to the results that bear on them.
// Throughput targets are not applicable to a run at a fixed rate below them.
func checks(rep *Report) []Check {
	var out []Check
	for _, r := range rep.Results {
		if r.Error != "" {
			out = append(out, check("scenario runs", r.Scenario, r.Error, false))
			continue
		}
		out = append(out, check("nothing lost, duplicated, reordered or refused", r.Scenario,
			fmt.Sprintf("delivered %d/%d, lost %d, duplicated %d, reordered %d, unaccepted %d",
				r.Delivered, r.Messages, r.Lost, r.Duplicated, r.Reordered, r.Unaccepted), r.Complete()))
		switch {
		case r.Scenario == InboundSQLiteLatency || r.Scenario == InboundPostgresLatency:
			rate := fmt.Sprintf(" at %g/s", r.TargetRate)
			out = append(out,
				check(fmt.Sprintf("webhook p99 < %d ms%s", TargetHookP99Ms, rate), r.Scenario,
					fmt.Sprintf("%.1f ms", r.HookP99Ms), r.HookP99Ms < TargetHookP99Ms),
				check(fmt.Sprintf("peak memory < %d MB%s", TargetPeakMemMB, rate), r.Scenario,
					fmt.Sprintf("%.0f MB", r.PeakMemMB), r.PeakMemMB > 0 && r.PeakMemMB < TargetPeakMemMB))
		case r.Kind == KindInbound:
			floor := float64(TargetInboundPostgres)
			if r.Database == DBSQLite {
				floor = TargetInboundSQLite
			}
			c := check(fmt.Sprintf("inbound >= %.0f msg/s end to end", floor), r.Scenario,
				fmt.Sprintf("%.0f/s", r.EndToEndPerSec), r.EndToEndPerSec >= floor)
			if r.TargetRate > 0 && r.TargetRate < floor {
				c.Status = StatusNA
			}
			out = append(out, c)
			if ratio, ok := rep.Ratios[r.Scenario]; ok {
				out = append(out, check(fmt.Sprintf("durable/pass-through >= %.1f", TargetRatio), r.Scenario,
					fmt.Sprintf("%.2f", ratio), ratio >= TargetRatio))
			}
		case r.Kind == KindOutbound:
			lo, hi := TargetSendRate*(1-sendRateTolerance), TargetSendRate*(1+sendRateTolerance)
			c := check(fmt.Sprintf("send rate %.0f/s ±%.0f%% (95%% of 80)", TargetSendRate, 100*sendRateTolerance),
				r.Scenario, fmt.Sprintf("%.1f/s", r.EndToEndPerSec), r.EndToEndPerSec >= lo && r.EndToEndPerSec <= hi)
			if r.TargetRate > 0 && r.TargetRate < TargetSendRate {
				c.Status = StatusNA
			}
			out = append(out, c,
				check("no 130429 refusals, at most 80 sends in any second", r.Scenario,
					fmt.Sprintf("%d refused, peak %d/s", r.Refused130429, r.PeakSendsIn1s),
					r.Refused130429 == 0 && r.PeakSendsIn1s <= metaThroughput))
		}
	}
	return out
}
