/*
 * catalogue.c - the organisation's copy of the risk knowledge base: the
 * asset types, threats and vulnerabilities that ship with Ravelin
 * (read-only, updated with the product) and those the organisation adds,
 * kept apart
 * (store/kb_additions.c). Additions can be used in risks like the shipped
 * ones and deleted while no risk uses them.
 */
#include <stdio.h>
#include <string.h>

#include "web/handlers.h"
#include "web/risk_book.h"

static const struct field threat_fields[] = {
	{"title", FIELD_TEXT, true, 1, 200, NULL},
	{"theme", FIELD_TEXT, true, 1, 40, NULL},
	{"c", FIELD_BOOL, false, 0, 0, NULL},
	{"i", FIELD_BOOL, false, 0, 0, NULL},
	{"a", FIELD_BOOL, false, 0, 0, NULL},
	{"description", FIELD_MULTILINE, false, 0, 1000, NULL},
};
const struct form_spec catalogue_threat_spec = {threat_fields, 6};

static const struct field asset_type_fields[] = {
	{"title", FIELD_TEXT, true, 1, 200, NULL},
	{"kind", FIELD_TEXT, true, 1, 40, NULL},
};
const struct form_spec catalogue_asset_type_spec = {asset_type_fields, 2};

static const struct field vulnerability_fields[] = {
	{"text", FIELD_TEXT, true, 1, 300, NULL},
	{"asset_type", FIELD_TEXT, true, 1, 60, NULL},
};
const struct form_spec catalogue_vulnerability_spec = {vulnerability_fields, 2};

static const char *const kinds[] = {"asset_type", "threat", "vulnerability", NULL};
static const struct field delete_fields[] = {
	{"kind", FIELD_CHOICE, true, 0, 0, kinds},
	{"id", FIELD_TEXT, true, 1, 40, NULL},
};
const struct form_spec catalogue_delete_spec = {delete_fields, 2};

/* How many risks (or, for an asset type, assets) use the id. */
static size_t uses(const struct risk_book *book, const char *id)
{
	size_t n = 0;
	for (size_t i = 0; i < book->risk_count; i++)
		n += strcmp(book->risks[i].threat, id) == 0 ||
		     strcmp(book->risks[i].vulnerability, id) == 0;
	for (size_t i = 0; i < book->asset_count; i++)
		n += strcmp(book->assets[i].type, id) == 0;
	return n;
}

static json_t *own_asset_types_json(struct request *req, const struct risk_book *book)
{
	json_t *list = json_array();
	for (size_t i = 0; i < book->own_asset_type_count; i++) {
		const struct kb_asset_type *t = &book->own_asset_types[i];
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:I}",
			"kind", "asset_type", "id", t->id, "title", kb_text(&t->title, req->lang),
			"group", _(req, risk_kind_label(t->kind)), "used", (json_int_t)uses(book, t->id)));
	}
	return list;
}

static json_t *own_threats_json(struct request *req, const struct risk_book *book)
{
	json_t *list = json_array();
	for (size_t i = 0; i < book->own_threat_count; i++) {
		const struct kb_threat *t = &book->own_threats[i];
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:I}",
			"kind", "threat", "id", t->id, "title", kb_text(&t->title, req->lang),
			"theme", _(req, risk_theme_label(t->theme)),
			"criteria", risk_criteria_text(req->lang, t->criteria),
			"description", kb_text(&t->description, req->lang),
			"used", (json_int_t)uses(book, t->id)));
	}
	return list;
}

static json_t *own_vulnerabilities_json(struct request *req, const struct risk_book *book)
{
	json_t *list = json_array();
	for (size_t i = 0; i < book->own_vulnerability_count; i++) {
		const struct kb_vulnerability *v = &book->own_vulnerabilities[i];
		json_t *types = json_array();
		for (size_t k = 0; k < v->asset_type_count; k++)
			json_array_append_new(types, json_string(kb_text(
				&risk_book_asset_type_at(book, v->asset_types[k])->title, req->lang)));
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:o, s:I}",
			"kind", "vulnerability", "id", v->id, "text", kb_text(&v->text, req->lang), "asset_types", types,
			"used", (json_int_t)uses(book, v->id)));
	}
	return list;
}

/* The shipped threats, theme by theme, and the choices of the forms. */
static void base_json(struct request *req, const struct risk_book *book)
{
	const struct kb_risk *kb = kb_risk();
	json_t *themes = json_array();
	for (int theme = 0; theme < KB_THEME_COUNT; theme++) {
		json_t *threats = json_array();
		for (size_t i = 0; i < kb->threat_count; i++)
			if ((int)kb->threats[i].theme == theme)
				json_array_append_new(threats, json_pack("{s:s, s:s, s:o}",
					"id", kb->threats[i].id,
					"title", kb_text(&kb->threats[i].title, req->lang),
					"criteria", risk_criteria_text(req->lang, kb->threats[i].criteria)));
		json_array_append_new(themes, json_pack("{s:s, s:s, s:o}",
			"id", kb_threat_theme_ids[theme],
			"label", _(req, risk_theme_label((enum kb_threat_theme)theme)),
			"threats", threats));
	}
	json_t *types = json_array(), *kinds_json = json_array();
	for (size_t i = 0; i < risk_book_asset_type_count(book); i++) {
		const struct kb_asset_type *t = risk_book_asset_type_at(book, i);
		json_array_append_new(types, json_pack("{s:s, s:s}", "id", t->id,
			"title", kb_text(&t->title, req->lang)));
	}
	for (int k = 0; k < KB_KIND_COUNT; k++)
		json_array_append_new(kinds_json, json_pack("{s:s, s:s}", "id", kb_asset_kind_ids[k],
			"label", _(req, risk_kind_label((enum kb_asset_kind)k))));
	put(req, "themes", themes);
	put(req, "asset_types", types);
	put(req, "kinds", kinds_json);
	put(req, "base_counts", json_pack("{s:I, s:I, s:I}",
		"threats", (json_int_t)kb->threat_count,
		"vulnerabilities", (json_int_t)kb->vulnerability_count,
		"asset_types", (json_int_t)kb->asset_type_count));
}

