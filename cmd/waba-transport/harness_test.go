package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"waba-transport/internal/sim"
	"waba-transport/internal/store"
)

// binary is the module built once for the process-level tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "waba-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "waba-transport")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const (
	crmKey  = "e2e-crm-key-0123456789"
	d360Key = "e2e-360dialog-key-0123456789"
	secret  = "e2e-secret-key-0123456789abcdef"
)

// world is the outside world of the module: the simulated CRM and 360dialog,
// served from the test process so they outlive a killed module.
type world struct {
	t       *testing.T
	crm     *sim.CRM
	d360    *sim.Dialog360
	crmURL  string
	d360URL string
	dbURL   string
}

func newWorld(t *testing.T, dbURL string, retry []time.Duration) *world {
	t.Helper()
	w := &world{t: t, dbURL: dbURL}
	hc := &http.Client{Timeout: 5 * time.Second}
	w.d360 = sim.NewDialog360(sim.Dialog360Options{HTTPClient: hc, RetryDelays: retry, StatusDelay: -1})
	w.crm = sim.NewCRM(sim.CRMOptions{HTTPClient: hc})
	d := httptest.NewServer(w.d360.Handler())
	c := httptest.NewServer(w.crm.Handler())
	t.Cleanup(func() { d.Close(); c.Close(); w.d360.Close(); w.crm.Close() })
	w.d360URL, w.crmURL = d.URL, c.URL
	w.crm.AddAPIKey(crmKey, sim.FullAccessScopes(), "access_full")
	w.d360.AddNumber(d360Key, "+34 911 222 333")
	return w
}

// module is one running `waba-transport serve` process.
type module struct {
	cmd  *exec.Cmd
	addr string
	url  string
	logs *bytes.Buffer
}

// start runs the module on addr ("" = a free port) with extra environment.
func (w *world) start(addr, publicURL string, env ...string) *module {
	w.t.Helper()
	if addr == "" {
		addr = freeAddr(w.t)
	}
	if publicURL == "" {
		publicURL = "http://" + addr
	}
	m := &module{addr: addr, url: "http://" + addr, logs: &bytes.Buffer{}}
	m.cmd = exec.Command(binary, "serve")
	m.cmd.Env = append([]string{
		"WABA_HTTP_ADDR=" + addr, "WABA_PUBLIC_URL=" + publicURL, "WABA_DATABASE_URL=" + w.dbURL,
		"WABA_D360_URL=" + w.d360URL, "WABA_SECRET_KEY=" + secret, "WABA_ALLOW_PRIVATE_URLS=true",
		"WABA_LOG_LEVEL=info", "PATH=" + os.Getenv("PATH"),
	}, env...)
	m.cmd.Stdout, m.cmd.Stderr = m.logs, m.logs
	if err := m.cmd.Start(); err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { m.kill() })
	w.waitHealthy(m)
	return m
}

func (w *world) waitHealthy(m *module) {
	w.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(m.url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	w.t.Fatalf("module did not become ready; logs:\n%s", m.logs)
}

// kill sends SIGKILL: no shutdown, no flushing, like a crash.
func (m *module) kill() {
	if m.cmd.Process != nil && m.cmd.ProcessState == nil {
		_ = m.cmd.Process.Signal(syscall.SIGKILL)
		_ = m.cmd.Wait()
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// connect connects the simulated CRM and adds the number through the JSON API.
func (w *world) connect(m *module) (clientID string, channelID int64) {
	w.t.Helper()
	var c struct {
		ClientID string `json:"client_id"`
	}
	w.post(m.url+"/api/v1/connections", map[string]string{"crm_url": w.crmURL, "api_key": crmKey}, http.StatusCreated, &c)
	var a struct {
		ChannelID int64 `json:"channel_id"`
	}
	w.post(m.url+"/api/v1/connections/"+c.ClientID+"/accounts", map[string]string{"api_key": d360Key, "name": "Shop"},
		http.StatusCreated, &a)
	return c.ClientID, a.ChannelID
}

func (w *world) post(url string, body any, want int, out any) {
	w.t.Helper()
	b, _ := json.Marshal(body)
	resp, err := http.Post(url, "application/json", bytes.NewReader(b))
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != want {
		var e bytes.Buffer
		e.ReadFrom(resp.Body)
		w.t.Fatalf("POST %s: %d %s", url, resp.StatusCode, e.String())
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			w.t.Fatal(err)
		}
	}
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("timed out after %s waiting for %s", d, what)
		case <-time.After(25 * time.Millisecond):
		}
	}
}

// databases are the databases process-level tests run on.
func databases(t *testing.T) map[string]string { return store.TestDatabases(t) }

func customers(n int) []sim.Customer {
	out := make([]sim.Customer, n)
	for i := range out {
		out[i] = sim.Customer{Name: fmt.Sprintf("Cliente %d", i), Phone: fmt.Sprintf("3460000%04d", i),
			UserID: fmt.Sprintf("ES.%010d", i)}
	}
	return out
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
