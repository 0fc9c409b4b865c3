-- 0006_treatment.sql - risk treatment (METHOD.md §4): the decision taken
-- for a risk, the measures chosen for it (each carried out by an action of
-- the organisation's single action plan), and the history of its current
-- vulnerability as measures get done. Conventions: see 0001_foundation.sql.

-- The decision for a risk; no row means not decided yet. An acceptance
-- needs a justification and a sign-off by an owner (approved_by/_at);
-- revoking it keeps who revoked and when in the same columns.
CREATE TABLE treatments (
	org_id         INTEGER NOT NULL,
	risk_id        INTEGER NOT NULL,
	decision       TEXT NOT NULL CHECK (decision IN ('reduce', 'accept', 'avoid', 'transfer')),
	justification  TEXT NOT NULL DEFAULT '',
	party          TEXT NOT NULL DEFAULT '',   -- transfer: the insurer or partner
	acceptance     TEXT NOT NULL DEFAULT ''
	               CHECK (acceptance IN ('', 'proposed', 'accepted', 'revoked')),
	approved_by    INTEGER NOT NULL DEFAULT 0,  -- user id
	approved_at    INTEGER NOT NULL DEFAULT 0,
	decided_by     INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL,
	PRIMARY KEY (org_id, risk_id),
	FOREIGN KEY (org_id, risk_id) REFERENCES risks (org_id, id)
) STRICT, WITHOUT ROWID;

-- A catalogue measure chosen for a risk: the action that carries it out
-- (one action per measure, shared by every risk it treats) and the
-- vulnerability levels it removes from this risk.
CREATE TABLE risk_measures (
	org_id     INTEGER NOT NULL,
	risk_id    INTEGER NOT NULL,
	measure    TEXT NOT NULL,                 -- measure id (kb/measures.json)
	action_id  INTEGER NOT NULL,
	reduction  INTEGER NOT NULL CHECK (reduction >= 0),
	PRIMARY KEY (org_id, risk_id, measure),
	FOREIGN KEY (org_id, risk_id) REFERENCES risks (org_id, id),
	FOREIGN KEY (org_id, action_id) REFERENCES actions (org_id, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX risk_measures_by_action ON risk_measures (org_id, action_id);

-- An action's estimated cost, free text ("€ 400", "2 days").
ALTER TABLE actions ADD COLUMN cost TEXT NOT NULL DEFAULT '';

-- Each change of a risk's current vulnerability: an action of its measures
-- done (or undone).
CREATE TABLE risk_history (
	org_id       INTEGER NOT NULL,
	risk_id      INTEGER NOT NULL,
	seq          INTEGER NOT NULL,
	at           INTEGER NOT NULL,
	action_id    INTEGER NOT NULL,
	vuln_before  INTEGER NOT NULL,
	vuln_after   INTEGER NOT NULL,
	by_user      INTEGER NOT NULL,
	PRIMARY KEY (org_id, risk_id, seq),
	FOREIGN KEY (org_id, risk_id) REFERENCES risks (org_id, id)
) STRICT, WITHOUT ROWID;
