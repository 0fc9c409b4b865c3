/*
 * system.c - pages that belong to no module: the health check, static
 * files, the language switcher and the home address, which sends each
 * visitor where they should start.
 */
#include <string.h>

#include "lib/resource.h"
#include "web/handlers.h"
#include "web/session.h"

void system_healthz(struct request *req)
{
	put(req, "status", json_string("ok"));
	req->want_json = true;
	req->status = 200;
}

static const char *content_type_of(const char *path)
{
	static const char *const types[][2] = {
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".ico", "image/x-icon"},
		{".woff2", "font/woff2"},
		{".txt", "text/plain; charset=utf-8"},
	};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i][0]) == 0)
			return types[i][1];
	return "application/octet-stream";
}

void system_static(struct request *req)
{
	/* The path was split and checked ("..", control characters) by the
	 * router; only files compiled into the binary can be served. */
	char name[256];
	size_t used = (size_t)snprintf(name, sizeof name, "static");
	for (int i = 1; i < req->segment_count && used < sizeof name; i++)
		used += (size_t)snprintf(name + used, sizeof name - used, "/%s", req->segments[i]);
	const struct resource *r = used < sizeof name ? resource_find(name) : NULL;
	if (!r) {
		req->want_json = false;
		fail(req, 404, NULL);
		return;
	}
	req->status = 200;
	req->body_out = r->data;
	req->body_out_len = r->size;
	req->content_type = content_type_of(name);
}

const char *safe_next(const char *next)
{
	/* Browsers drop tabs and line breaks from addresses and read "\\" as
	 * "/", so "/\t/evil.example" would leave the site: only a plain path
	 * of printable ASCII passes. */
	if (!next || next[0] != '/' || next[1] == '/')
		return "/";
	for (const unsigned char *p = (const unsigned char *)next; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || *p == '\\')
			return "/";
	return next;
}

static const char *const language_choices[] = {"nl", "fr", "de", "en", NULL};

static const struct field system_language_fields[] = {
	{"lang", FIELD_CHOICE, true, 0, 0, language_choices},
	{"next", FIELD_TEXT, false, 0, 2000, NULL},
};
const struct form_spec system_language_spec = {system_language_fields, 2};

void system_language(struct request *req)
{
	if (!req->form.valid) {
		fail(req, 400, NULL);
		return;
	}
	const char *lang = form_value(&req->form, "lang");
	char cookie[64];
	snprintf(cookie, sizeof cookie, "%s=%s; Path=/; SameSite=Lax; Max-Age=31536000",
	         LANGUAGE_COOKIE, lang);
	add_header(req, "Set-Cookie", cookie);
	if (req->user.id &&
	    store_user_set_lang(req->store, &req->actor, req->user.id, lang) != STORE_OK) {
		fail(req, 500, NULL);
		return;
	}
	const char *next = form_value(&req->form, "next");
	redirect(req, "%s", safe_next(next));
}

void system_home(struct request *req)
{
	int64_t orgs = store_org_count(req->store);
	if (orgs < 0) {
		fail(req, 500, NULL);
		return;
	}
	if (orgs == 0) {
		redirect(req, "/setup");
		return;
	}
	if (!req->user.id) {
		redirect(req, "/login");
		return;
	}
	struct org_membership *list;
	size_t count;
	if (store_orgs_of_user(req->store, req->user.id, &list, &count) != STORE_OK) {
		fail(req, 500, NULL);
		return;
	}
	/* One organisation: straight to its dashboard; several: choose. */
	if (count == 1)
		redirect(req, "/o/%lld", (long long)list[0].org_id);
	else
		redirect(req, "/orgs");
	store_memberships_free(list, count);
}
