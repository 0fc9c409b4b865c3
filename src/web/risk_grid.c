/*
 * risk_grid.c - the fast-entry grid of the full method (METHOD.md §3):
 * every risk scenario of the organisation on one page, by asset then
 * threat, with its factors (threat likelihood, vulnerability level,
 * impact C, I, A) as inputs that static/grid.js saves as they change; the
 * page of one risk, where the same factors are a plain form; adding a risk
 * by hand (an asset, a threat, a vulnerability that applies to the
 * asset's type) and deleting one.
 *
 * Values and levels come from the risk book (risk_book.h), so the grid,
 * the register and the heat map compute a risk the same way. A factor
 * left empty is -1: "not evaluated yet", or for an impact "as the
 * asset's" (its own, or flowing down from what relies on it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/handlers.h"
#include "web/risk_book.h"

#define GRID_PAGE_SIZE 100

/* ---- forms ------------------------------------------------------------------ */

static const char *const level_filters[] = {"", "low", "medium", "high", "none", NULL};

static const struct field grid_query_fields[] = {
	{"asset", FIELD_ID, false, 0, 0, NULL},
	{"threat", FIELD_TEXT, false, 0, 60, NULL},
	{"level", FIELD_CHOICE, false, 0, 0, level_filters},
	{"q", FIELD_TEXT, false, 0, 100, NULL},
	{"page", FIELD_INT, false, 1, 1000000, NULL},
};
const struct form_spec risk_grid_query_spec = {grid_query_fields, 5};

static const struct field risk_create_fields[] = {
	{"asset", FIELD_ID, true, 0, 0, NULL},
	{"threat", FIELD_TEXT, true, 1, 60, NULL},
	{"vulnerability", FIELD_TEXT, true, 1, 60, NULL},
};
const struct form_spec risk_create_spec = {risk_create_fields, 3};

static const struct field risk_query_fields[] = {
	{"back", FIELD_TEXT, false, 0, 300, NULL},
};
const struct form_spec risk_query_spec = {risk_query_fields, 1};

/* Stored factors are int8_t in the engine: 127 at most on any scale. */
static const struct field risk_update_fields[] = {
	{"likelihood", FIELD_INT, false, 0, 127, NULL},
	{"vuln_level", FIELD_INT, false, 0, 127, NULL},
	{"impact_c", FIELD_INT, false, 0, 127, NULL},
	{"impact_i", FIELD_INT, false, 0, 127, NULL},
	{"impact_a", FIELD_INT, false, 0, 127, NULL},
	{"note", FIELD_MULTILINE, false, 0, 4000, NULL},
	{"back", FIELD_TEXT, false, 0, 300, NULL},
};
const struct form_spec risk_update_spec = {risk_update_fields, 7};

/* ---- the five factors of a risk --------------------------------------------- */

enum factor_scale { SCALE_LIKELIHOOD, SCALE_VULNERABILITY, SCALE_IMPACT };

struct factor {
	const char *field;       /* form field */
	const char *prefix;      /* input id in the grid: PREFIX-RISKID */
	const char *label;       /* message id */
	enum factor_scale scale;
	int impact;              /* index into impact[] (C, I, A), or -1 */
};

#define FACTOR_COUNT 5
static const struct factor factors[FACTOR_COUNT] = {
	{"likelihood", "lik", N_("Threat likelihood"), SCALE_LIKELIHOOD, -1},
	{"vuln_level", "vul", N_("Vulnerability level"), SCALE_VULNERABILITY, -1},
	{"impact_c", "imp-c", N_("Impact on confidentiality"), SCALE_IMPACT, 0},
	{"impact_i", "imp-i", N_("Impact on integrity"), SCALE_IMPACT, 1},
	{"impact_a", "imp-a", N_("Impact on availability"), SCALE_IMPACT, 2},
};

static const char *const criterion_keys[3] = {"c", "i", "a"};
static const char *const criterion_labels[3] = {
	N_("Confidentiality"), N_("Integrity"), N_("Availability")};

