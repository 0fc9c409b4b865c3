/*
 * request.h - one HTTP request as a handler sees it, and the calls a
 * handler uses to answer.
 *
 * By the time a handler runs, the router has matched its route, found the
 * user (session cookie or API token), checked the role the route requires
 * in the organisation named by the URL, checked the CSRF token, and
 * validated the body against the route's form. A handler only does its
 * work and says how to answer: a page (template + data), a redirect, or an
 * error status. The same data answers JSON clients, so the web app and the
 * API are one thing.
 */
#ifndef RAVELIN_REQUEST_H
#define RAVELIN_REQUEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/role.h"
#include "i18n/i18n.h"
#include "lib/buf.h"
#include "store/store.h"
#include "web/form.h"
#include "web/url.h"

enum http_method { HTTP_GET, HTTP_POST };

#define PATH_MAX_SEGMENTS 12

struct route;

/* The request headers Ravelin reads; NULL when absent. */
struct request_headers {
	const char *cookie;
	const char *accept;
	const char *accept_language;
	const char *authorization;
	const char *content_type;
	const char *user_agent;
	const char *csrf;              /* X-CSRF-Token, for scripts with a session */
};

struct request {
	/* what was asked */
	enum http_method method;
	const char *path;                /* decoded path, without the query */
	const char *segments[PATH_MAX_SEGMENTS];
	int segment_count;
	struct params query;
	struct params body;
	struct form form;                /* the route's form, validated */
	const struct route *route;
	int64_t id;                      /* the :id of the path, if any */
	const char *token;               /* the :token of the path, if any */
	const char *client_address;
	struct request_headers headers_in;
	bool want_json;                  /* Accept: application/json, or API token */
	int64_t now;                     /* Unix seconds at arrival */

	/* who asks */
	struct store *store;
	struct user user;                /* user.id == 0 when anonymous */
	bool via_token;                  /* authenticated by an API token */
	struct session session;          /* valid when has_session */
	bool has_session;
	const char *csrf;                /* the token forms must send back */
	struct actor actor;              /* for store mutations */
	int64_t org_id;                  /* the :org of the path, checked */
	enum role role;                  /* the user's role in org_id */
	/* The user's organisations, when loaded (for a page's switcher, and
	 * then also the source of role): owned, freed with the request. */
	struct org_membership *memberships;
	size_t membership_count;
	bool memberships_loaded;
	const struct catalog *lang;
	const char *lang_code;

	/* the answer */
	int status;
	const char *template;            /* page to render; NULL for none */
	json_t *data;                    /* page data = the JSON answer */
	char *location;                  /* redirect target, owned */
	struct buf headers;              /* extra "Name: value\n" lines */
	const void *body_out;            /* raw body: a static file, a document */
	size_t body_out_len;
	const char *content_type;        /* for body_out */
	bool body_out_owned;             /* body_out was malloc'd: free it, no cache */
};

/* Translates an interface string into the request's language. */
#define _(req, msgid) i18n_gettext((req)->lang, (msgid))

/* Answer with template rendered against req->data (status 200 unless set). */
void page(struct request *req, const char *template);
/* 303 See Other to a local path (printf-style); JSON clients get
 * {"ok": true, "location": ...} merged into req->data. */
void redirect(struct request *req, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* An error page (or {"error": ...}) for status: 400, 401, 403, 404, 405,
 * 409, 413, 422, 429, 500. message: a message id, or NULL for the
 * status's standard message. */
void fail(struct request *req, int status, const char *message);
/* Re-shows a form page with its field errors (status 422). */
void form_again(struct request *req, const char *template);
/* Adds a response header line, e.g. "Set-Cookie", "x=1; Path=/". */
void add_header(struct request *req, const char *name, const char *value);

/* Loads req->memberships once; false on a store failure. */
bool request_memberships(struct request *req);

/* Shorthand for json_object_set_new(req->data, key, value). */
void put(struct request *req, const char *key, json_t *value);

#endif
