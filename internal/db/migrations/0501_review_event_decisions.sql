-- The events pillar's abstract decisions on the shared review engine
-- (issue 12): a submission's track (change_track), the submission it
-- duplicates or was merged into, and the value a decision was taken with.
ALTER TABLE review_submissions ADD COLUMN track TEXT NOT NULL DEFAULT '';
ALTER TABLE review_submissions ADD COLUMN joined_to BIGINT NOT NULL DEFAULT 0;
ALTER TABLE review_decisions ADD COLUMN param TEXT NOT NULL DEFAULT '';
