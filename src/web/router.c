/*
 * router.c - matching a request to the route table and enforcing what the
 * table declares, in this order:
 *
 *   1. the path and method match a route (else 404, or 405)
 *   2. the query string and body parse as clean text (else 400, 413)
 *   3. the language is chosen; the session or API token is found
 *   4. the route's access: logged in (else login page / 401), member of
 *      the :org in the path (else 404, so other organisations stay
 *      invisible), with the role required (else 403)
 *   5. a state-changing request carries its CSRF token (else 403)
 *   6. the body or query validates against the route's form: undeclared
 *      fields are refused (400); field errors go to the handler, which
 *      shows the form again
 *   7. the handler runs
 */
#include "web/router.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web/cookie.h"
#include "web/routes.h"
#include "web/session.h"

enum segment_kind { SEG_LITERAL, SEG_ORG, SEG_ID, SEG_TOKEN, SEG_REST };

struct compiled_route {
	enum segment_kind kinds[PATH_MAX_SEGMENTS];
	const char *literals[PATH_MAX_SEGMENTS];   /* point into storage */
	char *storage;                             /* the pattern, split */
	int count;
};

static struct compiled_route *compiled;
static const struct form_spec empty_form = {NULL, 0};

void router_init(void)
{
	compiled = calloc(route_count, sizeof *compiled);
	if (!compiled)
		abort();
	for (size_t i = 0; i < route_count; i++) {
		struct compiled_route *c = &compiled[i];
		char *copy = c->storage = strdup(routes[i].pattern);
		if (!copy)
			abort();
		for (char *save, *seg = strtok_r(copy, "/", &save); seg;
		     seg = strtok_r(NULL, "/", &save)) {
			if (c->count == PATH_MAX_SEGMENTS)
				abort();
			enum segment_kind kind = SEG_LITERAL;
			if (strcmp(seg, ":org") == 0) kind = SEG_ORG;
			else if (strcmp(seg, ":id") == 0) kind = SEG_ID;
			else if (strcmp(seg, ":token") == 0) kind = SEG_TOKEN;
			else if (strcmp(seg, "*") == 0) kind = SEG_REST;
			c->kinds[c->count] = kind;
			c->literals[c->count] = seg;
			c->count++;
		}
	}
}

static bool parse_id(const char *s, int64_t *out)
{
	if (!s[0] || s[0] == '0' || strlen(s) > 18)
		return false;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	*out = v;
	return true;
}

static bool is_hex64(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");
	return n == 64 && s[n] == '\0';
}

/* Does the request path fit route i? Fills the path parameters. */
static bool route_matches(size_t i, struct request *req)
{
	const struct compiled_route *c = &compiled[i];
	bool rest = c->count > 0 && c->kinds[c->count - 1] == SEG_REST;
	if (rest ? req->segment_count < c->count : req->segment_count != c->count)
		return false;
	for (int s = 0; s < c->count; s++) {
		const char *seg = req->segments[s];
		switch (c->kinds[s]) {
		case SEG_LITERAL:
			if (strcmp(seg, c->literals[s]) != 0)
				return false;
			break;
		case SEG_ORG:
			if (!parse_id(seg, &req->org_id))
				return false;
			break;
		case SEG_ID:
			if (!parse_id(seg, &req->id))
				return false;
			break;
		case SEG_TOKEN:
			if (!is_hex64(seg))
				return false;
			req->token = seg;
			break;
		case SEG_REST:
			return true;
		}
	}
	return true;
}

/* The route for this path and method; *path_known tells whether another
 * method would have matched (405 rather than 404). */
static const struct route *find_route(struct request *req, bool *path_known)
{
	*path_known = false;
	for (size_t i = 0; i < route_count; i++) {
		if (!route_matches(i, req))
			continue;
		if (routes[i].method == req->method)
			return &routes[i];
		*path_known = true;
	}
	return NULL;
}

