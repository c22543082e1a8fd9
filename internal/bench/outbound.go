package bench

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// outText is operator message i's text; attempt makes each posted webhook
// a distinct message, as a repeated operator action would be in MG.
func outText(i, attempt int) string {
	return "bench operator message " + strconv.Itoa(i) + "." + strconv.Itoa(attempt)
}

// runOutbound runs an outbound scenario: operators write sc.n messages to
// o.OutChats chats of one number, through the simulated CRM, which posts a
// message_sent webhook for each and records the module's answer. The sends
// reach the simulated 360dialog behind Meta's throughput limit.
func runOutbound(ctx context.Context, o Options, sc scenario) (res Result) {
	res = newResult(sc)
	began := time.Now()
	defer func() { res.DurationSec = time.Since(began).Seconds() }()
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()

	w, err := newWorld(1, sc.conc)
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

	num := w.numbers[0]
	tr := traffic{chats: o.OutChats}
	texts := make([]string, sc.n) // the text of the attempt the module took
	l := &load{n: sc.n, workers: sc.conc, rate: sc.rate, lane: tr.chat,
		send: func(_ context.Context, i, attempt int) int {
			text := outText(i, attempt)
			_, r, err := w.crm.OperatorSend(num.channelID, tr.customer(tr.chat(i)), text)
			if err != nil {
				return 0
			}
			if r.HTTPStatus == http.StatusOK {
				texts[i] = text // an answer with an error is taken too: it counts as lost
			}
			return r.HTTPStatus
		}}
	fmt.Fprintf(o.Progress, "%s: %d operator messages, %s, %d senders, 1 number, %d chats\n",
		sc.name, sc.n, rateText(sc.rate), sc.conc, o.OutChats)

	usage := startMeter(reps.procs, sc.db)
	t := l.run(ctx)
	res.fill(t)
	if waitCount(ctx, w.limit.accepted.Load, int64(res.Accepted), o.Settle) {
		sleepCtx(ctx, lateDuplicates)
	} else {
		res.Stalled = ctx.Err() == nil
	}
	res.TimedOut = ctx.Err() != nil
	usage.fill(&res)
	res.Refused130429 = int(w.limit.refused.Load())
	collectOutbound(&res, w, num, tr, t, texts)
	return res
}

// collectOutbound compares what 360dialog accepted with what the operators sent.
func collectOutbound(res *Result, w *world, num number, tr traffic, t *timings, texts []string) {
	index := make(map[string]int, len(texts))
	for i, s := range texts {
		if s != "" {
			index[s] = i
		}
	}
	seen := make([]int, len(texts))
	lastOfChat := map[int]int{}
	var at []time.Duration // accepted sends of this run, in order
	var e2e []time.Duration
	for _, s := range w.d360.Sent(num.key) {
		if s.HTTPStatus != http.StatusOK {
			continue
		}
		body, _ := s.Body["text"].(map[string]any)
		text, _ := body["body"].(string)
		i, ok := index[text]
		if !ok {
			if strings.HasPrefix(text, "bench operator message ") {
				res.Duplicated++ // an attempt the module refused to take, sent anyway
			}
			continue
		}
		if seen[i]++; seen[i] > 1 {
			res.Duplicated++
			continue
		}
		sent := s.At.Sub(t.t0)
		at = append(at, sent)
		e2e = append(e2e, sent-t.start[i])
		c := tr.chat(i)
		if prev, ok := lastOfChat[c]; ok && i < prev {
			res.Reordered++
		} else {
			lastOfChat[c] = i
		}
	}
	for i, s := range texts {
		switch {
		case seen[i] > 0:
			res.Delivered++
		case s != "":
			res.Lost++
		}
	}
	slices.Sort(at)
	if len(at) > 1 {
		res.EndToEndPerSec = perSec(len(at)-1, at[len(at)-1]-at[0])
	}
	res.PeakSendsIn1s = peakInWindow(at, time.Second)
	res.E2EP50Ms, res.E2EP99Ms, res.E2EMaxMs = percentile(e2e, 50), percentile(e2e, 99), percentile(e2e, 100)
}

// peakInWindow is the most events of sorted times within any window.
func peakInWindow(times []time.Duration, window time.Duration) int {
	peak, lo := 0, 0
	for hi := range times {
		for times[hi]-times[lo] >= window {
			lo++
		}
		peak = max(peak, hi-lo+1)
	}
	return peak
}
