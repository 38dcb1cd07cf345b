-- Community (issue 12): profiles' expertise, partners' agreements,
-- projects' grants and budget.

-- topics: free tags, comma-separated; countries: ISO 3166 alpha-3 codes,
-- comma-separated (checked against internal/geo).
ALTER TABLE community_people ADD COLUMN topics TEXT NOT NULL DEFAULT '';
ALTER TABLE community_people ADD COLUMN countries TEXT NOT NULL DEFAULT '';

-- The budget is seen by community editors and admins only. The amount is
-- a decimal text ("250000.00") so no engine rounds it; currency is an
-- ISO 4217 code; both "" when there is none.
ALTER TABLE community_projects ADD COLUMN budget_amount TEXT NOT NULL DEFAULT '';
ALTER TABLE community_projects ADD COLUMN budget_currency TEXT NOT NULL DEFAULT '';

-- A funder of a project with the grant's number, in the editor's order.
CREATE TABLE community_project_grants (
    id {{ID}},
    project_id BIGINT NOT NULL REFERENCES community_projects(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    funder TEXT NOT NULL,
    grant_number TEXT NOT NULL DEFAULT ''
);
CREATE INDEX community_project_grants_project ON community_project_grants (project_id, position);

-- An agreement with a partner: kind is mou, framework, cooperation,
-- data_sharing, exchange or other; dates are YYYY-MM-DD text, "" when
-- open. It is in force from valid_from (or signed) to valid_until.
CREATE TABLE community_partner_agreements (
    id {{ID}},
    partner_id BIGINT NOT NULL REFERENCES community_partners(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    signed TEXT NOT NULL DEFAULT '',
    valid_from TEXT NOT NULL DEFAULT '',
    valid_until TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    sample INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX community_partner_agreements_partner ON community_partner_agreements (partner_id);
