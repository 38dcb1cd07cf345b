-- Law & policy database (issue 4): instruments, their identifiers, dated
-- language versions with their provisions, relationships, treaty actions,
-- reservations/declarations and DEMIG-style policy changes. Dates are
-- ISO 'YYYY-MM-DD' text ('' when unknown), so they sort on both engines.
CREATE TABLE law_instruments (
    id {{ID}},
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    level TEXT NOT NULL,
    type TEXT NOT NULL,
    jurisdiction TEXT NOT NULL DEFAULT '',
    issuing_body TEXT NOT NULL DEFAULT '',
    adopted_on TEXT NOT NULL DEFAULT '',
    signed_on TEXT NOT NULL DEFAULT '',
    in_force_on TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL DEFAULT '',
    topics TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX law_instruments_level ON law_instruments (level, type);

CREATE TABLE law_identifiers (
    id {{ID}},
    instrument_id BIGINT NOT NULL REFERENCES law_instruments (id) ON DELETE CASCADE,
    scheme TEXT NOT NULL,
    value TEXT NOT NULL,
    lookup TEXT NOT NULL,
    UNIQUE (scheme, lookup)
);
CREATE INDEX law_identifiers_lookup ON law_identifiers (lookup);
CREATE INDEX law_identifiers_instrument ON law_identifiers (instrument_id);

CREATE TABLE law_versions (
    id {{ID}},
    instrument_id BIGINT NOT NULL REFERENCES law_instruments (id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL DEFAULT '',
    original {{BLOB}},
    meta_json TEXT NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL,
    UNIQUE (instrument_id, language, valid_from)
);

CREATE TABLE law_provisions (
    id {{ID}},
    version_id BIGINT NOT NULL REFERENCES law_versions (id) ON DELETE CASCADE,
    eid TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    num TEXT NOT NULL DEFAULT '',
    heading TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    ordinal INTEGER NOT NULL,
    parent_eid TEXT NOT NULL DEFAULT '',
    article_eid TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    stems TEXT NOT NULL DEFAULT '',
    UNIQUE (version_id, eid)
);
CREATE INDEX law_provisions_order ON law_provisions (version_id, ordinal);

CREATE TABLE law_relationships (
    id {{ID}},
    from_id BIGINT NOT NULL REFERENCES law_instruments (id) ON DELETE CASCADE,
    to_id BIGINT NOT NULL REFERENCES law_instruments (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    from_eid TEXT NOT NULL DEFAULT '',
    to_eid TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (from_id, to_id, kind, from_eid, to_eid)
);
CREATE INDEX law_relationships_to ON law_relationships (to_id);

CREATE TABLE law_treaty_actions (
    id {{ID}},
    instrument_id BIGINT NOT NULL REFERENCES law_instruments (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    state_name TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    action_date TEXT NOT NULL,
    effective_date TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX law_treaty_actions_instrument ON law_treaty_actions (instrument_id, state);
CREATE INDEX law_treaty_actions_state ON law_treaty_actions (state);

CREATE TABLE law_statements (
    id {{ID}},
    instrument_id BIGINT NOT NULL REFERENCES law_instruments (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    state_name TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    articles TEXT NOT NULL DEFAULT '',
    made_on TEXT NOT NULL DEFAULT '',
    withdrawn_on TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT ''
);
CREATE INDEX law_statements_instrument ON law_statements (instrument_id, state);

CREATE TABLE law_policy_changes (
    id {{ID}},
    country TEXT NOT NULL,
    date TEXT NOT NULL,
    instrument_id BIGINT REFERENCES law_instruments (id) ON DELETE SET NULL,
    article_eid TEXT NOT NULL DEFAULT '',
    area TEXT NOT NULL,
    tool TEXT NOT NULL DEFAULT '',
    target_group TEXT NOT NULL DEFAULT '',
    origin_group TEXT NOT NULL DEFAULT '',
    restrictiveness INTEGER NOT NULL,
    magnitude INTEGER NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX law_policy_changes_country ON law_policy_changes (country, date);
