package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"waba-transport/internal/bench"
)

// benchUsage is printed by `waba-transport bench -h`, before the flags.
const benchUsage = `Usage: waba-transport bench [flags]

Runs the module (this binary's serve command) against simulated 360dialog and
CRM on 127.0.0.1 and prints a table per scenario: throughput, webhook and
end-to-end latency p50/p99, peak memory, lost and duplicated messages, and the
issue's targets checked. Scenarios: ` + "inbound-sqlite, inbound-sqlite-latency, passthrough, outbound-sqlite" + `;
with -postgres also inbound-pg1, inbound-pg2, inbound-pg1-latency, outbound-pg2.

Flags:
`

// benchCmd runs `waba-transport bench`.
func benchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, benchUsage)
		fs.PrintDefaults()
	}
	var o bench.Options
	fs.IntVar(&o.Messages, "n", 20000, "inbound messages per scenario")
	fs.IntVar(&o.OutMessages, "out-n", 5000, "outbound (operator) messages")
	fs.Float64Var(&o.Rate, "rate", 0, "target inbound webhooks per second (0 = as fast as possible)")
	fs.Float64Var(&o.OutRate, "out-rate", 0, "target operator messages per second (0 = as fast as possible)")
	fs.Float64Var(&o.LatencyRate, "latency-rate", 1000, "fixed rate of the *-latency scenarios")
	fs.IntVar(&o.Concurrency, "c", 32, "concurrent inbound senders")
	fs.IntVar(&o.OutConcurrency, "out-c", 256, "concurrent operator senders")
	fs.IntVar(&o.Numbers, "numbers", 20, "WhatsApp numbers sharing the inbound load")
	fs.IntVar(&o.Chats, "chats", 2000, "customers writing inbound")
	fs.IntVar(&o.OutChats, "out-chats", 1000, "chats operators write to")
	fs.StringVar(&o.PostgresURL, "postgres", "", "PostgreSQL URL: adds the PostgreSQL scenarios (a fresh schema each, dropped after)")
	scenarios := fs.String("scenarios", "", "comma-separated scenarios to run (default: all that apply)")
	fs.IntVar(&o.Repeat, "repeat", 1, "rounds of every scenario; each one's median run is reported (one that lost or duplicated\n"+
		"anything instead), and as ratios the median round's")
	fs.DurationVar(&o.Timeout, "timeout", 5*time.Minute, "time limit of each scenario")
	fs.DurationVar(&o.Settle, "settle", 30*time.Second, "how long without progress after the load before the rest counts as lost")
	fs.StringVar(&o.LogLevel, "log-level", "info", "the module's WABA_LOG_LEVEL")
	fs.BoolVar(&o.Keep, "keep", false, "keep each scenario's database and process logs (their directories are printed)")
	jsonOut := fs.Bool("json", false, "also print the report as one JSON line after the table")
	check := fs.Bool("check", false, "exit with an error when a target is missed")
	quiet := fs.Bool("q", false, "no progress lines on stderr")
	cpuProfile := fs.String("cpuprofile", "", "write the load generator's CPU profile to this file (the module's: WABA_DEBUG_ADDR)")
	child := fs.Bool("passthrough-child", false, "internal: serve the pass-through relay (started by bench itself)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *child {
		return bench.ServePassthrough(ctx, os.Stdin, stdout)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("bench: unexpected arguments %q", fs.Args())
	}
	if *scenarios != "" {
		o.Scenarios = strings.Split(*scenarios, ",")
	}
	bin, err := os.Executable()
	if err != nil {
		return fmt.Errorf("bench: find this binary: %w", err)
	}
	o.Binary = bin
	if !*quiet {
		o.Progress = stderr
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	rep, err := bench.Run(ctx, o)
	if rep == nil {
		return err
	}
	if werr := bench.WriteTable(stdout, rep); werr != nil {
		return werr
	}
	if *jsonOut {
		if werr := bench.WriteJSON(stdout, rep); werr != nil {
			return werr
		}
	}
	if err != nil {
		return err
	}
	if *check && !rep.Passed() {
		return errors.New("bench: targets missed")
	}
	return nil
}