static struct risk_scale factor_scale(const struct risk_settings *s, const struct factor *f)
{
	switch (f->scale) {
	case SCALE_LIKELIHOOD: return s->likelihood;
	case SCALE_VULNERABILITY: return s->vulnerability;
	case SCALE_IMPACT: break;
	}
	return s->impact;
}

/* Where a risk keeps the factor. */
static int *factor_slot(struct risk *r, const struct factor *f)
{
	if (f->impact >= 0)
		return &r->impact[f->impact];
	return f->scale == SCALE_LIKELIHOOD ? &r->likelihood : &r->vuln_level;
}

static int factor_value(const struct risk *r, const struct factor *f)
{
	return *factor_slot((struct risk *)r, f);
}

/* A factor as an input shows it: "" for -1. */
static json_t *number_text(int value)
{
	char text[16] = "";
	if (value >= 0)
		snprintf(text, sizeof text, "%d", value);
	return json_string(text);
}

static json_t *value_or_null(int value)
{
	return value >= 0 ? json_integer(value) : json_null();
}


/* ---- one risk as JSON ----------------------------------------------------------- */

static bool can_edit(const struct request *req)
{
	return req->role >= ROLE_EDITOR;
}

static unsigned row_criteria(const struct risk_row *row)
{
	return row->threat ? row->threat->criteria : 0;
}

/* The impact an empty impact input stands for: the asset's own, or what
 * flows down to it. */
static int inherited_impact(const struct risk_book *book, const struct risk_row *row, int k)
{
	long index = risk_book_asset_index(book, row->asset->id);
	return index < 0 ? -1 : book->asset_impact[index][k];
}

/* The five inputs of a row: values from the risk, or from the posted
 * form (values and translated errors) when posted is not NULL. grid_ids:
 * the grid's input ids ("lik-5"), else the risk page's ("likelihood"). */
static json_t *inputs_json(struct request *req, const struct risk_book *book,
                           const struct risk_row *row, json_t *posted, bool grid_ids)
{
	json_t *list = json_array();
	json_t *values = json_object_get(posted, "values");
	json_t *errors = json_object_get(posted, "errors");
	for (size_t i = 0; i < FACTOR_COUNT; i++) {
		const struct factor *f = &factors[i];
		struct risk_scale scale = factor_scale(&book->settings, f);
		bool hit = f->impact < 0 || (row_criteria(row) & risk_criterion_bits[f->impact]);
		char id[48];
		if (grid_ids)
			snprintf(id, sizeof id, "%s-%lld", f->prefix, (long long)row->risk->id);
		else
			snprintf(id, sizeof id, "%s", f->field);
		json_t *input = json_pack("{s:s, s:s, s:s, s:i, s:i, s:b, s:b, s:b}",
			"field", f->field, "id", id, "label", _(req, f->label),
			"min", scale.min, "max", scale.max, "hit", hit,
			"impact", f->impact >= 0, "enabled", hit && can_edit(req));
		const char *value = json_string_value(json_object_get(values, f->field));
		json_object_set_new(input, "value", value ? json_string(value)
			: number_text(factor_value(row->risk, f)));
		json_object_set_new(input, "placeholder", f->impact >= 0
			? number_text(inherited_impact(book, row, f->impact)) : json_string(""));
		json_t *error = json_object_get(errors, f->field);
		if (error)
			json_object_set(input, "error", error);
		json_array_append_new(list, input);
	}
	return list;
}

static json_t *threat_json(struct request *req, const struct risk_row *row)
{
	const struct kb_threat *t = row->threat;
	json_t *hits = json_array();
	for (int k = 0; k < 3; k++)
		if (row_criteria(row) & risk_criterion_bits[k])
			json_array_append_new(hits, json_string(_(req, criterion_labels[k])));
	return json_pack("{s:s, s:s, s:s, s:o, s:o}", "id", row->risk->threat,
		"title", t ? kb_text(&t->title, req->lang) : row->risk->threat,
		"description", t ? kb_text(&t->description, req->lang) : "",
		"criteria", risk_criteria_text(req->lang, row_criteria(row)), "hits", hits);
}

