-- An import's rows on their way in. The parser writes them here in short
-- transactions, so SQLite's one writer is free between batches (logins and
-- edits go on during a long import); one final transaction moves them into
-- data_observations with the dataset, so readers see all of it or none.
-- A stage left by a killed process is swept after a day.
CREATE TABLE data_import_stages (
	id {{ID}},
	created_at BIGINT NOT NULL
);

CREATE TABLE data_import_rows (
	id {{ID}},
	stage_id BIGINT NOT NULL REFERENCES data_import_stages(id) ON DELETE CASCADE,
	measure TEXT NOT NULL,
	origin TEXT NOT NULL,
	destination TEXT NOT NULL,
	year INTEGER NOT NULL,
	sex TEXT NOT NULL DEFAULT 'total',
	value DOUBLE PRECISION,
	flag TEXT NOT NULL DEFAULT ''
);
CREATE INDEX data_import_rows_stage ON data_import_rows(stage_id, id);
