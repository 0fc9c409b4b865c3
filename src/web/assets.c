/*
 * assets.c - the asset inventory (METHOD.md §2): what the business relies
 * on, primary assets (information, processes) and the supporting assets
 * they live on (devices, software, networks, cloud services, premises,
 * people, suppliers), with an owner, a classification, a TLP sharing
 * label and impacts on confidentiality, integrity and availability.
 *
 * Impacts are set on primary assets and flow down the "relies on" links
 * (core/assets.h); the pages show them as web/risk_book.c computes them,
 * so the asset pages and the risk register never disagree. The links
 * never form a loop: the store refuses one (STORE_CONFLICT) and the page
 * says which asset already relies on this one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "kb/kb.h"
#include "web/handlers.h"
#include "web/risk_book.h"

/* ---- declarations ------------------------------------------------------------ */

static const char *const classification_choices[] = {
	"public", "internal", "confidential", "secret", NULL};
static const char *const classification_labels[] = {
	N_("Public"), N_("Internal"), N_("Confidential"), N_("Secret")};

/* TLP 2.0 (FIRST). "white", the old name of "clear", is accepted and
 * stored as "clear"; it is never shown. */
static const char *const tlp_choices[] = {
	"red", "amber+strict", "amber", "green", "clear", "white", NULL};
#define TLP_SHOWN 5   /* the first five: what the pages offer */
static const char *const tlp_labels[TLP_SHOWN] = {
	"TLP:RED", "TLP:AMBER+STRICT", "TLP:AMBER", "TLP:GREEN", "TLP:CLEAR"};
static const char *const tlp_explanations[TLP_SHOWN] = {
	N_("only the people named, no one else"),
	N_("only people inside the receiving organisation"),
	N_("the receiving organisation and its clients, if they need to know"),
	N_("people in the same community or sector, not the public"),
	N_("anyone, no limit"),
};

/* Words for the default impact scale 0..4; a changed scale shows numbers. */
static const char *const impact_words[] = {
	N_("None"), N_("Low"), N_("Medium"), N_("High"), N_("Critical")};
static const char *const impact_fields[3] = {"impact_c", "impact_i", "impact_a"};

static const char *const kind_filters[] = {"", "primary", "supporting", NULL};
static const char *const classification_filters[] = {
	"", "public", "internal", "confidential", "secret", NULL};
static const char *const sort_choices[] = {"", "name", "type", "classification", "owner", NULL};

static const struct field assets_query_fields[] = {
	{"kind", FIELD_CHOICE, false, 0, 0, kind_filters},
	{"classification", FIELD_CHOICE, false, 0, 0, classification_filters},
	{"q", FIELD_TEXT, false, 0, 100, NULL},
	{"sort", FIELD_CHOICE, false, 0, 0, sort_choices},
};
const struct form_spec assets_query_spec = {assets_query_fields, 4};

/* Impacts: "" is "not set"; a number is checked against the
 * organisation's impact scale by the handler (at most 127, risk.h). */
static const struct field asset_fields[] = {
	{"name", FIELD_TEXT, true, 1, 200, NULL},
	{"type", FIELD_TEXT, true, 1, 60, NULL},   /* a shipped or own asset type id */
	{"owner", FIELD_TEXT, false, 0, 200, NULL},
	{"classification", FIELD_CHOICE, false, 0, 0, classification_choices},
	{"tlp", FIELD_CHOICE, false, 0, 0, tlp_choices},
	{"impact_c", FIELD_INT, false, 0, 127, NULL},
	{"impact_i", FIELD_INT, false, 0, 127, NULL},
	{"impact_a", FIELD_INT, false, 0, 127, NULL},
	{"note", FIELD_MULTILINE, false, 0, 4000, NULL},
};
const struct form_spec assets_save_spec = {asset_fields, 9};

static const struct field link_fields[] = {
	{"support", FIELD_ID, true, 0, 0, NULL},
};
const struct form_spec assets_link_spec = {link_fields, 1};

