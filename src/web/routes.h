/*
 * routes.h - the route table: every URL Ravelin answers, who may use it,
 * which handler serves it and which form it accepts.
 *
 * A route not in the table does not exist. Patterns are literal segments
 * and these parameters:
 *   :org    an organisation id; the user must be a member (else 404) with
 *           at least the route's role (else 403)
 *   :id     a positive integer id of an object (req->id)
 *   :token  a hex secret of 64 characters (req->token)
 *   *       the rest of the path (static files only)
 */
#ifndef RAVELIN_ROUTES_H
#define RAVELIN_ROUTES_H

#include <stddef.h>

#include "web/form.h"
#include "web/request.h"

enum access {
	ACCESS_PUBLIC,   /* anyone, logged in or not */
	ACCESS_USER,     /* any logged-in user */
	ACCESS_VIEWER,   /* member of :org with at least this role ... */
	ACCESS_EDITOR,
	ACCESS_OWNER,
};

enum route_flags {
	ROUTE_NO_SESSION = 1 << 0,  /* answered without looking up a session */
};

struct route {
	enum http_method method;
	const char *pattern;
	enum access access;
	void (*handler)(struct request *req);
	const struct form_spec *form;   /* POST body, or GET query; NULL: none */
	unsigned flags;
};

extern const struct route routes[];
extern const size_t route_count;

const char *access_name(enum access access);

#endif
