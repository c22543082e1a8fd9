package store

import (
	"context"
	"testing"
)

func TestReactionRemembersTheOneItReplaces(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, s *Store, _ *clock) {
		ctx := context.Background()
		steps := []struct{ emoji, wantOld string }{{"👍", ""}, {"❤️", "👍"}, {"", "❤️"}, {"", ""}}
		for _, st := range steps {
			old, err := s.SetReaction(ctx, 1, "wamid.1", st.emoji)
			if err != nil || old != st.wantOld {
				t.Fatalf("SetReaction(%q) = %q, %v; want old %q", st.emoji, old, err, st.wantOld)
			}
		}
	})
}