static const char *const msg_off_scale =
	N_("Choose a value on your organisation's impact scale.");
static const char *const msg_no_such_asset = N_("This asset does not exist.");
static const char *const msg_self = N_("An asset cannot rely on itself.");
static const char *const msg_loop =
	N_("This link would make a loop: %s already relies on this asset.");

/* ---- words for stored values ---------------------------------------------------- */

static int choice_index(const char *const *choices, const char *value)
{
	for (int i = 0; choices[i]; i++)
		if (strcmp(choices[i], value) == 0)
			return i;
	return -1;
}

static const char *classification_label(struct request *req, const char *value)
{
	int i = choice_index(classification_choices, value);
	return i < 0 ? value : _(req, classification_labels[i]);
}

/* "TLP:AMBER"...; a stored "white" (never written, but imported data
 * might hold it) reads as TLP:CLEAR. */
static int tlp_index(const char *value)
{
	int i = choice_index(tlp_choices, value);
	return i < 0 || i >= TLP_SHOWN ? TLP_SHOWN - 1 : i;
}

static const char *type_title(struct request *req, const struct risk_book *book,
                              const char *type)
{
	const struct kb_asset_type *t = risk_book_asset_type(book, type, NULL);
	return t ? kb_text(&t->title, req->lang) : type;
}

static bool default_impact_scale(const struct risk_settings *s)
{
	return s->impact.min == 0 && s->impact.max == 4;
}

/* An impact as the pages show it: a word on the default scale, else the
 * number; "–" when not set. number holds the digits. */
static const char *impact_text(struct request *req, const struct risk_settings *s,
                               int value, char number[8])
{
	if (value < 0)
		return "–";
	if (default_impact_scale(s) && value <= 4)
		return _(req, impact_words[value]);
	snprintf(number, 8, "%d", value);
	return number;
}

/* ---- the choices of the forms ----------------------------------------------------- */

/* Asset types grouped by kind, for <optgroup>s, in the user's language:
 * the shipped ones, then the organisation's own. */
static json_t *types_json(struct request *req, const struct risk_book *book)
{
	json_t *groups = json_array();
	for (int kind = 0; kind < KB_KIND_COUNT; kind++) {
		json_t *options = json_array();
		for (size_t i = 0; i < risk_book_asset_type_count(book); i++) {
			const struct kb_asset_type *t = risk_book_asset_type_at(book, i);
			if ((int)t->kind == kind)
				json_array_append_new(options, json_pack("{s:s, s:s}",
					"value", t->id, "label", kb_text(&t->title, req->lang)));
		}
		if (json_array_size(options))
			json_array_append_new(groups, json_pack("{s:s, s:o}",
				"label", _(req, risk_kind_label((enum kb_asset_kind)kind)), "options", options));
		else
			json_decref(options);
	}
	return groups;
}

static json_t *impact_options_json(struct request *req, const struct risk_settings *s)
{
	json_t *options = json_array();
	json_array_append_new(options, json_pack("{s:s, s:s}", "value", "",
		"label", _(req, "Not set")));
	for (int v = s->impact.min; v <= s->impact.max; v++) {
		char value[8], label[160];
		snprintf(value, sizeof value, "%d", v);
		if (default_impact_scale(s))
			snprintf(label, sizeof label, "%d – %s", v, _(req, impact_words[v]));
		else
			snprintf(label, sizeof label, "%d", v);
		json_array_append_new(options, json_pack("{s:s, s:s}", "value", value,
			"label", label));
	}
	return options;
}