static json_t *vulnerability_json(struct request *req, const struct risk_row *row)
{
	const struct kb_vulnerability *v = row->vulnerability;
	return json_pack("{s:s, s:s}", "id", row->risk->vulnerability,
		"text", v ? kb_text(&v->text, req->lang) : row->risk->vulnerability);
}

/* What every view of a risk shows: ids, names, the value and level. */
static json_t *row_json(struct request *req, const struct risk_row *row)
{
	char value[16] = "–";
	if (row->value >= 0)
		snprintf(value, sizeof value, "%d", row->value);
	return json_pack("{s:I, s:{s:I, s:s}, s:o, s:o, s:o, s:s, s:s, s:s, s:[iii]}",
		"id", (json_int_t)row->risk->id,
		"asset", "id", (json_int_t)row->asset->id, "name", row->asset->name,
		"threat", threat_json(req, row),
		"vulnerability", vulnerability_json(req, row),
		"value", value_or_null(row->value), "value_text", value,
		"level", risk_level_name(row->level),
		"level_label", _(req, risk_level_label(row->level)),
		"impacts", row->impact[0], row->impact[1], row->impact[2]);
}

static bool book_load(struct request *req, struct risk_book *book)
{
	if (risk_book_load(req->store, req->org_id, book) == STORE_OK)
		return true;
	risk_book_free(book);
	fail(req, 500, NULL);
	return false;
}

/* ---- the grid -------------------------------------------------------------------- */

struct grid_filter {
	int64_t asset;          /* 0: any */
	const char *threat;     /* "": any */
	const char *level;      /* "": any, else risk_level_name */
	const char *q;
	long long page;         /* from 1 */
};

static struct grid_filter filter_of_query(const struct request *req)
{
	struct grid_filter f = {
		.asset = form_number(&req->form, "asset"),
		.threat = form_value(&req->form, "threat"),
		.level = form_value(&req->form, "level"),
		.q = form_value(&req->form, "q"),
		.page = form_number(&req->form, "page"),
	};
	if (f.page < 1)
		f.page = 1;
	return f;
}

static bool contains(const char *text, const char *q)
{
	return text && strcasestr(text, q);
}

static bool row_matches(const struct request *req, const struct risk_row *row,
                        const struct grid_filter *f)
{
	if (f->asset && row->asset->id != f->asset)
		return false;
	if (f->threat[0] && strcmp(row->risk->threat, f->threat) != 0)
		return false;
	if (f->level[0] && strcmp(risk_level_name(row->level), f->level) != 0)
		return false;
	if (!f->q[0])
		return true;
	return contains(row->asset->name, f->q) || contains(row->risk->note, f->q) ||
	       (row->threat && contains(kb_text(&row->threat->title, req->lang), f->q)) ||
	       (row->vulnerability && contains(kb_text(&row->vulnerability->text, req->lang), f->q)) ||
	       contains(row->risk->threat, f->q) || contains(row->risk->vulnerability, f->q);
}

/* A row with what it sorts by: the asset's place in the book (by name),
 * the threat's and the vulnerability's place in the knowledge base (so
 * threats come theme by theme), the organisation's own after them, then
 * the risk id. Unknown ids come last. */
struct sorted_row {
	const struct risk_row *row;
	long asset;
	size_t threat, vulnerability;
};

static int compare_sorted(const void *x, const void *y)
{
	const struct sorted_row *a = x, *b = y;
	if (a->asset != b->asset)
		return a->asset < b->asset ? -1 : 1;
	if (a->threat != b->threat)
		return a->threat < b->threat ? -1 : 1;
	if (a->vulnerability != b->vulnerability)
		return a->vulnerability < b->vulnerability ? -1 : 1;
	int64_t i = a->row->risk->id, j = b->row->risk->id;
	return (i > j) - (i < j);
}

/* The rows that pass the filter, sorted; caller frees. NULL and *count 0
 * when none (or out of memory). */
