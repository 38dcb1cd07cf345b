-- Research publishing (issue 10): series, publications as a work with
-- numbered versions (one id for the work, one per version, as Zenodo does),
-- their files with an access level, and a search index row per audience.
-- A version's metadata is one JSON document (pub_versions.meta); what
-- browsing, filters and OAI-PMH select on is copied onto the work from its
-- latest version. A deleted work stays as a tombstone (deleted_at) so that
-- OAI-PMH can report it (deletedRecord persistent). Dates are ISO text.
CREATE TABLE pub_series (
    id {{ID}},
    title_en TEXT NOT NULL DEFAULT '',
    title_fr TEXT NOT NULL DEFAULT '',
    title_es TEXT NOT NULL DEFAULT '',
    issn TEXT NOT NULL DEFAULT '',
    publisher TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    sample INTEGER NOT NULL DEFAULT 0,
    revision BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE pub_works (
    id {{ID}},
    submission_id BIGINT UNIQUE,
    latest INTEGER NOT NULL DEFAULT 1,
    series_id BIGINT REFERENCES pub_series (id),
    series_number TEXT NOT NULL DEFAULT '',
    type TEXT NOT NULL,
    pub_date TEXT NOT NULL DEFAULT '',
    year INTEGER NOT NULL DEFAULT 0,
    language TEXT NOT NULL DEFAULT '',
    topics TEXT NOT NULL DEFAULT '',
    countries TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    datestamp BIGINT NOT NULL,
    deleted_at BIGINT NOT NULL DEFAULT 0,
    index_until TEXT NOT NULL DEFAULT '',
    revision BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX pub_works_oai ON pub_works (datestamp, id);
CREATE INDEX pub_works_browse ON pub_works (deleted_at, pub_date, id);
CREATE INDEX pub_works_series ON pub_works (series_id, pub_date);

CREATE TABLE pub_versions (
    id {{ID}},
    work_id BIGINT NOT NULL REFERENCES pub_works (id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    meta TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    UNIQUE (work_id, n)
);

CREATE TABLE pub_files (
    id {{ID}},
    work_id BIGINT NOT NULL REFERENCES pub_works (id) ON DELETE CASCADE,
    version_n INTEGER NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    blob_key TEXT NOT NULL,
    access TEXT NOT NULL DEFAULT 'open',
    embargo_until TEXT NOT NULL DEFAULT '',
    text_status TEXT NOT NULL DEFAULT 'none',
    text_error TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX pub_files_work ON pub_files (work_id, version_n);

-- One row per work and audience (public, member, editor): the metadata and
-- the text of the files that audience may read, and its stems. A reader's
-- search only ever reads its own audience's rows, so text it may not read
-- can neither match nor appear in a snippet.
CREATE TABLE pub_index (
    id {{ID}},
    work_id BIGINT NOT NULL REFERENCES pub_works (id) ON DELETE CASCADE,
    audience TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    stems TEXT NOT NULL DEFAULT '',
    UNIQUE (work_id, audience)
);
