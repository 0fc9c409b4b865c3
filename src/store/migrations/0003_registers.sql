-- 0003_registers.sql - the small registers of the first steps (backups,
-- Wi-Fi networks, software and devices), and any later register that is
-- a plain list of records. Conventions: see 0001_foundation.sql.
--
-- Each entry is a JSON object whose fields the web layer declares and
-- validates (src/web/registers.c); checks on them are in core/. One table
-- serves every such register, so a new register needs no migration.

CREATE TABLE register_entries (
	org_id      INTEGER NOT NULL REFERENCES orgs (id),
	register    TEXT NOT NULL,               -- 'backups', 'wifi', 'software'
	id          INTEGER NOT NULL,
	data        TEXT NOT NULL,               -- a JSON object (checked by the writer)
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	PRIMARY KEY (org_id, register, id)
) STRICT, WITHOUT ROWID;
