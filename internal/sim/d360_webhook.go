package sim

import (
	"context"
	"encoding/json"
	"errors"
	"time"
)

// ErrNoWebhook means the module has not registered a webhook for the number.
var ErrNoWebhook = errors.New("sim: no webhook registered for this number")

// Delivery is one attempt to post a webhook body to the module.
type Delivery struct {
	// Attempt is 1 for the first post, 2 for the first retry, and so on.
	Attempt int
	At      time.Time
	Body    []byte
	// Err is the transport error, or "no webhook registered".
	Err string
	// Kind is "message", "status" or "raw".
	Kind string
	// Status is the HTTP status the module answered (0 on transport errors).
	Status int
	URL    string
}

// OK reports whether the module accepted the delivery (360dialog needs 200).
func (d Delivery) OK() bool { return d.Status == 200 }

// Deliveries lists every webhook attempt for apiKey, in order.
func (d *Dialog360) Deliveries(apiKey string) []Delivery {
	d.mu.Lock()
	defer d.mu.Unlock()
	n, ok := d.numbers[apiKey]
	if !ok {
		return nil
	}
	return append([]Delivery(nil), n.deliveries...)
}

// envelope wraps a webhook value in the Cloud API envelope for number n.
func envelope(n Number, value map[string]any) map[string]any {
	value["messaging_product"] = "whatsapp"
	value["metadata"] = map[string]any{
		"display_phone_number": n.DisplayPhone,
		"phone_number_id":      n.PhoneNumberID,
	}
	return map[string]any{
		"object": "whatsapp_business_account",
		"entry": []any{map[string]any{
			"id":      n.WABAID,
			"changes": []any{map[string]any{"field": "messages", "value": value}},
		}},
	}
}

// deliver posts body once, synchronously, and on a non-200 answer schedules
// bounded redeliveries in the background. It returns the first answer.
func (d *Dialog360) deliver(apiKey, kind string, body []byte) (int, error) {
	status, err := d.attempt(d.bg.ctx, apiKey, kind, body, 1)
	if status == 200 || errors.Is(err, ErrNoWebhook) {
		return status, err
	}
	d.mu.Lock()
	delays := append([]time.Duration(nil), d.retryDelays...)
	d.mu.Unlock()
	if len(delays) > 0 {
		d.bg.run(func(ctx context.Context) {
			for i, delay := range delays {
				if !sleep(ctx, delay) {
					return
				}
				if st, _ := d.attempt(ctx, apiKey, kind, body, i+2); st == 200 {
					return
				}
			}
		})
	}
	return status, err
}

// attempt makes one post to the currently registered URL and records it.
func (d *Dialog360) attempt(ctx context.Context, apiKey, kind string, body []byte, attempt int) (int, error) {
	d.mu.Lock()
	n, ok := d.numbers[apiKey]
	if !ok {
		d.mu.Unlock()
		return 0, ErrNoWebhook
	}
	has, u, hdrs := n.hasHook, n.hookURL, cloneHeaders(n.hookHdrs)
	d.mu.Unlock()

	rec := Delivery{Attempt: attempt, At: d.now(), Body: body, Kind: kind, URL: u}
	var err error
	if !has {
		err = ErrNoWebhook
		rec.Err = err.Error()
	} else {
		rec.Status, _, err = postJSON(ctx, d.client, u, hdrs, body)
		if err != nil {
			rec.Err = err.Error()
		}
	}
	d.log.Debug("d360 sim: webhook", "kind", kind, "attempt", attempt, "status", rec.Status, "err", rec.Err)
	d.mu.Lock()
	n.deliveries = append(n.deliveries, rec)
	d.mu.Unlock()
	d.changed()
	return rec.Status, err
}

// marshal encodes a webhook body; the values are built here, so it cannot fail
// except on a programming error.
func marshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("sim: marshal webhook: " + err.Error())
	}
	return b
}
