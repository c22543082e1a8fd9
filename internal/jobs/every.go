package jobs

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"waba-transport/internal/store"
)

// Every registers fn to run once per period across all replicas. Each run is
// a job whose unique key names its period slot, so however many replicas
// start, one job exists per slot; a run schedules the next slot. If fn fails,
// the job retries with backoff like any other.
func (r *Runner) Every(name string, period time.Duration, fn func(ctx context.Context) error) {
	kind := "every:" + name
	r.Register(Kind{Name: kind, Timeout: min(period, 10*time.Minute), Handle: func(ctx context.Context, j store.Job) error {
		if err := fn(ctx); err != nil {
			return err
		}
		slot, _ := strconv.ParseInt(string(j.Payload), 10, 64)
		return r.schedule(ctx, kind, period, slot+1)
	}})
	r.periodic = append(r.periodic, periodic{kind: kind, period: period})
}

type periodic struct {
	kind   string
	period time.Duration
}

// schedule inserts the run of slot (time slot*period), unless it exists.
func (r *Runner) schedule(ctx context.Context, kind string, period time.Duration, slot int64) error {
	_, _, err := r.st.InsertJob(ctx, store.NewJob{Kind: kind, Payload: []byte(strconv.FormatInt(slot, 10)),
		RunAt: time.Unix(0, slot*int64(period)), UniqueKey: fmt.Sprintf("%s:%d", kind, slot)})
	return err
}

// startPeriodic makes sure the next run of each periodic job exists.
func (r *Runner) startPeriodic(ctx context.Context) error {
	now := r.st.Now().UnixNano()
	for _, p := range r.periodic {
		if err := r.schedule(ctx, p.kind, p.period, now/int64(p.period)+1); err != nil {
			return err
		}
	}
	return nil
}
