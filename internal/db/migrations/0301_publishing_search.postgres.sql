-- Full-text search over publications: a tsvector of pub_index.stems
-- (textsearch stems, as law's 0201; 'simple' only splits them).
ALTER TABLE pub_index ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', stems)) STORED;
CREATE INDEX pub_index_tsv ON pub_index USING GIN (tsv);
