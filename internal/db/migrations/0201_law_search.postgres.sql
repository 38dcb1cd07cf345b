-- Full-text search over provisions: a tsvector of the Go-stemmed,
-- accent-folded words (law_provisions.stems, written by the importers with
-- the Snowball stemmer of the provision's language — english, french,
-- spanish — the same algorithms as PostgreSQL's english/french/spanish
-- configurations). Stemming once, in Go, for both engines keeps SQLite and
-- PostgreSQL answering the same query with the same provisions; the
-- 'simple' configuration here only splits and lower-cases the stems.
ALTER TABLE law_provisions ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', stems)) STORED;
CREATE INDEX law_provisions_tsv ON law_provisions USING GIN (tsv);
