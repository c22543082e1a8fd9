package app_test

import (
	"context"
	"database/sql"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"waba-transport/internal/app"
	"waba-transport/internal/config"
)

func status(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestNotReadyWhileMigrating: the process answers /healthz at once, but
// /readyz fails until the database is migrated (here held up by a lock).
func TestNotReadyWhileMigrating(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "db.sqlite")
	locker, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer locker.Close()
	conn, err := locker.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	cfg, _ := config.Load(func(k string) string {
		return map[string]string{"WABA_DATABASE_URL": "sqlite:" + path, "WABA_SECRET_KEY": "serve-test-key-0123456789"}[k]
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- app.Serve(ctx, cfg, app.Options{Logger: slog.New(slog.DiscardHandler)}, ln) }()

	deadline := time.Now().Add(3 * time.Second)
	for status(t, base+"/healthz") != http.StatusOK && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := status(t, base+"/healthz"); got != http.StatusOK {
		t.Fatalf("healthz while migrating: %d", got)
	}
	if got := status(t, base+"/readyz"); got != http.StatusServiceUnavailable {
		t.Fatalf("readyz while migrating: %d", got)
	}
	conn.ExecContext(context.Background(), "ROLLBACK")
	conn.Close()
	deadline = time.Now().Add(10 * time.Second)
	for status(t, base+"/readyz") != http.StatusOK && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if got := status(t, base+"/readyz"); got != http.StatusOK {
		t.Fatalf("readyz after migrating: %d", got)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("shutdown: %v", err)
	}
}
