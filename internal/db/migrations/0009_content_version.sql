-- A counter every audited write increases in its own transaction: pages
-- cached for the public are kept only while it stays the same, in this
-- process and in every other one sharing the database.
CREATE TABLE content_version (
    id INTEGER PRIMARY KEY,
    n BIGINT NOT NULL
);
INSERT INTO content_version (id, n) VALUES (1, 0);