/* Everything the asset form's selects offer. */
static void put_choices(struct request *req, const struct risk_book *book)
{
	const struct risk_settings *s = &book->settings;
	json_t *classifications = json_array();
	for (int i = 0; classification_choices[i]; i++)
		json_array_append_new(classifications, json_pack("{s:s, s:s}",
			"value", classification_choices[i],
			"label", _(req, classification_labels[i])));
	json_t *tlps = json_array();
	for (int i = 0; i < TLP_SHOWN; i++)
		json_array_append_new(tlps, json_pack("{s:s, s:s, s:s}", "value", tlp_choices[i],
			"label", tlp_labels[i], "explanation", _(req, tlp_explanations[i])));
	json_t *criteria = json_array();
	for (int k = 0; k < 3; k++)
		json_array_append_new(criteria, json_pack("{s:s, s:s, s:s}",
			"field", impact_fields[k], "letter", _(req, risk_criterion_letters[k]),
			"name", _(req, risk_criterion_names[k])));
	put(req, "types", types_json(req, book));
	put(req, "classifications", classifications);
	put(req, "tlps", tlps);
	put(req, "criteria", criteria);
	put(req, "impact_options", impact_options_json(req, s));
	put(req, "scale", json_pack("{s:i, s:i, s:b}", "min", s->impact.min,
		"max", s->impact.max, "words", default_impact_scale(s)));
}

/* The values the asset form shows: from a stored asset, or the defaults
 * of a new one (a == NULL). Impacts as text, "" when not set. */
static json_t *values_json(const struct asset *a)
{
	if (!a)
		return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			"name", "", "type", "", "owner", "", "classification", "internal",
			"tlp", "amber", "impact_c", "", "impact_i", "", "impact_a", "", "note", "");
	json_t *values = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "name", a->name,
		"type", a->type, "owner", a->owner, "classification", a->classification,
		"tlp", tlp_choices[tlp_index(a->tlp)], "note", a->note);
	for (int k = 0; k < 3; k++) {
		char text[12] = "";
		if (a->impact[k] >= 0)
			snprintf(text, sizeof text, "%d", a->impact[k]);
		json_object_set_new(values, impact_fields[k], json_string(text));
	}
	return values;
}

/* The posted values, for the form shown again: "white" shows as "clear". */
static json_t *posted_values_json(struct request *req)
{
	json_t *posted = form_to_json(&req->form, req->lang);
	json_t *values = json_incref(json_object_get(posted, "values"));
	json_decref(posted);
	if (strcmp(json_string_value(json_object_get(values, "tlp")), "white") == 0)
		json_object_set_new(values, "tlp", json_string("clear"));
	return values;
}

/* ---- reading the posted asset -------------------------------------------------------- */

static bool field_has_error(const struct form *form, const char *name)
{
	for (size_t i = 0; i < form->spec->count; i++)
		if (strcmp(form->spec->fields[i].name, name) == 0)
			return form->errors[i] != NULL;
	return false;
}

/*
 * Fills a from the posted form (strings point into the request) and
 * checks what the router cannot: impacts on the organisation's scale.
 * True if the form is valid.
 */
static bool asset_from_form(struct request *req, const struct risk_book *book,
                            struct asset *a)
{
	const struct risk_settings *s = &book->settings;
	for (int k = 0; k < 3; k++) {
		const char *name = impact_fields[k];
		a->impact[k] = -1;
		if (!form_value(&req->form, name)[0] || field_has_error(&req->form, name))
			continue;
		int value = (int)form_number(&req->form, name);
		if (value < s->impact.min || value > s->impact.max)
			form_set_error(&req->form, name, msg_off_scale);
		else
			a->impact[k] = value;
	}
	const char *type = form_value(&req->form, "type");
	const struct kb_asset_type *t = risk_book_asset_type(book, type, NULL);
	if (!t && !field_has_error(&req->form, "type"))
		form_set_error(&req->form, "type", N_("Choose one of the kinds of asset."));
	const char *classification = form_value(&req->form, "classification");
	const char *tlp = form_value(&req->form, "tlp");
	a->name = (char *)form_value(&req->form, "name");
	a->type = (char *)type;
	a->primary = t && t->primary;
	a->owner = (char *)form_value(&req->form, "owner");
	a->classification = (char *)(classification[0] ? classification : "internal");
	a->tlp = (char *)(!tlp[0] ? "amber" : strcmp(tlp, "white") == 0 ? "clear" : tlp);
	a->note = (char *)form_value(&req->form, "note");
	return req->form.valid;
}

