-- A curator's flow estimate is a draft until published: its values wait in
-- data_draft_values, outside every public table, view and export, and move
-- into data_observations only when a curator publishes it. At most one
-- estimate per basis (source table and years) is published; publishing
-- another moves the first back out ("superseded"). Imported datasets, and
-- estimates made before drafts existed, are published.
ALTER TABLE data_datasets ADD COLUMN status TEXT NOT NULL DEFAULT 'published';
ALTER TABLE data_datasets ADD COLUMN basis TEXT NOT NULL DEFAULT '';

CREATE TABLE data_draft_values (
	id {{ID}},
	dataset_id BIGINT NOT NULL REFERENCES data_datasets(id) ON DELETE CASCADE,
	measure TEXT NOT NULL,
	origin TEXT NOT NULL,
	destination TEXT NOT NULL,
	year INTEGER NOT NULL,
	sex TEXT NOT NULL DEFAULT 'total',
	value DOUBLE PRECISION,
	flag TEXT NOT NULL DEFAULT '',
	UNIQUE (dataset_id, measure, origin, destination, year, sex)
);
CREATE INDEX data_datasets_basis ON data_datasets(basis);
