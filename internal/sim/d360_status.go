package sim

import (
	"context"
	"strconv"
	"time"
)

// StatusMode decides which status webhooks follow an accepted send.
type StatusMode string

// The status modes.
const (
	// StatusNormal sends sent, delivered, read, one step apart.
	StatusNormal StatusMode = "normal"
	// StatusDelivered sends sent and delivered; read comes only from MarkRead.
	StatusDelivered StatusMode = "delivered"
	// StatusNone sends no status webhooks at all.
	StatusNone StatusMode = "none"
	// StatusOutOfOrder sends read, delivered, sent (Meta does not guarantee order).
	StatusOutOfOrder StatusMode = "out_of_order"
	// StatusDuplicate sends each normal webhook twice (delivery is at-least-once).
	StatusDuplicate StatusMode = "duplicate"
)

// outbound is what the simulator remembers of an accepted send.
type outbound struct {
	bizData  string
	category string // pricing category: service, marketing, utility, ...
	failCode int
	phone    string // recipient_id
	userID   string // recipient_user_id
	wamid    string
}

// rejection is an injected synchronous send failure.
type rejection struct{ httpStatus, code int }

// SetStatusMode sets how status webhooks follow sends on apiKey's number.
func (d *Dialog360) SetStatusMode(apiKey string, m StatusMode) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if n, ok := d.numbers[apiKey]; ok {
		n.mode = m
	}
}

// FailNextSends makes the next n sends be accepted (200 + wamid) and then
// reported "failed" with Meta error code (e.g. 131047, 131026) by webhook.
func (d *Dialog360) FailNextSends(apiKey string, n, code int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if num, ok := d.numbers[apiKey]; ok {
		for range n {
			num.failNext = append(num.failNext, code)
		}
	}
}

// RejectNextSends makes the next n POST /messages sends answer httpStatus with
// a Meta error body carrying code.
func (d *Dialog360) RejectNextSends(apiKey string, n, httpStatus, code int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if num, ok := d.numbers[apiKey]; ok {
		for range n {
			num.rejectNext = append(num.rejectNext, rejection{httpStatus, code})
		}
	}
}

// statusSequence is the order of status webhooks for a send in mode m.
func statusSequence(m StatusMode, failed bool) []string {
	if failed {
		switch m {
		case StatusNone:
			return nil
		case StatusDuplicate:
			return []string{"failed", "failed"}
		default:
			return []string{"failed"}
		}
	}
	switch m {
	case StatusNone:
		return nil
	case StatusDelivered:
		return []string{"sent", "delivered"}
	case StatusOutOfOrder:
		return []string{"read", "delivered", "sent"}
	case StatusDuplicate:
		return []string{"sent", "sent", "delivered", "delivered", "read", "read"}
	default:
		return []string{"sent", "delivered", "read"}
	}
}

// scheduleStatuses delivers the status webhooks of an accepted send, in order,
// one delay apart, in the background.
func (d *Dialog360) scheduleStatuses(apiKey string, num Number, out outbound, mode StatusMode) {
	seq := statusSequence(mode, out.failCode != 0)
	if len(seq) == 0 {
		return
	}
	d.mu.Lock()
	delay := d.statusDelay
	d.mu.Unlock()
	d.bg.run(func(ctx context.Context) {
		for _, s := range seq {
			if !sleep(ctx, delay) {
				return
			}
			_, _ = d.deliver(apiKey, "status", statusBody(num, out, s, d.now()))
		}
	})
}

// statusBody builds the webhook body of one status.
func statusBody(num Number, out outbound, status string, at time.Time) []byte {
	st := map[string]any{
		"id":        out.wamid,
		"status":    status,
		"timestamp": strconv.FormatInt(at.Unix(), 10),
	}
	if out.phone != "" {
		st["recipient_id"] = out.phone
	}
	if out.userID != "" {
		st["recipient_user_id"] = out.userID
	}
	if out.bizData != "" {
		st["biz_opaque_callback_data"] = out.bizData
	}
	if status == "failed" {
		e := metaError(out.failCode, "Simulated failure")
		st["errors"] = []any{map[string]any{
			"code":       out.failCode,
			"title":      e["message"],
			"message":    e["message"],
			"error_data": map[string]any{"details": errorDetails(out.failCode)},
			"href":       "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
		}}
	} else {
		typ := "regular"
		if out.category == "service" {
			typ = "free_customer_service"
		}
		st["pricing"] = map[string]any{"pricing_model": "PMP", "type": typ, "category": out.category}
	}
	return marshal(envelope(num, map[string]any{"statuses": []any{st}}))
}

// errorDetails is the error_data.details text for a failure code.
func errorDetails(code int) string {
	switch code {
	case 131047:
		return "Message failed to send because more than 24 hours have passed since the customer last replied to this number."
	case 131026:
		return "Message Undeliverable."
	default:
		return errorTitle(code)
	}
}
