package bench

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"waba-transport/internal/sim"
)

// The simulated CRM's key and the numbers' keys (fixed: nothing outside the
// benchmark's own processes ever sees them).
const (
	crmKey      = "bench-crm-key-0123456789"
	d360KeyBase = "bench-360dialog-key-"
)

// mgMessagesPath is MessageGateway's POST /messages under the simulated CRM.
const mgMessagesPath = "/mg/api/transport/v1/messages"

// world is the outside of the module for one scenario: a simulated
// 360dialog (behind Meta's throughput limit) and a simulated CRM with its
// MessageGateway, each on its own loopback listener.
type world struct {
	d360     *sim.Dialog360
	crm      *sim.CRM
	d360URL  string
	crmURL   string
	limit    *throughput
	mgPosted atomic.Int64 // POST /messages that MG accepted: messages visible in the chat
	servers  []*http.Server
	numbers  []number
}

// number is one WhatsApp number of the scenario.
type number struct {
	key       string
	sim       sim.Number
	channelID int64
	hookURL   string            // the callback the module registered
	headers   map[string]string // with its secret header
}

// newWorld starts the simulators with nums numbers; conc sizes their
// HTTP clients' connection pools (the CRM posts the operators' webhooks).
func newWorld(nums, conc int) (*world, error) {
	w := &world{limit: newThroughput(metaThroughput, time.Second, time.Now)}
	d360Ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	crmLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		d360Ln.Close()
		return nil, err
	}
	w.d360URL, w.crmURL = "http://"+d360Ln.Addr().String(), "http://"+crmLn.Addr().String()
	hc := &http.Client{Timeout: 30 * time.Second, Transport: transport(conc)}
	w.d360 = sim.NewDialog360(sim.Dialog360Options{BaseURL: w.d360URL, HTTPClient: hc,
		RetryDelays: []time.Duration{time.Second, 3 * time.Second, 10 * time.Second}})
	w.crm = sim.NewCRM(sim.CRMOptions{BaseURL: w.crmURL, HTTPClient: hc})
	w.crm.AddAPIKey(crmKey, sim.FullAccessScopes(), "access_full")
	for i := range nums {
		key := fmt.Sprintf("%s%04d", d360KeyBase, i)
		n := w.d360.AddNumber(key, fmt.Sprintf("+34 911 %03d %03d", i/1000, i%1000))
		w.numbers = append(w.numbers, number{key: key, sim: n})
	}
	w.serve(d360Ln, w.limit.wrap(w.d360.Handler()))
	w.serve(crmLn, countMG(w.crm.Handler(), &w.mgPosted))
	return w, nil
}

func (w *world) serve(ln net.Listener, h http.Handler) {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	w.servers = append(w.servers, srv)
	go func() { _ = srv.Serve(ln) }()
}

// close stops the servers and the simulators' background work.
func (w *world) close() {
	for _, s := range w.servers {
		_ = s.Close()
	}
	w.d360.Close()
	w.crm.Close()
}

// hooks reads the callback each number registered at 360dialog.
func (w *world) hooks() error {
	for i := range w.numbers {
		n := &w.numbers[i]
		n.hookURL, n.headers = w.d360.Webhook(n.key)
		if n.hookURL == "" {
			return fmt.Errorf("bench: the module registered no callback for number %d", i)
		}
		if err := loopbackOnly(n.hookURL); err != nil {
			return err
		}
	}
	return nil
}

// transport is an HTTP transport that keeps conc connections per host alive,
// so load is not measured as connection set-up.
func transport(conc int) *http.Transport {
	return &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        2 * conc,
		MaxIdleConnsPerHost: 2 * conc,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
}

// loopbackOnly refuses a load target that is not on this machine's loopback:
// the benchmark must never load anything else.
func loopbackOnly(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("bench: target %q: %w", raw, err)
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	if u.Scheme != "http" || ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("bench: refusing to load %s: only http://127.0.0.1 targets are allowed", u.Redacted())
	}
	return nil
}

// withHost returns raw with its host:port replaced, to send a number's
// callbacks to another replica.
func withHost(raw, hostport string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	u.Host = hostport
	return u.String(), nil
}

// countMG counts the POST /messages that MessageGateway accepted. It is
// how the benchmark sees messages arrive without copying the simulator's
// whole message list on every check.
func countMG(h http.Handler, n *atomic.Int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != mgMessagesPath {
			h.ServeHTTP(w, r)
			return
		}
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		if sw.status/100 == 2 {
			n.Add(1)
		}
	})
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// waitCount waits until count reaches want, or ctx ends, or count has not
// moved for settle (the rest is then counted lost). It reports whether want
// was reached.
func waitCount(ctx context.Context, count func() int64, want int64, settle time.Duration) bool {
	last, lastChange := count(), time.Now()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		c := count()
		if c >= want {
			return true
		}
		if c != last {
			last, lastChange = c, time.Now()
		}
		if time.Since(lastChange) > settle {
			return false
		}
		select {
		case <-ctx.Done():
			return false
		case <-tick.C:
		}
	}
}

// redact hides a URL's password in progress lines.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return strings.TrimSpace(u.Redacted())
}
