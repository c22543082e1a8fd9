package app

import (
	"context"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"waba-transport/internal/config"
)

// Serve listens at once, then builds the module (which migrates the
// database) and runs it. While it starts, /healthz answers 200 (the process
// is alive, so an orchestrator does not kill a long migration) and everything
// else 503 with Retry-After, so /readyz fails until the module is ready.
func Serve(ctx context.Context, cfg config.Config, opts Options, ln net.Listener) error {
	var current atomic.Pointer[http.Handler]
	starting := http.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			w.Write([]byte("ok"))
			return
		}
		w.Header().Set("Retry-After", "5")
		http.Error(w, "starting: migrating the database", http.StatusServiceUnavailable)
	}))
	current.Store(&starting)
	boot := &http.Server{ReadHeaderTimeout: 10 * time.Second,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { (*current.Load()).ServeHTTP(w, r) })}
	errc := make(chan error, 1)
	go func() { errc <- boot.Serve(ln) }()

	a, err := New(ctx, cfg, opts)
	if err != nil {
		boot.Close()
		return err
	}
	current.Store(&a.Handler)
	return a.run(ctx, boot, errc)
}