static struct sorted_row *grid_rows(const struct request *req, const struct risk_book *book,
                                    const struct grid_filter *f, size_t *count)
{
	*count = 0;
	struct sorted_row *list = book->risk_count ? calloc(book->risk_count, sizeof *list) : NULL;
	if (!list)
		return NULL;
	for (size_t i = 0; i < book->risk_count; i++) {
		const struct risk_row *row = &book->rows[i];
		if (!row_matches(req, row, f))
			continue;
		list[(*count)++] = (struct sorted_row){row,
			risk_book_asset_index(book, row->asset->id),
			risk_book_threat_index(book, row->threat),
			risk_book_vulnerability_index(book, row->vulnerability)};
	}
	qsort(list, *count, sizeof *list, compare_sorted);
	return list;
}

/* The grid's address with these filters and page (0: none), into out. */
static void grid_url(const struct request *req, const struct grid_filter *f,
                     long long page, struct buf *out)
{
	buf_printf(out, "/o/%lld/risks/grid", (long long)req->org_id);
	char sep = '?';
	if (f->asset) {
		buf_printf(out, "%casset=%lld", sep, (long long)f->asset);
		sep = '&';
	}
	const char *names[] = {"threat", "level", "q"};
	const char *values[] = {f->threat, f->level, f->q};
	for (int i = 0; i < 3; i++) {
		if (!values[i][0])
			continue;
		buf_printf(out, "%c%s=", sep, names[i]);
		url_encode(out, values[i]);
		sep = '&';
	}
	if (page > 1)
		buf_printf(out, "%cpage=%lld", sep, page);
}

static json_t *grid_row_json(struct request *req, const struct risk_book *book,
                             const struct risk_row *row, const char *back)
{
	json_t *item = row_json(req, row);
	struct buf href = {0};
	buf_printf(&href, "/o/%lld/risks/%lld?back=", (long long)req->org_id,
	           (long long)row->risk->id);
	url_encode(&href, back);
	json_object_set_new(item, "href", json_string(href.data));
	buf_free(&href);
	json_object_set_new(item, "inputs", inputs_json(req, book, row, NULL, true));
	return item;
}

/* Page numbers and the links to the pages around this one. */
static json_t *pagination_json(const struct request *req, const struct grid_filter *f,
                               size_t total, long long page, long long pages)
{
	json_t *p = json_pack("{s:I, s:I, s:I, s:I, s:I}", "page", (json_int_t)page,
		"pages", (json_int_t)pages, "total", (json_int_t)total,
		"from", (json_int_t)(total ? (page - 1) * GRID_PAGE_SIZE + 1 : 0),
		"to", (json_int_t)(page * GRID_PAGE_SIZE < (long long)total
			? page * GRID_PAGE_SIZE : (long long)total));
	struct buf b = {0};
	if (page > 1) {
		grid_url(req, f, page - 1, &b);
		json_object_set_new(p, "prev", json_string(b.data));
		buf_reset(&b);
	}
	if (page < pages) {
		grid_url(req, f, page + 1, &b);
		json_object_set_new(p, "next", json_string(b.data));
	}
	buf_free(&b);
	return p;
}

/* The assets of the organisation for the selects, with their types. */
static json_t *asset_options(struct request *req, const struct risk_book *book)
{
	json_t *list = json_array();
	for (size_t i = 0; i < book->asset_count; i++) {
		const struct asset *a = &book->assets[i];
		const struct kb_asset_type *type = risk_book_asset_type(book, a->type, NULL);
		char value[24];
		snprintf(value, sizeof value, "%lld", (long long)a->id);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s}", "value", value,
			"name", a->name, "type", a->type,
			"type_title", type ? kb_text(&type->title, req->lang) : a->type));
	}
	return list;
}

static void add_threat_option(struct request *req, json_t *themes, const struct kb_threat *t)
{
	json_array_append_new(json_object_get(json_array_get(themes, t->theme), "threats"),
		json_pack("{s:s, s:s}", "id", t->id, "title", kb_text(&t->title, req->lang)));
}

/* The threats of the knowledge base and the organisation's own, theme by
 * theme. */