/* User's saved choice, then the switcher's cookie, then the browser. */
static void choose_language(struct request *req)
{
	char cookie[8];
	const char *code = NULL;
	if (req->user.id && req->user.lang && i18n_supported(req->user.lang))
		code = req->user.lang;
	else if (cookie_get(req->headers_in.cookie, LANGUAGE_COOKIE, cookie,
	                    sizeof cookie) > 0 && i18n_supported(cookie))
		code = i18n_code(i18n_catalog(cookie));
	else
		code = i18n_negotiate(req->headers_in.accept_language);
	req->lang = i18n_catalog(code);
	req->lang_code = i18n_code(req->lang);
}

static bool content_type_is(const char *header, const char *type)
{
	size_t n = strlen(type);
	return header && strncasecmp(header, type, n) == 0 &&
	       (header[n] == '\0' || header[n] == ';' || header[n] == ' ');
}

/* Parses the body as a form or as a JSON object. */
static bool parse_body(struct request *req, const char *body, size_t len)
{
	if (len == 0)
		return true;
	if (content_type_is(req->headers_in.content_type, "application/json")) {
		json_error_t error;
		json_t *doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, &error);
		int rc = doc ? params_from_json(doc, &req->body) : -1;
		json_decref(doc);
		return rc == 0;
	}
	if (req->headers_in.content_type &&
	    !content_type_is(req->headers_in.content_type,
	                     "application/x-www-form-urlencoded"))
		return false;
	return params_parse(body, len, PARAMS_MAX, &req->body) == 0;
}

/* Splits the target into the decoded path and the parsed query. */
static bool parse_target(struct request *req, const char *raw_uri)
{
	static _Thread_local char storage[2048];
	const char *q = strchr(raw_uri, '?');
	size_t path_len = q ? (size_t)(q - raw_uri) : strlen(raw_uri);
	char *path = url_decode(raw_uri, path_len, false);
	if (!path || path[0] != '/' || strlen(path) >= sizeof storage) {
		free(path);
		return false;
	}
	req->path = path;   /* freed with the request */
	req->segment_count = path_split(path, storage, sizeof storage,
	                                req->segments, PATH_MAX_SEGMENTS);
	if (req->segment_count < 0)
		return false;
	return !q || params_parse(q + 1, strlen(q + 1), PARAMS_MAX, &req->query) == 0;
}

/* Is there a GET route for the first count segments of the request? */
static bool get_route_exists(const struct request *req, int count)
{
	struct request probe = {.method = HTTP_GET, .segment_count = count};
	memcpy(probe.segments, req->segments, sizeof probe.segments);
	bool other_method;
	return find_route(&probe, &other_method) != NULL;
}

void router_page_path(const struct request *req, struct buf *page)
{
	int count = req->segment_count;
	if (req->method == HTTP_POST)
		while (count > 0 && !get_route_exists(req, count))
			count--;
	for (int i = 0; i < count; i++) {
		buf_putc(page, '/');
		url_encode(page, req->segments[i]);
	}
	if (count == 0)
		buf_putc(page, '/');
	for (size_t i = 0; req->method == HTTP_GET && i < req->query.count; i++) {
		buf_putc(page, i ? '&' : '?');
		url_encode(page, req->query.items[i].name);
		buf_putc(page, '=');
		url_encode(page, req->query.items[i].value);
	}
}

static enum role access_role(enum access access)
{
	switch (access) {
	case ACCESS_VIEWER: return ROLE_VIEWER;
	case ACCESS_EDITOR: return ROLE_EDITOR;
	case ACCESS_OWNER: return ROLE_OWNER;
	default: return ROLE_NONE;
	}
}

/* The user's role in the organisation of the path. A page will show the
 * user's organisations in its switcher anyway, so for a page the list is
 * loaded once here and the role read from it; JSON needs only the role. */
static bool find_role(struct request *req)
{
	if (req->want_json)
		return store_member_role(req->store, req->org_id, req->user.id,
		                         &req->role) == STORE_OK;
	if (!request_memberships(req))
		return false;
	req->role = ROLE_NONE;
	for (size_t i = 0; i < req->membership_count; i++)
		if (req->memberships[i].org_id == req->org_id)
			req->role = req->memberships[i].role;
	return true;
}

