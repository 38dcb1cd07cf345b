-- The full-text index holds only the provisions of current versions, the
-- only ones a search shows: a broad word no longer walks every past
-- version's copy of it. law_provisions.is_current mirrors its version's
-- flag (kept by the code that keeps law_versions.is_current); the GIN index
-- is partial on it.
ALTER TABLE law_provisions ADD COLUMN is_current INTEGER NOT NULL DEFAULT 0;
UPDATE law_provisions SET is_current = 1 WHERE version_id IN (SELECT id FROM law_versions WHERE is_current = 1);
CREATE INDEX law_provisions_tsv_current ON law_provisions USING GIN (tsv) WHERE is_current = 1;
DROP INDEX law_provisions_tsv;
