-- Certificate programmes and verifiable certificates (issue 11). Every
-- time is unix seconds; 0 means "none".

-- A programme: a set of items (learning:course:N, learning:session:N) and
-- a rule: rule 'all' needs every item, 'n' needs rule_n of them; a course
-- counts only with grade >= min_grade (percent), and every item only when
-- completed within [period_from, period_to]. validity_months bounds a
-- certificate's life (0: it never expires). auto: a sweep issues it.
CREATE TABLE credential_programmes (
    id {{ID}},
    title_en TEXT NOT NULL,
    title_fr TEXT NOT NULL DEFAULT '',
    title_es TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    description_fr TEXT NOT NULL DEFAULT '',
    description_es TEXT NOT NULL DEFAULT '',
    items TEXT NOT NULL,
    rule TEXT NOT NULL DEFAULT 'all',
    rule_n INTEGER NOT NULL DEFAULT 0,
    min_grade DOUBLE PRECISION NOT NULL DEFAULT 0,
    period_from BIGINT NOT NULL DEFAULT 0,
    period_to BIGINT NOT NULL DEFAULT 0,
    validity_months INTEGER NOT NULL DEFAULT 0,
    auto INTEGER NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);

-- A certificate: one per learner and programme (a second issue of the
-- same completion is refused by the unique key). code is the short public
-- code; learner_name and programme_title are what was certified, frozen
-- at issue.
CREATE TABLE credential_certificates (
    id {{ID}},
    code TEXT NOT NULL UNIQUE,
    programme_id BIGINT NOT NULL REFERENCES credential_programmes(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    learner_name TEXT NOT NULL,
    programme_title TEXT NOT NULL,
    completed_at BIGINT NOT NULL,
    issued_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL DEFAULT 0,
    revoked_at BIGINT NOT NULL DEFAULT 0,
    revoke_reason TEXT NOT NULL DEFAULT '',
    method TEXT NOT NULL,
    issued_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    UNIQUE (programme_id, user_id)
);
CREATE INDEX credential_certificates_user ON credential_certificates (user_id);

-- The issuer's Ed25519 signing keys. The newest active key signs; retired
-- keys stay in the JWK Set so credentials they signed still verify.
CREATE TABLE credential_keys (
    id {{ID}},
    kid TEXT NOT NULL UNIQUE,
    seed TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    retired_at BIGINT NOT NULL DEFAULT 0
);
