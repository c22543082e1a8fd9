// Package store holds all SQL of the module. The same queries, written once
// with $N placeholders, run on the embedded SQLite default (pure Go, one
// process) and on PostgreSQL (several replicas). Dialect differences live in
// the per-dialect migrations and in the few places that test s.dialect.
//
// SQLite: the database allows one open connection, so a *Store bound to a
// transaction (see InTx) must be used for every query inside it; reaching for
// the outer Store there would wait for the connection the transaction holds.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // SQLite driver "sqlite", pure Go
)

//go:embed migrations
var migrations embed.FS

// Dialect names the database kind.
type Dialect string

// The supported databases.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// ErrNotFound is returned when a row does not exist.
var ErrNotFound = errors.New("store: not found")

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Store runs the module's queries on a database or inside one transaction.
type Store struct {
	db      *sql.DB
	q       querier
	stmts   *stmtCache     // SQLite only
	batch   *batcher       // group commit (see Batch)
	relaxed *sql.DB        // PostgreSQL: connections whose commits do not wait for the disk (see async)
	pending *pendingWrites // in a transaction: writes made at its end
	holder  Holder         // SQLite: where jobs are held instead of inserted (see HoldIn)
	dialect Dialect
	now     func() time.Time
}

// Open connects to databaseURL ("sqlite:PATH" or "postgres://..."), applies
// the embedded migrations and returns the Store. now gives the current time
// (tests pass a fake clock); nil means time.Now.
func Open(ctx context.Context, databaseURL string, now func() time.Time) (*Store, error) {
	if now == nil {
		now = time.Now
	}
	var (
		db      *sql.DB
		dialect Dialect
		err     error
	)
	switch {
	case strings.HasPrefix(databaseURL, "sqlite:"):
		dialect = SQLite
		db, err = openSQLite(strings.TrimPrefix(databaseURL, "sqlite:"))
	case strings.HasPrefix(databaseURL, "postgres://"), strings.HasPrefix(databaseURL, "postgresql://"):
		dialect = Postgres
		db, err = sql.Open("pgx", databaseURL)
		if err == nil {
			db.SetMaxOpenConns(20)
			db.SetMaxIdleConns(20)
			db.SetConnMaxIdleTime(5 * time.Minute)
		}
	default:
		return nil, fmt.Errorf("store: unsupported database URL (want sqlite:PATH or postgres://...)")
	}
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", dialect, err)
	}
	s := &Store{db: db, q: db, dialect: dialect, now: func() time.Time { return now().UTC() }}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if dialect == SQLite {
		s.stmts = newStmtCache(db)
		s.q = prepared{c: s.stmts}
	}
	if dialect == Postgres {
		if s.relaxed, err = openRelaxed(databaseURL); err != nil {
			db.Close()
			return nil, err
		}
	}
	s.batch = newBatcher(s)
	return s, nil
}

func openSQLite(path string) (*sql.DB, error) {
	if path != ":memory:" {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("store: create database directory: %w", err)
		}
	}
	q := url.Values{}
	// temp_store(MEMORY): a bulk statement's undo journal (it may have to
	// undo itself alone) spills past 64 KiB to a temporary file otherwise,
	// which cost an open, writes, an fsync and a close per group commit.
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(5000)", "foreign_keys(1)", "synchronous(NORMAL)",
		"temp_store(MEMORY)"} {
		q.Add("_pragma", p)
	}
	q.Set("_time_format", "sqlite")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	// One connection: SQLite serializes writers anyway, and this rules out
	// SQLITE_BUSY between our own connections.
	db.SetMaxOpenConns(1)
	return db, nil
}

func (s *Store) migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations/"+string(s.dialect))
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	gd := goose.DialectSQLite3
	if s.dialect == Postgres {
		gd = goose.DialectPostgres
	}
	// Out of order: migrations are numbered by feature and may land in any order.
	p, err := goose.NewProvider(gd, s.db, sub, goose.WithAllowOutofOrder(true))
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	return nil
}

// Dialect returns the database kind.
func (s *Store) Dialect() Dialect { return s.dialect }

// Close closes the database.
func (s *Store) Close() error {
	s.batch.close()
	if s.relaxed != nil {
		s.relaxed.Close()
	}
	if s.stmts != nil {
		s.stmts.close()
	}
	return s.db.Close()
}

// Ping checks that the database answers (readiness).
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Now returns the store's clock reading in UTC.
func (s *Store) Now() time.Time { return s.now() }

// InTx runs fn in a transaction; fn must use the *Store it is given.
func (s *Store) InTx(ctx context.Context, fn func(tx *Store) error) error {
	if s.inTx() {
		return fn(s)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	txs := *s
	txs.q = tx
	txs.pending = &pendingWrites{}
	if s.stmts != nil {
		txs.q = prepared{c: s.stmts, tx: tx}
		defer s.stmts.prepareWanted(ctx)
	}
	if err := fn(&txs); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := txs.flushPending(ctx); err != nil {
		_ = tx.Rollback()
		s.endHold(txs.pending, false)
		return err
	}
	if err := tx.Commit(); err != nil {
		s.endHold(txs.pending, false)
		return fmt.Errorf("store: commit: %w", err)
	}
	s.endHold(txs.pending, true)
	s.unblockAfterCommit(ctx, txs.pending)
	return nil
}

// openRelaxed opens a few PostgreSQL connections with synchronous_commit
// off, for bookkeeping whose loss in a database crash costs nothing (see async).
func openRelaxed(databaseURL string) (*sql.DB, error) {
	u, err := url.Parse(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("store: database URL: %w", err)
	}
	q := u.Query()
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(5 * time.Minute)
	return db, nil
}

// async returns the querier for a statement outside any transaction whose
// commit need not wait for the disk: claims, lease renewals, sweeps. A
// database crash may forget its last fraction of a second of these, which
// only makes a job ready again; a job's outcome, committed durably with its
// completion, stops a second run from repeating it. Every later durable
// commit flushes them too. Inside a transaction, or on SQLite, it is s.q.
func (s *Store) async() querier {
	if s.relaxed == nil || s.inTx() {
		return s.q
	}
	return s.relaxed
}

// inTx reports whether s is bound to a transaction.
func (s *Store) inTx() bool {
	switch q := s.q.(type) {
	case *sql.Tx:
		return true
	case prepared:
		return q.tx != nil
	}
	return false
}

// once returns the querier for a query whose text varies from call to call
// (a list of values spelled out): such text is not worth a cached statement.
func (s *Store) once() querier {
	if p, ok := s.q.(prepared); ok {
		return p.base()
	}
	return s.q
}

// insertID runs an INSERT ... RETURNING id.
func (s *Store) insertID(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := s.q.QueryRowContext(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// notFound turns sql.ErrNoRows into ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// nullTime scans a nullable timestamp.
func nullTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}