static json_t *threat_options(struct request *req, const struct risk_book *book)
{
	const struct kb_risk *kb = kb_risk();
	json_t *themes = json_array();
	for (int theme = 0; theme < KB_THEME_COUNT; theme++)
		json_array_append_new(themes, json_pack("{s:s, s:[]}", "label",
			_(req, risk_theme_label((enum kb_threat_theme)theme)), "threats"));
	for (size_t i = 0; kb && i < kb->threat_count; i++)
		add_threat_option(req, themes, &kb->threats[i]);
	for (size_t i = 0; i < book->own_threat_count; i++)
		add_threat_option(req, themes, &book->own_threats[i]);
	return themes;
}

/* One vulnerability with the asset types it applies to ("types": ids
 * separated by spaces, for grid.js to narrow the list to an asset). */
static json_t *vulnerability_option(struct request *req, const struct risk_book *book,
                                    const struct kb_vulnerability *v)
{
	struct buf types = {0};
	for (size_t t = 0; t < v->asset_type_count; t++)
		buf_printf(&types, "%s%s", t ? " " : "",
		           risk_book_asset_type_at(book, v->asset_types[t])->id);
	json_t *option = json_pack("{s:s, s:s, s:s}", "id", v->id,
		"text", kb_text(&v->text, req->lang), "types", types.data ? types.data : "");
	buf_free(&types);
	return option;
}

/* The vulnerabilities of the knowledge base, then the organisation's own. */
static json_t *vulnerability_options(struct request *req, const struct risk_book *book)
{
	const struct kb_risk *kb = kb_risk();
	json_t *list = json_array();
	for (size_t i = 0; kb && i < kb->vulnerability_count; i++)
		json_array_append_new(list, vulnerability_option(req, book, &kb->vulnerabilities[i]));
	for (size_t i = 0; i < book->own_vulnerability_count; i++)
		json_array_append_new(list, vulnerability_option(req, book, &book->own_vulnerabilities[i]));
	return list;
}

/* The scales, for the hint above the grid and the inputs' limits. */
static json_t *scales_json(const struct risk_settings *s)
{
	return json_pack("{s:{s:i, s:i}, s:{s:i, s:i}, s:{s:i, s:i}}",
		"likelihood", "min", s->likelihood.min, "max", s->likelihood.max,
		"vulnerability", "min", s->vulnerability.min, "max", s->vulnerability.max,
		"impact", "min", s->impact.min, "max", s->impact.max);
}

static void put_filter(struct request *req, const struct grid_filter *f)
{
	char asset[24] = "";
	if (f->asset)
		snprintf(asset, sizeof asset, "%lld", (long long)f->asset);
	put(req, "filter", json_pack("{s:s, s:s, s:s, s:s, s:b}", "asset", asset,
		"threat", f->threat, "level", f->level, "q", f->q,
		"any", f->asset || f->threat[0] || f->level[0] || f->q[0]));
	json_t *levels = json_array();
	for (int i = 1; level_filters[i]; i++) {
		enum risk_level level = i == 4 ? LEVEL_NOT_EVALUATED : (enum risk_level)i;
		json_array_append_new(levels, json_pack("{s:s, s:s}", "value", level_filters[i],
			"label", _(req, risk_level_label(level))));
	}
	put(req, "levels", levels);
}

/* Fills the grid page of one page of filtered rows, with the options of
 * the filter and the new-risk forms; false if answered (500). */
static bool grid_data(struct request *req, const struct grid_filter *f)
{
	struct risk_book book;
	if (!book_load(req, &book))
		return false;
	size_t total;
	struct sorted_row *list = grid_rows(req, &book, f, &total);
	long long pages = total ? ((long long)total + GRID_PAGE_SIZE - 1) / GRID_PAGE_SIZE : 1;
	long long page = f->page > pages ? pages : f->page;
	struct buf back = {0};
	grid_url(req, f, page, &back);
	json_t *rows = json_array();
	size_t first = (size_t)(page - 1) * GRID_PAGE_SIZE;
	for (size_t i = first; i < total && i < first + GRID_PAGE_SIZE; i++)
		json_array_append_new(rows, grid_row_json(req, &book, list[i].row, back.data));
	put(req, "rows", rows);
	put(req, "url", json_string(back.data));
	buf_free(&back);
	free(list);
	put(req, "pagination", pagination_json(req, f, total, page, pages));
	put(req, "risk_count", json_integer((json_int_t)book.risk_count));
	put(req, "assets", asset_options(req, &book));
	put(req, "themes", threat_options(req, &book));
	put(req, "vulnerabilities", vulnerability_options(req, &book));
	put(req, "scales", scales_json(&book.settings));
	put_filter(req, f);
	risk_book_free(&book);
	return true;
}