/* Step 4. Returns false when an answer has been set. */
static bool check_access(struct request *req, const struct route *route)
{
	if (route->access == ACCESS_PUBLIC)
		return true;
	if (!req->user.id) {
		if (req->want_json) {
			fail(req, 401, NULL);
		} else {
			/* Back to this very page after the login, query included. */
			struct buf page = {0}, next = {0};
			router_page_path(req, &page);
			url_encode(&next, page.data);
			redirect(req, "/login?next=%s", next.data);
			buf_free(&page);
			buf_free(&next);
		}
		return false;
	}
	if (route->access == ACCESS_USER)
		return true;
	if (!find_role(req)) {
		fail(req, 500, NULL);
		return false;
	}
	if (req->role == ROLE_NONE) {
		fail(req, 404, NULL);
		return false;
	}
	if (req->role < access_role(route->access)) {
		fail(req, 403, NULL);
		return false;
	}
	return true;
}

/* Step 6. Returns false when an answer has been set. */
static bool check_form(struct request *req, const struct route *route)
{
	const struct form_spec *spec = route->form ? route->form : &empty_form;
	const struct params *in = req->method == HTTP_GET ? &req->query : &req->body;
	if (req->method == HTTP_POST && req->query.count > 0) {
		fail(req, 400, NULL);
		return false;
	}
	switch (form_validate(spec, in, &req->form)) {
	case FORM_OK:
		return true;
	case FORM_INVALID:
		if (req->method == HTTP_POST)
			return true;   /* the handler shows the form again */
		fail(req, 400, NULL);
		return false;
	case FORM_REJECTED:
		break;
	}
	fail(req, 400, N_("The form contained fields this page does not accept."));
	return false;
}

void router_dispatch(struct request *req, const char *method, const char *raw_uri,
                     const char *body, size_t body_len, bool body_too_large)
{
	bool method_known = true;
	if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)
		req->method = HTTP_GET;
	else if (strcmp(method, "POST") == 0)
		req->method = HTTP_POST;
	else
		method_known = false;
	const char *accept = req->headers_in.accept;
	req->want_json = accept && strstr(accept, "application/json");
	req->lang = i18n_catalog(i18n_negotiate(req->headers_in.accept_language));
	req->lang_code = i18n_code(req->lang);

	if (!parse_target(req, raw_uri)) {
		fail(req, 400, NULL);
		return;
	}
	bool path_known;
	const struct route *route = find_route(req, &path_known);
	if (!method_known) {
		/* find_route matched GET; any match means the path exists. */
		path_known = route || path_known;
		route = NULL;
	}
	if (!route) {
		/* The error page speaks the user's language and keeps the
		 * user's menu; the request itself goes no further. */
		if (session_authenticate(req))
			choose_language(req);
		fail(req, path_known ? 405 : 404, NULL);
		if (path_known)
			add_header(req, "Allow", "GET, HEAD, POST");
		return;
	}
	req->route = route;
	if (route->flags & ROUTE_NO_SESSION) {
		if (req->query.count > 0)   /* these routes take no query */
			fail(req, 400, NULL);
		else
			route->handler(req);
		return;
	}
	if (!session_authenticate(req)) {
		fail(req, 500, NULL);
		return;
	}
	choose_language(req);
	if (body_too_large) {
		fail(req, 413, NULL);
		return;
	}
	if (!parse_body(req, body, body_len)) {
		fail(req, 400, N_("The data sent is not valid text or not in a format this page accepts."));
		return;
	}
	if (!check_access(req, route))
		return;
	if (req->method == HTTP_POST && !session_csrf_valid(req)) {
		fail(req, 403, N_("This form has expired. Please reload the page and try again."));
		return;
	}
	if (!check_form(req, route))
		return;
	route->handler(req);
}
