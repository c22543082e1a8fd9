-- +goose Up
-- The trail of each message: every step the module took, with its result.
CREATE TABLE events (
    id            BIGSERIAL PRIMARY KEY,
    account_id    BIGINT NOT NULL,
    mg_message_id BIGINT NOT NULL DEFAULT 0,
    wamid         TEXT NOT NULL DEFAULT '',
    kind          TEXT NOT NULL,
    detail        TEXT NOT NULL DEFAULT '',
    at            TIMESTAMPTZ NOT NULL
);
CREATE INDEX events_mg ON events(account_id, mg_message_id);
CREATE INDEX events_wamid ON events(wamid);

-- +goose Down
DROP TABLE events;
