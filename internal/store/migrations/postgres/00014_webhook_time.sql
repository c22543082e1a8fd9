-- +goose Up
-- Stored webhooks are found by time: the hourly retention sweep deletes those
-- past the retention (7 days by default), a replay lists an account's in a
-- time range. An index led by the account made every group commit dirty one
-- leaf page per account taking messages (thousands of numbers in a real
-- deployment), each written out in full; an index on the time alone grows at
-- one end, and serves the retention sweep, which the old index could not.
DROP INDEX webhooks_account_time;
CREATE INDEX webhooks_received ON webhooks(received_at);

-- +goose Down
DROP INDEX webhooks_received;
CREATE INDEX webhooks_account_time ON webhooks(account_id, received_at);