/* ---- an asset as the pages show it ----------------------------------------------------- */

static json_t *impacts_json(struct request *req, const struct risk_book *book, size_t i)
{
	json_t *list = json_array();
	for (int k = 0; k < 3; k++) {
		int own = book->assets[i].impact[k];
		int value = book->asset_impact[i][k];
		char number[8];
		json_array_append_new(list, json_pack("{s:s, s:s, s:i, s:i, s:b, s:s}",
			"letter", _(req, risk_criterion_letters[k]), "name", _(req, risk_criterion_names[k]),
			"value", value, "own", own, "inherited", own < 0 && value >= 0,
			"label", impact_text(req, &book->settings, value, number)));
	}
	return list;
}

/* One asset of the list (and the head of its own page). */
static json_t *asset_json(struct request *req, const struct risk_book *book, size_t i)
{
	const struct asset *a = &book->assets[i];
	const struct kb_asset_type *t = risk_book_asset_type(book, a->type, NULL);
	int tlp = tlp_index(a->tlp);
	json_t *item = json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s, s:s, s:s}",
		"id", (json_int_t)a->id, "name", a->name, "type", a->type,
		"type_title", type_title(req, book, a->type),
		"kind", t ? kb_asset_kind_ids[t->kind] : "",
		"primary", a->primary,
		"role", a->primary ? _(req, "Primary") : _(req, "Supporting"),
		"owner", a->owner, "classification", a->classification,
		"classification_label", classification_label(req, a->classification),
		"tlp", tlp_choices[tlp], "tlp_label", tlp_labels[tlp]);
	json_object_set_new(item, "tlp_explanation", json_string(_(req, tlp_explanations[tlp])));
	json_object_set_new(item, "note", json_string(a->note));
	json_object_set_new(item, "impacts", impacts_json(req, book, i));
	json_object_set_new(item, "risks", json_integer((json_int_t)book->asset_risks[i]));
	return item;
}

/* ---- the list ------------------------------------------------------------------------ */

/* True if q_key (a sort key, core/text.h) occurs in the sort key of
 * text: case and accents aside, so "ecran" finds "Écran". */
static bool text_contains(const char *text, const char *q_key)
{
	char *key = text_sort_key(text);
	bool found = key && strstr(key, q_key);
	free(key);
	return found;
}

static bool asset_matches(struct request *req, const struct risk_book *book,
                          const struct asset *a, const char *kind,
                          const char *classification, const char *q_key)
{
	if (strcmp(kind, "primary") == 0 && !a->primary)
		return false;
	if (strcmp(kind, "supporting") == 0 && a->primary)
		return false;
	if (classification[0] && strcmp(classification, a->classification) != 0)
		return false;
	return !q_key || !q_key[0] || text_contains(a->name, q_key) ||
	       text_contains(a->owner, q_key) || text_contains(a->note, q_key) ||
	       text_contains(type_title(req, book, a->type), q_key);
}

/* One row to sort: by rank, then key (a text's sort key; NULL sorts
 * last), then name (its sort key), then the book's order: a total order. */
struct sort_row {
	size_t index;
	int rank;
	char *key;
	char *name_key;
};

static int compare_keys(const char *a, const char *b)
{
	if (!a || !b)
		return !a - !b;
	return strcmp(a, b);
}

static int compare_rows(const void *x, const void *y)
{
	const struct sort_row *a = x, *b = y;
	int c = (a->rank > b->rank) - (a->rank < b->rank);
	if (!c)
		c = compare_keys(a->key, b->key);
	if (!c)
		c = compare_keys(a->name_key, b->name_key);
	return c ? c : (a->index > b->index) - (a->index < b->index);
}

