package dialog360

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

// update rewrites the golden request files from what the client sends.
var update = flag.Bool("update", false, "rewrite testdata/requests golden files")

// testKey is a fake API key; tests check it reaches the server and no error text.
const testKey = "k3y-SECRET-0123456789abcdef"

// captured is one request as the fake 360dialog server saw it.
type captured struct {
	Method   string
	Path     string
	RawQuery string
	Header   http.Header
	Body     []byte
}

// fakeAPI is an httptest server that records requests and answers each with
// the next canned reply (the last one repeats).
type fakeAPI struct {
	*httptest.Server
	mu      sync.Mutex
	reqs    []captured
	replies []reply
}

// reply is a canned answer of fakeAPI.
type reply struct {
	status int
	header map[string]string
	body   []byte
}

// newFakeAPI starts a fake API answering with replies in order.
func newFakeAPI(t *testing.T, replies ...reply) *fakeAPI {
	t.Helper()
	f := &fakeAPI{replies: replies}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		n := len(f.reqs)
		f.reqs = append(f.reqs, captured{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Clone(), b})
		f.mu.Unlock()
		rp := reply{status: http.StatusOK}
		if len(f.replies) > 0 {
			rp = f.replies[min(n, len(f.replies)-1)]
		}
		for k, v := range rp.header {
			w.Header().Set(k, v)
		}
		if rp.status == 0 {
			rp.status = http.StatusOK
		}
		w.WriteHeader(rp.status)
		_, _ = w.Write(rp.body)
	}))
	t.Cleanup(f.Close)
	return f
}

// requests returns what the server received so far.
func (f *fakeAPI) requests() []captured {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]captured(nil), f.reqs...)
}

// ok answers 200 with a testdata file.
func ok(t *testing.T, file string) reply {
	return reply{status: http.StatusOK, body: readFile(t, file)}
}

// readFile reads a file under testdata.
func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// assertGoldenJSON compares got with testdata/requests/name.json as parsed JSON;
// with -update it rewrites the file instead.
func assertGoldenJSON(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "requests", name+".json")
	var g any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, got)
	}
	if *update {
		pretty, _ := json.MarshalIndent(g, "", "  ")
		if err := os.WriteFile(path, append(pretty, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	var want any
	if err := json.Unmarshal(readFile(t, filepath.Join("requests", name+".json")), &want); err != nil {
		t.Fatalf("golden %s: %v", path, err)
	}
	if d := cmp.Diff(want, g); d != "" {
		t.Errorf("request body differs from %s (-want +got):\n%s", path, d)
	}
}
