package sim

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// t0 is the fixed time tests run at.
var t0 = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

// clock is a settable test clock.
type clock struct{ unix atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.unix.Store(t0.Unix())
	return c
}

func (c *clock) now() time.Time          { return time.Unix(c.unix.Load(), 0).UTC() }
func (c *clock) advance(d time.Duration) { c.unix.Add(int64(d / time.Second)) }

// request is one request a receiver got.
type request struct {
	Body   []byte
	Header http.Header
	Path   string
}

// receiver is a stand-in for the module: it records requests and answers
// with the status chosen by answer (200 when nil) and the body reply gives.
type receiver struct {
	URL    string
	answer func(n int) int
	mu     sync.Mutex
	reply  func(body []byte) []byte
	reqs   []request
}

func newReceiver(t *testing.T) *receiver {
	t.Helper()
	rc := &receiver{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.reqs = append(rc.reqs, request{Body: body, Header: r.Header.Clone(), Path: r.URL.Path})
		n := len(rc.reqs)
		answer, reply := rc.answer, rc.reply
		rc.mu.Unlock()
		status := 200
		if answer != nil {
			status = answer(n)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		if reply != nil {
			_, _ = w.Write(reply(body))
		}
	}))
	t.Cleanup(srv.Close)
	rc.URL = srv.URL
	return rc
}

func (rc *receiver) requests() []request {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]request(nil), rc.reqs...)
}

// call makes one HTTP request; body is sent as is when []byte, as JSON
// otherwise. It returns the status and the parsed JSON answer (nil if none).
func call(t *testing.T, method, url string, headers map[string]string, body any) (int, map[string]any) {
	t.Helper()
	st, raw := callRaw(t, method, url, headers, body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return st, out
}

// callRaw is call returning the raw answer.
func callRaw(t *testing.T, method, url string, headers map[string]string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, raw
}

// parse decodes JSON or fails the test.
func parse(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("not JSON: %v: %s", err, raw)
	}
	return out
}

// golden compares got (JSON) with testdata/name, parsed; -update rewrites it.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		var buf bytes.Buffer
		if err := json.Indent(&buf, got, "", "  "); err != nil {
			t.Fatal(err)
		}
		buf.WriteByte('\n')
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create): %v", err)
	}
	if diff := cmp.Diff(parse(t, want), parse(t, got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
	}
}

// dig walks a parsed JSON value by object keys and array indexes.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}