/* Sort keys: the name (the default), case and accents aside; the type by
 * its title in the user's language; the owner with the unnamed last; the
 * classification from the most sensitive down. Ties go by name. */
static void set_sort_key(struct request *req, const struct risk_book *book,
                         const struct asset *a, const char *sort,
                         struct sort_row *row)
{
	row->name_key = text_sort_key(a->name);
	if (strcmp(sort, "type") == 0)
		row->key = text_sort_key(type_title(req, book, a->type));
	else if (strcmp(sort, "owner") == 0 && a->owner[0])
		row->key = text_sort_key(a->owner);
	else if (strcmp(sort, "classification") == 0)
		row->rank = -choice_index(classification_choices, a->classification);
}

/* The book's assets that pass the filters, as indexes in the order asked.
 * Caller frees the rows (and their keys with free_rows). */
static struct sort_row *select_rows(struct request *req, const struct risk_book *book,
                                    const char *kind, const char *classification,
                                    const char *q, const char *sort, size_t *count)
{
	struct sort_row *rows = calloc(book->asset_count + 1, sizeof *rows);
	char *q_key = q[0] ? text_sort_key(q) : NULL;
	size_t n = 0;
	for (size_t i = 0; rows && i < book->asset_count; i++) {
		if (!asset_matches(req, book, &book->assets[i], kind, classification, q_key))
			continue;
		rows[n].index = i;
		set_sort_key(req, book, &book->assets[i], sort, &rows[n]);
		n++;
	}
	free(q_key);
	if (rows)
		qsort(rows, n, sizeof *rows, compare_rows);
	*count = n;
	return rows;
}

static void free_rows(struct sort_row *rows, size_t count)
{
	for (size_t i = 0; rows && i < count; i++) {
		free(rows[i].key);
		free(rows[i].name_key);
	}
	free(rows);
}

/* Fills the list page: the assets that pass the filters, in the order
 * asked, and what the new-asset form offers. false if answered (500). */
static bool list_data(struct request *req, const char *kind, const char *classification,
                      const char *q, const char *sort)
{
	struct risk_book book;
	if (risk_book_load(req->store, req->org_id, &book) != STORE_OK) {
		risk_book_free(&book);
		fail(req, 500, NULL);
		return false;
	}
	size_t count;
	struct sort_row *rows = select_rows(req, &book, kind, classification, q, sort, &count);
	if (!rows) {
		risk_book_free(&book);
		fail(req, 500, NULL);
		return false;
	}
	json_t *items = json_array();
	for (size_t r = 0; r < count; r++)
		json_array_append_new(items, asset_json(req, &book, rows[r].index));
	free_rows(rows, count);
	put(req, "assets", items);
	put(req, "total", json_integer((json_int_t)book.asset_count));
	put(req, "filter", json_pack("{s:s, s:s, s:s, s:s}", "kind", kind,
		"classification", classification, "q", q, "sort", sort));
	put_choices(req, &book);
	put(req, "values", values_json(NULL));
	risk_book_free(&book);
	return true;
}

void assets_list(struct request *req)
{
	if (!req->form.valid) {
		fail(req, 400, NULL);   /* only a hand-made address has a bad filter */
		return;
	}
	if (list_data(req, form_value(&req->form, "kind"),
	              form_value(&req->form, "classification"),
	              form_value(&req->form, "q"), form_value(&req->form, "sort")))
		page(req, "assets/list");
}