void risk_grid(struct request *req)
{
	struct grid_filter f = filter_of_query(req);
	if (grid_data(req, &f))
		page(req, "risks/grid");
}

/* ---- adding a risk by hand --------------------------------------------------------- */

/* True if vulnerability v applies to asset type id. A type the shipped
 * knowledge base does not map (an organisation's own, or one it lost)
 * accepts any. */
static bool applies_to(const struct risk_book *book, const struct kb_vulnerability *v,
                       const char *type_id)
{
	size_t type;
	if (!risk_book_asset_type(book, type_id, &type) || type >= kb_risk()->asset_type_count)
		return true;
	for (size_t i = 0; i < v->asset_type_count; i++)
		if (v->asset_types[i] == type)
			return true;
	return false;
}

/* The checks only the handler can make, as field errors: the asset is
 * one of the organisation's, the threat and the vulnerability exist (in
 * the shipped base or the organisation's own), and the vulnerability
 * applies to the asset's type. False (answered) on a store failure. */
static bool check_new_risk(struct request *req)
{
	struct risk_book book;
	if (!book_load(req, &book))
		return false;
	const struct asset *asset = risk_book_asset(&book, form_number(&req->form, "asset"));
	if (!asset)
		form_set_error(&req->form, "asset", N_("This asset does not exist."));
	if (!risk_book_threat(&book, form_value(&req->form, "threat")))
		form_set_error(&req->form, "threat", N_("This threat does not exist."));
	const struct kb_vulnerability *v =
		risk_book_vulnerability(&book, form_value(&req->form, "vulnerability"));
	if (!v)
		form_set_error(&req->form, "vulnerability", N_("This vulnerability does not exist."));
	else if (asset && !applies_to(&book, v, asset->type))
		form_set_error(&req->form, "vulnerability",
		               N_("This vulnerability does not apply to this kind of asset. Choose one that does, or another asset."));
	risk_book_free(&book);
	return true;
}

/* Shows the grid again with the new-risk form's errors (422). */
static void create_again(struct request *req, int64_t existing)
{
	struct form kept = req->form;
	struct grid_filter f = {.threat = "", .level = "", .q = "", .page = 1};
	if (!grid_data(req, &f))
		return;
	req->form = kept;
	form_again(req, "risks/grid");
	if (existing) {
		char href[64];
		snprintf(href, sizeof href, "/o/%lld/risks/%lld", (long long)req->org_id,
		         (long long)existing);
		put(req, "existing", json_string(href));
	}
}

void risk_create(struct request *req)
{
	if (req->form.valid && !check_new_risk(req))
		return;
	if (!req->form.valid) {
		create_again(req, 0);
		return;
	}
	struct risk r = {
		.asset_id = form_number(&req->form, "asset"),
		.threat = (char *)form_value(&req->form, "threat"),
		.vulnerability = (char *)form_value(&req->form, "vulnerability"),
		.likelihood = -1, .vuln_level = -1, .impact = {-1, -1, -1},
		.origin = "", .treatment = "untreated", .note = "",
	};
	int64_t id = 0;
	enum store_status st = store_risk_create(req->store, &req->actor, req->org_id, &r, &id);
	if (st == STORE_CONFLICT) {
		form_set_error(&req->form, "vulnerability", N_("This risk is already in the register."));
		create_again(req, id);
		return;
	}
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 422 : 500, NULL);
		return;
	}
	put(req, "id", json_integer(id));
	redirect(req, "/o/%lld/risks/%lld", (long long)req->org_id, (long long)id);
}

/* ---- the page of one risk ---------------------------------------------------------- */

/* Per criterion: whether the threat hits it, the impact that counts
 * (and whether it is the asset's), and the value for that criterion. */
