-- Training sessions (issue 11): a dated session in person or online, tied
-- to a course (its family id) or standalone. Seats, the waitlist and
-- approvals live in the shared seats table under scope 'training.session'.
-- Times are unix seconds; tz is the IANA zone the session is held in.
CREATE TABLE learning_sessions (
    id {{ID}},
    course_id BIGINT REFERENCES learning_courses(id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    venue TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    online_url TEXT NOT NULL DEFAULT '',
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    tz TEXT NOT NULL DEFAULT 'UTC',
    capacity INTEGER NOT NULL DEFAULT 0,
    needs_approval INTEGER NOT NULL DEFAULT 0,
    -- counts: attending this session is part of the course's completion.
    counts INTEGER NOT NULL DEFAULT 0,
    sequence INTEGER NOT NULL DEFAULT 0,
    cancelled_at BIGINT NOT NULL DEFAULT 0,
    reminded_at BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX learning_sessions_starts ON learning_sessions (starts_at, id);
CREATE INDEX learning_sessions_course ON learning_sessions (course_id);

-- Attendance a trainer marked for a confirmed learner.
CREATE TABLE learning_attendance (
    session_id BIGINT NOT NULL REFERENCES learning_sessions(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    attended INTEGER NOT NULL,
    marked_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    marked_at BIGINT NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX learning_attendance_user ON learning_attendance (user_id, attended);
