package store

import (
	"iter"
	"math/bits"
	"slices"
)

// sqliteMaxRows bounds the rows of one bulk statement on SQLite.
const sqliteMaxRows = 64

// chunks splits items into the parts that one bulk statement each writes.
// On PostgreSQL every statement is a round trip, so parts are large. SQLite
// runs in the process, where a statement costs its parsing (cached per
// text) and a fixed overhead per call, so parts have power-of-two sizes:
// a few cached texts serve every batch, and 13 rows take 3 statements.
func chunks[T any](d Dialect, items []T) iter.Seq[[]T] {
	if d != SQLite {
		return slices.Chunk(items, maxInList)
	}
	return func(yield func([]T) bool) {
		for len(items) > 0 {
			n := min(sqliteMaxRows, 1<<(bits.Len(uint(len(items)))-1))
			if !yield(items[:n]) {
				return
			}
			items = items[n:]
		}
	}
}

// listOf returns the querier for a statement of n rows or values. On SQLite
// the sizes chunks makes are few, so each text is worth a cached statement;
// other sizes vary (see once). pgx caches PostgreSQL statements itself.
func (s *Store) listOf(n int) querier {
	if n&(n-1) == 0 && n <= sqliteMaxRows {
		return s.q
	}
	return s.once()
}
