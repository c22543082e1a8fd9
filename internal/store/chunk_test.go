package store

import (
	"slices"
	"testing"
)

func TestChunksOfABulkWrite(t *testing.T) {
	sizes := func(d Dialect, n int) []int {
		var out []int
		for part := range chunks(d, make([]int, n)) {
			out = append(out, len(part))
		}
		return out
	}
	for _, c := range []struct {
		d    Dialect
		n    int
		want []int
	}{
		{SQLite, 0, nil},
		{SQLite, 1, []int{1}},
		{SQLite, 13, []int{8, 4, 1}},
		{SQLite, 200, []int{64, 64, 64, 8}},
		{Postgres, 13, []int{13}},
		{Postgres, 1200, []int{500, 500, 200}},
	} {
		if got := sizes(c.d, c.n); !slices.Equal(got, c.want) {
			t.Errorf("%s, %d rows: statements of %v, want %v", c.d, c.n, got, c.want)
		}
	}
}
