package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"waba-transport/internal/problem"
)

// maxBody is the largest request body accepted anywhere. Real payloads (a
// webhook with a message batch, a form) are a few kilobytes.
const maxBody = 1 << 20

// readBody reads a size-limited body; over the limit it is a TooLarge problem.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return nil, bodyError(err, "web.error.bad_body")
	}
	return b, nil
}

// decodeJSON reads a JSON body into a T. Unknown fields are ignored so that
// clients may send more than this version knows.
func decodeJSON[T any](w http.ResponseWriter, r *http.Request) (T, error) {
	var v T
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody)).Decode(&v); err != nil {
		return v, bodyError(err, "error.bad_json")
	}
	return v, nil
}

// parseForm parses a size-limited urlencoded form.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if err := r.ParseForm(); err != nil {
		return bodyError(err, "web.error.bad_body")
	}
	return nil
}

// bodyError classifies a failure to read a body: over the limit, or
// unreadable (key). The decoder's message names a position or a type, never
// a value, so it is safe to show as Detail.
func bodyError(err error, key string) error {
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return problem.Wrap(err, problem.TooLarge, "error.too_large")
	}
	return problem.Wrap(err, problem.Invalid, key, "Detail", err.Error())
}

// writeJSON writes v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// accountID reads the {id} path value; a malformed id names no account.
func accountID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, problem.New(problem.NotFound, "error.not_found")
	}
	return id, nil
}
