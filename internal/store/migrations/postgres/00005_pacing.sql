-- +goose Up
-- The next free send slot of each number (unix nanoseconds), reserved
-- atomically so all replicas together stay within the number's throughput.
ALTER TABLE accounts ADD COLUMN next_send_ns BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE accounts DROP COLUMN next_send_ns;
