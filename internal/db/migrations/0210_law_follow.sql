-- Law & policy follows and alerts (issue 4): what signed-in users follow,
-- the events added to the database (versions, treaty actions,
-- reservations/declarations, policy changes), the e-mail digests sent and
-- the secret tokens of personal Atom feeds.
CREATE TABLE law_follows (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    target TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, kind, target)
);
CREATE INDEX law_follows_target ON law_follows (kind, target);

-- countries and topics are comma-separated lists ('' when none); link is a
-- path on the site.
CREATE TABLE law_events (
    id {{ID}},
    kind TEXT NOT NULL,
    instrument TEXT NOT NULL DEFAULT '',
    countries TEXT NOT NULL DEFAULT '',
    topics TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL,
    link TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX law_events_instrument ON law_events (instrument, id);

-- The last event each user's digest covered; a digest takes the events
-- after it, and moves it forward in the transaction that queues the mail.
CREATE TABLE law_digest_state (
    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    last_event_id BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE law_digests (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    outbox_id BIGINT NOT NULL,
    first_event_id BIGINT NOT NULL,
    last_event_id BIGINT NOT NULL,
    events INTEGER NOT NULL,
    sent_at BIGINT NOT NULL
);
CREATE INDEX law_digests_user ON law_digests (user_id, id);

CREATE TABLE law_feed_tokens (
    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
