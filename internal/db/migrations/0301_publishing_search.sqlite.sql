-- Full-text search over publications: an FTS5 index of pub_index.stems
-- (textsearch stems, as law's 0201), kept in step by triggers.
CREATE VIRTUAL TABLE pub_fts USING fts5(stems, tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER pub_index_fts_ins AFTER INSERT ON pub_index BEGIN
    INSERT INTO pub_fts (rowid, stems) VALUES (new.id, new.stems);
END;
CREATE TRIGGER pub_index_fts_del AFTER DELETE ON pub_index BEGIN
    DELETE FROM pub_fts WHERE rowid = old.id;
END;
CREATE TRIGGER pub_index_fts_upd AFTER UPDATE OF stems ON pub_index BEGIN
    DELETE FROM pub_fts WHERE rowid = old.id;
    INSERT INTO pub_fts (rowid, stems) VALUES (new.id, new.stems);
END;
