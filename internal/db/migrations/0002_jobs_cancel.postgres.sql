-- Jobs can be cancelled: an admin cancels a queued job at once, and asks a
-- running one to stop (cancel_requested); its runner rolls it back.
ALTER TABLE jobs DROP CONSTRAINT IF EXISTS jobs_status_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_status_check CHECK (status IN ('queued','running','done','failed','cancelled'));
ALTER TABLE jobs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
