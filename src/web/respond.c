/*
 * respond.c - how a handler's decision becomes an HTTP answer.
 *
 * Handlers call page(), redirect(), fail() or form_again(); respond_build()
 * then renders the page inside the layout (with the navigation, language
 * switcher and organisation switcher: "app" in the template context) or
 * writes the same data as JSON.
 */
#include "web/respond.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/handlers.h"
#include "web/router.h"

const struct template_set *respond_templates;

const char *status_message(int status)
{
	switch (status) {
	case 400: return N_("The request could not be understood.");
	case 401: return N_("Please log in first.");
	case 403: return N_("You do not have permission to do this.");
	case 404: return N_("This page does not exist, or you have no access to it.");
	case 405: return N_("This address does not accept this kind of request.");
	case 409: return N_("This conflicts with data that already exists.");
	case 413: return N_("What you sent is too large.");
	case 422: return N_("Please correct the marked fields.");
	case 429: return N_("Too many failed attempts. Please try again later.");
	default: return N_("Something went wrong on our side. Please try again.");
	}
}

static const char *status_title(int status)
{
	switch (status) {
	case 400: return N_("Bad request");
	case 401: return N_("Login required");
	case 403: return N_("Forbidden");
	case 404: return N_("Page not found");
	case 405: return N_("Method not allowed");
	case 409: return N_("Conflict");
	case 413: return N_("Request too large");
	case 422: return N_("Invalid input");
	case 429: return N_("Too many attempts");
	default: return N_("Server error");
	}
}

void put(struct request *req, const char *key, json_t *value)
{
	json_object_set_new(req->data, key, value);
}

void page(struct request *req, const char *template)
{
	req->template = template;
	if (!req->status)
		req->status = 200;
}

void redirect(struct request *req, const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	free(req->location);
	req->location = buf_steal(&b);
	req->status = 303;
	req->template = NULL;
}

void fail(struct request *req, int status, const char *message)
{
	req->status = status;
	req->template = "errors/error";
	put(req, "error", json_string(_(req, message ? message : status_message(status))));
	put(req, "status", json_integer(status));
	put(req, "title", json_string(_(req, status_title(status))));
}

void form_again(struct request *req, const char *template)
{
	req->status = 422;
	req->template = template;
	put(req, "error", json_string(_(req, status_message(422))));
	put(req, "form", form_to_json(&req->form, req->lang));
}

void add_header(struct request *req, const char *name, const char *value)
{
	buf_printf(&req->headers, "%s: %s\n", name, value);
}

/* ---- the layout's context ---------------------------------------------- */

/*
 * What the layout shows that depends only on the language (the language
 * list, the modules with their translated titles) is built once at
 * start-up and shared, read-only, by every request: building it per
 * request was a quarter of the cost of a page. Jansson's reference counts
 * are atomic here (JSON_HAVE_ATOMIC_BUILTINS), so sharing across worker
 * threads is safe as long as nobody changes these values.
 */
static json_t *shared_languages;
static json_t *shared_modules[I18N_LANGUAGE_COUNT];

void respond_init(void)
{
	shared_languages = json_array();
	for (int i = 0; i < I18N_LANGUAGE_COUNT; i++)
		json_array_append_new(shared_languages, json_pack("{s:s, s:s}",
			"code", i18n_languages[i], "name", i18n_language_names[i]));
	for (int l = 0; l < I18N_LANGUAGE_COUNT; l++) {
		const struct catalog *lang = i18n_catalog(i18n_languages[l]);
		json_t *list = shared_modules[l] = json_array();
		for (size_t i = 0; i < programme_module_count; i++) {
			const struct module_info *m = &programme_modules[i];
			json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:I}",
				"key", m->key, "title", i18n_gettext(lang, m->title),
				"summary", i18n_gettext(lang, m->summary),
				"step", (json_int_t)(i + 1)));
		}
	}
}

void respond_free(void)
{
	json_decref(shared_languages);
	for (int l = 0; l < I18N_LANGUAGE_COUNT; l++)
		json_decref(shared_modules[l]);
}

/* The navigation tab of a page: its first segment after /o/:org, except
 * for pages that belong to another module's tab. */
static const char *section_of(const char *segment)
{
	static const char *const pages[][2] = {
		{"what-if", "risks"}, {"backups", "baseline"}, {"wifi", "baseline"},
		{"software", "baseline"},
	};
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
		if (strcmp(pages[i][0], segment) == 0)
			return pages[i][1];
	return segment;
}

json_t *respond_modules(const struct request *req)
{
	for (int l = 0; l < I18N_LANGUAGE_COUNT; l++)
		if (strcmp(i18n_languages[l], req->lang_code) == 0)
			return shared_modules[l];
	return shared_modules[I18N_LANGUAGE_COUNT - 1];
}

static void set_string(json_t *object, const char *key, const char *value)
{
	json_object_set_new(object, key, json_string(value));
}

bool request_memberships(struct request *req)
{
	if (req->memberships_loaded)
		return true;
	if (store_orgs_of_user(req->store, req->user.id, &req->memberships,
	                       &req->membership_count) != STORE_OK)
		return false;
	req->memberships_loaded = true;
	return true;
}

