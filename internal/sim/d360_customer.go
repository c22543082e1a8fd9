package sim

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// MsgOpt changes a customer message before it is delivered.
type MsgOpt func(*msgOpts)

type msgOpts struct {
	at      time.Time
	context map[string]any
	wamid   string
}

// ReplyTo makes the message quote (reply to) the message wamid.
func ReplyTo(wamid string) MsgOpt {
	return func(o *msgOpts) { o.context = map[string]any{"id": wamid} }
}

// WithWAMID sets the message id, e.g. to redeliver the same message.
func WithWAMID(wamid string) MsgOpt { return func(o *msgOpts) { o.wamid = wamid } }

// At sets the message timestamp (default: the simulator's clock).
func At(t time.Time) MsgOpt { return func(o *msgOpts) { o.at = t } }

// CustomerText delivers a text message from the customer to the number's
// webhook and returns its wamid. A non-200 answer is an error (the delivery is
// still retried in the background).
func (d *Dialog360) CustomerText(apiKey string, from Customer, text string, opts ...MsgOpt) (string, error) {
	return d.CustomerMessage(apiKey, from, map[string]any{"type": "text", "text": map[string]any{"body": text}}, opts...)
}

// CustomerMessage delivers any Cloud API message object (image, location,
// reaction, interactive reply, ...). The simulator fills from, from_user_id,
// id and timestamp, and for media ids it serves, mime_type and sha256.
func (d *Dialog360) CustomerMessage(apiKey string, from Customer, msg map[string]any, opts ...MsgOpt) (string, error) {
	if from.Phone == "" && from.UserID == "" {
		return "", errors.New("sim: customer needs a phone or a user id")
	}
	o := msgOpts{at: d.now()}
	for _, f := range opts {
		f(&o)
	}
	m := cloneMap(msg)
	if m == nil || str(m, "type") == "" {
		return "", errors.New("sim: message needs a type")
	}
	if o.wamid == "" {
		o.wamid = d.ids.wamid()
	}

	d.mu.Lock()
	n, err := d.lookup(apiKey)
	if err != nil {
		d.mu.Unlock()
		return "", err
	}
	if from.Phone != "" {
		m["from"] = from.Phone
		n.customers[from.Phone] = from
	}
	if from.UserID != "" {
		m["from_user_id"] = from.UserID
		n.customers[from.UserID] = from
	}
	m["id"] = o.wamid
	m["timestamp"] = strconv.FormatInt(o.at.Unix(), 10)
	if o.context != nil {
		o.context["from"] = n.DisplayPhone
		m["context"] = o.context
	}
	fillMedia(n, m)
	n.inbound[o.wamid] = true
	num := n.Number
	d.mu.Unlock()

	body := marshal(envelope(num, map[string]any{
		"contacts": []any{contactOf(from)},
		"messages": []any{m},
	}))
	status, err := d.deliver(apiKey, "message", body)
	if err != nil {
		return o.wamid, err
	}
	if status != 200 {
		return o.wamid, fmt.Errorf("sim: webhook answered %d", status)
	}
	return o.wamid, nil
}

// contactOf builds the contacts[] entry of a webhook.
func contactOf(c Customer) map[string]any {
	profile := map[string]any{"name": c.Name}
	if c.Username != "" {
		profile["username"] = c.Username
	}
	out := map[string]any{"profile": profile}
	if c.Phone != "" {
		out["wa_id"] = c.Phone
	}
	if c.UserID != "" {
		out["user_id"] = c.UserID
	}
	return out
}

// fillMedia completes a media object that names a media id the simulator
// serves, the way Meta describes inbound media.
func fillMedia(n *number, m map[string]any) {
	o := obj(m, str(m, "type"))
	if o == nil {
		return
	}
	md, ok := n.media[str(o, "id")]
	if !ok {
		return
	}
	if _, ok := o["mime_type"]; !ok {
		o["mime_type"] = md.mime
	}
	if _, ok := o["sha256"]; !ok {
		o["sha256"] = md.sha256
	}
}

// DeliverRaw posts an arbitrary webhook body to the number's webhook and
// returns the module's status (redelivered in the background on non-200).
func (d *Dialog360) DeliverRaw(apiKey string, body []byte) (int, error) {
	return d.deliver(apiKey, "raw", append([]byte(nil), body...))
}

// MarkRead makes the customer read the business message wamid: a "read"
// status webhook is delivered.
func (d *Dialog360) MarkRead(apiKey, wamid string) error {
	d.mu.Lock()
	n, err := d.lookup(apiKey)
	if err != nil {
		d.mu.Unlock()
		return err
	}
	out, ok := n.outbound[wamid]
	num := n.Number
	d.mu.Unlock()
	if !ok {
		return fmt.Errorf("sim: no business message %s", wamid)
	}
	status, err := d.deliver(apiKey, "status", statusBody(num, out, "read", d.now()))
	if err != nil {
		return err
	}
	if status != 200 {
		return fmt.Errorf("sim: webhook answered %d", status)
	}
	return nil
}
