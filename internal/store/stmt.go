package store

import (
	"context"
	"database/sql"
	"sync"
)

// maxCachedStatements bounds the statement cache. The module's queries are
// constant strings; the few built with a list of values run through
// Store.once and never reach the cache.
const maxCachedStatements = 400

// stmtCache keeps one prepared statement per query text, for SQLite: without
// it, parsing SQL took a fifth of the module's CPU under load, because the
// driver prepares every call anew. (pgx already caches statements on each
// PostgreSQL connection.)
//
// SQLite has one connection, so a statement is prepared only while no
// transaction holds it: a query first met inside a transaction runs
// unprepared and is prepared when the transaction ends.
type stmtCache struct {
	db *sql.DB

	mu     sync.Mutex
	stmts  map[string]*sql.Stmt
	wanted map[string]bool
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, stmts: map[string]*sql.Stmt{}, wanted: map[string]bool{}}
}

// lookup returns the cached statement for query, or nil.
func (c *stmtCache) lookup(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stmts[query]
}

// prepare prepares query on the database (outside any transaction) and
// caches it; it returns nil when the cache is full or preparing fails (the
// query then runs unprepared and reports its own error).
func (c *stmtCache) prepare(ctx context.Context, query string) *sql.Stmt {
	c.mu.Lock()
	full := len(c.stmts) >= maxCachedStatements
	c.mu.Unlock()
	if full {
		return nil
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.stmts[query]; ok {
		st.Close()
		return old
	}
	c.stmts[query] = st
	return st
}

// want records a query met inside a transaction, for prepareWanted.
func (c *stmtCache) want(query string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.wanted) < maxCachedStatements {
		c.wanted[query] = true
	}
}

// prepareWanted prepares the queries met inside transactions; call it when
// no transaction is open on this goroutine.
func (c *stmtCache) prepareWanted(ctx context.Context) {
	c.mu.Lock()
	if len(c.wanted) == 0 {
		c.mu.Unlock()
		return
	}
	queries := make([]string, 0, len(c.wanted))
	for q := range c.wanted {
		queries = append(queries, q)
	}
	clear(c.wanted)
	c.mu.Unlock()
	for _, q := range queries {
		if c.lookup(q) == nil {
			c.prepare(ctx, q)
		}
	}
}

// close closes every cached statement.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	clear(c.stmts)
}

// prepared is a querier that runs cached statements on the database or,
// with tx set, inside that transaction. It runs them without their
// context's cancellation: the SQLite driver watches a cancellable context
// with a goroutine per statement, which under load cost more than the
// statements (they run in-process, in microseconds, and are never left
// waiting on a network).
type prepared struct {
	c  *stmtCache
	tx *sql.Tx
}

// stmt returns the statement to run query with, or nil to run it unprepared.
func (p prepared) stmt(ctx context.Context, query string) *sql.Stmt {
	st := p.c.lookup(query)
	switch {
	case st != nil && p.tx != nil:
		return p.tx.StmtContext(ctx, st)
	case st != nil:
		return st
	case p.tx != nil:
		p.c.want(query)
		return nil
	default:
		return p.c.prepare(ctx, query)
	}
}

func (p prepared) base() querier {
	if p.tx != nil {
		return p.tx
	}
	return p.c.db
}

func (p prepared) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx = context.WithoutCancel(ctx) // see prepared
	if st := p.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return p.base().ExecContext(ctx, query, args...)
}

func (p prepared) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	ctx = context.WithoutCancel(ctx) // see prepared
	if st := p.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return p.base().QueryContext(ctx, query, args...)
}

func (p prepared) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	ctx = context.WithoutCancel(ctx) // see prepared
	if st := p.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return p.base().QueryRowContext(ctx, query, args...)
}