/* Fills the page data; false if answered. */
static bool catalogue_data(struct request *req)
{
	struct risk_book book;
	if (risk_book_load(req->store, req->org_id, &book) != STORE_OK) {
		fail(req, 500, NULL);
		return false;
	}
	put(req, "own_asset_types", own_asset_types_json(req, &book));
	put(req, "own_threats", own_threats_json(req, &book));
	put(req, "own_vulnerabilities", own_vulnerabilities_json(req, &book));
	base_json(req, &book);
	risk_book_free(&book);
	return true;
}

void catalogue_show(struct request *req)
{
	if (catalogue_data(req))
		page(req, "risks/catalogue");
}

/* Shows the page again with the posted form's errors (422). */
static void catalogue_again(struct request *req, const char *which)
{
	struct form posted = req->form;
	if (!catalogue_data(req))
		return;
	req->form = posted;
	put(req, "posted", json_string(which));
	form_again(req, "risks/catalogue");
}

static void catalogue_add(struct request *req, const char *kind, json_t *data)
{
	char *id = NULL;
	char *text = json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(data);
	enum store_status st = text ? store_kb_addition_create(req->store, &req->actor,
		req->org_id, kind, text, &id) : STORE_ERROR;
	free(text);
	if (st != STORE_OK) {
		fail(req, 500, NULL);
		return;
	}
	put(req, "id", json_string(id));
	free(id);
	redirect(req, "/o/%lld/risks/catalogue", (long long)req->org_id);
}

void catalogue_add_threat(struct request *req)
{
	const char *theme = form_value(&req->form, "theme");
	bool known = false;
	for (int t = 0; t < KB_THEME_COUNT; t++)
		known |= strcmp(kb_threat_theme_ids[t], theme) == 0;
	if (req->form.valid && !known)
		form_set_error(&req->form, "theme", N_("Choose one of the themes."));
	char criteria[4] = "";
	size_t n = 0;
	if (form_bool(&req->form, "c")) criteria[n++] = 'C';
	if (form_bool(&req->form, "i")) criteria[n++] = 'I';
	if (form_bool(&req->form, "a")) criteria[n++] = 'A';
	if (req->form.valid && n == 0)
		form_set_error(&req->form, "c", N_("Tick at least one of confidentiality, "
		                                   "integrity and availability."));
	if (!req->form.valid) {
		catalogue_again(req, "threat");
		return;
	}
	catalogue_add(req, "threat", json_pack("{s:s, s:s, s:s, s:s}",
		"title", form_value(&req->form, "title"), "theme", theme, "criteria", criteria,
		"description", form_value(&req->form, "description")));
}

void catalogue_add_asset_type(struct request *req)
{
	const char *kind = form_value(&req->form, "kind");
	bool known = false;
	for (int k = 0; k < KB_KIND_COUNT; k++)
		known |= strcmp(kb_asset_kind_ids[k], kind) == 0;
	if (req->form.valid && !known)
		form_set_error(&req->form, "kind", N_("Choose one of the kinds."));
	if (!req->form.valid) {
		catalogue_again(req, "asset_type");
		return;
	}
	catalogue_add(req, "asset_type", json_pack("{s:s, s:s}",
		"title", form_value(&req->form, "title"), "kind", kind));
}

/* An asset type of the shipped base or of the organisation's own. */
static bool asset_type_known(struct request *req, const char *id, bool *known)
{
	struct risk_book book;
	if (risk_book_load(req->store, req->org_id, &book) != STORE_OK) {
		fail(req, 500, NULL);
		return false;
	}
	*known = risk_book_asset_type(&book, id, NULL) != NULL;
	risk_book_free(&book);
	return true;
}

void catalogue_add_vulnerability(struct request *req)
{
	const char *type = form_value(&req->form, "asset_type");
	bool known = false;
	if (req->form.valid && !asset_type_known(req, type, &known))
		return;
	if (req->form.valid && !known)
		form_set_error(&req->form, "asset_type", N_("Choose one of the kinds of asset."));
	if (!req->form.valid) {
		catalogue_again(req, "vulnerability");
		return;
	}
	catalogue_add(req, "vulnerability", json_pack("{s:s, s:[s]}",
		"text", form_value(&req->form, "text"), "asset_types", type));
}

void catalogue_delete(struct request *req)
{
	enum store_status st = store_kb_addition_delete(req->store, &req->actor, req->org_id,
		form_value(&req->form, "kind"), form_value(&req->form, "id"));
	if (st == STORE_CONFLICT) {
		fail(req, 409, N_("Risks still use this entry: change or delete them first."));
		return;
	}
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	redirect(req, "/o/%lld/risks/catalogue", (long long)req->org_id);
}
