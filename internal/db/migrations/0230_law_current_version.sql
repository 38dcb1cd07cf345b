-- A version is current when it is the latest of its instrument and language.
-- Searches filter on the flag, which the planner has statistics for, instead
-- of a per-row MAX(valid_from) sub-query it cannot estimate (PostgreSQL then
-- chose to re-read the full-text index once per version).
ALTER TABLE law_versions ADD COLUMN is_current INTEGER NOT NULL DEFAULT 0;
UPDATE law_versions SET is_current = CASE WHEN valid_from = (SELECT MAX(v2.valid_from) FROM law_versions v2
    WHERE v2.instrument_id = law_versions.instrument_id AND v2.language = law_versions.language) THEN 1 ELSE 0 END;
