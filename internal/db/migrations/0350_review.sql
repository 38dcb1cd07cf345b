-- The shared review engine: calls (for papers, later for abstracts), the
-- submissions they receive, their authors and files, reviewer assignments
-- per round, editor decisions, per-stage discussions and the e-mail
-- templates editors may rewrite. A call names what it feeds by a typed-link
-- key (publishing:series:7, events:event:3), not by a foreign key, so other
-- pillars reuse the engine without a schema of their own.
CREATE TABLE review_calls (
	id {{ID}},
	title TEXT NOT NULL,
	scope TEXT NOT NULL DEFAULT '',
	target_key TEXT NOT NULL DEFAULT '',
	opens TEXT NOT NULL,
	closes TEXT NOT NULL,
	notification TEXT NOT NULL DEFAULT '',
	review_mode TEXT NOT NULL CHECK (review_mode IN ('open', 'anonymous', 'double', 'triple')),
	sequence BIGINT NOT NULL DEFAULT 0,
	created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX review_calls_closes ON review_calls (closes, id);

CREATE TABLE review_submissions (
	id {{ID}},
	call_id BIGINT NOT NULL REFERENCES review_calls(id),
	submitter_id BIGINT NOT NULL REFERENCES users(id),
	title TEXT NOT NULL,
	abstract TEXT NOT NULL DEFAULT '',
	language TEXT NOT NULL DEFAULT 'en',
	keywords TEXT NOT NULL DEFAULT '',
	stage TEXT NOT NULL,
	status TEXT NOT NULL,
	round BIGINT NOT NULL DEFAULT 1,
	-- revision counts the revision requests; a file keeps the revision it
	-- was uploaded in, so the latest version of the work is known.
	revision BIGINT NOT NULL DEFAULT 0,
	decl_originality BIGINT NOT NULL DEFAULT 0,
	decl_ethics BIGINT NOT NULL DEFAULT 0,
	decl_conflicts TEXT NOT NULL DEFAULT '',
	published_key TEXT NOT NULL DEFAULT '',
	published_url TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX review_submissions_call ON review_submissions (call_id, id);
CREATE INDEX review_submissions_submitter ON review_submissions (submitter_id, id);

CREATE TABLE review_authors (
	submission_id BIGINT NOT NULL REFERENCES review_submissions(id) ON DELETE CASCADE,
	position BIGINT NOT NULL,
	name TEXT NOT NULL,
	email TEXT NOT NULL DEFAULT '',
	orcid TEXT NOT NULL DEFAULT '',
	affiliation TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (submission_id, position)
);

-- A file: the original as uploaded (editors, the authors) and, for PDFs,
-- the review copy without author metadata (reviewers), pending until the
-- cleaning succeeds.
CREATE TABLE review_files (
	id {{ID}},
	submission_id BIGINT NOT NULL REFERENCES review_submissions(id) ON DELETE CASCADE,
	round BIGINT NOT NULL,
	revision BIGINT NOT NULL DEFAULT 0,
	name TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size BIGINT NOT NULL,
	blob_key TEXT NOT NULL,
	review_blob_key TEXT NOT NULL DEFAULT '',
	review_status TEXT NOT NULL CHECK (review_status IN ('ready', 'pending', 'none')),
	uploaded_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX review_files_submission ON review_files (submission_id, id);

CREATE TABLE review_assignments (
	id {{ID}},
	submission_id BIGINT NOT NULL REFERENCES review_submissions(id) ON DELETE CASCADE,
	round BIGINT NOT NULL,
	reviewer_id BIGINT NOT NULL REFERENCES users(id),
	due TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('invited', 'accepted', 'declined', 'completed', 'cancelled')),
	recommendation TEXT NOT NULL DEFAULT '',
	comments_author TEXT NOT NULL DEFAULT '',
	comments_editor TEXT NOT NULL DEFAULT '',
	invited_at BIGINT NOT NULL,
	responded_at BIGINT NOT NULL DEFAULT 0,
	completed_at BIGINT NOT NULL DEFAULT 0,
	reminded_at BIGINT NOT NULL DEFAULT 0,
	overdue_at BIGINT NOT NULL DEFAULT 0,
	UNIQUE (submission_id, round, reviewer_id)
);
CREATE INDEX review_assignments_reviewer ON review_assignments (reviewer_id, id);

CREATE TABLE review_decisions (
	id {{ID}},
	submission_id BIGINT NOT NULL REFERENCES review_submissions(id) ON DELETE CASCADE,
	round BIGINT NOT NULL,
	decision TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	editor_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX review_decisions_submission ON review_decisions (submission_id, id);

-- A message in a stage's discussion. audience says who reads it besides
-- the editors: the authors, or one reviewer (assignment_id): each
-- reviewer's thread with the editors is their own.
CREATE TABLE review_messages (
	id {{ID}},
	submission_id BIGINT NOT NULL REFERENCES review_submissions(id) ON DELETE CASCADE,
	stage TEXT NOT NULL,
	audience TEXT NOT NULL CHECK (audience IN ('authors', 'reviewers')),
	assignment_id BIGINT NOT NULL DEFAULT 0,
	author_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
	author_role TEXT NOT NULL CHECK (author_role IN ('editor', 'author', 'reviewer')),
	body TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX review_messages_submission ON review_messages (submission_id, id);

CREATE TABLE review_templates (
	name TEXT NOT NULL,
	lang TEXT NOT NULL,
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	updated_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (name, lang)
);

-- Reviewers who agreed to be named in the yearly acknowledgement list.
CREATE TABLE review_acknowledge (
	user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