void assets_create(struct request *req)
{
	struct risk_book book;
	if (risk_book_load(req->store, req->org_id, &book) != STORE_OK) {
		fail(req, 500, NULL);
		return;
	}
	struct asset a = {0};
	bool valid = asset_from_form(req, &book, &a);
	int64_t id;
	enum store_status st = valid ? store_asset_save(req->store, &req->actor, req->org_id,
	                                                &a, &id) : STORE_OK;
	risk_book_free(&book);   /* a's strings point into the request */
	if (!valid) {
		struct form kept = req->form;
		if (!list_data(req, "", "", "", ""))
			return;
		req->form = kept;
		form_again(req, "assets/list");
		put(req, "values", posted_values_json(req));
		return;
	}
	if (st != STORE_OK) {
		fail(req, 500, NULL);
		return;
	}
	put(req, "id", json_integer(id));
	redirect(req, "/o/%lld/assets/%lld", (long long)req->org_id, (long long)id);
}

/* ---- one asset's page ---------------------------------------------------------------- */

static json_t *asset_ref_json(struct request *req, const struct risk_book *book,
                              const struct asset *a)
{
	return json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)a->id, "name", a->name,
		"type_title", type_title(req, book, a->type), "primary", a->primary);
}

/* Marks in seen every asset that relies on asset i, directly or through
 * others (the links form no loop; seen stops repeats on shared paths). */
static void mark_relying(const struct risk_book *book, size_t i, bool *seen)
{
	for (size_t l = 0; l < book->link_count; l++) {
		if (book->links[l].support_id != book->assets[i].id)
			continue;
		long p = risk_book_asset_index(book, book->links[l].asset_id);
		if (p >= 0 && !seen[p]) {
			seen[p] = true;
			mark_relying(book, (size_t)p, seen);
		}
	}
}

/* Appends to names the assets whose own impact k (value) reaches asset i
 * down the links: the ones it is inherited from. */
static void impact_origins(const struct risk_book *book, size_t i, int k, int value,
                           bool *seen, json_t *names)
{
	for (size_t l = 0; l < book->link_count; l++) {
		if (book->links[l].support_id != book->assets[i].id)
			continue;
		long p = risk_book_asset_index(book, book->links[l].asset_id);
		if (p < 0 || seen[p] || book->asset_impact[p][k] != value)
			continue;
		seen[p] = true;
		if (book->assets[p].impact[k] == value)
			json_array_append_new(names, json_string(book->assets[p].name));
		else
			impact_origins(book, (size_t)p, k, value, seen, names);
	}
}

/* Adds "from" (names) to each inherited impact of the asset's JSON. */
static void add_origins(const struct risk_book *book, size_t i, json_t *item)
{
	json_t *impacts = json_object_get(item, "impacts");
	for (int k = 0; k < 3; k++) {
		json_t *impact = json_array_get(impacts, (size_t)k);
		json_t *names = json_array();
		if (json_is_true(json_object_get(impact, "inherited"))) {
			bool *seen = calloc(book->asset_count, sizeof *seen);
			if (seen)
				impact_origins(book, i, k, book->asset_impact[i][k], seen, names);
			free(seen);
		}
		json_object_set_new(impact, "from", names);
	}
}

/* What asset i relies on, what relies on it (both by name), and what it
 * could still rely on: not itself, nothing it relies on already, nothing
 * that relies on it (no loops). */
static bool put_links(struct request *req, const struct risk_book *book, size_t i)
{
	enum { OTHER, SUPPORT, RELYING };   /* what each asset is to asset i */
	unsigned char *relation = calloc(book->asset_count, 1);
	bool *relying = calloc(book->asset_count, sizeof *relying);
	if (!relation || !relying) {
		free(relation);
		free(relying);
		return false;
	}
	mark_relying(book, i, relying);
	for (size_t l = 0; l < book->link_count; l++) {
		const struct asset_link *link = &book->links[l];
		bool from = link->asset_id == book->assets[i].id;
		long other = risk_book_asset_index(book, from ? link->support_id : link->asset_id);
		if (other >= 0 && (from || link->support_id == book->assets[i].id))
			relation[other] = from ? SUPPORT : RELYING;
	}
	json_t *supports = json_array(), *relied_on_by = json_array();
	json_t *supporting = json_array(), *primary = json_array();
	for (size_t c = 0; c < book->asset_count; c++) {
		json_t *ref = asset_ref_json(req, book, &book->assets[c]);
		if (relation[c] == SUPPORT)
			json_array_append_new(supports, ref);
		else if (relation[c] == RELYING)
			json_array_append_new(relied_on_by, ref);
		else if (c != i && !relying[c])
			json_array_append_new(book->assets[c].primary ? primary : supporting, ref);
		else
			json_decref(ref);
	}
	free(relation);
	free(relying);
	put(req, "supports", supports);
	put(req, "relied_on_by", relied_on_by);
	put(req, "candidates", json_pack("{s:o, s:o}", "supporting", supporting,
		"primary", primary));
	return true;
}

