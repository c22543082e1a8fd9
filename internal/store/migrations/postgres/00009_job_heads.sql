-- +goose Up
-- A job waiting behind an earlier job of its queue key is "blocked", so the
-- claim query reads only runnable rows through an index instead of scanning
-- past every waiting message of busy chats.
ALTER TABLE jobs ADD COLUMN blocked BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX jobs_runnable ON jobs(blocked, state, run_at);

-- +goose Down
DROP INDEX jobs_runnable;
ALTER TABLE jobs DROP COLUMN blocked;
