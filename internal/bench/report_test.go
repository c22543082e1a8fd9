package bench

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixedReport is a report with every kind of row: durable, pass-through,
// outbound, a failed scenario, retries, a timeout and a repeated scenario.
func fixedReport() *Report {
	rep := &Report{Date: time.Date(2026, 11, 24, 16, 0, 0, 0, time.UTC), Machine: "linux/amd64, 2 CPUs",
		Numbers: 20, Chats: 2000, OutChats: 1000, Repeat: 3, Results: []Result{
			{Scenario: InboundSQLite, Kind: KindInbound, Database: DBSQLite, Replicas: 1, Messages: 20000,
				Concurrency: 32, Accepted: 20000, Delivered: 20000, AcceptedPerSec: 3120.4, EndToEndPerSec: 3050.2,
				HookP50Ms: 4.21, HookP99Ms: 19.8, E2EP50Ms: 35.5, E2EP99Ms: 120.4, PeakMemMB: 88.2,
				PeakMemPerProcessMB: []float64{88.2}, CPUSeconds: 10.5, BenchCPUSeconds: 2.4, Retries: 3, RetryStatuses: map[string]int{"429": 3},
				RunRates: []float64{3050.2, 2710, 3390.6}},
			{Scenario: InboundSQLiteLatency, Kind: KindInbound, Database: DBSQLite, Replicas: 1, Messages: 20000,
				TargetRate: 1000, Concurrency: 32, Accepted: 20000, Delivered: 20000, AcceptedPerSec: 999.9,
				EndToEndPerSec: 999.1, HookP50Ms: 2.1, HookP99Ms: 31.7, E2EP50Ms: 12, E2EP99Ms: 40,
				PeakMemMB: 160.4, PeakMemPerProcessMB: []float64{160.4}, CPUSeconds: 8, BenchCPUSeconds: 3},
			{Scenario: InboundPostgres1, Kind: KindInbound, Database: DBPostgres, Replicas: 1, Messages: 20000,
				Concurrency: 32, Accepted: 20000, Delivered: 20000, AcceptedPerSec: 2100, EndToEndPerSec: 2090.5,
				HookP50Ms: 9, HookP99Ms: 24, E2EP50Ms: 15, E2EP99Ms: 33, PeakMemMB: 80, PeakMemPerProcessMB: []float64{80},
				CPUSeconds: 3.6, DBCPUSeconds: 2.6, BenchCPUSeconds: 1.8},
			{Scenario: InboundPostgres2, Kind: KindInbound, Database: DBPostgres, Replicas: 2, Messages: 20000,
				Concurrency: 32, Error: "bench: postgres: create schema: permission denied"},
			{Scenario: Passthrough, Kind: KindPassthrough, Database: DBNone, Replicas: 1, Messages: 20000,
				Concurrency: 32, Accepted: 20000, Delivered: 20000, AcceptedPerSec: 6000, EndToEndPerSec: 6000.8,
				HookP50Ms: 3, HookP99Ms: 9.5, E2EP50Ms: 1.5, E2EP99Ms: 6, PeakMemMB: 25, PeakMemPerProcessMB: []float64{25},
				CPUSeconds: 2, BenchCPUSeconds: 1.2},
			{Scenario: OutboundSQLite, Kind: KindOutbound, Database: DBSQLite, Replicas: 1, Messages: 5000,
				Concurrency: 256, Accepted: 5000, Delivered: 4999, AcceptedPerSec: 75.1, EndToEndPerSec: 75.9,
				HookP50Ms: 2900, HookP99Ms: 3010, E2EP50Ms: 31000, E2EP99Ms: 64000, PeakMemMB: 60,
				PeakMemPerProcessMB: []float64{60}, CPUSeconds: 20, Lost: 1, Refused130429: 2, PeakSendsIn1s: 81,
				TimedOut: true},
		}}
	rep.ratios()
	rep.Checks = checks(rep)
	return rep
}

