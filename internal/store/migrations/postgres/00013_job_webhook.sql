-- +goose Up
-- A job whose input is in a stored webhook (a customer's message) names the
-- webhook instead of carrying a copy of it: the row every claim rewrites and
-- every completion deletes stays small, and the message is written once.
ALTER TABLE jobs ADD COLUMN webhook_id BIGINT NULL;

-- +goose Down
ALTER TABLE jobs DROP COLUMN webhook_id;
