package bench

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// metaThroughput is Meta's default throughput of one number: 80 messages a
// second (360dialog-api.md §1); above it sends are refused with 130429.
const metaThroughput = 80

// codeThroughput is Meta's "Rate limit hit" error code.
const codeThroughput = 130429

// throughput puts Meta's per-number send limit in front of the simulated
// 360dialog, which does not model it: a send (POST /messages that is not a
// read mark) is refused with 130429 when the number already had max sends in
// the last window. It also counts the sends the simulator accepted.
type throughput struct {
	max    int
	window time.Duration
	now    func() time.Time

	mu     sync.Mutex
	recent map[string][]time.Time // per API key: times of the last max sends, oldest first

	refused  atomic.Int64
	accepted atomic.Int64
}

func newThroughput(max int, window time.Duration, now func() time.Time) *throughput {
	return &throughput{max: max, window: window, now: now, recent: map[string][]time.Time{}}
}

// allow reports whether key may send now, and if so counts the send.
func (t *throughput) allow(key string) bool {
	now := t.now()
	t.mu.Lock()
	defer t.mu.Unlock()
	r := t.recent[key]
	if len(r) >= t.max && now.Sub(r[len(r)-t.max]) < t.window {
		return false
	}
	r = append(r, now)
	if len(r) > 2*t.max {
		r = append(r[:0], r[len(r)-t.max:]...)
	}
	t.recent[key] = r
	return true
}

// wrap applies the limit to h's sends.
func (t *throughput) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/messages" {
			h.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, 4<<20))
		if err != nil {
			http.Error(w, "read body", http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		if isReadMark(body) {
			h.ServeHTTP(w, r)
			return
		}
		if !t.allow(r.Header.Get("D360-API-KEY")) {
			t.refused.Add(1)
			writeThroughputError(w)
			return
		}
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		if sw.status == http.StatusOK {
			t.accepted.Add(1)
		}
	})
}

// isReadMark tells a "mark as read" body ({"status":"read",...}) from a send.
func isReadMark(body []byte) bool {
	var b struct {
		Status string `json:"status"`
	}
	return json.Unmarshal(body, &b) == nil && b.Status == "read"
}

// writeThroughputError answers like Meta (passed through by 360dialog).
func writeThroughputError(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{
		"message":    "(#130429) Rate limit hit",
		"type":       "OAuthException",
		"code":       codeThroughput,
		"error_data": map[string]any{"messaging_product": "whatsapp", "details": "Cloud API message throughput has been reached."},
		"fbtrace_id": "ABenchThroughput",
	}})
}
