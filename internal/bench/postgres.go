package bench

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"
)

// pgSchema is a fresh PostgreSQL schema for one scenario.
type pgSchema struct {
	base string
	name string
	url  string // base with search_path set to the schema
}

// newSchema creates an empty schema and returns a database URL whose
// connections use it (the module migrates it on start), like the store's
// tests do.
func newSchema(ctx context.Context, base, scenario string) (*pgSchema, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return nil, fmt.Errorf("bench: PostgreSQL URL: want postgres://...")
	}
	name := fmt.Sprintf("bench_%d_%s", time.Now().UnixNano(), strings.ReplaceAll(scenario, "-", "_"))
	db, err := sql.Open("pgx", base)
	if err != nil {
		return nil, fmt.Errorf("bench: postgres: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `CREATE SCHEMA `+name); err != nil {
		return nil, fmt.Errorf("bench: postgres: create schema: %w", err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return &pgSchema{base: base, name: name, url: u.String()}, nil
}

// drop removes the schema and everything the scenario wrote.
func (s *pgSchema) drop() error {
	if s == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := sql.Open("pgx", s.base)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, `DROP SCHEMA `+s.name+` CASCADE`)
	return err
}

// randomHex returns n random bytes as hex (the replicas' shared secret key).
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
