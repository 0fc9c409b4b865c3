-- 0002_baseline.sql - the baseline self-assessment (module 1) and the
-- organisation's single action plan, which baseline gaps and, later, risk
-- treatment both feed. Conventions: see 0001_foundation.sql.

-- One run of the questionnaire. Runs are kept, so progress shows.
CREATE TABLE assessments (
	org_id        INTEGER NOT NULL REFERENCES orgs (id),
	id            INTEGER NOT NULL,
	started_at    INTEGER NOT NULL,
	started_by    INTEGER NOT NULL,        -- user id, 0 for the command line
	completed_at  INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (org_id, id)
) STRICT, WITHOUT ROWID;

-- The answer to one question of the knowledge base (kb/baseline.json),
-- by its stable id. A question without a row is not answered yet.
CREATE TABLE answers (
	org_id         INTEGER NOT NULL,
	assessment_id  INTEGER NOT NULL,
	question       TEXT NOT NULL,
	answer         TEXT NOT NULL CHECK (answer IN ('yes', 'partly', 'no', 'na')),
	answered_at    INTEGER NOT NULL,
	answered_by    INTEGER NOT NULL,
	PRIMARY KEY (org_id, assessment_id, question),
	FOREIGN KEY (org_id, assessment_id) REFERENCES assessments (org_id, id)
) STRICT, WITHOUT ROWID;

-- The action plan: one per organisation. source says where an action
-- came from ('baseline', later 'risk', or '' when typed by hand) and
-- source_ref what in it (a question id, a risk id).
CREATE TABLE actions (
	org_id      INTEGER NOT NULL REFERENCES orgs (id),
	id          INTEGER NOT NULL,
	title       TEXT NOT NULL,
	owner       TEXT NOT NULL DEFAULT '',
	due         TEXT NOT NULL DEFAULT '',  -- YYYY-MM-DD or ''
	status      TEXT NOT NULL DEFAULT 'planned'
	            CHECK (status IN ('planned', 'in_progress', 'done', 'cancelled')),
	note        TEXT NOT NULL DEFAULT '',
	source      TEXT NOT NULL DEFAULT '',
	source_ref  TEXT NOT NULL DEFAULT '',
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	PRIMARY KEY (org_id, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX actions_by_source ON actions (org_id, source, source_ref);
