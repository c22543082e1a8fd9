package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// columns of the table, with the meaning printed under it.
var columns = []string{"scenario", "db", "rate", "msgs", "acc/s", "e2e/s", "hook p50", "hook p99",
	"e2e p50", "e2e p99", "mem MB", "cpu s", "lost", "dup", "order", "retry"}

// WriteTable prints the report as a fixed-width table, followed by the
// ratios, the outbound pacing and the target checks.
func WriteTable(w io.Writer, rep *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "waba-transport bench, %s, %s, inbound over %d numbers and %d chats, outbound 1 number and %d chats",
		rep.Date.Format("2006-01-02 15:04 MST"), rep.Machine, rep.Numbers, rep.Chats, rep.OutChats)
	if rep.Repeat > 1 {
		fmt.Fprintf(&b, ", median of %d runs per scenario", rep.Repeat)
	}
	b.WriteString("\n\n")
	rows := [][]string{columns}
	for _, r := range rep.Results {
		row := []string{r.Scenario, dbText(r), rateCell(r.TargetRate), fmt.Sprint(r.Messages)}
		if r.Error != "" {
			row = append(row, "error")
		} else {
			row = append(row, fmt.Sprintf("%.0f", r.AcceptedPerSec), fmt.Sprintf("%.0f", r.EndToEndPerSec),
				msCell(r.HookP50Ms), msCell(r.HookP99Ms), msCell(r.E2EP50Ms), msCell(r.E2EP99Ms),
				memCell(r.PeakMemMB), fmt.Sprintf("%.1f", r.CPUSeconds), fmt.Sprint(r.Lost),
				fmt.Sprint(r.Duplicated), fmt.Sprint(r.Reordered), fmt.Sprint(r.Retries))
		}
		rows = append(rows, row)
	}
	writeRows(&b, rows, 2)
	b.WriteString("\nacc/s: webhooks answered 200 per second; e2e/s: messages at the far end per second (outbound: sends\n" +
		"at 360dialog); hook: POST to answer; e2e: first POST to MessageGateway (outbound: to 360dialog); latencies\n" +
		"in ms; mem: peak RSS (VmHWM) of the module process (largest replica); cpu: module CPU time (per message,\n" +
		"with the database's and the benchmark's, below); lost: accepted but not at the far end when the scenario\n" +
		"ended; order: messages that overtook an earlier one of their chat; retry: refused webhook attempts, retried.\n")
	notes(&b, rep)
	cpuNotes(&b, rep)
	if len(rep.Checks) > 0 {
		b.WriteString("\ntargets:\n")
		var rows [][]string
		for _, c := range rep.Checks {
			rows = append(rows, []string{"  " + strings.ToUpper(c.Status), c.Scenario, c.Target, c.Value})
		}
		writeRows(&b, rows, 4)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// joinf formats each of vs with format and joins them with sep.
func joinf(format string, vs []float64, sep string) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = fmt.Sprintf(format, v)
	}
	return strings.Join(out, sep)
}

