package bench

import (
	"context"
	"fmt"
	"time"
)

// lateDuplicates is how long the benchmark keeps watching after the last
// message arrived, so that a job repeated just after the end still shows as
// a duplicate.
const lateDuplicates = 500 * time.Millisecond

// runInbound runs an inbound or pass-through scenario: sc.n webhooks, one
// text message each, from o.Chats customers writing to o.Numbers numbers.
func runInbound(ctx context.Context, o Options, sc scenario) (res Result) {
	res = newResult(sc)
	began := time.Now()
	defer func() { res.DurationSec = time.Since(began).Seconds() }()
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()

	w, err := newWorld(o.Numbers, sc.conc)
	if err != nil {
		res.Error = err.Error()
		return res
	}
	defer w.close()
	dir, err := scenarioDir(o, sc)
	if err != nil {
		res.Error = err.Error()
		return res
	}
	defer removeDir(o, dir)

	var (
		procs []*proc
		eps   [][]endpoint // [replica][number]
	)
	if sc.kind == KindPassthrough {
		p, ep, err := startPassthrough(ctx, o, w, dir)
		if err != nil {
			res.Error = err.Error()
			return res
		}
		defer p.stop()
		procs, eps = []*proc{p}, [][]endpoint{ep}
	} else {
		reps, err := startReplicas(ctx, o, sc, w, dir)
		if err != nil {
			res.Error = err.Error()
			return res
		}
		defer func() {
			if err := reps.stop(); err != nil && res.Error == "" {
				res.Error = "drop the PostgreSQL schema: " + err.Error()
			}
		}()
		procs = reps.procs
		if eps, err = replicaEndpoints(w, procs); err != nil {
			res.Error = err.Error()
			return res
		}
	}

	tr := traffic{run: randomHex(4), numbers: o.Numbers, chats: o.Chats}
	bodies := tr.bodies(sc.n, w.numbers, time.Now())
	post := newPoster(sc.conc)
	defer post.close()
	l := &load{n: sc.n, workers: sc.conc, rate: sc.rate, lane: tr.chat,
		send: func(ctx context.Context, i, _ int) int {
			// Consecutive messages, and consecutive messages of one chat,
			// alternate between the replicas.
			ep := eps[(tr.chat(i)+i/tr.chats)%len(eps)][tr.number(i)]
			return post.post(ctx, ep.url, ep.headers, bodies[i])
		}}
	fmt.Fprintf(o.Progress, "%s: %d messages, %s, %d senders, %d numbers, %d chats\n",
		sc.name, sc.n, rateText(sc.rate), sc.conc, o.Numbers, o.Chats)

	usage := startMeter(procs, sc.db)
	t := l.run(ctx)
	res.fill(t)
	if waitCount(ctx, w.mgPosted.Load, int64(res.Accepted), o.Settle) {
		sleepCtx(ctx, lateDuplicates)
	} else {
		res.Stalled = ctx.Err() == nil
	}
	res.TimedOut = ctx.Err() != nil
	usage.fill(&res)
	collectInbound(&res, w, tr, t)
	return res
}

// replicaEndpoints lists each number's registered callback on every
// replica: the same path and secret, another host.
func replicaEndpoints(w *world, procs []*proc) ([][]endpoint, error) {
	eps := make([][]endpoint, len(procs))
	for r, p := range procs {
		for _, n := range w.numbers {
			u, err := withHost(n.hookURL, p.addr)
			if err != nil {
				return nil, err
			}
			if err := loopbackOnly(u); err != nil {
				return nil, err
			}
			eps[r] = append(eps[r], endpoint{url: u, headers: n.headers})
		}
	}
	return eps, nil
}

// collectInbound compares what reached MessageGateway with what was sent.
func collectInbound(res *Result, w *world, tr traffic, t *timings) {
	n := len(t.ok)
	index := make(map[string]int, n)
	for i := range n {
		index[tr.wamid(i)] = i
	}
	seen := make([]int, n)
	arrival := make([]time.Duration, n)
	lastOfChat := map[int]int{}
	var last time.Duration
	for _, num := range w.numbers {
		for _, m := range w.crm.Messages(num.channelID) {
			i, ok := index[m.ExternalID]
			if !ok {
				continue
			}
			if seen[i]++; seen[i] > 1 {
				res.Duplicated++
				continue
			}
			arrival[i] = m.At.Sub(t.t0)
			last = max(last, arrival[i])
			c := tr.chat(i)
			if prev, ok := lastOfChat[c]; ok && i < prev {
				res.Reordered++
			} else {
				lastOfChat[c] = i
			}
		}
	}
	res.Duplicated += w.crm.RefusedDuplicates()
	var e2e []time.Duration
	for i := range n {
		switch {
		case seen[i] > 0:
			res.Delivered++
			e2e = append(e2e, arrival[i]-t.start[i])
		case t.ok[i]:
			res.Lost++
		}
	}
	res.EndToEndPerSec = perSec(res.Delivered, last-t.firstStart())
	res.E2EP50Ms, res.E2EP99Ms, res.E2EMaxMs = percentile(e2e, 50), percentile(e2e, 99), percentile(e2e, 100)
}

func newResult(sc scenario) Result {
	return Result{Scenario: sc.name, Kind: sc.kind, Database: sc.db, Replicas: sc.replicas, Messages: sc.n,
		TargetRate: sc.rate, Concurrency: sc.conc}
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

func rateText(r float64) string {
	if r <= 0 {
		return "as fast as possible"
	}
	return fmt.Sprintf("%g/s", r)
}
