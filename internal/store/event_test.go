package store

import (
	"context"
	"testing"
	"time"
)

func TestEventsJoinStepsAndStatuses(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, c *clock) {
		ctx := context.Background()
		s.AddEvent(ctx, Event{AccountID: 1, MGMessageID: 7, Kind: "received"})
		c.add(time.Second)
		s.AddEvent(ctx, Event{AccountID: 1, MGMessageID: 7, WAMID: "w1", Kind: "sent", Detail: "attempt 1"})
		c.add(time.Second)
		s.InsertStatus(ctx, StatusEvent{AccountID: 1, WAMID: "w1", Status: "failed", ErrorCode: 131026, OccurredAt: c.now()})
		c.add(time.Second)
		s.AddEvent(ctx, Event{AccountID: 1, MGMessageID: 8, Kind: "received"}) // another message
		s.AddEvent(ctx, Event{AccountID: 2, MGMessageID: 7, Kind: "received"}) // another account
		got, err := s.Events(ctx, 1, 7, []string{"w1"})
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, e := range got {
			kinds = append(kinds, e.Kind+":"+e.Detail)
		}
		want := []string{"received:", "sent:attempt 1", "status_failed:error 131026"}
		if len(kinds) != len(want) {
			t.Fatalf("trail %v, want %v", kinds, want)
		}
		for i := range want {
			if kinds[i] != want[i] {
				t.Fatalf("trail %v, want %v", kinds, want)
			}
		}
	})
}
