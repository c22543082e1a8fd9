package relay

import (
	"sync"
	"time"
)

// sendResult is the outcome of a send job that a message_sent handler may be
// waiting for.
type sendResult struct {
	WAMID string // set on success
	Reply any    // the full reply to give MessageGateway (success or final error)
}

// waiters lets the message_sent handler answer synchronously when the send
// job finishes quickly on this replica. Exactly one side reports the result:
// if deliver finds the handler still waiting, the handler answers; otherwise
// (timeout, other replica, restart) the job reports it with an ack.
type waiters struct {
	mu sync.Mutex
	m  map[int64]chan sendResult
}

func newWaiters() *waiters { return &waiters{m: map[int64]chan sendResult{}} }

// add registers a waiter for an outbound message id.
func (w *waiters) add(id int64) chan sendResult {
	ch := make(chan sendResult, 1)
	w.mu.Lock()
	w.m[id] = ch
	w.mu.Unlock()
	return ch
}

// wait returns the result if it arrives within d; ok is false on timeout, and
// then the waiter is gone, so deliver will report false.
func (w *waiters) wait(id int64, ch chan sendResult, d time.Duration) (sendResult, bool) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case r := <-ch:
		return r, true
	case <-t.C:
	}
	w.mu.Lock()
	_, still := w.m[id]
	delete(w.m, id)
	w.mu.Unlock()
	if !still { // deliver took the waiter just now: its value is in ch
		return <-ch, true
	}
	return sendResult{}, false
}

// deliver hands a result to a waiting handler; false means nobody waits and
// the caller must report the result itself.
func (w *waiters) deliver(id int64, r sendResult) bool {
	w.mu.Lock()
	ch, ok := w.m[id]
	delete(w.m, id)
	w.mu.Unlock()
	if ok {
		ch <- r
	}
	return ok
}

// has reports whether a handler waits for id.
func (w *waiters) has(id int64) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, ok := w.m[id]
	return ok
}
