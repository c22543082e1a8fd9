package sim

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// maxJSONBody bounds JSON request bodies; media and files have their own limits.
const maxJSONBody = 4 << 20

// notifier wakes waiters whenever a simulator records something, so tests wait
// for an event instead of sleeping.
type notifier struct {
	mu sync.Mutex
	ch chan struct{}
}

func newNotifier() *notifier { return &notifier{ch: make(chan struct{})} }

// signal wakes every current waiter.
func (n *notifier) signal() {
	n.mu.Lock()
	close(n.ch)
	n.ch = make(chan struct{})
	n.mu.Unlock()
}

// wait blocks until cond is true or ctx ends. The channel is taken before cond
// is checked so that a signal between the check and the select is not lost.
func (n *notifier) wait(ctx context.Context, cond func() bool) error {
	for {
		n.mu.Lock()
		ch := n.ch
		n.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("sim: condition not met: %w", ctx.Err())
		case <-ch:
		}
	}
}

// background runs the simulators' asynchronous work (status webhooks, retries)
// so that Close can stop it and Idle can wait for it.
type background struct {
	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	mu      sync.Mutex
	pending int
	closed  bool
	note    *notifier
}

func newBackground() *background {
	ctx, cancel := context.WithCancel(context.Background())
	return &background{ctx: ctx, cancel: cancel, note: newNotifier()}
}

// run starts f in a goroutine unless the simulator is closed.
func (b *background) run(f func(ctx context.Context)) {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return
	}
	b.pending++
	b.wg.Add(1)
	b.mu.Unlock()
	go func() {
		defer func() {
			b.mu.Lock()
			b.pending--
			b.mu.Unlock()
			b.note.signal()
			b.wg.Done()
		}()
		f(b.ctx)
	}()
}

// idle waits until no background work is pending.
func (b *background) idle(ctx context.Context) error {
	return b.note.wait(ctx, func() bool {
		b.mu.Lock()
		defer b.mu.Unlock()
		return b.pending == 0
	})
}

// close stops all background work and waits for it to return.
func (b *background) close() {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	b.cancel()
	b.wg.Wait()
}

// sleep waits d or until ctx ends; it reports whether the full time passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// randomToken returns an unguessable token for secrets the simulators issue.
func randomToken() string { return rand.Text() }

// writeJSON writes v with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// readBody reads a bounded request body.
func readBody(r *http.Request, limit int64) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r.Body, limit))
}

// postJSON POSTs body to url and returns the status and (bounded) answer.
func postJSON(ctx context.Context, client *http.Client, url string, headers map[string]string, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, fmt.Errorf("sim: build webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("sim: post webhook: %w", err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, answer, nil
}

// requestBase is the scheme and host the caller used, for URLs the simulators
// hand out when no base URL was configured.
func requestBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// orDefault returns the defaults for the options every simulator shares.
func orDefault(now func() time.Time, client *http.Client, log *slog.Logger) (func() time.Time, *http.Client, *slog.Logger) {
	if now == nil {
		now = time.Now
	}
	if client == nil {
		// 360dialog gives a receiver 5 s; MG is similar in practice.
		client = &http.Client{Timeout: 5 * time.Second}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return now, client, log
}

// cloneMap deep-copies a JSON-shaped value so callers cannot change recorded state.
func cloneMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil
	}
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return out
}

// str reads a string field of a JSON object, "" when absent or not a string.
func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

// obj reads an object field of a JSON object.
func obj(m map[string]any, key string) map[string]any {
	o, _ := m[key].(map[string]any)
	return o
}

// list reads an array field of a JSON object.
func list(m map[string]any, key string) []any {
	a, _ := m[key].([]any)
	return a
}

// jsonUnmarshal decodes raw into each target.
func jsonUnmarshal(raw []byte, targets ...any) error {
	for _, t := range targets {
		if err := json.Unmarshal(raw, t); err != nil {
			return err
		}
	}
	return nil
}
