-- Rate limits: one counter per key (e.g. "login:account-address:<email>|<ip>"),
-- counted and checked in one statement so parallel requests cannot all
-- read the count before any of them writes it.
CREATE TABLE rate_limits (
	key TEXT PRIMARY KEY,
	hits INTEGER NOT NULL,
	window_start BIGINT NOT NULL
);
CREATE INDEX rate_limits_window ON rate_limits(window_start);
