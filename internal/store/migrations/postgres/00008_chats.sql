-- +goose Up
-- Customers whose WhatsApp id (BSUID) is longer than MessageGateway's 64
-- characters are known there by a short key; this maps it back for replies.
CREATE TABLE chats (
    account_id BIGINT NOT NULL,
    chat_key   TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    PRIMARY KEY (account_id, chat_key)
);

-- +goose Down
DROP TABLE chats;
