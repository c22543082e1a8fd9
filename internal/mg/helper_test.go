package mg

import (
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const testToken = "tok-secret-123"

// captured is what the fake MG saw; it is also the golden file's shape.
type captured struct {
	Method      string              `json:"method"`
	Path        string              `json:"path"`
	Query       map[string][]string `json:"query,omitempty"`
	ContentType string              `json:"content_type,omitempty"`
	Body        json.RawMessage     `json:"body,omitempty"`
	RawBody     string              `json:"raw_body,omitempty"`
	token       string
}

// fakeMG answers every request with status and body and records the last one.
type fakeMG struct {
	mu   sync.Mutex
	last captured
	srv  *httptest.Server
}

func newFakeMG(t *testing.T, status int, body string, hdr http.Header) *fakeMG {
	t.Helper()
	f := &fakeMG{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		c := captured{
			Method:      r.Method,
			Path:        r.URL.EscapedPath(),
			ContentType: r.Header.Get("Content-Type"),
			token:       r.Header.Get("X-Transport-Token"),
		}
		if q := r.URL.Query(); len(q) > 0 {
			c.Query = q
		}
		switch {
		case len(b) == 0:
		case json.Valid(b) && c.ContentType == "application/json":
			c.Body = b
		default:
			c.RawBody = string(b)
		}
		f.mu.Lock()
		f.last = c
		f.mu.Unlock()
		for k, vs := range hdr {
			w.Header()[k] = vs
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeMG) request() captured {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.last
}

// client returns a client for the fake; the trailing slash checks that New trims it.
func (f *fakeMG) client() *Client { return New(f.srv.URL+"/", testToken, f.srv.Client()) }

// checkGolden compares got with testdata/<name> as parsed JSON, or rewrites
// the file under -update.
func checkGolden(t *testing.T, name string, got any) {
	t.Helper()
	path := filepath.Join("testdata", name)
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create): %v", err)
	}
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("golden %s: %v", path, err)
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(w, g); d != "" {
		t.Errorf("%s mismatch (-golden +got):\n%s", path, d)
	}
}
