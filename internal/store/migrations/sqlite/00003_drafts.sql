-- +goose Up
-- Template drafts of the template manager: saved here, not yet submitted to
-- 360dialog. content is the draft as JSON (package template's Draft); name
-- and language are copied out so a name+language is drafted once per number.
CREATE TABLE template_drafts (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    language   TEXT NOT NULL,
    category   TEXT NOT NULL DEFAULT '',
    content    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (account_id, name, language)
);

-- +goose Down
DROP TABLE template_drafts;
