-- 0004_risk.sql - the asset inventory and the risk assessment (METHOD.md
-- §2, §3): assets and what they rely on, the answers to the "what if"
-- questions, the risk scenarios of the full method, and each
-- organisation's scales, thresholds and additions to the knowledge base.
-- Conventions: see 0001_foundation.sql.
--
-- Knowledge-base entries (asset types, threats, vulnerabilities, what-ifs)
-- are referred to by their stable text ids, those of kb/ or of the
-- organisation's own additions (kb_additions), so an update of the shipped
-- base applies to every organisation without touching their data.
-- A factor that is not evaluated yet is -1, never 0.

-- What the business relies on: information and processes (primary) and
-- the things they live on (supporting).
CREATE TABLE assets (
	org_id          INTEGER NOT NULL REFERENCES orgs (id),
	id              INTEGER NOT NULL,
	name            TEXT NOT NULL,
	type            TEXT NOT NULL,             -- asset type id
	is_primary      INTEGER NOT NULL CHECK (is_primary IN (0, 1)),
	owner           TEXT NOT NULL DEFAULT '',
	classification  TEXT NOT NULL DEFAULT 'internal'
	                CHECK (classification IN ('public', 'internal', 'confidential', 'secret')),
	tlp             TEXT NOT NULL DEFAULT 'amber'
	                CHECK (tlp IN ('red', 'amber+strict', 'amber', 'green', 'clear')),
	impact_c        INTEGER NOT NULL DEFAULT -1 CHECK (impact_c >= -1),
	impact_i        INTEGER NOT NULL DEFAULT -1 CHECK (impact_i >= -1),
	impact_a        INTEGER NOT NULL DEFAULT -1 CHECK (impact_a >= -1),
	note            TEXT NOT NULL DEFAULT '',
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL,
	PRIMARY KEY (org_id, id)
) STRICT, WITHOUT ROWID;

-- asset_id relies on support_id (a process on the accounting package, the
-- package on a laptop). The links never form a cycle (checked by the writer).
CREATE TABLE asset_links (
	org_id      INTEGER NOT NULL,
	asset_id    INTEGER NOT NULL,
	support_id  INTEGER NOT NULL CHECK (support_id <> asset_id),
	PRIMARY KEY (org_id, asset_id, support_id),
	FOREIGN KEY (org_id, asset_id) REFERENCES assets (org_id, id),
	FOREIGN KEY (org_id, support_id) REFERENCES assets (org_id, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX asset_links_by_support ON asset_links (org_id, support_id);

-- The rudimentary method: one answer per "what if" question.
CREATE TABLE what_if_answers (
	org_id       INTEGER NOT NULL REFERENCES orgs (id),
	what_if      TEXT NOT NULL,                 -- what-if id
	impact       INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 4),
	likelihood   INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 4),
	measures     TEXT NOT NULL DEFAULT '',      -- what is already done about it
	promoted_at  INTEGER NOT NULL DEFAULT 0,    -- carried into the full method
	updated_at   INTEGER NOT NULL,
	PRIMARY KEY (org_id, what_if)
) STRICT, WITHOUT ROWID;

-- A risk scenario of the full method: an asset, a threat, a vulnerability.
-- impact_* -1 means "as the asset's" (its own or flowing down to it).
CREATE TABLE risks (
	org_id         INTEGER NOT NULL,
	id             INTEGER NOT NULL,
	asset_id       INTEGER NOT NULL,
	threat         TEXT NOT NULL,
	vulnerability  TEXT NOT NULL,
	likelihood     INTEGER NOT NULL DEFAULT -1 CHECK (likelihood >= -1),
	vuln_level     INTEGER NOT NULL DEFAULT -1 CHECK (vuln_level >= -1),
	impact_c       INTEGER NOT NULL DEFAULT -1 CHECK (impact_c >= -1),
	impact_i       INTEGER NOT NULL DEFAULT -1 CHECK (impact_i >= -1),
	impact_a       INTEGER NOT NULL DEFAULT -1 CHECK (impact_a >= -1),
	origin         TEXT NOT NULL DEFAULT '',   -- the what-if it came from, or ''
	treatment      TEXT NOT NULL DEFAULT 'untreated',
	note           TEXT NOT NULL DEFAULT '',
	created_at     INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL,
	PRIMARY KEY (org_id, id),
	UNIQUE (org_id, asset_id, threat, vulnerability),
	FOREIGN KEY (org_id, asset_id) REFERENCES assets (org_id, id)
) STRICT, WITHOUT ROWID;

-- An organisation's scales and thresholds; no row means the defaults of
-- core/risk.h.
CREATE TABLE risk_settings (
	org_id          INTEGER PRIMARY KEY REFERENCES orgs (id),
	impact_min      INTEGER NOT NULL,
	impact_max      INTEGER NOT NULL,
	likelihood_min  INTEGER NOT NULL,
	likelihood_max  INTEGER NOT NULL,
	vuln_min        INTEGER NOT NULL,
	vuln_max        INTEGER NOT NULL,
	low_max         INTEGER NOT NULL,
	medium_max      INTEGER NOT NULL,
	rud_low_max     INTEGER NOT NULL,
	rud_medium_max  INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL
) STRICT;

-- What an organisation adds to the shipped knowledge base, kept apart from
-- it: kind 'asset_type', 'threat' or 'vulnerability', an id of the form
-- 'own-…', and the entry as a JSON object in the shape of kb/ files.
CREATE TABLE kb_additions (
	org_id      INTEGER NOT NULL REFERENCES orgs (id),
	kind        TEXT NOT NULL CHECK (kind IN ('asset_type', 'threat', 'vulnerability')),
	id          TEXT NOT NULL,
	data        TEXT NOT NULL,
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	PRIMARY KEY (org_id, kind, id)
) STRICT, WITHOUT ROWID;
