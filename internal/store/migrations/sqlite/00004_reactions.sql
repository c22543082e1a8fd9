-- +goose Up
-- The customer's current reaction on each message: WhatsApp's "removed"
-- reaction carries no emoji, and MessageGateway's delete needs it.
CREATE TABLE reactions (
    account_id   INTEGER NOT NULL,
    target_wamid TEXT NOT NULL,
    emoji        TEXT NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (account_id, target_wamid)
);

-- +goose Down
DROP TABLE reactions;
