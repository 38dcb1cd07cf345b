-- Typed links between any two things Corridor holds, named by keys
-- ({domain}:{kind}:{id}[#fragment]). One row per link, in the relation's
-- forward direction; the two indexes answer "what links from" and "what
-- links to" a thing. No foreign key to the things themselves: they live
-- in the domains' tables, which run after the foundation migrations.
CREATE TABLE links (
	id {{ID}},
	from_key TEXT NOT NULL,
	to_key TEXT NOT NULL,
	relation TEXT NOT NULL,
	article TEXT NOT NULL DEFAULT '',
	years TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	source TEXT NOT NULL CHECK (source IN ('editor', 'import')),
	created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
	created_at BIGINT NOT NULL,
	UNIQUE (from_key, relation, to_key)
);
CREATE INDEX links_from ON links (from_key, id);
CREATE INDEX links_to ON links (to_key, id);
