package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// proc is one child process: a module replica or the pass-through relay.
type proc struct {
	cmd     *exec.Cmd
	addr    string // 127.0.0.1:port
	url     string
	logPath string
	done    chan struct{}
	err     error
}

// moduleEnv is the configuration of one `serve` replica. The GO* variables
// of the benchmark's environment (GOGC, GOMEMLIMIT, GODEBUG, GOMAXPROCS) are
// passed on, so their effect can be measured.
func moduleEnv(addr, dbURL, d360URL, secretKey, logLevel string) []string {
	env := []string{
		"WABA_HTTP_ADDR=" + addr,
		"WABA_PUBLIC_URL=http://" + addr,
		"WABA_DATABASE_URL=" + dbURL,
		"WABA_D360_URL=" + d360URL,
		"WABA_SECRET_KEY=" + secretKey,
		"WABA_ALLOW_PRIVATE_URLS=true",
		"WABA_LOG_LEVEL=" + logLevel,
	}
	for _, kv := range os.Environ() {
		// WABA_DEBUG_ADDR: profile the module under load (a second replica
		// finds the port taken and runs without it).
		if strings.HasPrefix(kv, "GO") || strings.HasPrefix(kv, "WABA_DEBUG_ADDR=") {
			env = append(env, kv)
		}
	}
	return env
}

// startModule runs `serve` on a free loopback port and waits until it is ready.
func startModule(ctx context.Context, bin, dir, name, dbURL, d360URL, secretKey, logLevel string) (*proc, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	p := &proc{addr: addr, url: "http://" + addr, logPath: filepath.Join(dir, name+".log"), done: make(chan struct{})}
	p.cmd = exec.Command(bin, "serve")
	p.cmd.Env = moduleEnv(addr, dbURL, d360URL, secretKey, logLevel)
	if err := p.start(); err != nil {
		return nil, err
	}
	if err := p.waitReady(ctx, 60*time.Second); err != nil {
		p.stop()
		return nil, err
	}
	return p, nil
}

// start starts the command with its output (stdout too, unless the caller
// set it) in the log file.
func (p *proc) start() error {
	logf, err := os.Create(p.logPath)
	if err != nil {
		return err
	}
	p.cmd.Stderr = logf
	if p.cmd.Stdout == nil {
		p.cmd.Stdout = logf
	}
	if err := p.cmd.Start(); err != nil {
		logf.Close()
		return fmt.Errorf("bench: start %s: %w", p.cmd.Path, err)
	}
	go func() {
		p.err = p.cmd.Wait()
		logf.Close()
		close(p.done)
	}()
	return nil
}

// waitReady polls /readyz until the process answers 200.
func (p *proc) waitReady(ctx context.Context, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.url+"/readyz", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-p.done:
			return fmt.Errorf("bench: %s exited: %v; log:\n%s", filepath.Base(p.logPath), p.err, p.logTail())
		case <-ctx.Done():
			return fmt.Errorf("bench: %s not ready: %w; log:\n%s", filepath.Base(p.logPath), ctx.Err(), p.logTail())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// stop asks the process to finish (SIGTERM), and kills it after 15 s.
func (p *proc) stop() {
	if p == nil || p.cmd.Process == nil {
		return
	}
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(15 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// peakRSS is the process's peak resident memory (VmHWM) in bytes; 0 when
// /proc is not available.
func (p *proc) peakRSS() int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(p.cmd.Process.Pid) + "/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(v) // "123456 kB"
			if len(f) == 2 && f[1] == "kB" {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}

// clockTicks is USER_HZ, which is 100 on every Linux the module targets.
const clockTicks = 100

// cpuTime is the user+system CPU time the process used so far; 0 when /proc
// is not available.
func (p *proc) cpuTime() time.Duration {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(p.cmd.Process.Pid) + "/stat")
	if err != nil {
		return 0
	}
	_, f, ok := statFields(b)
	if !ok {
		return 0
	}
	return time.Duration(f[11]+f[12]) * time.Second / clockTicks // utime, stime
}

// logTail returns the end of the process's log, for error reports.
func (p *proc) logTail() string {
	b, err := os.ReadFile(p.logPath)
	if err != nil {
		return ""
	}
	const keep = 4 << 10
	if len(b) > keep {
		b = b[len(b)-keep:]
	}
	return string(b)
}

// freeAddr picks a free loopback port (the module takes its address from the
// environment, so the port is chosen before it starts).
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// readAddrLine reads the "listening ADDR" line a child prints when it serves.
func readAddrLine(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		return "", fmt.Errorf("bench: child did not report its address: %w", err)
	}
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "listening ")
	if !ok {
		return "", errors.New("bench: unexpected first line from child: " + strings.TrimSpace(line))
	}
	return addr, nil
}
