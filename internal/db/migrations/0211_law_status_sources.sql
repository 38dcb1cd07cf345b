-- Treaty status from a second source (issue 4, cross-check): one row per
-- instrument, State and source, as that source states it. The 2022
-- human-rights tables give a status and a year only.
CREATE TABLE law_status_sources (
    id {{ID}},
    instrument_id BIGINT NOT NULL REFERENCES law_instruments (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    state_name TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    year INTEGER NOT NULL DEFAULT 0,
    as_of TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (instrument_id, state, source)
);
CREATE INDEX law_status_sources_state ON law_status_sources (state);
