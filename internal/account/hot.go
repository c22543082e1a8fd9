package account

import (
	"context"
	"sync"
	"time"

	"waba-transport/internal/store"
)

// HotTTL is how long the relay reuses an account row and its connection's
// opened session instead of reading and decrypting them for every message.
// Changes made through this process take effect at once (the cache is
// emptied); changes made on another replica, within HotTTL.
const HotTTL = 3 * time.Second

// maxHot bounds the cache; expired entries are dropped when it fills.
const maxHot = 50_000

// Hot is what a job or a callback needs about an account: the row, its
// opened 360dialog key and its connection's session.
type Hot struct {
	Account store.Account
	Key     string
	Session *Session
}

type hotEntry struct {
	hot     Hot
	expires time.Time
}

// hotCache holds recently used accounts by id and by callback ref.
type hotCache struct {
	mu    sync.Mutex
	byID  map[int64]hotEntry
	byRef map[string]hotEntry
}

func newHotCache() *hotCache {
	return &hotCache{byID: map[int64]hotEntry{}, byRef: map[string]hotEntry{}}
}

func (c *hotCache) get(id int64, ref string, now time.Time) (Hot, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byID[id]
	if ref != "" {
		e, ok = c.byRef[ref]
	}
	if !ok || now.After(e.expires) {
		return Hot{}, false
	}
	return e.hot, true
}

func (c *hotCache) put(h Hot, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.byID) >= maxHot {
		for id, e := range c.byID {
			if now.After(e.expires) {
				delete(c.byID, id)
				delete(c.byRef, e.hot.Account.Ref)
			}
		}
		if len(c.byID) >= maxHot {
			clear(c.byID)
			clear(c.byRef)
		}
	}
	e := hotEntry{hot: h, expires: now.Add(HotTTL)}
	c.byID[h.Account.ID] = e
	c.byRef[h.Account.Ref] = e
}

// forget empties the cache: called after any change to an account or a connection.
func (c *hotCache) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.byID)
	clear(c.byRef)
}

// HotByID returns an account and its session, from the cache when fresh.
// A removed account is store.ErrNotFound.
func (s *Service) HotByID(ctx context.Context, id int64) (Hot, error) {
	if h, ok := s.hot.get(id, "", time.Now()); ok {
		return h, nil
	}
	a, err := s.st.AccountByID(ctx, id)
	if err != nil {
		return Hot{}, err
	}
	return s.warm(ctx, a)
}

// HotByRef is HotByID for the ref in an account's callback URL.
func (s *Service) HotByRef(ctx context.Context, ref string) (Hot, error) {
	if h, ok := s.hot.get(0, ref, time.Now()); ok {
		return h, nil
	}
	a, err := s.st.AccountByRef(ctx, ref)
	if err != nil {
		return Hot{}, err
	}
	return s.warm(ctx, a)
}

func (s *Service) warm(ctx context.Context, a store.Account) (Hot, error) {
	key, err := s.AccountKey(a)
	if err != nil {
		return Hot{}, err
	}
	sess, err := s.SessionByID(ctx, a.ConnectionID)
	if err != nil {
		return Hot{}, err
	}
	h := Hot{Account: a, Key: key, Session: sess}
	s.hot.put(h, time.Now())
	return h, nil
}
