package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Event is one step in a message's trail.
type Event struct {
	AccountID   int64     `json:"-"`
	MGMessageID int64     `json:"mg_message_id,omitempty"`
	WAMID       string    `json:"wamid,omitempty"`
	Kind        string    `json:"kind"`
	Detail      string    `json:"detail,omitempty"`
	At          time.Time `json:"at"`
}

// AddEvent appends a step to a message's trail.
func (s *Store) AddEvent(ctx context.Context, e Event) error {
	at := e.At
	if at.IsZero() {
		at = s.now()
	}
	_, err := s.q.ExecContext(ctx, `INSERT INTO events (account_id, mg_message_id, wamid, kind, detail, at)
		VALUES ($1, $2, $3, $4, $5, $6)`, e.AccountID, e.MGMessageID, e.WAMID, e.Kind, truncate(e.Detail, 1000), at.UTC())
	if err != nil {
		return fmt.Errorf("store: add event: %w", err)
	}
	return nil
}

// Events returns the steps of an account's messages that have the MessageGateway
// id mgID (when non-zero) or one of the WhatsApp ids, oldest first, together with
// the statuses WhatsApp reported for those ids.
func (s *Store) Events(ctx context.Context, accountID, mgID int64, wamids []string) ([]Event, error) {
	args := []any{accountID, mgID}
	ph := make([]string, len(wamids))
	for i, w := range wamids {
		args = append(args, w)
		ph[i] = fmt.Sprintf("$%d", i+3)
	}
	in := "''"
	if len(ph) > 0 {
		in = strings.Join(ph, ", ")
	}
	rows, err := s.once().QueryContext(ctx, `SELECT mg_message_id, wamid, kind, detail, at FROM events
		WHERE account_id = $1 AND ((mg_message_id = $2 AND $2 <> 0) OR wamid IN (`+in+`))
		UNION ALL
		SELECT 0, wamid, 'status_' || status, CASE WHEN error_code <> 0 THEN 'error ' || error_code ELSE '' END, received_at
		FROM status_events WHERE account_id = $1 AND wamid IN (`+in+`)
		ORDER BY 5`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: events: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		e := Event{AccountID: accountID}
		if err := rows.Scan(&e.MGMessageID, &e.WAMID, &e.Kind, &e.Detail, &e.At); err != nil {
			return nil, fmt.Errorf("store: events: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
