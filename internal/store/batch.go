package store

import (
	"context"
	"sync"
	"time"
)

// MaxBatch bounds how many callers' writes share one transaction.
const MaxBatch = 256

// batchWriters is how many group-commit transactions run at once: SQLite has
// one writer anyway; on PostgreSQL two overlap one's commit with the other's
// statements. More writers make smaller batches, and with bulk writes a
// batch costs nearly the same whatever its size (measured: 2 beat 4 and 8).
var batchWriters = map[Dialect]int{SQLite: 1, Postgres: 2}

// batchTimeout bounds one group-commit transaction (and the one-by-one
// retries after it failed): its callers wait for it whatever their own
// deadlines, so a database that stopped answering must not hold them longer.
const batchTimeout = 30 * time.Second

// overlapMin is how many writes must wait before a second transaction
// starts while one is running. A transaction costs PostgreSQL the same few
// round trips and a commit whatever it carries, so a second one carrying a
// write or two costs more than those writes waiting for the running one to
// end (at most one commit). Two replicas of two writers each had cut 32
// concurrent callers into batches of a few; with this rule they measured
// +8-10 % (one replica +5 %, the latency at 1,000/s unchanged).
const overlapMin = 8

// Lingering: under load a writer waits a little for more writes before it
// starts a transaction. A commit writes out every page the transaction
// dirtied (SQLite: to its log; PostgreSQL: the log is flushed), and each
// message dirties pages of several indexes, its random id's among them.
// Started as soon as the last ended, transactions carried 6 writes each at
// full load (1,800 commits a second on SQLite); lingering made them about
// five times larger, and measured +5 % messages per second on SQLite, +4-7 %
// on PostgreSQL with one and two replicas, 7-8 % less CPU per message, and
// no higher latency at 1,000 messages a second. A writer whose previous
// transaction carried fewer than lingerAfter writes (no load) never waits.
const (
	lingerFor   = time.Millisecond // longest wait for more writes
	lingerFill  = 32               // writes that end the wait at once
	lingerAfter = 4                // previous transaction's writes that show load
)

// lingers reports whether a writer whose previous transaction carried prev
// writes should wait for more before starting one for the queued writes.
func lingers(prev, queued int, closing bool) bool {
	return prev >= lingerAfter && queued < lingerFill && !closing
}

// batchReq is one caller's write waiting for a transaction.
type batchReq struct {
	ctx  context.Context
	fn   func(tx *Store) error
	done chan error
}

// batcher runs the writes of concurrent callers together (group commit):
// each transaction takes every write waiting when it starts, so under load
// one commit (PostgreSQL: one WAL flush; SQLite: one write to the WAL)
// serves many webhooks or job results, and alone a write waits for nothing.
type batcher struct {
	st     *Store
	mu     sync.Mutex
	wake   *sync.Cond
	queue  []batchReq
	busy   int  // writers inside a transaction
	closed bool // no new writes: Batch runs them alone
	wg     sync.WaitGroup
}

func newBatcher(st *Store) *batcher {
	b := &batcher{st: st}
	b.wake = sync.NewCond(&b.mu)
	for range batchWriters[st.dialect] {
		b.wg.Add(1)
		go b.write()
	}
	return b
}

// close lets the writers finish the queued writes and stop.
func (b *batcher) close() {
	b.mu.Lock()
	b.closed = true
	b.wake.Broadcast()
	b.mu.Unlock()
	b.wg.Wait()
}

// Batch runs fn in a transaction shared with other callers' writes and
// returns fn's error or the commit's. When the shared transaction fails,
// each write is run again in its own, so one caller's error never fails
// another's write: fn may therefore run twice and must not accumulate
// results across runs (set them afresh at its start).
func (s *Store) Batch(ctx context.Context, fn func(tx *Store) error) error {
	if s.inTx() || s.batch == nil {
		return s.InTx(ctx, fn)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	b := s.batch
	done := make(chan error, 1)
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return s.InTx(ctx, fn)
	}
	b.queue = append(b.queue, batchReq{ctx: ctx, fn: fn, done: done})
	b.wake.Signal()
	b.mu.Unlock()
	// Once queued, the write is committed or refused soon; wait for the answer
	// even if ctx ends, so the caller never reports a write that happened as lost.
	return <-done
}

// due reports whether a writer should start a transaction now: writes wait
// and no transaction runs, or enough wait to be worth a second one, or the
// batcher is closing.
func (b *batcher) due() bool {
	n := len(b.queue)
	return n > 0 && (b.busy == 0 || n >= overlapMin || b.closed)
}

func (b *batcher) write() {
	defer b.wg.Done()
	batch := make([]batchReq, 0, MaxBatch)
	prev := 0 // writes the previous transaction carried
	for {
		b.mu.Lock()
		for !b.due() && !(b.closed && len(b.queue) == 0) {
			b.wake.Wait()
		}
		if len(b.queue) == 0 { // closed and drained
			b.mu.Unlock()
			return
		}
		if lingers(prev, len(b.queue), b.closed) {
			b.linger()
			if len(b.queue) == 0 { // PostgreSQL: the other writer took them meanwhile
				b.mu.Unlock()
				continue
			}
		}
		n := min(len(b.queue), MaxBatch)
		prev = n
		batch = append(batch[:0], b.queue[:n]...)
		b.queue = append(b.queue[:0], b.queue[n:]...)
		b.busy++
		b.mu.Unlock()

		b.commit(batch)
		clear(batch) // let the callers' closures go

		b.mu.Lock()
		b.busy--
		b.wake.Broadcast() // writes left waiting for this transaction
		b.mu.Unlock()
	}
}

// linger waits, with b.mu held, until lingerFill writes are queued, the
// batcher closes or lingerFor has passed.
func (b *batcher) linger() {
	over := false
	t := time.AfterFunc(lingerFor, func() {
		b.mu.Lock()
		over = true
		b.wake.Broadcast()
		b.mu.Unlock()
	})
	for !over && len(b.queue) < lingerFill && !b.closed {
		b.wake.Wait()
	}
	t.Stop()
}

// commit runs batch in one transaction, or each write alone when that fails.
func (b *batcher) commit(batch []batchReq) {
	live := batch[:0]
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.done <- err // its caller gave up before the write began
			continue
		}
		live = append(live, r)
	}
	if len(live) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), batchTimeout)
	defer cancel()
	err := b.st.InTx(ctx, func(tx *Store) error {
		for _, r := range live {
			if err := r.fn(tx); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil || len(live) == 1 {
		for _, r := range live {
			r.done <- err
		}
		return
	}
	for _, r := range live {
		r.done <- b.st.InTx(ctx, r.fn)
	}
}
