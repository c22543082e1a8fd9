package bench

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
)

// Options configures Run. Zero values mean the defaults below.
type Options struct {
	// Binary is the waba-transport executable: it runs `serve` for the module
	// and `bench -passthrough-child` for the pass-through relay. Required.
	Binary string
	// Messages is the inbound message count per scenario (default 20000).
	Messages int
	// OutMessages is the outbound message count (default 5000).
	OutMessages int
	// Rate is the target inbound webhook rate per second; 0 = as fast as the
	// senders go.
	Rate float64
	// OutRate is the target rate of operator messages; 0 = as fast as the
	// senders go.
	OutRate float64
	// LatencyRate is the fixed rate of the latency scenarios (default 1000).
	LatencyRate float64
	// Concurrency is the number of concurrent inbound senders (default 32).
	Concurrency int
	// OutConcurrency is the number of concurrent operator senders (default
	// 256): the module may hold each message_sent webhook up to 3 s while the
	// send waits for its slot, so pacing needs many in flight.
	OutConcurrency int
	// Numbers is how many WhatsApp numbers share the inbound load (default 20):
	// the module limits each number's callbacks to 400/s, and one number
	// receiving thousands of messages a second is not a real case.
	Numbers int
	// Chats is how many customers write inbound (default 2000); OutChats how
	// many chats operators write to (default 1000). Each chat's messages are
	// sent one after another, so their order at the far end is checkable.
	Chats, OutChats int
	// PostgresURL enables the PostgreSQL scenarios; each gets a fresh schema,
	// dropped afterwards.
	PostgresURL string
	// Scenarios names the scenarios to run; empty means all that apply.
	Scenarios []string
	// Repeat runs the scenarios this many times (default 1), in rounds of
	// every scenario, and reports each one's median run by end-to-end rate:
	// on a shared machine one run can be ±15 % off. A run that lost,
	// duplicated or reordered anything is reported instead of the median, so
	// a repeat never hides a failure. Ratios to the pass-through are then
	// the median of the rounds' (Report.RoundRatios).
	Repeat int
	// Timeout bounds each scenario (default 5m).
	Timeout time.Duration
	// Settle is how long the far end may show no progress, after the load
	// ended, before the missing messages are counted lost (default 30s).
	Settle time.Duration
	// LogLevel is the module's WABA_LOG_LEVEL (default "info", as deployed).
	LogLevel string
	// TempDir holds the scenarios' databases and logs ("" = the system's).
	TempDir string
	// Keep leaves each scenario's directory (database, process logs) in
	// place and names it in the progress lines, for a look after the run.
	Keep bool
	// Progress receives one line per step; nil discards them.
	Progress io.Writer
}

// The scenario names.
const (
	InboundSQLite          = "inbound-sqlite"
	InboundSQLiteLatency   = "inbound-sqlite-latency"
	InboundPostgres1       = "inbound-pg1"
	InboundPostgres2       = "inbound-pg2"
	InboundPostgresLatency = "inbound-pg1-latency"
	Passthrough            = "passthrough"
	OutboundSQLite         = "outbound-sqlite"
	OutboundPostgres2      = "outbound-pg2"
)

// Scenario kinds.
const (
	KindInbound     = "inbound"
	KindPassthrough = "passthrough"
	KindOutbound    = "outbound"
)

// Databases.
const (
	DBSQLite   = "sqlite"
	DBPostgres = "postgres"
	DBNone     = "none"
)

// scenario is one planned run.
type scenario struct {
	name     string
	kind     string
	db       string
	replicas int
	n        int
	rate     float64 // 0 = as fast as possible
	conc     int
}

// ScenarioNames lists every scenario, in the order Run runs them.
func ScenarioNames() []string {
	return []string{InboundSQLite, InboundSQLiteLatency, InboundPostgres1, InboundPostgres2, InboundPostgresLatency,
		Passthrough, OutboundSQLite, OutboundPostgres2}
}

func (o Options) withDefaults() Options {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.Messages, 20000)
	def(&o.OutMessages, 5000)
	def(&o.Concurrency, 32)
	def(&o.OutConcurrency, 256)
	def(&o.Numbers, 20)
	def(&o.Chats, 2000)
	def(&o.OutChats, 1000)
	def(&o.Repeat, 1)
	if o.LatencyRate <= 0 {
		o.LatencyRate = 1000
	}
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Minute
	}
	if o.Settle <= 0 {
		o.Settle = 30 * time.Second
	}
	if o.LogLevel == "" {
		o.LogLevel = "info"
	}
	if o.TempDir == "" {
		o.TempDir = os.TempDir()
	}
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	return o
}

func (o Options) validate() error {
	if o.Binary == "" {
		return errors.New("bench: the waba-transport binary is required")
	}
	if _, err := os.Stat(o.Binary); err != nil {
		return fmt.Errorf("bench: binary: %w", err)
	}
	if o.Rate < 0 || o.OutRate < 0 {
		return errors.New("bench: a rate cannot be negative")
	}
	for _, s := range o.Scenarios {
		if !slices.Contains(ScenarioNames(), s) {
			return fmt.Errorf("bench: unknown scenario %q (known: %s)", s, strings.Join(ScenarioNames(), ", "))
		}
		if strings.Contains(s, "-pg") && o.PostgresURL == "" {
			return fmt.Errorf("bench: scenario %s needs a PostgreSQL URL", s)
		}
	}
	return nil
}

// plan lists the scenarios to run: the chosen ones, or every one that
// applies (the PostgreSQL ones only with a URL).
func (o Options) plan() []scenario {
	all := []scenario{
		{name: InboundSQLite, kind: KindInbound, db: DBSQLite, replicas: 1, n: o.Messages, rate: o.Rate, conc: o.Concurrency},
		{name: InboundSQLiteLatency, kind: KindInbound, db: DBSQLite, replicas: 1, n: o.Messages, rate: o.LatencyRate,
			conc: o.Concurrency},
		{name: InboundPostgres1, kind: KindInbound, db: DBPostgres, replicas: 1, n: o.Messages, rate: o.Rate,
			conc: o.Concurrency},
		{name: InboundPostgres2, kind: KindInbound, db: DBPostgres, replicas: 2, n: o.Messages, rate: o.Rate,
			conc: o.Concurrency},
		{name: InboundPostgresLatency, kind: KindInbound, db: DBPostgres, replicas: 1, n: o.Messages, rate: o.LatencyRate,
			conc: o.Concurrency},
		{name: Passthrough, kind: KindPassthrough, db: DBNone, replicas: 1, n: o.Messages, rate: o.Rate, conc: o.Concurrency},
		{name: OutboundSQLite, kind: KindOutbound, db: DBSQLite, replicas: 1, n: o.OutMessages, rate: o.OutRate,
			conc: o.OutConcurrency},
		{name: OutboundPostgres2, kind: KindOutbound, db: DBPostgres, replicas: 2, n: o.OutMessages, rate: o.OutRate,
			conc: o.OutConcurrency},
	}
	var out []scenario
	for _, s := range all {
		switch {
		case len(o.Scenarios) > 0 && !slices.Contains(o.Scenarios, s.name):
		case len(o.Scenarios) == 0 && s.db == DBPostgres && o.PostgresURL == "":
		default:
			out = append(out, s)
		}
	}
	return out
}
