package bench

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
)

// replicas are the module processes of one scenario and their database.
type replicas struct {
	procs  []*proc
	schema *pgSchema
}

// startReplicas starts sc.replicas `serve` processes on one database (a
// SQLite file in dir, or a fresh PostgreSQL schema), one after the other so
// that only the first migrates, and connects the CRM and the numbers
// through the first.
func startReplicas(ctx context.Context, o Options, sc scenario, w *world, dir string) (*replicas, error) {
	r := &replicas{}
	dbURL := "sqlite:" + filepath.Join(dir, "waba-transport.db")
	if sc.db == DBPostgres {
		s, err := newSchema(ctx, o.PostgresURL, sc.name)
		if err != nil {
			return nil, err
		}
		r.schema, dbURL = s, s.url
	}
	key := randomHex(32)
	for i := range sc.replicas {
		p, err := startModule(ctx, o.Binary, dir, fmt.Sprintf("replica-%d", i+1), dbURL, w.d360URL, key, o.LogLevel)
		if err != nil {
			return nil, errors.Join(err, r.stop())
		}
		r.procs = append(r.procs, p)
	}
	if err := connect(ctx, r.procs[0].url, w); err != nil {
		return nil, errors.Join(fmt.Errorf("%w; log:\n%s", err, r.procs[0].logTail()), r.stop())
	}
	return r, nil
}

// stop stops every replica and drops the PostgreSQL schema.
func (r *replicas) stop() error {
	for _, p := range r.procs {
		p.stop()
	}
	err := r.schema.drop()
	r.schema = nil
	return err
}

// peaks lists the processes' peak memory.
func peaks(procs []*proc) []int64 {
	var peak []int64
	for _, p := range procs {
		peak = append(peak, p.peakRSS())
	}
	return peak
}
