package limit

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestDepth(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		max  int
		deep bool
	}{
		{`{"a":[1,{"b":2}]}`, 3, false},
		{`{"a":[1,{"b":2}]}`, 2, true},
		{`{"a":"[[[[[[{{{{"}`, 1, false},
		{`{"a":"\"[[[["}`, 1, false},
		{strings.Repeat("[", 33) + strings.Repeat("]", 33), MaxJSONDepth, true},
		{strings.Repeat("[", 32) + strings.Repeat("]", 32), MaxJSONDepth, false},
		{`not json at all`, 1, false},
	}
	for _, c := range cases {
		if got := Depth([]byte(c.in), c.max) != nil; got != c.deep {
			t.Errorf("Depth(%q, %d) too deep = %v, want %v", c.in, c.max, got, c.deep)
		}
	}
}

func TestKeyedLimitsEachKeyAndStaysBounded(t *testing.T) {
	t.Parallel()
	now := time.Unix(0, 0)
	k := NewKeyed(10, 5, 100)
	k.now = func() time.Time { return now }
	for i := range 5 {
		if !k.Allow("a") {
			t.Fatalf("request %d of the burst refused", i)
		}
	}
	if k.Allow("a") {
		t.Fatal("request over the burst allowed")
	}
	if !k.Allow("b") {
		t.Fatal("another key is limited by a's traffic")
	}
	now = now.Add(100 * time.Millisecond)
	if !k.Allow("a") {
		t.Fatal("no token after the refill time")
	}
	for i := range 10000 {
		k.Allow(fmt.Sprint("forged-", i))
	}
	if n := len(k.buckets); n > 100 {
		t.Fatalf("%d buckets kept, max 100", n)
	}
}

func FuzzDepth(f *testing.F) {
	f.Add([]byte(`{"a":[{"b":"]]"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) { _ = Depth(b, MaxJSONDepth) })
}
