-- Seats: capacity, waitlist and promotion shared by training sessions and
-- event registrations (internal/seats). A scope names the kind of thing
-- with seats ('training.session', 'events.event'), scope_id the thing.

-- One row per thing with seats. Every change to its seats first upserts
-- this row, which locks it on PostgreSQL (and takes SQLite's one write
-- lock), so two enrolments never both see the last free seat. next_pos
-- orders the waitlist.
CREATE TABLE seat_scopes (
    scope TEXT NOT NULL,
    scope_id BIGINT NOT NULL,
    next_pos BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, scope_id)
);

-- A user's seat. status: confirmed, waitlisted, pending (awaiting
-- approval), cancelled, rejected. pos is the place in the queue taken
-- when the seat was last taken; the waitlist is served in pos order.
CREATE TABLE seats (
    id {{ID}},
    scope TEXT NOT NULL,
    scope_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    pos BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (scope, scope_id, user_id),
    CHECK (status IN ('confirmed','waitlisted','pending','cancelled','rejected'))
);
CREATE INDEX seats_queue ON seats (scope, scope_id, status, pos);
CREATE INDEX seats_user ON seats (user_id, scope);
