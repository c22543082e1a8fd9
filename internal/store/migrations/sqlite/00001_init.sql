-- +goose Up
CREATE TABLE connections (
    id             INTEGER PRIMARY KEY,
    client_id_hash TEXT NOT NULL UNIQUE,
    client_id_enc  TEXT NOT NULL,
    crm_url        TEXT NOT NULL UNIQUE,
    crm_key_enc    TEXT NOT NULL,
    mg_url         TEXT NOT NULL,
    mg_token_enc   TEXT NOT NULL,
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    frozen         BOOLEAN NOT NULL DEFAULT FALSE,
    lang           TEXT NOT NULL DEFAULT 'en',
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);

CREATE TABLE accounts (
    id                  INTEGER PRIMARY KEY,
    connection_id       INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    ref                 TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    d360_key_enc        TEXT NOT NULL,
    key_hint            TEXT NOT NULL,
    webhook_secret_hash TEXT NOT NULL,
    channel_id          BIGINT NOT NULL DEFAULT 0,
    phone_number_id     TEXT NOT NULL DEFAULT '',
    waba_id             TEXT NOT NULL DEFAULT '',
    display_phone       TEXT NOT NULL DEFAULT '',
    active              BOOLEAN NOT NULL DEFAULT TRUE,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    last_inbound_at     TIMESTAMP NULL,
    last_status_at      TIMESTAMP NULL,
    last_error          TEXT NOT NULL DEFAULT '',
    last_error_at       TIMESTAMP NULL
);
CREATE INDEX accounts_connection ON accounts(connection_id);

-- Raw webhook bodies, stored before the module answers 200 (replay, trail).
CREATE TABLE webhooks (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL,
    source      TEXT NOT NULL,
    body        TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL
);
CREATE INDEX webhooks_account_time ON webhooks(account_id, received_at);

-- One row per inbound WhatsApp message: the unique key makes a redelivery act once.
CREATE TABLE inbound_messages (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL,
    wamid         TEXT NOT NULL,
    chat_key      TEXT NOT NULL,
    mg_message_id BIGINT NOT NULL DEFAULT 0,
    state         TEXT NOT NULL,
    webhook_id    BIGINT NOT NULL DEFAULT 0,
    sent_at       TIMESTAMP NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (account_id, wamid)
);

-- One row per operator message from MessageGateway: the unique key makes a repeated webhook send once.
CREATE TABLE outbound_messages (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL,
    mg_message_id BIGINT NOT NULL,
    chat_key      TEXT NOT NULL,
    payload       TEXT NOT NULL,
    state         TEXT NOT NULL,
    attempt       INTEGER NOT NULL DEFAULT 0,
    error_code    INTEGER NOT NULL DEFAULT 0,
    error_text    TEXT NOT NULL DEFAULT '',
    failed_at     TIMESTAMP NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (account_id, mg_message_id)
);

-- Each send of an outbound message: its WhatsApp id, so statuses find their message.
CREATE TABLE outbound_attempts (
    id          INTEGER PRIMARY KEY,
    outbound_id INTEGER NOT NULL REFERENCES outbound_messages(id) ON DELETE CASCADE,
    attempt     INTEGER NOT NULL,
    wamid       TEXT NOT NULL UNIQUE,
    sent_at     TIMESTAMP NOT NULL,
    UNIQUE (outbound_id, attempt)
);

-- Every status webhook once: (wamid, status) is unique.
CREATE TABLE status_events (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL,
    wamid       TEXT NOT NULL,
    status      TEXT NOT NULL,
    error_code  INTEGER NOT NULL DEFAULT 0,
    occurred_at TIMESTAMP NOT NULL,
    received_at TIMESTAMP NOT NULL,
    UNIQUE (wamid, status)
);

-- The durable job queue (package jobs). Finished jobs are deleted; a job with a
-- non-empty queue_key runs only after every earlier job of the same key.
CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    queue_key    TEXT NOT NULL DEFAULT '',
    payload      TEXT NOT NULL,
    state        TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    run_at       TIMESTAMP NOT NULL,
    locked_until TIMESTAMP NULL,
    locked_by    TEXT NOT NULL DEFAULT '',
    unique_key   TEXT NULL UNIQUE,
    last_error   TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX jobs_due ON jobs(state, run_at);
CREATE INDEX jobs_key ON jobs(queue_key, id);

-- +goose Down
DROP TABLE jobs;
DROP TABLE status_events;
DROP TABLE outbound_attempts;
DROP TABLE outbound_messages;
DROP TABLE inbound_messages;
DROP TABLE webhooks;
DROP TABLE accounts;
DROP TABLE connections;
