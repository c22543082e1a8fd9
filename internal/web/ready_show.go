package web

import (
	"context"
	"net/http"
)

// handleReadyShow answers 200 when ready (e.g. the database answers a ping)
// and 503 otherwise, so a load balancer sends no traffic to a replica that
// cannot serve it. The reason is logged, not shown.
func handleReadyShow(u *ui, ready func(ctx context.Context) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if ready != nil {
			if err := ready(r.Context()); err != nil {
				u.log.Warn("web: not ready", "error", err)
				w.WriteHeader(http.StatusServiceUnavailable)
				_, _ = w.Write([]byte("not ready\n"))
				return
			}
		}
		_, _ = w.Write([]byte("ready\n"))
	})
}
