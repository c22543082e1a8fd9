package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDatabases returns the database URLs every store-backed test runs on:
// a fresh SQLite file always, and a fresh PostgreSQL schema when
// WABA_TEST_POSTGRES_URL is set (.ci/run sets it). Each call gives each test
// its own database, dropped when the test ends.
func TestDatabases(t testing.TB) map[string]string {
	t.Helper()
	out := map[string]string{"sqlite": "sqlite:" + filepath.Join(t.TempDir(), "test.db")}
	if base := os.Getenv("WABA_TEST_POSTGRES_URL"); base != "" {
		out["postgres"] = postgresSchema(t, base)
	}
	return out
}

// OpenTest opens a store on a database URL from TestDatabases with clock now
// (nil: time.Now) and closes it when the test ends.
func OpenTest(t testing.TB, dbURL string, now func() time.Time) *Store {
	t.Helper()
	s, err := Open(context.Background(), dbURL, now)
	if err != nil {
		t.Fatalf("open %s: %v", dbURL, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// postgresSchema creates an empty schema and returns a URL whose connections
// use it, so parallel tests do not see each other's rows.
func postgresSchema(t testing.TB, base string) string {
	t.Helper()
	name := fmt.Sprintf("t_%d_%s", time.Now().UnixNano(),
		strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				return r
			}
			return '_'
		}, strings.ToLower(t.Name())))
	if len(name) > 60 {
		name = name[:60]
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE SCHEMA ` + name); err != nil {
		t.Fatalf("postgres: create schema: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err == nil {
			_, _ = db.Exec(`DROP SCHEMA ` + name + ` CASCADE`)
			db.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("postgres url: %v", err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}
