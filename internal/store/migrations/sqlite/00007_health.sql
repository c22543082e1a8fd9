-- +goose Up
-- Each number's last health check: 360dialog's can_send_message, the reasons,
-- and whether the registered callback was still ours.
ALTER TABLE accounts ADD COLUMN health_status TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN health_detail TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN health_checked_at TIMESTAMP NULL;
ALTER TABLE accounts ADD COLUMN webhook_ok BOOLEAN NOT NULL DEFAULT TRUE;

-- +goose Down
ALTER TABLE accounts DROP COLUMN webhook_ok;
ALTER TABLE accounts DROP COLUMN health_checked_at;
ALTER TABLE accounts DROP COLUMN health_detail;
ALTER TABLE accounts DROP COLUMN health_status;
