package store

import (
	"context"
	"sort"
	"sync"
	"testing"
	"time"
)

func TestSendSlotsAreSpacedEvenWhenConcurrent(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		cid, _ := s.CreateConnection(ctx, Connection{ClientIDHash: "h", CRMURL: "u"})
		aid, _ := s.CreateAccount(ctx, Account{ConnectionID: cid, Ref: "r"})
		step := time.Second / 80
		var (
			mu    sync.Mutex
			slots []time.Time
			wg    sync.WaitGroup
		)
		for range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				at, err := s.ReserveSendSlot(ctx, aid, step)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				slots = append(slots, at)
				mu.Unlock()
			}()
		}
		wg.Wait()
		sort.Slice(slots, func(i, j int) bool { return slots[i].Before(slots[j]) })
		if !slots[0].Equal(c.now()) {
			t.Fatalf("first slot %v, want now %v", slots[0], c.now())
		}
		for i := 1; i < len(slots); i++ {
			if d := slots[i].Sub(slots[i-1]); d != step {
				t.Fatalf("slots %d and %d are %v apart, want %v", i-1, i, d, step)
			}
		}
		// After a quiet period the next slot is "now" again, not in the past.
		c.add(time.Minute)
		if at, _ := s.ReserveSendSlot(ctx, aid, step); !at.Equal(c.now()) {
			t.Fatalf("slot after a pause %v, want %v", at, c.now())
		}
	})
}
