package web

import "net/http"

// handleHealthShow answers 200 "ok" whenever the process serves HTTP; it
// checks no dependency, so an orchestrator never restarts the service for a
// database hiccup (that is what /readyz is for).
func handleHealthShow() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
}