// TestReportGolden: the table and the JSON line of a fixed report.
func TestReportGolden(t *testing.T) {
	t.Parallel()
	rep := fixedReport()
	var table, line bytes.Buffer
	if err := WriteTable(&table, rep); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&line, rep); err != nil {
		t.Fatal(err)
	}
	tablePath, jsonPath := filepath.Join("testdata", "table.golden"), filepath.Join("testdata", "report.golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(tablePath, table.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		var pretty bytes.Buffer
		if err := json.Indent(&pretty, line.Bytes(), "", "  "); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(jsonPath, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wantTable, err := os.ReadFile(tablePath)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(wantTable), table.String()); diff != "" {
		t.Errorf("table (-want +got):\n%s", diff)
	}
	wantJSON, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	var want, got any
	if err := json.Unmarshal(wantJSON, &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(line.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JSON (-want +got):\n%s", diff)
	}
}

// TestChecks: each target is judged on the scenario it is about, and a run
// at a fixed rate below a throughput target does not fail it.
func TestChecks(t *testing.T) {
	t.Parallel()
	rep := fixedReport()
	got := map[string]string{}
	for _, c := range rep.Checks {
		got[c.Scenario+": "+c.Target] = c.Status
	}
	want := map[string]string{
		"inbound-sqlite: nothing lost, duplicated, reordered or refused":         StatusPass,
		"inbound-sqlite: inbound >= 3000 msg/s end to end":                       StatusPass,
		"inbound-sqlite: durable/pass-through >= 0.5":                            StatusPass,
		"inbound-sqlite-latency: nothing lost, duplicated, reordered or refused": StatusPass,
		"inbound-sqlite-latency: webhook p99 < 25 ms at 1000/s":                  StatusFail,
		"inbound-sqlite-latency: peak memory < 150 MB at 1000/s":                 StatusFail,
		"inbound-pg1: nothing lost, duplicated, reordered or refused":            StatusPass,
		"inbound-pg1: inbound >= 2000 msg/s end to end":                          StatusPass,
		"inbound-pg1: durable/pass-through >= 0.5":                               StatusFail,
		"inbound-pg2: scenario runs":                                             StatusFail,
		"passthrough: nothing lost, duplicated, reordered or refused":            StatusPass,
		"outbound-sqlite: nothing lost, duplicated, reordered or refused":        StatusFail,
		"outbound-sqlite: send rate 76/s ±5% (95% of 80)":                        StatusPass,
		"outbound-sqlite: no 130429 refusals, at most 80 sends in any second":    StatusFail,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("checks (-want +got):\n%s", diff)
	}
	if rep.Passed() {
		t.Error("Passed with failed checks")
	}

	slow := &Report{Results: []Result{{Scenario: InboundSQLite, Kind: KindInbound, Database: DBSQLite,
		Messages: 10, Delivered: 10, Accepted: 10, TargetRate: 500, EndToEndPerSec: 500}}}
	slow.Checks = checks(slow)
	if s := slow.Checks[1].Status; s != StatusNA || !slow.Passed() {
		t.Errorf("a run at 500/s: throughput check %s, passed %v", s, slow.Passed())
	}
}

// TestMedianRun: a repeated scenario reports its median run, with every
// run's rate; a run that lost or duplicated anything is reported instead.
func TestMedianRun(t *testing.T) {
	t.Parallel()
	run := func(rate float64, lost int) Result {
		return Result{Scenario: InboundSQLite, Messages: 10, Delivered: 10 - lost, EndToEndPerSec: rate, Lost: lost}
	}
	m := median([]Result{run(3000, 0), run(2000, 0), run(3500, 0)})
	if m.EndToEndPerSec != 3000 || len(m.RunRates) != 3 || m.RunRates[1] != 2000 {
		t.Fatalf("median %+v", m)
	}
	if m := median([]Result{run(3000, 0), run(3100, 1), run(2900, 0)}); m.Lost != 1 {
		t.Fatalf("a run that lost a message was hidden: %+v", m)
	}
	if m := median([]Result{run(3000, 0)}); m.RunRates != nil {
		t.Fatalf("a single run reports run rates: %+v", m)
	}
}

// TestRatioOfRounds: repeated, a durable scenario's ratio to the pass-through
// is the median of each round's ratio, not the ratio of the two medians: a
// slower machine in later rounds slows both scenarios of a round alike.
func TestRatioOfRounds(t *testing.T) {
	t.Parallel()
	inbound := func(rates ...float64) Result {
		r := Result{Scenario: InboundSQLite, Kind: KindInbound, Messages: 10, Delivered: 10, EndToEndPerSec: rates[0]}
		if len(rates) > 1 {
			r.RunRates = rates
			r.EndToEndPerSec = slices.Sorted(slices.Values(rates))[len(rates)/2]
		}
		return r
	}
	pass := func(rates ...float64) Result {
		r := inbound(rates...)
		r.Scenario, r.Kind = Passthrough, KindPassthrough
		return r
	}
	rep := &Report{Results: []Result{inbound(3000, 2000, 2500), pass(6000, 4100, 4000)}}
	rep.ratios()
	want := []float64{3000.0 / 6000, 2000.0 / 4100, 2500.0 / 4000}
	if diff := cmp.Diff(want, rep.RoundRatios[InboundSQLite]); diff != "" {
		t.Fatalf("round ratios (-want +got):\n%s", diff)
	}
	if got := rep.Ratios[InboundSQLite]; got != 0.5 {
		t.Fatalf("ratio = %.3f, want the median round's 0.5 (the medians' ratio would be %.3f)", got, 2500.0/4100)
	}
	var table bytes.Buffer
	if err := WriteTable(&table, rep); err != nil {
		t.Fatal(err)
	}
	if line := "inbound-sqlite 0.50 (rounds 0.50 · 0.49 · 0.62)"; !strings.Contains(table.String(), line) {
		t.Fatalf("table lacks %q:\n%s", line, table.String())
	}

	single := &Report{Results: []Result{inbound(3000), pass(6000)}}
	single.ratios()
	if single.Ratios[InboundSQLite] != 0.5 || single.RoundRatios != nil {
		t.Fatalf("one run each: ratio %v, rounds %v; want 0.5 and none", single.Ratios, single.RoundRatios)
	}
}
