-- +goose Up
-- The templates the module last put into each number's MessageGateway
-- channel (package catalog): the hash of the mapped template decides whether
-- a sync must update it, the 360dialog components are what a template send is
-- checked against. origin is "sync" (an approved template copied from
-- 360dialog) or "crm" (created in the CRM chat: its review status is shown).
CREATE TABLE templates (
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    language   TEXT NOT NULL,
    status     TEXT NOT NULL,
    origin     TEXT NOT NULL DEFAULT 'sync',
    hash       TEXT NOT NULL,
    components TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, code)
);

-- The last template sync of each number, for the settings page and to decide
-- when the next one is due.
CREATE TABLE template_syncs (
    account_id   BIGINT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    last_sync_at TIMESTAMPTZ NOT NULL,
    ok           BOOLEAN NOT NULL,
    error        TEXT NOT NULL DEFAULT '',
    approved     INTEGER NOT NULL DEFAULT 0,
    created      INTEGER NOT NULL DEFAULT 0,
    updated      INTEGER NOT NULL DEFAULT 0,
    removed      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX template_syncs_due ON template_syncs(last_sync_at);

-- +goose Down
DROP TABLE template_syncs;
DROP TABLE templates;
