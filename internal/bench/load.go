package bench

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// load drives n items through workers at a target rate. Item i always goes
// to worker lane(i) % workers, and each worker finishes an item (retrying
// until it is accepted) before it takes the next, so items of one lane —
// one chat — are accepted in order.
type load struct {
	n       int
	workers int
	rate    float64 // items per second; 0 = as fast as the workers go
	lane    func(i int) int
	// send makes one attempt of item i and returns the HTTP status (0 on a
	// transport error). 200 means accepted.
	send func(ctx context.Context, i, attempt int) int
}

// timings is what happened to each item, as offsets from the run's start.
type timings struct {
	t0      time.Time
	start   []time.Duration // first attempt began
	done    []time.Duration // the accepted attempt returned (0: never accepted)
	latency []time.Duration // duration of the accepted attempt
	ok      []bool
	end     time.Duration // the last worker finished

	mu       sync.Mutex
	retries  int
	statuses map[string]int // status of each refused attempt ("error" for transport errors)
}

// run sends every item (or stops when ctx ends) and returns the timings.
func (l *load) run(ctx context.Context) *timings {
	t := &timings{t0: time.Now(), start: make([]time.Duration, l.n), done: make([]time.Duration, l.n),
		latency: make([]time.Duration, l.n), ok: make([]bool, l.n), statuses: map[string]int{}}
	lanes := make([]chan int, l.workers)
	var wg sync.WaitGroup
	for w := range lanes {
		lanes[w] = make(chan int, 256)
		wg.Go(func() {
			for i := range lanes[w] {
				l.item(ctx, t, i)
			}
		})
	}
	l.dispatch(ctx, t.t0, lanes)
	for _, c := range lanes {
		close(c)
	}
	wg.Wait()
	t.end = time.Since(t.t0)
	return t
}

// dispatch hands out the items, on schedule when a rate is set.
func (l *load) dispatch(ctx context.Context, t0 time.Time, lanes []chan int) {
	for i := range l.n {
		if l.rate > 0 {
			due := t0.Add(time.Duration(float64(i) / l.rate * float64(time.Second)))
			if wait := time.Until(due); wait > 0 {
				select {
				case <-ctx.Done():
					return
				case <-time.After(wait):
				}
			}
		}
		select {
		case <-ctx.Done():
			return
		case lanes[l.lane(i)%len(lanes)] <- i:
		}
	}
}

// item sends item i until it is accepted, backing off between attempts.
func (l *load) item(ctx context.Context, t *timings, i int) {
	t.start[i] = time.Since(t.t0)
	backoff := 50 * time.Millisecond
	for attempt := 1; ctx.Err() == nil; attempt++ {
		began := time.Now()
		status := l.send(ctx, i, attempt)
		if status == http.StatusOK {
			t.latency[i] = time.Since(began)
			t.done[i] = time.Since(t.t0)
			t.ok[i] = true
			return
		}
		if ctx.Err() != nil {
			return
		}
		key := "error"
		if status != 0 {
			key = strconv.Itoa(status)
		}
		t.mu.Lock()
		t.retries++
		t.statuses[key]++
		t.mu.Unlock()
		select {
		case <-ctx.Done():
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, time.Second)
	}
}

// accepted counts the items that were accepted.
func (t *timings) accepted() int {
	n := 0
	for _, ok := range t.ok {
		if ok {
			n++
		}
	}
	return n
}

// acceptSpan is the time from the first attempt to the last acceptance.
func (t *timings) acceptSpan() time.Duration {
	var last time.Duration
	for i, ok := range t.ok {
		if ok && t.done[i] > last {
			last = t.done[i]
		}
	}
	return last - t.firstStart()
}

func (t *timings) firstStart() time.Duration {
	first := time.Duration(-1)
	for _, s := range t.start {
		if first < 0 || s < first {
			first = s
		}
	}
	return max(first, 0)
}

// acceptedLatencies lists the latencies of the accepted attempts.
func (t *timings) acceptedLatencies() []time.Duration {
	out := make([]time.Duration, 0, len(t.ok))
	for i, ok := range t.ok {
		if ok {
			out = append(out, t.latency[i])
		}
	}
	return out
}

// poster POSTs prepared JSON bodies with keep-alive connections.
type poster struct {
	client *http.Client
}

func newPoster(conc int) *poster {
	return &poster{client: &http.Client{Timeout: 30 * time.Second, Transport: transport(conc)}}
}

// post sends body to url with headers and returns the status (0 on a
// transport error); the answer is read to the end so the connection is reused.
func (p *poster) post(ctx context.Context, url string, headers map[string]string, body []byte) int {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := p.client.Do(req)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func (p *poster) close() { p.client.CloseIdleConnections() }