static json_t *criteria_json(struct request *req, const struct risk_row *row)
{
	json_t *list = json_array();
	for (int k = 0; k < 3; k++) {
		bool hit = row_criteria(row) & risk_criterion_bits[k];
		struct risk_scenario s = {
			.impact = {row->impact[0], row->impact[1], row->impact[2]},
			.likelihood = (int8_t)row->risk->likelihood,
			.vulnerability = (int8_t)row->risk->vuln_level,
			.criteria = (uint8_t)risk_criterion_bits[k],
		};
		int value = hit ? risk_value(&s) : RISK_NOT_EVALUATED;
		json_t *impact = number_text(row->impact[k]);
		json_t *text = number_text(value);
		json_array_append_new(list, json_pack("{s:s, s:s, s:b, s:o, s:b, s:o, s:o}",
			"key", criterion_keys[k], "label", _(req, criterion_labels[k]),
			"hit", hit, "impact", impact,
			"inherited", row->risk->impact[k] < 0 && row->impact[k] >= 0,
			"value", value_or_null(value), "value_text", text));
	}
	return list;
}

/* Where "back" leads: the grid address it names, else the grid. */
static void put_back(struct request *req, const char *back)
{
	char grid[48];
	snprintf(grid, sizeof grid, "/o/%lld/risks/grid", (long long)req->org_id);
	const char *safe = back[0] ? safe_next(back) : "/";
	put(req, "back", json_string(strcmp(safe, "/") == 0 ? grid : safe));
	put(req, "back_param", json_string(strcmp(safe, "/") == 0 ? "" : safe));
}

/* Fills the page of risk req->id; posted: the form's values and errors
 * to show instead of the stored ones. False if answered (404, 500). */
static bool risk_data(struct request *req, json_t *posted, const char *back)
{
	struct risk_book book;
	if (!book_load(req, &book))
		return false;
	const struct risk_row *row = risk_book_row(&book, req->id);
	if (!row) {
		risk_book_free(&book);
		fail(req, 404, NULL);
		return false;
	}
	json_t *risk = row_json(req, row);
	const struct kb_asset_type *type = risk_book_asset_type(&book, row->asset->type, NULL);
	json_object_set_new(json_object_get(risk, "asset"), "type",
		json_string(type ? kb_text(&type->title, req->lang) : row->asset->type));
	const struct kb_what_if *origin = kb_what_if_find(row->risk->origin, NULL);
	json_object_set_new(risk, "origin", json_string(origin
		? kb_text(&origin->question, req->lang) : ""));
	json_object_set_new(risk, "note", json_string(row->risk->note));
	json_object_set_new(risk, "criteria", criteria_json(req, row));
	json_object_set_new(risk, "inputs", inputs_json(req, &book, row, posted, false));
	json_t *note = json_object_get(json_object_get(posted, "values"), "note");
	json_t *note_error = json_object_get(json_object_get(posted, "errors"), "note");
	put(req, "note", note ? json_incref(note) : json_string(row->risk->note));
	if (note_error)
		put(req, "note_error", json_incref(note_error));
	put(req, "risk", risk);
	/* The catalogue's measures against this weakness (web/measures.c). */
	put(req, "suggested_measures", measures_for_vulnerability(req, row->vulnerability));
	put(req, "scales", scales_json(&book.settings));
	put_back(req, back);
	risk_book_free(&book);
	return true;
}

void risk_show(struct request *req)
{
	if (risk_data(req, NULL, form_value(&req->form, "back")))
		page(req, "risks/risk");
}

/* ---- changing and deleting a risk ---------------------------------------------------- */

/* True if s is an optional '-' and one or more digits. */
static bool is_whole_number(const char *s)
{
	if (*s == '-')
		s++;
	return *s && strspn(s, "0123456789") == strlen(s);
}

/* Marks factors off the organisation's scales; which ones in off[]. A
 * number the form already refused (below 0, above 127) is off the scale
 * too, and says so in the same words; "x" keeps the form's "not a
 * number". */
