package relay_test

import (
	"context"
	"testing"

	"waba-transport/internal/store"
)

// TestAccountShowsLastMessageAndStatus: after a customer writes and an
// operator's reply is read, the number's account shows when its last
// message and its last delivery status came.
func TestAccountShowsLastMessageAndStatus(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := startEnv(t, store.TestDatabases(t)["sqlite"])
	mgID := customerThenReply(t, e, "¡Hola!")
	wait(t, "the reply to be read", func() bool { return e.CRM.MessageStatus(mgID) == "seen" })
	wait(t, "the account's last message and status", func() bool {
		list, err := e.App.Accounts.Accounts(ctx, e.ClientID)
		return err == nil && len(list) == 1 && list[0].LastInboundAt != nil && list[0].LastStatusAt != nil
	})
}
