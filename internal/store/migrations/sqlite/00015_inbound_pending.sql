-- +goose Up
-- The inbound messages not yet delivered, found at start without a scan: on
-- SQLite a customer's message may be relayed from memory, without a job row
-- (store.HoldIn), and one that the process held when it died is queued again
-- from this index; the retention sweep keeps their webhooks by it. It holds
-- only the few messages in flight.
CREATE INDEX inbound_pending ON inbound_messages(id) WHERE state = 'pending';

-- +goose Down
DROP INDEX inbound_pending;
