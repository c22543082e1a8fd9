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
	st   *Store
	reqs chan batchReq
	quit chan struct{}
	once sync.Once
	wg   sync.WaitGroup
}

func newBatcher(st *Store) *batcher {
	b := &batcher{st: st, reqs: make(chan batchReq), quit: make(chan struct{})}
	for range batchWriters[st.dialect] {
		b.wg.Add(1)
		go b.write()
	}
	return b
}

func (b *batcher) close() {
	b.once.Do(func() { close(b.quit) })
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
	done := make(chan error, 1)
	select {
	case s.batch.reqs <- batchReq{ctx: ctx, fn: fn, done: done}:
	case <-ctx.Done():
		return ctx.Err()
	case <-s.batch.quit:
		return s.InTx(ctx, fn)
	}
	// Once taken, the write is committed or refused soon; wait for the answer
	// even if ctx ends, so the caller never reports a write that happened as lost.
	return <-done
}

func (b *batcher) write() {
	defer b.wg.Done()
	batch := make([]batchReq, 0, MaxBatch)
	for {
		select {
		case r := <-b.reqs:
			batch = append(batch[:0], r)
		case <-b.quit:
			return
		}
	more:
		for len(batch) < MaxBatch {
			select {
			case r := <-b.reqs:
				batch = append(batch, r)
			default:
				break more
			}
		}
		b.commit(batch)
	}
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
