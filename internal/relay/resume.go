package relay

import (
	"context"
	"encoding/json"

	"waba-transport/internal/store"
)

// resumeHeld queues again, as job rows, the customers' messages that a
// previous process held in memory (store.HoldIn) and did not deliver before
// it died: pending messages that no inbound job row names. Each such chat's
// unfinished inbound jobs are replaced by one job per pending message in
// the order the messages came, so a lost message goes before the rows that
// were queued behind it. SQLite only (nothing is held on PostgreSQL); it runs
// when the runner starts, before any job runs or is held.
func (r *Relay) resumeHeld(ctx context.Context) error {
	if r.st.Dialect() != store.SQLite {
		return nil
	}
	// One transaction: webhooks taken meanwhile (the server is up before
	// the runner starts) queue their jobs before or after it, never between
	// what it read and what it replaced.
	return r.st.InTx(ctx, func(tx *store.Store) error { return r.requeueHeld(ctx, tx) })
}

func (r *Relay) requeueHeld(ctx context.Context, tx *store.Store) error {
	pending, err := tx.PendingInbound(ctx)
	if err != nil || len(pending) == 0 {
		return err
	}
	rows, err := tx.JobRows(ctx, KindInbound)
	if err != nil {
		return err
	}
	type msgKey struct {
		account int64
		wamid   string
	}
	queued, dead := map[msgKey]bool{}, map[msgKey]bool{}
	for _, row := range rows {
		var p inboundJob
		if json.Unmarshal(row.Payload, &p) != nil {
			continue
		}
		if row.State == store.JobDead {
			dead[msgKey{p.AccountID, p.WAMID}] = true
		} else {
			queued[msgKey{p.AccountID, p.WAMID}] = true
		}
	}
	lost := map[string]bool{} // queue keys with a message held and lost
	byKey := map[string][]store.InboundMessage{}
	var order []string
	for _, m := range pending {
		k := msgKey{m.AccountID, m.WAMID}
		if dead[k] {
			continue // gave up before; not retried by a restart
		}
		key := inboundQueue(m.AccountID, m.ChatKey)
		if byKey[key] == nil {
			order = append(order, key)
		}
		byKey[key] = append(byKey[key], m)
		if !queued[k] {
			lost[key] = true
		}
	}
	n := 0
	for _, key := range order {
		if !lost[key] {
			continue
		}
		var jobs []store.NewJob
		for _, m := range byKey[key] {
			j, err := newInboundJob(m.AccountID, m.WAMID, m.ChatKey, &store.WebhookRef{ID: m.WebhookID})
			if err != nil {
				return err
			}
			jobs = append(jobs, j)
		}
		if err := tx.RequeueKey(ctx, KindInbound, key, jobs); err != nil {
			return err
		}
		n += len(jobs)
	}
	if n > 0 {
		r.log.Info("queued again the messages held when the module stopped", "messages", n, "chats", len(lost))
	}
	return nil
}
