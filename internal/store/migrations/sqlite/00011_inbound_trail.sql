-- +goose Up
-- An inbound message's trail ("received", "relayed") is read from its own
-- row instead of two event rows written per message: two fewer inserts on
-- the path every customer message takes.
ALTER TABLE inbound_messages ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE inbound_messages ADD COLUMN delivered_at TIMESTAMP;

-- +goose Down
ALTER TABLE inbound_messages DROP COLUMN delivered_at;
ALTER TABLE inbound_messages DROP COLUMN kind;