static void check_scales(struct request *req, const struct risk_settings *s,
                         bool off[FACTOR_COUNT])
{
	for (size_t i = 0; i < FACTOR_COUNT; i++) {
		const char *value = form_value(&req->form, factors[i].field);
		struct risk_scale scale = factor_scale(s, &factors[i]);
		long long n = is_whole_number(value) ? strtoll(value, NULL, 10) : 0;
		off[i] = is_whole_number(value) && (n < scale.min || n > scale.max);
		if (off[i])
			form_set_error(&req->form, factors[i].field, N_("Choose a value from %d to %d."));
	}
}

/* Replaces the scale errors of the answer (message ids with %d) by the
 * message with the scale's ends. */
static void scale_messages(struct request *req, const struct risk_settings *s,
                           const bool off[FACTOR_COUNT])
{
	json_t *errors = json_object_get(json_object_get(req->data, "form"), "errors");
	for (size_t i = 0; i < FACTOR_COUNT; i++) {
		if (!off[i])
			continue;
		struct risk_scale scale = factor_scale(s, &factors[i]);
		char text[200];
		snprintf(text, sizeof text, _(req, "Choose a value from %d to %d."),
		         scale.min, scale.max);
		json_object_set_new(errors, factors[i].field, json_string(text));
	}
}

/* Shows the risk's form again with its errors (422); HTML and JSON alike. */
static void update_again(struct request *req, const struct risk_settings *s,
                         const bool off[FACTOR_COUNT])
{
	form_again(req, "risks/risk");
	scale_messages(req, s, off);
	if (req->want_json)
		return;   /* the grid needs the errors only */
	json_t *posted = json_incref(json_object_get(req->data, "form"));
	risk_data(req, posted, form_value(&req->form, "back"));   /* or 404, 500 */
	json_decref(posted);
}

/* The risk's new factors and note from the form. The note is kept when
 * the request does not name it (the grid sends factors only). */
static struct risk risk_from_form(struct request *req, const struct risk *stored)
{
	struct risk r = *stored;
	for (size_t i = 0; i < FACTOR_COUNT; i++) {
		const char *value = form_value(&req->form, factors[i].field);
		*factor_slot(&r, &factors[i]) = value[0]
			? (int)form_number(&req->form, factors[i].field) : -1;
	}
	if (params_get(&req->body, "note"))
		r.note = (char *)form_value(&req->form, "note");
	return r;
}

/* The JSON answer to the grid: the risk as the book computes it now. */
static void answer_computed(struct request *req)
{
	struct risk_book book;
	if (!book_load(req, &book))
		return;
	const struct risk_row *row = risk_book_row(&book, req->id);
	if (!row) {
		risk_book_free(&book);
		fail(req, 404, NULL);
		return;
	}
	json_t *item = row_json(req, row);
	json_object_update(req->data, item);
	json_decref(item);
	risk_book_free(&book);
	page(req, "risks/risk");
}

void risk_update(struct request *req)
{
	struct risk stored;
	enum store_status st = store_risk_get(req->store, req->org_id, req->id, &stored);
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	struct risk_settings settings;
	if (store_risk_settings_get(req->store, req->org_id, &settings) != STORE_OK) {
		risk_free(&stored);
		fail(req, 500, NULL);
		return;
	}
	bool off[FACTOR_COUNT];
	check_scales(req, &settings, off);
	if (!req->form.valid) {
		risk_free(&stored);
		update_again(req, &settings, off);
		return;
	}
	struct risk changed = risk_from_form(req, &stored);
	st = store_risk_update(req->store, &req->actor, req->org_id, &changed);
	risk_free(&stored);
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	if (req->want_json) {
		answer_computed(req);
		return;
	}
	const char *back = safe_next(form_value(&req->form, "back"));
	if (strcmp(back, "/") != 0)
		redirect(req, "%s", back);
	else
		redirect(req, "/o/%lld/risks/%lld", (long long)req->org_id, (long long)req->id);
}

void risk_delete(struct request *req)
{
	enum store_status st = store_risk_delete(req->store, &req->actor, req->org_id, req->id);
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	redirect(req, "/o/%lld/risks/grid", (long long)req->org_id);
}
