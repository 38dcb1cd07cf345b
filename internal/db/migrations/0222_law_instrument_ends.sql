-- Law: when an instrument ceased to be in force, computed from its explicit
-- end of validity (ends_on) and the repeals of the whole instrument (a
-- `repeals` relationship without a target article): the relationship's
-- effective_on, or else the repealing instrument's entry into force. A
-- repeal with neither date is not counted (its date is unknown). The
-- earliest date wins.
CREATE VIEW law_instrument_ends AS
SELECT instrument_id, MIN(ended_on) AS ended_on FROM (
    SELECT id AS instrument_id, ends_on AS ended_on FROM law_instruments WHERE ends_on <> ''
    UNION ALL
    SELECT r.to_id AS instrument_id, CASE WHEN r.effective_on <> '' THEN r.effective_on ELSE f.in_force_on END AS ended_on
    FROM law_relationships r JOIN law_instruments f ON f.id = r.from_id
    WHERE r.kind = 'repeals' AND r.to_eid = '' AND (r.effective_on <> '' OR f.in_force_on <> '')
) ends GROUP BY instrument_id;
