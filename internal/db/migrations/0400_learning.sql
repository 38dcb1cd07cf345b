-- Learning (issue 11): courses with modules, lessons and quizzes; a
-- question bank in categories; enrolments, lesson views, quiz attempts
-- and their answers. Every time is unix seconds; 0 means "none".

-- A course in one language. The versions of one course in EN/FR/ES share
-- a family (the id of the first version); a learner sees the version in
-- their language when it exists. pacing is 'self' or 'cohort' (opens_at
-- and closes_at bound the cohort). complete_n is how many modules a
-- learner must complete (0: all of them).
CREATE TABLE learning_courses (
    id {{ID}},
    family BIGINT NOT NULL DEFAULT 0,
    lang TEXT NOT NULL,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    pacing TEXT NOT NULL DEFAULT 'self',
    opens_at BIGINT NOT NULL DEFAULT 0,
    closes_at BIGINT NOT NULL DEFAULT 0,
    complete_n INTEGER NOT NULL DEFAULT 0,
    published INTEGER NOT NULL DEFAULT 0,
    sample INTEGER NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (slug, lang)
);
CREATE INDEX learning_courses_family ON learning_courses (family, lang);

CREATE TABLE learning_modules (
    id {{ID}},
    course_id BIGINT NOT NULL REFERENCES learning_courses(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL
);
CREATE INDEX learning_modules_course ON learning_modules (course_id, position);

-- body is Markdown, rendered and sanitised when shown.
CREATE TABLE learning_lessons (
    id {{ID}},
    module_id BIGINT NOT NULL REFERENCES learning_modules(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT ''
);
CREATE INDEX learning_lessons_module ON learning_lessons (module_id, position);

-- Images and attachments of a course's lessons, kept in the blob store.
CREATE TABLE learning_files (
    id {{ID}},
    course_id BIGINT NOT NULL REFERENCES learning_courses(id) ON DELETE CASCADE,
    blob_key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE learning_categories (
    id {{ID}},
    name TEXT NOT NULL UNIQUE
);

-- A question of the bank. kind: single, multiple, truefalse, matching,
-- short, numeric, essay. spec is the kind's JSON (choices with fractions,
-- pairs, accepted answers, numeric answers with tolerance). version goes
-- up when a trainer corrects it; attempts are then regraded.
CREATE TABLE learning_questions (
    id {{ID}},
    category_id BIGINT NOT NULL REFERENCES learning_categories(id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    text TEXT NOT NULL,
    spec TEXT NOT NULL,
    feedback TEXT NOT NULL DEFAULT '',
    points DOUBLE PRECISION NOT NULL DEFAULT 1,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL
);
CREATE INDEX learning_questions_category ON learning_questions (category_id, id);

-- review: when a learner sees the correct answers and feedback:
-- 'immediately' after submitting, 'after_close' (the course's closing) or
-- 'never'.
CREATE TABLE learning_quizzes (
    id {{ID}},
    module_id BIGINT NOT NULL REFERENCES learning_modules(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    attempts_max INTEGER NOT NULL DEFAULT 0,
    time_limit BIGINT NOT NULL DEFAULT 0,
    pass_mark DOUBLE PRECISION NOT NULL DEFAULT 50,
    shuffle_questions INTEGER NOT NULL DEFAULT 0,
    shuffle_options INTEGER NOT NULL DEFAULT 0,
    review TEXT NOT NULL DEFAULT 'immediately'
);
CREATE INDEX learning_quizzes_module ON learning_quizzes (module_id);

CREATE TABLE learning_quiz_questions (
    quiz_id BIGINT NOT NULL REFERENCES learning_quizzes(id) ON DELETE CASCADE,
    question_id BIGINT NOT NULL REFERENCES learning_questions(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (quiz_id, question_id)
);

-- course_id is the course's family; version_id the language version the
-- learner enrolled through, which they then follow in every interface
-- language (lessons and quizzes belong to one version).
CREATE TABLE learning_enrolments (
    id {{ID}},
    course_id BIGINT NOT NULL REFERENCES learning_courses(id) ON DELETE CASCADE,
    version_id BIGINT NOT NULL REFERENCES learning_courses(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    enrolled_at BIGINT NOT NULL,
    completed_at BIGINT NOT NULL DEFAULT 0,
    grade DOUBLE PRECISION NOT NULL DEFAULT 0,
    UNIQUE (course_id, user_id)
);
CREATE INDEX learning_enrolments_user ON learning_enrolments (user_id);

CREATE TABLE learning_views (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    lesson_id BIGINT NOT NULL REFERENCES learning_lessons(id) ON DELETE CASCADE,
    viewed_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, lesson_id)
);

-- state: 'open' (answering), 'pending' (submitted, an essay awaits a
-- trainer), 'graded'. deadline is started_at + the quiz's time limit (0:
-- none); the server refuses answers after it. seed orders the questions
-- and options of this attempt, the same on every page.
CREATE TABLE learning_attempts (
    id {{ID}},
    quiz_id BIGINT NOT NULL REFERENCES learning_quizzes(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    seed BIGINT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open',
    started_at BIGINT NOT NULL,
    deadline BIGINT NOT NULL DEFAULT 0,
    submitted_at BIGINT NOT NULL DEFAULT 0,
    score DOUBLE PRECISION NOT NULL DEFAULT 0,
    max_score DOUBLE PRECISION NOT NULL DEFAULT 0,
    passed INTEGER NOT NULL DEFAULT 0,
    UNIQUE (quiz_id, user_id, number)
);
CREATE INDEX learning_attempts_user ON learning_attempts (user_id, quiz_id);

-- response is the learner's answer as JSON; score is NULL until graded
-- (an essay waits for a trainer: graded_by, comment).
CREATE TABLE learning_answers (
    attempt_id BIGINT NOT NULL REFERENCES learning_attempts(id) ON DELETE CASCADE,
    question_id BIGINT NOT NULL REFERENCES learning_questions(id),
    response TEXT NOT NULL DEFAULT '',
    score DOUBLE PRECISION,
    graded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    comment TEXT NOT NULL DEFAULT '',
    answered_at BIGINT NOT NULL,
    PRIMARY KEY (attempt_id, question_id)
);
CREATE INDEX learning_answers_question ON learning_answers (question_id);