/* Adds the user's organisations (for the switcher) and the current one. */
static void orgs_json(struct request *req, json_t *app)
{
	if (!request_memberships(req))
		return;
	const struct org_membership *list = req->memberships;
	size_t count = req->membership_count;
	json_t *orgs = json_array();
	for (size_t i = 0; i < count; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(list[i].org_id));
		set_string(o, "name", list[i].org_name);
		set_string(o, "role", _(req, role_name(list[i].role)));
		json_array_append_new(orgs, o);
		if (list[i].org_id != req->org_id)
			continue;
		json_t *org = json_object();
		json_object_set_new(org, "id", json_integer(req->org_id));
		set_string(org, "name", list[i].org_name);
		set_string(org, "role", _(req, role_name(req->role)));
		json_object_set_new(org, "can_edit", json_boolean(req->role >= ROLE_EDITOR));
		json_object_set_new(org, "is_owner", json_boolean(req->role >= ROLE_OWNER));
		json_object_set_new(app, "org", org);
		json_object_set(app, "modules", respond_modules(req));
		/* Which tab of the navigation is this page: "" for the dashboard. */
		const char *section = req->segment_count >= 3 ? section_of(req->segments[2]) : "";
		/* A risk's treatment (/o/:org/risks/:id/treatment) is the treatment tab's. */
		if (req->segment_count >= 5 && strcmp(req->segments[4], "treatment") == 0)
			section = "treatment";
		set_string(app, "section", section);
		/* Its place in the programme ("Step 3"), 0 for other pages. */
		json_int_t step = 0;
		for (size_t i = 0; i < programme_module_count; i++)
			if (strcmp(programme_modules[i].key, section) == 0)
				step = (json_int_t)(i + 1);
		json_object_set_new(app, "step", json_integer(step));
	}
	json_object_set_new(app, "orgs", orgs);
}

static json_t *app_json(struct request *req)
{
	json_t *app = json_object();
	set_string(app, "lang", req->lang_code);
	json_object_set(app, "languages", shared_languages);
	set_string(app, "csrf", req->csrf ? req->csrf : "");
	struct buf page = {0};
	router_page_path(req, &page);
	set_string(app, "page", page.data);
	buf_free(&page);
	/* The template shown, for a module's own tabs (partials/risk_tabs). */
	set_string(app, "template", req->template ? req->template : "");
	if (req->user.id) {
		json_t *user = json_object();
		json_object_set_new(user, "id", json_integer(req->user.id));
		set_string(user, "email", req->user.email);
		set_string(user, "name", req->user.name);
		json_object_set_new(app, "user", user);
		orgs_json(req, app);
	}
	return app;
}

/* ---- building the answer ------------------------------------------------ */

static void answer_text(struct reply *a, const char *type, struct buf *body)
{
	a->content_type = type;
	a->body_len = body->len;
	a->body = buf_steal(body);
}

static void build_json(struct request *req, struct reply *a)
{
	if (req->status == 303) {
		put(req, "ok", json_true());
		put(req, "location", json_string(req->location));
		a->status = 200;
	}
	char *text = json_dumps(req->data, JSON_COMPACT | JSON_ENSURE_ASCII);
	struct buf body = {0};
	buf_puts(&body, text ? text : "{}");
	buf_putc(&body, '\n');
	free(text);
	answer_text(a, "application/json", &body);
}

static void build_html(struct request *req, struct reply *a)
{
	if (req->status == 303) {
		struct buf body = {0};
		buf_printf(&req->headers, "Location: %s\n", req->location);
		answer_text(a, "text/plain; charset=utf-8", &body);
		return;
	}
	json_object_set_new(req->data, "app", app_json(req));
	struct buf body = {0};
	buf_reserve(&body, 16 * 1024);   /* most pages fit: one allocation */
	if (template_render(respond_templates, req->template, req->data, req->lang,
	                    &body) != 0) {
		fprintf(stderr, "ravelin: template %s failed: %s\n", req->template,
		        body.data ? body.data : "");
		buf_reset(&body);
		buf_puts(&body, "<!doctype html><title>500</title><p>Server error</p>");
		a->status = 500;
	}
	answer_text(a, "text/html; charset=utf-8", &body);
}

void respond_build(struct request *req, struct reply *a)
{
	if (!req->status) {
		/* A handler that decided nothing is a bug; say so, safely. */
		fprintf(stderr, "ravelin: handler for %s gave no answer\n", req->path);
		fail(req, 500, NULL);
	}
	a->status = req->status;
	if (req->body_out) {
		a->content_type = req->content_type;
		a->body = (void *)req->body_out;
		a->body_len = req->body_out_len;
		a->body_static = !req->body_out_owned;
		a->cacheable = !req->body_out_owned;
	} else if (req->want_json) {
		build_json(req, a);
	} else {
		build_html(req, a);
	}
	buf_append(&a->headers, req->headers.data ? req->headers.data : "",
	           req->headers.len);
}
