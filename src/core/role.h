/*
 * role.h - who may do what inside an organisation.
 *
 * Roles are ordered: a higher role may do everything a lower one may.
 * ROLE_NONE means "not a member"; routes use ROLE_PUBLIC and ROLE_USER
 * (see web/routes.c) for pages outside any organisation.
 */
#ifndef RAVELIN_ROLE_H
#define RAVELIN_ROLE_H

#include <stdbool.h>

enum role {
	ROLE_NONE = 0,
	ROLE_VIEWER = 1,   /* reads everything in the organisation */
	ROLE_EDITOR = 2,   /* also changes the organisation's data */
	ROLE_OWNER = 3,    /* also manages members, signs off acceptances */
};

/* "owner", "editor", "viewer"; "none" for ROLE_NONE. Static storage. */
const char *role_name(enum role role);
/* Parses a role name; returns false (and leaves *out alone) if unknown. */
bool role_parse(const char *name, enum role *out);

#endif
