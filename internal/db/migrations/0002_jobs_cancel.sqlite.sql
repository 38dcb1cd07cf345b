-- Jobs can be cancelled: an admin cancels a queued job at once, and asks a
-- running one to stop (cancel_requested); its runner rolls it back.
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt.
CREATE TABLE jobs_new (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	kind TEXT NOT NULL,
	payload TEXT NOT NULL DEFAULT '{}',
	status TEXT NOT NULL DEFAULT 'queued',
	attempts INTEGER NOT NULL DEFAULT 0,
	max_attempts INTEGER NOT NULL DEFAULT 5,
	run_at BIGINT NOT NULL,
	locked_by TEXT NOT NULL DEFAULT '',
	locked_until BIGINT NOT NULL DEFAULT 0,
	progress BIGINT NOT NULL DEFAULT 0,
	progress_total BIGINT NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	cancel_requested INTEGER NOT NULL DEFAULT 0,
	CHECK (status IN ('queued','running','done','failed','cancelled'))
);
INSERT INTO jobs_new (id, kind, payload, status, attempts, max_attempts, run_at, locked_by, locked_until, progress, progress_total, last_error, created_at, updated_at)
	SELECT id, kind, payload, status, attempts, max_attempts, run_at, locked_by, locked_until, progress, progress_total, last_error, created_at, updated_at FROM jobs;
DROP TABLE jobs;
ALTER TABLE jobs_new RENAME TO jobs;
CREATE INDEX jobs_claim ON jobs(status, run_at);
