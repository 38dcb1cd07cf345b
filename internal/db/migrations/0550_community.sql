-- Community (issue 12): people, partners, research projects, opportunities
-- (calls for internships, visiting scholars, assistantships, jobs) and the
-- applications to them. Every time is unix seconds; 0 means "none". Dates
-- of a stay, a project or a call are YYYY-MM-DD text.

-- A person's profile. roles is a comma-separated list of staff,
-- researcher, fellow, visiting_scholar, intern, student, alumni. A
-- visiting scholar has visit_from/visit_until and a host. user_id links
-- the profile to an account whose holder may edit it.
CREATE TABLE community_people (
    id {{ID}},
    name TEXT NOT NULL,
    roles TEXT NOT NULL DEFAULT '',
    affiliation TEXT NOT NULL DEFAULT '',
    orcid TEXT NOT NULL DEFAULT '',
    bio_en TEXT NOT NULL DEFAULT '',
    bio_fr TEXT NOT NULL DEFAULT '',
    bio_es TEXT NOT NULL DEFAULT '',
    photo_key TEXT NOT NULL DEFAULT '',
    visit_from TEXT NOT NULL DEFAULT '',
    visit_until TEXT NOT NULL DEFAULT '',
    host TEXT NOT NULL DEFAULT '',
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    sample INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- An organisation the institute works with; kind is university, io, ngo,
-- government or other; ror the 9-character ROR id (0abcdef12).
CREATE TABLE community_partners (
    id {{ID}},
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    ror TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    sample INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE TABLE community_projects (
    id {{ID}},
    title TEXT NOT NULL,
    summary_en TEXT NOT NULL DEFAULT '',
    summary_fr TEXT NOT NULL DEFAULT '',
    summary_es TEXT NOT NULL DEFAULT '',
    starts TEXT NOT NULL DEFAULT '',
    ends TEXT NOT NULL DEFAULT '',
    funders TEXT NOT NULL DEFAULT '',
    sample INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE community_project_members (
    project_id BIGINT NOT NULL REFERENCES community_projects(id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES community_people(id) ON DELETE CASCADE,
    role TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (project_id, person_id)
);

CREATE TABLE community_project_partners (
    project_id BIGINT NOT NULL REFERENCES community_projects(id) ON DELETE CASCADE,
    partner_id BIGINT NOT NULL REFERENCES community_partners(id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, partner_id)
);

-- A call: kind is internship, visiting_scholar, assistantship or job.
-- criteria are the scoring criteria, one per line; deadline is the last
-- second applications are accepted. An accepted intern joins project_id.
CREATE TABLE community_calls (
    id {{ID}},
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    requirements TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL DEFAULT '',
    starts TEXT NOT NULL DEFAULT '',
    ends TEXT NOT NULL DEFAULT '',
    deadline BIGINT NOT NULL,
    criteria TEXT NOT NULL DEFAULT '',
    host TEXT NOT NULL DEFAULT '',
    places INTEGER NOT NULL DEFAULT 1,
    project_id BIGINT REFERENCES community_projects(id) ON DELETE SET NULL,
    sample INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

-- The accounts that review a call's applications (besides admins).
CREATE TABLE community_call_reviewers (
    call_id BIGINT NOT NULL REFERENCES community_calls(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (call_id, user_id)
);

-- An application; status is submitted, shortlisted, accepted or rejected.
-- Personal data lives here and in the children below, all deleted
-- together on request or after the retention period.
CREATE TABLE community_applications (
    id {{ID}},
    call_id BIGINT NOT NULL REFERENCES community_calls(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    lang TEXT NOT NULL DEFAULT 'en',
    statement TEXT NOT NULL DEFAULT '',
    cv_key TEXT NOT NULL,
    letter_key TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'submitted',
    person_id BIGINT REFERENCES community_people(id) ON DELETE SET NULL,
    decided_at BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    UNIQUE (call_id, user_id)
);

-- A referee asked for a letter through a one-time link; token_hash is the
-- SHA-256 of the link's token, used_at set when the letter arrives.
CREATE TABLE community_references (
    id {{ID}},
    application_id BIGINT NOT NULL REFERENCES community_applications(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    letter_key TEXT NOT NULL DEFAULT '',
    used_at BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

-- A reviewer's scores (criterion is the index in the call's criteria)
-- and notes on an application.
CREATE TABLE community_scores (
    application_id BIGINT NOT NULL REFERENCES community_applications(id) ON DELETE CASCADE,
    reviewer_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    criterion INTEGER NOT NULL,
    score INTEGER NOT NULL,
    PRIMARY KEY (application_id, reviewer_id, criterion)
);

CREATE TABLE community_notes (
    id {{ID}},
    application_id BIGINT NOT NULL REFERENCES community_applications(id) ON DELETE CASCADE,
    reviewer_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Settings an admin sets: retention_days (decided applications are
-- deleted that many days after the decision).
CREATE TABLE community_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
