-- Events (issue 12): symposia, conferences, seminars, workshops, public
-- lectures and policy dialogues with their timetables, registrations and
-- personal calendar feeds. Every time is unix seconds (UTC); timezone is
-- the IANA zone the event is held in, used to show and write its times.

-- all_day events run from starts_at (midnight in timezone of the first
-- day) to ends_at (midnight after the last day: exclusive, as iCalendar
-- wants it). online_url is shown to confirmed participants only.
-- sequence is the iCalendar SEQUENCE: raised at every change of the event
-- or its timetable. status is 'scheduled' or 'cancelled'. Registrations
-- are seats of scope 'events.event' (internal/seats); moderated ones
-- wait for an organiser's approval; capacity 0 means no limit.
-- custom_fields is a JSON array of the registration form's own fields
-- ({"key","label","required"}).
CREATE TABLE events_events (
    id {{ID}},
    kind TEXT NOT NULL,
    title_en TEXT NOT NULL DEFAULT '',
    title_fr TEXT NOT NULL DEFAULT '',
    title_es TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    description_fr TEXT NOT NULL DEFAULT '',
    description_es TEXT NOT NULL DEFAULT '',
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    timezone TEXT NOT NULL,
    all_day INTEGER NOT NULL DEFAULT 0,
    venue TEXT NOT NULL DEFAULT '',
    map_url TEXT NOT NULL DEFAULT '',
    online_url TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'scheduled',
    capacity INTEGER NOT NULL DEFAULT 0,
    moderated INTEGER NOT NULL DEFAULT 0,
    custom_fields TEXT NOT NULL DEFAULT '[]',
    registration_closes BIGINT NOT NULL DEFAULT 0,
    abstracts_due BIGINT NOT NULL DEFAULT 0,
    sequence INTEGER NOT NULL DEFAULT 0,
    sample INTEGER NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX events_events_starts ON events_events (starts_at);
CREATE INDEX events_events_kind ON events_events (kind, starts_at);

-- A timetable item: a session, a talk or a break, in a track (blank: all
-- tracks, a plenary). Parallel tracks are items of different tracks that
-- overlap in time. A contribution is an abstract accepted through the
-- review engine (submission_id), unscheduled (times 0) until an organiser
-- places it.
CREATE TABLE events_talks (
    id {{ID}},
    event_id BIGINT NOT NULL REFERENCES events_events(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    track TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    abstract TEXT NOT NULL DEFAULT '',
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    submission_id BIGINT UNIQUE
);
CREATE INDEX events_talks_event ON events_talks (event_id, starts_at);

-- person_key is an optional typed-link key to a person
-- (community:person:N); name is always kept.
CREATE TABLE events_speakers (
    id {{ID}},
    talk_id BIGINT NOT NULL REFERENCES events_talks(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    person_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_speakers_talk ON events_speakers (talk_id, position);

-- A participant's answers to the event's custom registration fields
-- (JSON object field key → text), kept beside their seat.
CREATE TABLE events_answers (
    event_id BIGINT NOT NULL REFERENCES events_events(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    answers TEXT NOT NULL,
    PRIMARY KEY (event_id, user_id)
);

-- The secret of a user's "my events" calendar feed, stored hashed;
-- replacing or deleting the row revokes the old URL.
CREATE TABLE events_feeds (
    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
