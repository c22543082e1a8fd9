-- +goose Up
-- Every job row is inserted, updated when claimed and deleted within moments,
-- and each index costs an entry at every step (a claim changes indexed
-- columns, so it is never a heap-only update). Keep only the indexes the
-- queue's frequent queries use: jobs_runnable (claims), jobs_unfinished
-- (heads of queue keys) and the primary key. The 5-second lease sweep and
-- the tests' NextJobAt do without theirs.
DROP INDEX jobs_key;
DROP INDEX jobs_leased;
DROP INDEX jobs_ready;

-- +goose Down
CREATE INDEX jobs_ready ON jobs(run_at) WHERE state = 'ready';
CREATE INDEX jobs_leased ON jobs(locked_until) WHERE state = 'running';
CREATE INDEX jobs_key ON jobs(queue_key, id);
