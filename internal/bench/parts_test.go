package bench

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestThroughputLimit: the simulated 360dialog refuses a number's send when
// it already had 80 in the last second, like Meta (130429), and counts only
// the sends it let through.
func TestThroughputLimit(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		gaps    []time.Duration // wait before each send
		key     func(i int) string
		refused int
	}{
		{"80 at once pass", repeat(80, 0), oneKey, 0},
		{"the 81st in the same second is refused", repeat(81, 0), oneKey, 1},
		{"evenly at 76/s never refused", repeat(500, time.Second/76), oneKey, 0},
		{"evenly at 85/s: about 5 refused a second", repeat(500, time.Second/85), oneKey, 30},
		{"the window slides", append(repeat(80, 0), time.Second, 0), oneKey, 0},
		{"each number has its own limit", repeat(160, 0), func(i int) string { return []string{"a", "b"}[i%2] }, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			now := time.Unix(1_764_000_000, 0)
			th := newThroughput(metaThroughput, time.Second, func() time.Time { return now })
			refused := 0
			for i, gap := range c.gaps {
				now = now.Add(gap)
				if !th.allow(c.key(i)) {
					refused++
				}
			}
			if refused != c.refused {
				t.Fatalf("refused %d, want %d", refused, c.refused)
			}
		})
	}
}

func repeat(n int, gap time.Duration) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = gap
	}
	return out
}

func oneKey(int) string { return "k" }

// TestThroughputAnswer: a refused send gets Meta's error body; read marks
// are never limited.
func TestThroughputAnswer(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_764_000_000, 0)
	th := newThroughput(1, time.Second, func() time.Time { return now })
	h := th.wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(`{}`)) }))
	send := func(body string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, "/messages", strings.NewReader(body))
		req.Header.Set("D360-API-KEY", "k")
		h.ServeHTTP(rec, req)
		return rec
	}
	text := `{"messaging_product":"whatsapp","to":"346","type":"text","text":{"body":"hola"}}`
	read := `{"messaging_product":"whatsapp","status":"read","message_id":"wamid.X"}`
	got := []int{send(text).Code, send(read).Code, send(read).Code}
	refusal := send(text)
	got = append(got, refusal.Code)
	if diff := cmp.Diff([]int{200, 200, 200, 400}, got); diff != "" {
		t.Fatalf("statuses (-want +got):\n%s", diff)
	}
	if !strings.Contains(refusal.Body.String(), `"code":130429`) || th.refused.Load() != 1 || th.accepted.Load() != 1 {
		t.Fatalf("refusal %s, refused %d, accepted %d", refusal.Body, th.refused.Load(), th.accepted.Load())
	}
}

// TestLoopbackOnly: the load never goes anywhere but this machine's loopback.
func TestLoopbackOnly(t *testing.T) {
	t.Parallel()
	cases := map[string]bool{
		"http://127.0.0.1:8080/webhooks/360dialog/x": true,
		"http://[::1]:8080/x":                        true,
		"http://localhost:8080/x":                    false, // a name could resolve anywhere
		"http://10.0.0.1:8080/x":                     false,
		"https://waba.example.com/x":                 false,
		"ftp://127.0.0.1/x":                          false,
		"::not a url":                                false,
	}
	for u, ok := range cases {
		if err := loopbackOnly(u); (err == nil) != ok {
			t.Errorf("loopbackOnly(%q) = %v, want allowed %v", u, err, ok)
		}
	}
}

// TestStatistics: percentiles are nearest-rank; the peak window counts
// events less than a window apart.
func TestStatistics(t *testing.T) {
	t.Parallel()
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = 100 - i // unsorted on purpose
	}
	got := []float64{percentile(nil, 50), percentile(ms(7), 99), percentile(ms(hundred...), 50),
		percentile(ms(hundred...), 99), percentile(ms(hundred...), 100)}
	if diff := cmp.Diff([]float64{0, 7, 50, 99, 100}, got); diff != "" {
		t.Errorf("percentiles (-want +got):\n%s", diff)
	}
	peaks := []int{peakInWindow(nil, time.Second), peakInWindow(ms(0, 500, 999, 1000, 1999), time.Second),
		peakInWindow(ms(0, 1000, 2000), time.Second)}
	if diff := cmp.Diff([]int{0, 3, 1}, peaks); diff != "" {
		t.Errorf("peaks (-want +got):\n%s", diff)
	}
}

// TestPassthroughRefuses: the pass-through checks the number's secret and
// the body before it calls MessageGateway.
func TestPassthroughRefuses(t *testing.T) {
	t.Parallel()
	h := http.NewServeMux()
	h.Handle("POST /webhooks/360dialog/{ref}", passthroughHandler(map[string]PassthroughRoute{
		"n0": {Secret: "s3cret", ChannelID: 1}}, nil))
	cases := []struct {
		name, ref, secret, body string
		want                    int
	}{
		{"unknown number", "n9", "s3cret", `{}`, http.StatusUnauthorized},
		{"wrong secret", "n0", "nope", `{}`, http.StatusUnauthorized},
		{"not a Cloud API webhook", "n0", "s3cret", `{"object":"page"}`, http.StatusBadRequest},
		{"no messages", "n0", "s3cret", `{"object":"whatsapp_business_account","entry":[]}`, http.StatusOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			req := httptest.NewRequest(http.MethodPost, "/webhooks/360dialog/"+c.ref, strings.NewReader(c.body))
			req.Header.Set(ptSecretHeader, c.secret)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != c.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, c.want, rec.Body)
			}
		})
	}
}