// notes are the lines under the table: ratios, pacing, retries, errors.
func notes(b *strings.Builder, rep *Report) {
	if len(rep.Ratios) > 0 {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(rep.Ratios)) {
			part := fmt.Sprintf("%s %.2f", k, rep.Ratios[k])
			if rounds := rep.RoundRatios[k]; rounds != nil {
				part += " (rounds " + joinf("%.2f", rounds, " · ") + ")"
			}
			parts = append(parts, part)
		}
		fmt.Fprintf(b, "\ndurable/pass-through end-to-end throughput: %s\n", strings.Join(parts, ", "))
	}
	for _, r := range rep.Results {
		if len(r.RunRates) > 1 {
			fmt.Fprintf(b, "%s: end to end/s of each run: %s\n", r.Scenario, joinf("%.0f", r.RunRates, ", "))
		}
		switch {
		case r.Error != "":
			fmt.Fprintf(b, "%s failed: %s\n", r.Scenario, r.Error)
			continue
		case r.Kind == KindOutbound:
			fmt.Fprintf(b, "%s: %.1f sends/s at 360dialog (pacing target %.0f/s), at most %d in any second, "+
				"%d refused with 130429\n", r.Scenario, r.EndToEndPerSec, TargetSendRate, r.PeakSendsIn1s, r.Refused130429)
		}
		if len(r.RetryStatuses) > 0 {
			var parts []string
			for _, k := range slices.Sorted(maps.Keys(r.RetryStatuses)) {
				parts = append(parts, fmt.Sprintf("%s: %d", k, r.RetryStatuses[k]))
			}
			fmt.Fprintf(b, "%s: refused attempts by status: %s\n", r.Scenario, strings.Join(parts, ", "))
		}
		switch {
		case r.TimedOut:
			fmt.Fprintf(b, "%s: timed out; %d of %d delivered by then (lost counts the rest)\n",
				r.Scenario, r.Delivered, r.Messages)
		case r.Stalled:
			fmt.Fprintf(b, "%s: nothing arrived for the settle time; %d of %d delivered by then (lost counts the rest)\n",
				r.Scenario, r.Delivered, r.Messages)
		}
	}
}

// cpuNotes lists the CPU time each party spent per delivered message in
// the inbound scenarios: on a machine whose cores the module shares with
// the database and the load, the throughput ratios follow these sums.
func cpuNotes(b *strings.Builder, rep *Report) {
	rows := [][]string{{"  CPU µs per message", "module", "database", "benchmark", "total"}}
	for _, r := range rep.Results {
		if r.Error != "" || r.Kind == KindOutbound || r.Delivered == 0 {
			continue
		}
		per := func(s float64) float64 { return s * 1e6 / float64(r.Delivered) }
		db := "—"
		total := per(r.CPUSeconds) + per(r.BenchCPUSeconds)
		if r.DBCPUSeconds > 0 {
			db = fmt.Sprintf("%.0f", per(r.DBCPUSeconds))
			total += per(r.DBCPUSeconds)
		}
		rows = append(rows, []string{"  " + r.Scenario, fmt.Sprintf("%.0f", per(r.CPUSeconds)), db,
			fmt.Sprintf("%.0f", per(r.BenchCPUSeconds)), fmt.Sprintf("%.0f", total)})
	}
	if len(rows) == 1 {
		return
	}
	b.WriteString("\n")
	writeRows(b, rows, 1)
	b.WriteString("(module: its processes, SQLite included; database: the local PostgreSQL server's processes, — when\n" +
		"there is none or it runs elsewhere; benchmark: the load generator and the simulators, on the same cores)\n")
}

// writeRows prints rows as fixed-width columns: the first left columns
// aligned left (names), the rest right (numbers).
func writeRows(b *strings.Builder, rows [][]string, left int) {
	var width []int
	for _, row := range rows {
		for i, c := range row {
			if i == len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	for _, row := range rows {
		var line strings.Builder
		for i, c := range row {
			if i > 0 {
				line.WriteString("  ")
			}
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i < left {
				line.WriteString(c + pad)
			} else {
				line.WriteString(pad + c)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
}

// WriteJSON prints the report as one JSON line.
func WriteJSON(w io.Writer, rep *Report) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // the targets say ">=" and "<"
	return enc.Encode(rep)
}

func dbText(r Result) string {
	switch {
	case r.Database == DBNone:
		return "-"
	case r.Replicas > 1:
		return fmt.Sprintf("%s x%d", r.Database, r.Replicas)
	}
	return r.Database
}

func rateCell(rate float64) string {
	if rate <= 0 {
		return "max"
	}
	return fmt.Sprintf("%g/s", rate)
}

func msCell(v float64) string {
	if v >= 100 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

func memCell(v float64) string {
	if v == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f", v)
}
