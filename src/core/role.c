/*
 * role.c - names of organisation roles (see role.h).
 */
#include "core/role.h"

#include <string.h>

static const char *const role_names[] = {
	[ROLE_NONE] = "none",
	[ROLE_VIEWER] = "viewer",
	[ROLE_EDITOR] = "editor",
	[ROLE_OWNER] = "owner",
};

const char *role_name(enum role role)
{
	if ((unsigned)role > ROLE_OWNER)
		return "none";
	return role_names[role];
}

bool role_parse(const char *name, enum role *out)
{
	for (int r = ROLE_VIEWER; r <= ROLE_OWNER; r++) {
		if (strcmp(name, role_names[r]) == 0) {
			*out = (enum role)r;
			return true;
		}
	}
	return false;
}
