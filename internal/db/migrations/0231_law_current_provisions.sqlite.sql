-- The full-text index holds only the provisions of current versions, the
-- only ones a search shows: a broad word no longer walks every past
-- version's copy of it. law_provisions.is_current mirrors its version's
-- flag (kept by the code that keeps law_versions.is_current), and the
-- triggers add a provision to the index when it becomes current and take
-- it out when it stops being current or is deleted.
ALTER TABLE law_provisions ADD COLUMN is_current INTEGER NOT NULL DEFAULT 0;
UPDATE law_provisions SET is_current = 1 WHERE version_id IN (SELECT id FROM law_versions WHERE is_current = 1);
DROP TRIGGER law_provisions_fts_ins;
DROP TRIGGER law_provisions_fts_del;
DROP TRIGGER law_provisions_fts_upd;
DELETE FROM law_fts;
INSERT INTO law_fts (rowid, stems) SELECT id, stems FROM law_provisions WHERE is_current = 1;
CREATE TRIGGER law_provisions_fts_ins AFTER INSERT ON law_provisions WHEN new.is_current = 1 BEGIN
    INSERT INTO law_fts (rowid, stems) VALUES (new.id, new.stems);
END;
CREATE TRIGGER law_provisions_fts_del AFTER DELETE ON law_provisions WHEN old.is_current = 1 BEGIN
    DELETE FROM law_fts WHERE rowid = old.id;
END;
CREATE TRIGGER law_provisions_fts_upd AFTER UPDATE OF stems, is_current ON law_provisions BEGIN
    DELETE FROM law_fts WHERE rowid = old.id AND old.is_current = 1;
    INSERT INTO law_fts (rowid, stems) SELECT new.id, new.stems WHERE new.is_current = 1;
END;
