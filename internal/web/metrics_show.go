package web

import "net/http"

// handleMetricsShow serves Prometheus metrics, or 404 when the service runs
// without a metrics handler.
func handleMetricsShow(metrics http.Handler) http.Handler {
	if metrics == nil {
		return http.NotFoundHandler()
	}
	return metrics
}