/* Fills the asset's page from a loaded book; false if answered (500). */
static bool asset_page_data(struct request *req, const struct risk_book *book, size_t i)
{
	json_t *item = asset_json(req, book, i);
	add_origins(book, i, item);
	put(req, "asset", item);
	if (!put_links(req, book, i)) {
		fail(req, 500, NULL);
		return false;
	}
	put_choices(req, book);
	put(req, "values", values_json(&book->assets[i]));
	return true;
}

/* Loads the book and finds req->id in it; false if answered (404, 500).
 * On true the caller frees the book. */
static bool load_asset(struct request *req, struct risk_book *book, size_t *index)
{
	if (risk_book_load(req->store, req->org_id, book) != STORE_OK) {
		risk_book_free(book);
		fail(req, 500, NULL);
		return false;
	}
	long i = risk_book_asset_index(book, req->id);
	if (i < 0) {
		risk_book_free(book);
		fail(req, 404, NULL);
		return false;
	}
	*index = (size_t)i;
	return true;
}

void assets_show(struct request *req)
{
	struct risk_book book;
	size_t i;
	if (!load_asset(req, &book, &i))
		return;
	if (asset_page_data(req, &book, i))
		page(req, "assets/edit");
	risk_book_free(&book);
}

/* Shows the asset's page again with the posted form's errors (422); the
 * asset form keeps what was typed. error_text, if not NULL, replaces the
 * message of field (for a message with the name of an asset in it). */
static void show_again(struct request *req, const struct risk_book *book, size_t i,
                       const char *field, const char *error_text)
{
	struct form kept = req->form;
	if (!asset_page_data(req, book, i))
		return;
	req->form = kept;
	form_again(req, "assets/edit");
	if (req->form.spec == &assets_save_spec)
		put(req, "values", posted_values_json(req));
	if (error_text)
		json_object_set_new(json_object_get(json_object_get(req->data, "form"), "errors"),
		                    field, json_string(error_text));
}

void assets_update(struct request *req)
{
	struct risk_book book;
	size_t i;
	if (!load_asset(req, &book, &i))
		return;
	struct asset a = {0};
	if (!asset_from_form(req, &book, &a)) {
		show_again(req, &book, i, NULL, NULL);
		risk_book_free(&book);
		return;
	}
	a.id = req->id;
	int64_t id;
	enum store_status st = store_asset_save(req->store, &req->actor, req->org_id, &a, &id);
	risk_book_free(&book);
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	put(req, "id", json_integer(req->id));
	redirect(req, "/o/%lld/assets/%lld", (long long)req->org_id, (long long)req->id);
}

/* ---- links ------------------------------------------------------------------------------ */

/* The ids asset id relies on, with room for one more. Caller frees. */
static int64_t *supports_of(const struct risk_book *book, int64_t id, size_t *count)
{
	int64_t *ids = malloc((book->link_count + 1) * sizeof *ids);
	size_t n = 0;
	for (size_t l = 0; ids && l < book->link_count; l++)
		if (book->links[l].asset_id == id)
			ids[n++] = book->links[l].support_id;
	*count = n;
	return ids;
}

/* Stores asset req->id relying on ids[0..count); answers the request:
 * back to the page, or the page again with the store's refusal. */
