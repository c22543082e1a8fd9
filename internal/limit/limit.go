// Package limit bounds what outside callers can make the module do: how
// deeply nested a JSON body may be, and how many requests per second one
// account (or connection) may send to a public endpoint.
package limit

import (
	"errors"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// MaxJSONDepth is the deepest nesting accepted in webhook and API bodies; the
// real bodies nest about 8 levels.
const MaxJSONDepth = 32

// ErrTooDeep is returned for a body nested deeper than allowed.
var ErrTooDeep = errors.New("limit: JSON nested too deeply")

// Depth checks, without parsing, that the JSON in b nests at most max
// levels of objects and arrays. Brackets inside strings do not count.
func Depth(b []byte, max int) error {
	depth, inString, escaped := 0, false, false
	for _, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			if depth++; depth > max {
				return ErrTooDeep
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return nil
}

// Keyed holds one token bucket per key (an account or a connection). It
// keeps at most maxKeys buckets; when full, it forgets the idle ones, so a
// flood of made-up keys cannot grow memory without bound.
type Keyed struct {
	rate    rate.Limit
	burst   int
	maxKeys int
	now     func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// NewKeyed allows perSecond requests per key with bursts of burst.
func NewKeyed(perSecond float64, burst, maxKeys int) *Keyed {
	return &Keyed{rate: rate.Limit(perSecond), burst: burst, maxKeys: maxKeys, now: time.Now,
		buckets: map[string]*bucket{}}
}

// Allow reports whether key may make one more request now.
func (k *Keyed) Allow(key string) bool {
	now := k.now()
	k.mu.Lock()
	defer k.mu.Unlock()
	b, ok := k.buckets[key]
	if !ok {
		if len(k.buckets) >= k.maxKeys {
			k.evict(now)
		}
		b = &bucket{lim: rate.NewLimiter(k.rate, k.burst)}
		k.buckets[key] = b
	}
	b.seen = now
	return b.lim.AllowN(now, 1)
}

// evict drops buckets idle long enough to be full again, or, if none is,
// the oldest half.
func (k *Keyed) evict(now time.Time) {
	refill := time.Duration(float64(k.burst) / float64(k.rate) * float64(time.Second))
	for key, b := range k.buckets {
		if now.Sub(b.seen) > refill {
			delete(k.buckets, key)
		}
	}
	for key := range k.buckets {
		if len(k.buckets) < k.maxKeys/2 {
			break
		}
		delete(k.buckets, key)
	}
}
