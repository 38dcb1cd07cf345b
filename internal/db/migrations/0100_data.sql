-- Research data: datasets, tidy observations, name aliases, unmatched names.
-- Area codes are ISO 3166-1 alpha-3 for countries and areas, and M49 (or UN
-- DESA grouping) numeric codes for aggregates; "001" is the world.

CREATE TABLE data_datasets (
	id {{ID}},
	source TEXT NOT NULL,
	release TEXT NOT NULL,
	title TEXT NOT NULL,
	licence TEXT NOT NULL DEFAULT '',
	url TEXT NOT NULL DEFAULT '',
	citation TEXT NOT NULL DEFAULT '',
	format TEXT NOT NULL,
	file_name TEXT NOT NULL DEFAULT '',
	sha256 TEXT NOT NULL,
	size BIGINT NOT NULL DEFAULT 0,
	blob_key TEXT NOT NULL DEFAULT '',
	notes TEXT NOT NULL DEFAULT '',
	observations BIGINT NOT NULL DEFAULT 0,
	unmatched BIGINT NOT NULL DEFAULT 0,
	imported_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
	imported_at BIGINT NOT NULL,
	UNIQUE (source, sha256)
);

CREATE TABLE data_observations (
	id {{ID}},
	dataset_id BIGINT NOT NULL REFERENCES data_datasets(id) ON DELETE CASCADE,
	measure TEXT NOT NULL,
	origin TEXT NOT NULL,
	destination TEXT NOT NULL,
	year INTEGER NOT NULL,
	sex TEXT NOT NULL DEFAULT 'total',
	value DOUBLE PRECISION,
	flag TEXT NOT NULL DEFAULT '',
	UNIQUE (dataset_id, measure, origin, destination, year, sex),
	CHECK (sex IN ('total','male','female'))
);
CREATE INDEX data_observations_destination ON data_observations(destination, measure, year);
CREATE INDEX data_observations_corridor ON data_observations(origin, destination, year);

-- Curators map a source's spelling of a place to an area code; code '-'
-- means "not a place: leave these rows out on purpose".
CREATE TABLE data_aliases (
	id {{ID}},
	name_key TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	code TEXT NOT NULL,
	created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
	created_at BIGINT NOT NULL
);

-- Names an import could not match, with where they were first seen.
CREATE TABLE data_unmatched (
	id {{ID}},
	dataset_id BIGINT NOT NULL REFERENCES data_datasets(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	location TEXT NOT NULL,
	occurrences BIGINT NOT NULL DEFAULT 1,
	UNIQUE (dataset_id, name)
);
