-- 0001_foundation.sql - organisations, users and what ties them together:
-- memberships, invitations, sessions, API tokens, failed logins, and the
-- tamper-evident audit log. Applied by src/store/migrate.c in one
-- transaction; never edit a released migration, add a new one.
--
-- Conventions for every migration:
--  - STRICT tables: a value of the wrong type is an error, not a surprise.
--  - Every organisation-owned table leads with org_id in its primary key
--    and in its indexes, so a host can shard by organisation later.
--  - Times are Unix seconds; "never" is 0, not NULL; text is never NULL.
--  - Roles are stored by name ('viewer', 'editor', 'owner') so the file
--    reads without the C enum at hand.

CREATE TABLE orgs (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL UNIQUE,
	address     TEXT NOT NULL DEFAULT '',
	contact     TEXT NOT NULL DEFAULT '',
	sector      TEXT NOT NULL DEFAULT '',
	staff       INTEGER NOT NULL DEFAULT 0 CHECK (staff >= 0),
	created_at  INTEGER NOT NULL
) STRICT;

-- Users belong to the installation, not to one organisation: an IT
-- partner is a member of many.
CREATE TABLE users (
	id             INTEGER PRIMARY KEY,
	email          TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
	name           TEXT NOT NULL,
	password_hash  TEXT NOT NULL,
	lang           TEXT NOT NULL DEFAULT '',
	created_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE members (
	org_id      INTEGER NOT NULL REFERENCES orgs (id),
	user_id     INTEGER NOT NULL REFERENCES users (id),
	role        TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'owner')),
	since       INTEGER NOT NULL,
	PRIMARY KEY (org_id, user_id)
) STRICT, WITHOUT ROWID;
-- "Which organisations is this user in?" is asked at every login, across
-- organisations by nature; the one index here that cannot lead with org_id.
CREATE INDEX members_by_user ON members (user_id, org_id);

-- An invitation is found by the hash of the secret in its link, and
-- accepted by its id, before the visitor is a member of anything: both
-- are unique across the installation.
CREATE TABLE invites (
	org_id      INTEGER NOT NULL REFERENCES orgs (id),
	id          INTEGER NOT NULL,
	email       TEXT NOT NULL CHECK (email = lower(email)),
	role        TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'owner')),
	token_hash  TEXT NOT NULL,
	created_by  INTEGER NOT NULL,          -- user id, 0 for the command line
	created_at  INTEGER NOT NULL,
	expires_at  INTEGER NOT NULL,
	used_at     INTEGER NOT NULL DEFAULT 0,
	used_by     INTEGER NOT NULL DEFAULT 0,
	revoked_at  INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (org_id, id)
) STRICT;
CREATE UNIQUE INDEX invites_by_id ON invites (id);
CREATE UNIQUE INDEX invites_by_token ON invites (token_hash);

-- Sessions live here, not in the server, so any app instance can serve
-- any request. id_hash is the hash of the cookie value.
CREATE TABLE sessions (
	id_hash     TEXT PRIMARY KEY,
	user_id     INTEGER NOT NULL REFERENCES users (id),
	csrf        TEXT NOT NULL,
	created_at  INTEGER NOT NULL,
	last_seen   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_last_seen ON sessions (last_seen);
CREATE INDEX sessions_by_created ON sessions (created_at);

-- Revoked tokens are kept (revoked_at > 0) so the audit log's
-- "token:N" keeps pointing at something.
CREATE TABLE api_tokens (
	id          INTEGER PRIMARY KEY,
	user_id     INTEGER NOT NULL REFERENCES users (id),
	name        TEXT NOT NULL,
	token_hash  TEXT NOT NULL UNIQUE,
	created_at  INTEGER NOT NULL,
	last_used   INTEGER NOT NULL DEFAULT 0,
	revoked_at  INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, id);

-- One row per failed login, keyed "email:<address>" or "ip:<address>";
-- rows older than a day are pruned as new ones arrive.
CREATE TABLE login_failures (
	key         TEXT NOT NULL,
	at          INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_by_key ON login_failures (key, at);
CREATE INDEX login_failures_by_time ON login_failures (at);

-- The audit log: one hash chain per organisation (org_id 0 holds the
-- installation-wide events). hash = audit_chain_hash(fields, prev_hash),
-- see src/core/audit_chain.c. address is the client address, kept for
-- reading but outside the hash (struct audit_entry has no such field).
-- org_id has no foreign key: chain 0 has no organisation, and the log
-- must outlive whatever it describes.
CREATE TABLE audit (
	org_id      INTEGER NOT NULL,
	seq         INTEGER NOT NULL CHECK (seq >= 1),
	at          INTEGER NOT NULL,
	user_id     INTEGER NOT NULL,
	address     TEXT NOT NULL DEFAULT '',
	action      TEXT NOT NULL,
	object      TEXT NOT NULL,
	detail      TEXT NOT NULL,
	prev_hash   TEXT NOT NULL,
	hash        TEXT NOT NULL,
	PRIMARY KEY (org_id, seq)
) STRICT, WITHOUT ROWID;

-- Append-only: the application never changes or removes an entry. Editing
-- the file directly means dropping these first, and store_audit_verify
-- then finds the broken link.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
