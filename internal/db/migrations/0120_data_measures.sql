-- The measures each dataset holds, with the unit of their values (people,
-- thousands of people, percent, percent per year, US$ million) as the
-- importer recorded it, and how many values each has.
CREATE TABLE data_dataset_measures (
	dataset_id BIGINT NOT NULL REFERENCES data_datasets(id) ON DELETE CASCADE,
	measure TEXT NOT NULL,
	unit TEXT NOT NULL DEFAULT '',
	observations BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (dataset_id, measure)
);

-- Datasets imported before: their measures, with the units the importers
-- of the time wrote.
INSERT INTO data_dataset_measures (dataset_id, measure, unit, observations)
SELECT dataset_id, measure,
	CASE measure WHEN 'remittances' THEN 'US$ million'
		WHEN 'migrant_stock' THEN 'people' WHEN 'refugees' THEN 'people'
		WHEN 'asylum_seekers' THEN 'people' WHEN 'flow' THEN 'people' ELSE '' END,
	COUNT(*)
FROM data_observations GROUP BY dataset_id, measure;
