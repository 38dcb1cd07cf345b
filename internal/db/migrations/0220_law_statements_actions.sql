-- Law: reservations, declarations and objections linked to the treaty
-- action they were made at (action_id), the provisions they touch (eids:
-- comma list of provision eIds, validated against the stored texts when
-- entered by hand), the reservation an objection objects to (objects_to),
-- a partial withdrawal (partly_withdrawn_on, and the eIds it released:
-- withdrawn_eids; withdrawn_on stays the total withdrawal)
-- and when and by whom they were recorded.
ALTER TABLE law_statements ADD COLUMN action_id BIGINT REFERENCES law_treaty_actions (id) ON DELETE SET NULL;
ALTER TABLE law_statements ADD COLUMN eids TEXT NOT NULL DEFAULT '';
ALTER TABLE law_statements ADD COLUMN objects_to BIGINT REFERENCES law_statements (id) ON DELETE SET NULL;
ALTER TABLE law_statements ADD COLUMN partly_withdrawn_on TEXT NOT NULL DEFAULT '';
ALTER TABLE law_statements ADD COLUMN withdrawn_eids TEXT NOT NULL DEFAULT '';
ALTER TABLE law_statements ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX law_statements_action ON law_statements (action_id);
CREATE INDEX law_statements_objects_to ON law_statements (objects_to);

-- In force: an explicit end of validity of an instrument, and the date a
-- relationship (a repeal) takes effect when it is not the repealing
-- instrument's entry into force.
ALTER TABLE law_instruments ADD COLUMN ends_on TEXT NOT NULL DEFAULT '';
ALTER TABLE law_relationships ADD COLUMN effective_on TEXT NOT NULL DEFAULT '';
