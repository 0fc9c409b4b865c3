-- 0005_soa.sql - the Statement of Applicability (METHOD.md §4): per
-- ISO/IEC 27002:2022 control, whether it applies to the organisation, why,
-- and how far it is implemented. Conventions: see 0001_foundation.sql.
--
-- The 93 controls themselves ship with Ravelin (kb/iso27002.json) and are
-- referred to by their number ('5.1' … '8.34'); a control without a row is
-- simply not decided yet, so a new organisation's statement needs no rows.
-- The measures and risks linked to a control are computed from the
-- measures catalogue and the treatment, never stored here.

CREATE TABLE soa (
	org_id         INTEGER NOT NULL REFERENCES orgs (id),
	control        TEXT NOT NULL,               -- '5.1' … '8.34'
	applicable     INTEGER NOT NULL DEFAULT -1 CHECK (applicable IN (-1, 0, 1)),
	                                            -- -1 not decided, 0 no, 1 yes
	justification  TEXT NOT NULL DEFAULT '',
	status         TEXT NOT NULL DEFAULT ''
	               CHECK (status IN ('', 'planned', 'partial', 'implemented')),
	updated_at     INTEGER NOT NULL,
	PRIMARY KEY (org_id, control),
	-- "not applicable" is a decision that must be explained
	CHECK (applicable <> 0 OR justification <> '')
) STRICT, WITHOUT ROWID;
