package relay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"waba-transport/internal/account"
	"waba-transport/internal/dialog360"
	"waba-transport/internal/limit"
	"waba-transport/internal/problem"
	"waba-transport/internal/store"
)

// inboundJob is the payload of a KindInbound job. The message is read from
// the stored webhook the job names (store.NewJob.Webhook), so it is written
// once; Message and Contact are only in jobs queued by earlier versions,
// which carried a copy.
type inboundJob struct {
	AccountID int64              `json:"account_id"`
	WAMID     string             `json:"wamid,omitempty"`
	Message   json.RawMessage    `json:"message,omitempty"`
	Contact   *dialog360.Contact `json:"contact,omitempty"`
}

// statusJob is the payload of a KindStatus job.
type statusJob struct {
	AccountID int64           `json:"account_id"`
	Status    json.RawMessage `json:"status"`
}

// Accept takes a 360dialog callback for the account whose URL id is ref. It
// checks the account's secret, stores the body and one job per message and
// status in one transaction, and returns; a nil error means "answer 200".
// A redelivered message or status adds no job.
func (r *Relay) Accept(ctx context.Context, ref, secretValue string, body []byte) error {
	if !r.inRate.Allow(ref) {
		return problem.New(problem.RateLimited, "error.rate_limited")
	}
	h, err := r.acc.HotByRef(ctx, ref)
	a := h.Account
	if errors.Is(err, store.ErrNotFound) {
		return problem.New(problem.Unauthorized, "error.unauthorized").WithDetail("unknown account ref")
	}
	if err != nil {
		return problem.Wrap(err, problem.Unavailable, "error.internal")
	}
	if !account.CheckWebhookSecret(a, secretValue) {
		return problem.New(problem.Unauthorized, "error.unauthorized").WithDetail("wrong webhook secret")
	}
	if err := limit.Depth(body, limit.MaxJSONDepth); err != nil {
		return problem.Wrap(err, problem.Invalid, "relay.webhook_invalid")
	}
	_, err = r.intake(ctx, a, body, 0)
	return err
}

// intake parses a 360dialog webhook body and, in one transaction, stores it
// (unless it is a replay of stored webhook replayOf) with one job per new
// message and status. It returns how many jobs it added.
func (r *Relay) intake(ctx context.Context, a store.Account, body []byte, replayOf int64) (int, error) {
	hook, err := dialog360.ParseWebhook(body)
	if err != nil {
		return 0, problem.Wrap(err, problem.Invalid, "relay.webhook_invalid")
	}

	added := 0
	var last, lastStatus time.Time // the newest new message's and status's times
	var accepted []parsedMessage   // the new messages, handed to their jobs
	err = r.st.Batch(ctx, func(tx *store.Store) error {
		// A batch that failed runs this again alone.
		added, last, lastStatus, accepted = 0, time.Time{}, time.Time{}, accepted[:0]
		webhook := &store.WebhookRef{ID: replayOf}
		if replayOf == 0 {
			var err error
			if webhook, err = tx.QueueWebhook(ctx, a.ID, "360dialog", body); err != nil {
				return err
			}
		}
		for _, v := range hook.Values() {
			for i := range v.Messages {
				m := &v.Messages[i]
				isNew := func(contact *dialog360.Contact) {
					added++
					accepted = append(accepted, parsedMessage{msg: m, contact: contact})
					if m.Time().After(last) {
						last = m.Time()
					}
				}
				if err := r.acceptMessage(ctx, tx, a, webhook, v, m, isNew); err != nil {
					return err
				}
			}
			for i := range v.Statuses {
				n, err := r.acceptStatus(ctx, tx, a, &v.Statuses[i])
				if err != nil {
					return err
				}
				if n > 0 && v.Statuses[i].Time().After(lastStatus) {
					lastStatus = v.Statuses[i].Time()
				}
				added += n
			}
		}
		return nil
	})
	if err != nil {
		return 0, problem.Wrap(err, problem.Unavailable, "error.internal")
	}
	for _, v := range hook.Values() { // logged once, not per run of the write
		for _, e := range v.Errors {
			r.log.Warn("360dialog reported an error", "account_id", a.ID, "code", e.Code, "title", e.Title)
		}
	}
	for _, p := range accepted {
		r.handoff.put(a.ID, p.msg.ID, p)
	}
	if added > 0 {
		r.runner.Notify()
	}
	if !last.IsZero() {
		r.touchAccount(ctx, &r.touchedInbound, a.ID, last, r.st.TouchAccountInbound)
	}
	if !lastStatus.IsZero() {
		r.touchAccount(ctx, &r.touchedStatus, a.ID, lastStatus, r.st.TouchAccountStatus)
	}
	return added, nil
}

// acceptMessage records a customer's message and queues its job, at the end
// of tx; isNew is called then, with the sender's contact, if it was not
// recorded before.
func (r *Relay) acceptMessage(ctx context.Context, tx *store.Store, a store.Account, webhook *store.WebhookRef,
	v *dialog360.Value, m *dialog360.Message, isNew func(*dialog360.Contact)) error {
	if m.ID == "" {
		return nil
	}
	contact := v.Contact(m)
	chat := chatKey(m.FromUserID, m.From, contact)
	if chat == "" {
		r.log.Warn("inbound message without sender", "account_id", a.ID)
		return nil
	}
	if full := fullChat(m.FromUserID, m.From, contact); full != chat {
		if err := tx.SaveChat(ctx, a.ID, chat, full); err != nil {
			return err
		}
	}
	job, err := newInboundJob(a.ID, m.ID, chat, webhook)
	if err != nil {
		return err
	}
	// Its "received" step is read from the row (see inboundSteps).
	return tx.AcceptInbound(ctx, store.InboundMessage{AccountID: a.ID, WAMID: m.ID, ChatKey: chat,
		Webhook: webhook, Kind: m.Type, SentAt: m.Time()}, job, func() { isNew(contact) })
}

// newInboundJob is the job that relays a customer's message of chat. It may
// be held in memory where the store allows it (SQLite): resumeHeld queues it
// again if the process dies before the message is delivered.
func newInboundJob(accountID int64, wamid, chat string, webhook *store.WebhookRef) (store.NewJob, error) {
	payload, err := json.Marshal(inboundJob{AccountID: accountID, WAMID: wamid})
	return store.NewJob{Kind: KindInbound, QueueKey: inboundQueue(accountID, chat), Payload: payload,
		Webhook: webhook, Hold: true}, err
}

func (r *Relay) acceptStatus(ctx context.Context, tx *store.Store, a store.Account, s *dialog360.Status) (int, error) {
	if s.ID == "" || s.Status == "" {
		return 0, nil
	}
	code := 0
	if len(s.Errors) > 0 {
		code = s.Errors[0].Code
	}
	inserted, err := tx.InsertStatus(ctx, store.StatusEvent{AccountID: a.ID, WAMID: s.ID, Status: s.Status,
		ErrorCode: code, OccurredAt: s.Time()})
	if err != nil || !inserted {
		return 0, err
	}
	payload, err := json.Marshal(statusJob{AccountID: a.ID, Status: s.Raw})
	if err != nil {
		return 0, err
	}
	_, _, err = tx.InsertJob(ctx, store.NewJob{Kind: KindStatus, Payload: payload})
	return 1, err
}

func inboundQueue(accountID int64, chat string) string {
	return "chat:" + strconv.FormatInt(accountID, 10) + ":" + chat
}

func outboundQueue(accountID int64, chat string) string {
	return fmt.Sprintf("out:%d:%s", accountID, chat)
}
