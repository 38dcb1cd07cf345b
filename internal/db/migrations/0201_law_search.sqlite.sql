-- Full-text search over provisions: an FTS5 index of the Go-stemmed,
-- accent-folded words (law_provisions.stems, written by the importers with
-- the Snowball stemmer of the provision's language). Triggers keep it in
-- step with law_provisions.
CREATE VIRTUAL TABLE law_fts USING fts5(stems, tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER law_provisions_fts_ins AFTER INSERT ON law_provisions BEGIN
    INSERT INTO law_fts (rowid, stems) VALUES (new.id, new.stems);
END;
CREATE TRIGGER law_provisions_fts_del AFTER DELETE ON law_provisions BEGIN
    DELETE FROM law_fts WHERE rowid = old.id;
END;
CREATE TRIGGER law_provisions_fts_upd AFTER UPDATE OF stems ON law_provisions BEGIN
    DELETE FROM law_fts WHERE rowid = old.id;
    INSERT INTO law_fts (rowid, stems) VALUES (new.id, new.stems);
END;
