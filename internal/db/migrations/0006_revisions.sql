-- Revisions: a counter per edited record, raised by every edit that checks
-- it, so that an edit made from a stale copy is refused instead of
-- silently overwriting the one saved meanwhile. One table for every
-- domain, since the foundation migrations run before the domains' tables
-- exist.
CREATE TABLE revisions (
	record TEXT NOT NULL,
	id BIGINT NOT NULL,
	revision BIGINT NOT NULL,
	PRIMARY KEY (record, id)
);