static void save_supports(struct request *req, const struct risk_book *book, size_t i,
                          const int64_t *ids, size_t count, int64_t support)
{
	enum store_status st = store_asset_set_supports(req->store, &req->actor, req->org_id,
	                                                req->id, ids, count);
	if (st == STORE_OK) {
		redirect(req, "/o/%lld/assets/%lld#links", (long long)req->org_id,
		         (long long)req->id);
		return;
	}
	if (st == STORE_NOT_FOUND || st == STORE_CONFLICT) {
		/* Another request changed the links since the book was read. */
		form_set_error(&req->form, "support", st == STORE_NOT_FOUND
			? msg_no_such_asset : msg_loop);
		const struct asset *s = risk_book_asset(book, support);
		char text[600];
		snprintf(text, sizeof text, _(req, msg_loop), s ? s->name : "?");
		show_again(req, book, i, "support", st == STORE_CONFLICT ? text : NULL);
		return;
	}
	fail(req, 500, NULL);
}

/* True if asset from relies on asset to, directly or through others. */
static bool relies_on(const struct risk_book *book, size_t from, size_t to)
{
	bool *seen = calloc(book->asset_count, sizeof *seen);
	if (!seen)
		return false;   /* the store still refuses a loop */
	mark_relying(book, to, seen);
	bool found = seen[from];
	free(seen);
	return found;
}

void assets_link(struct request *req)
{
	struct risk_book book;
	size_t i;
	if (!load_asset(req, &book, &i))
		return;
	int64_t support = req->form.valid ? form_number(&req->form, "support") : 0;
	long s = req->form.valid ? risk_book_asset_index(&book, support) : -1;
	char text[600] = "";
	if (req->form.valid && s < 0)
		form_set_error(&req->form, "support", msg_no_such_asset);
	else if (req->form.valid && support == req->id)
		form_set_error(&req->form, "support", msg_self);
	else if (req->form.valid && relies_on(&book, (size_t)s, i)) {
		form_set_error(&req->form, "support", msg_loop);
		snprintf(text, sizeof text, _(req, msg_loop), book.assets[s].name);
	}
	if (!req->form.valid) {
		show_again(req, &book, i, "support", text[0] ? text : NULL);
		risk_book_free(&book);
		return;
	}
	size_t count;
	int64_t *ids = supports_of(&book, req->id, &count);
	if (!ids) {
		risk_book_free(&book);
		fail(req, 500, NULL);
		return;
	}
	bool known = false;
	for (size_t k = 0; k < count; k++)
		known |= ids[k] == support;
	/* A link that exists already is no change: nothing to write. */
	if (known) {
		redirect(req, "/o/%lld/assets/%lld#links", (long long)req->org_id,
		         (long long)req->id);
	} else {
		ids[count++] = support;
		save_supports(req, &book, i, ids, count, support);
	}
	free(ids);
	risk_book_free(&book);
}

void assets_unlink(struct request *req)
{
	struct risk_book book;
	size_t i;
	if (!load_asset(req, &book, &i))
		return;
	if (!req->form.valid) {
		show_again(req, &book, i, NULL, NULL);
		risk_book_free(&book);
		return;
	}
	int64_t support = form_number(&req->form, "support");
	size_t count, kept = 0;
	int64_t *ids = supports_of(&book, req->id, &count);
	for (size_t k = 0; ids && k < count; k++)
		if (ids[k] != support)
			ids[kept++] = ids[k];
	if (!ids)
		fail(req, 500, NULL);
	else if (kept == count)
		fail(req, 404, NULL);   /* no such link */
	else
		save_supports(req, &book, i, ids, kept, support);
	free(ids);
	risk_book_free(&book);
}

void assets_delete(struct request *req)
{
	enum store_status st = store_asset_delete(req->store, &req->actor, req->org_id, req->id);
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	redirect(req, "/o/%lld/assets", (long long)req->org_id);
}
