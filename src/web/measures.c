/*
 * measures.c - the measures catalogue as users see it (METHOD.md §3, §4;
 * kb/measures.json through kb_measures()): every measure in the reader's
 * language with its kind, rough cost, the ISO/IEC 27002:2022 controls and
 * CyberFundamentals subcategories it implements, and how many of the
 * organisation's risks it could help; searchable, filtered and sorted.
 * Also the few measures suggested on a risk's page (web/risk_grid.c).
 *
 * "Helps a risk" means the measure reduces the risk's vulnerability. Only
 * the shipped vulnerabilities are mapped to measures: a risk on one of
 * the organisation's own vulnerabilities gets no suggestion. The counts
 * come from one risk_book_load, so they match the register.
 *
 * A build or a moment without the catalogue (kb_measures() NULL) shows an
 * empty list with a sentence saying so, never an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "web/handlers.h"
#include "web/risk_book.h"

/* ---- what the page accepts ----------------------------------------------------- */

/* Every filter is declared as text and checked here, so that a wrong value
 * is shown next to its field (422) rather than refused as a whole (400). */
static const struct field measures_query_fields[] = {
	{"q", FIELD_TEXT, false, 0, 100, NULL},
	{"kind", FIELD_TEXT, false, 0, 20, NULL},
	{"cost", FIELD_TEXT, false, 0, 20, NULL},
	{"control", FIELD_TEXT, false, 0, 10, NULL},
	{"cyfun", FIELD_TEXT, false, 0, 12, NULL},
	{"helps", FIELD_TEXT, false, 0, 5, NULL},
	{"sort", FIELD_TEXT, false, 0, 10, NULL},
};
const struct form_spec measures_query_spec = {measures_query_fields, 7};

/* Indexed by enum kb_measure_kind and enum kb_cost. */
static const char *const kind_labels[KB_MEASURE_KIND_COUNT] = {
	N_("Organisation"), N_("People"), N_("Premises"), N_("Technology")};
static const char *const cost_labels[KB_COST_COUNT] = {
	N_("Low cost"), N_("Medium cost"), N_("High cost")};

enum sort_by { SORT_TITLE, SORT_RISKS, SORT_COUNT };
static const char *const sort_names[SORT_COUNT] = {"title", "risks"};
static const char *const sort_labels[SORT_COUNT] = {
	N_("Title"), N_("Most risks helped")};

struct filter {
	const char *q;          /* as typed; "": none */
	int kind;               /* enum kb_measure_kind; -1: any */
	int cost;               /* enum kb_cost; -1: any */
	const char *control;    /* "8.5"; "": any */
	const char *cyfun;      /* "PR.AC-7"; "": any */
	bool helps;             /* only measures that help at least one risk */
	enum sort_by sort;
};

static int index_of(const char *const *names, int count, const char *value)
{
	for (int i = 0; i < count; i++)
		if (strcmp(names[i], value) == 0)
			return i;
	return -1;
}

static void read_choice(struct form *form, const char *name, const char *const *names,
                        int count, const char *message, int *out)
{
	const char *text = form_value(form, name);
	*out = text[0] ? index_of(names, count, text) : -1;
	if (text[0] && *out < 0)
		form_set_error(form, name, message);
}

/* Fills f from the validated query; false (with field errors set) if a
 * value is wrong. */
static bool read_filter(struct form *form, struct filter *f)
{
	f->q = form_value(form, "q");
	read_choice(form, "kind", kb_measure_kind_ids, KB_MEASURE_KIND_COUNT,
	            N_("Choose a kind from the list."), &f->kind);
	read_choice(form, "cost", kb_cost_ids, KB_COST_COUNT,
	            N_("Choose a cost from the list."), &f->cost);
	f->control = form_value(form, "control");
	if (f->control[0] && !kb_control_find(f->control, NULL))
		form_set_error(form, "control", N_("Choose a control of ISO/IEC 27002:2022 from the list."));
	f->cyfun = form_value(form, "cyfun");
	if (f->cyfun[0] && !kb_cyfun_valid(f->cyfun))
		form_set_error(form, "cyfun", N_("Choose a CyberFundamentals id from the list, "
		                                 "such as PR.AC-7."));
	const char *helps = form_value(form, "helps");
	f->helps = strcmp(helps, "1") == 0;
	if (helps[0] && !f->helps)
		form_set_error(form, "helps", N_("Tick the box or leave it empty."));
	int sort;
	read_choice(form, "sort", sort_names, SORT_COUNT, N_("Choose an order from the list."),
	            &sort);
	f->sort = sort < 0 ? SORT_TITLE : (enum sort_by)sort;
	return form->valid;
}

/* The filters that show everything, for a page whose query was wrong. */
static void default_filter(struct filter *f)
{
	*f = (struct filter){.q = "", .kind = -1, .cost = -1, .control = "", .cyfun = "",
	                     .sort = SORT_TITLE};
}

/* ---- what a measure shows -------------------------------------------------------- */

/* The controls of m: [{id, title, label: "8.5 Secure log-in"}], titles in
 * the reader's language (a number the controls list lacks shows alone). */
static json_t *controls_json(struct request *req, const struct kb_measure *m)
{
	json_t *list = json_array();
	for (size_t i = 0; i < m->iso27002_count; i++) {
		const struct kb_control *c = kb_control_find(m->iso27002[i], NULL);
		const char *title = c ? kb_text(&c->title, req->lang) : "";
		struct buf label = {0};
		buf_printf(&label, "%s%s%s", m->iso27002[i], title[0] ? " " : "", title);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "id", m->iso27002[i],
			"title", title, "label", label.data ? label.data : m->iso27002[i]));
		buf_free(&label);
	}
	return list;
}

static json_t *cyfun_json(const struct kb_measure *m)
{
	json_t *list = json_array();
	for (size_t i = 0; i < m->cyfun_count; i++)
		json_array_append_new(list, json_string(m->cyfun[i]));
	return list;
}

/* What every view of a measure shows. */
static json_t *measure_json(struct request *req, const struct kb_measure *m)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o}",
		"id", m->id, "title", kb_text(&m->title, req->lang),
		"description", kb_text(&m->description, req->lang),
		"kind", kb_measure_kind_ids[m->kind], "kind_label", _(req, kind_labels[m->kind]),
		"cost", kb_cost_ids[m->cost], "cost_label", _(req, cost_labels[m->cost]),
		"controls", controls_json(req, m), "cyfun", cyfun_json(m));
}

/* ---- the catalogue page ------------------------------------------------------------ */

/* One measure of the catalogue with its sort key. */
struct entry {
	const struct kb_measure *measure;
	size_t index;        /* in the catalogue */
	size_t helps;        /* risks of the organisation it could help */
	char *key;           /* the title's sort key; NULL if memory ran out */
};

static int compare_title(const struct entry *a, const struct entry *b)
{
	int c = strcmp(a->key ? a->key : "", b->key ? b->key : "");
	return c ? c : (a->index > b->index) - (a->index < b->index);
}

static int by_title(const void *x, const void *y)
{
	return compare_title(x, y);
}

static int by_risks(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	if (a->helps != b->helps)
		return a->helps < b->helps ? 1 : -1;
	return compare_title(a, b);
}

/* Does text, once keyed like the query, hold it? */
static bool text_has(const char *text, const char *key)
{
	char *k = text_sort_key(text ? text : "");
	bool hit = k && strstr(k, key);
	free(k);
	return hit;
}

static bool has_id(const char *const *ids, size_t count, const char *id)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(ids[i], id) == 0)
			return true;
	return false;
}

static bool matches(struct request *req, const struct entry *e, const struct filter *f,
                    const char *key)
{
	const struct kb_measure *m = e->measure;
	if (f->kind >= 0 && (int)m->kind != f->kind)
		return false;
	if (f->cost >= 0 && (int)m->cost != f->cost)
		return false;
	if (f->control[0] && !has_id(m->iso27002, m->iso27002_count, f->control))
		return false;
	if (f->cyfun[0] && !has_id(m->cyfun, m->cyfun_count, f->cyfun))
		return false;
	if (f->helps && e->helps == 0)
		return false;
	return !key || text_has(kb_text(&m->title, req->lang), key) ||
	       text_has(kb_text(&m->description, req->lang), key);
}

/* per_vulnerability[v] = how many risks of the book have shipped
 * vulnerability v (an index into kb_risk()->vulnerabilities); NULL if
 * memory runs out. Caller frees. */
static size_t *risks_per_vulnerability(const struct risk_book *book)
{
	const struct kb_risk *kb = kb_risk();
	size_t shipped = kb ? kb->vulnerability_count : 0;
	size_t *count = calloc(shipped + 1, sizeof *count);
	for (size_t i = 0; count && i < book->risk_count; i++) {
		const struct kb_vulnerability *v = book->rows[i].vulnerability;
		size_t index = v ? risk_book_vulnerability_index(book, v) : shipped;
		if (index < shipped)   /* shipped entries come first in the book's list */
			count[index]++;
	}
	return count;
}

static size_t risks_helped(const struct kb_measure *m, const size_t *per_vulnerability)
{
	size_t n = 0;
	for (size_t i = 0; i < m->vulnerability_count; i++)
		n += per_vulnerability[m->vulnerabilities[i]];
	return n;
}

static json_t *choice(const char *value, const char *label, bool selected)
{
	return json_pack("{s:s, s:s, s:b}", "value", value, "label", label, "selected", selected);
}

static int compare_strings(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The choices of the filter form: kinds, costs, the controls and the
 * CyberFundamentals ids the catalogue uses (in the standard's order and
 * alphabetically), the orders. */
static json_t *choices_json(struct request *req, const struct kb_measures *catalogue,
                            const struct filter *f)
{
	json_t *kinds = json_array(), *costs = json_array(), *controls = json_array(),
	       *cyfun = json_array(), *sorts = json_array();
	for (int k = 0; k < KB_MEASURE_KIND_COUNT; k++)
		json_array_append_new(kinds, choice(kb_measure_kind_ids[k], _(req, kind_labels[k]),
		                                    f->kind == k));
	for (int k = 0; k < KB_COST_COUNT; k++)
		json_array_append_new(costs, choice(kb_cost_ids[k], _(req, cost_labels[k]),
		                                    f->cost == k));
	const struct kb_controls *all = kb_controls();
	size_t measures = catalogue ? catalogue->count : 0;
	for (size_t c = 0; all && c < all->count; c++) {
		const struct kb_control *control = &all->controls[c];
		bool used = false;
		for (size_t i = 0; !used && i < measures; i++)
			used = has_id(catalogue->measures[i].iso27002,
			              catalogue->measures[i].iso27002_count, control->id);
		if (!used)
			continue;
		struct buf label = {0};
		buf_printf(&label, "%s %s", control->id, kb_text(&control->title, req->lang));
		json_array_append_new(controls, choice(control->id, label.data ? label.data : "",
		                                       strcmp(control->id, f->control) == 0));
		buf_free(&label);
	}
	size_t total = 0;
	for (size_t i = 0; i < measures; i++)
		total += catalogue->measures[i].cyfun_count;
	const char **ids = calloc(total + 1, sizeof *ids);
	size_t n = 0;
	for (size_t i = 0; ids && i < measures; i++)
		for (size_t k = 0; k < catalogue->measures[i].cyfun_count; k++)
			ids[n++] = catalogue->measures[i].cyfun[k];
	if (ids)
		qsort(ids, n, sizeof *ids, compare_strings);
	for (size_t i = 0; ids && i < n; i++)
		if (i == 0 || strcmp(ids[i], ids[i - 1]) != 0)
			json_array_append_new(cyfun, choice(ids[i], ids[i],
			                                    strcmp(ids[i], f->cyfun) == 0));
	free(ids);
	for (int s = 0; s < SORT_COUNT; s++)
		json_array_append_new(sorts, choice(sort_names[s], _(req, sort_labels[s]),
		                                    (int)f->sort == s));
	return json_pack("{s:o, s:o, s:o, s:o, s:o}", "kinds", kinds, "costs", costs,
	                 "controls", controls, "cyfun", cyfun, "sorts", sorts);
}

static json_t *filter_json(const struct filter *f)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:b}", "q", f->q,
		"kind", f->kind >= 0 ? kb_measure_kind_ids[f->kind] : "",
		"cost", f->cost >= 0 ? kb_cost_ids[f->cost] : "",
		"control", f->control, "cyfun", f->cyfun, "helps", f->helps,
		"sort", sort_names[f->sort],
		"any", f->q[0] || f->kind >= 0 || f->cost >= 0 || f->control[0] || f->cyfun[0] ||
		       f->helps);
}

/* data.measures: the matching measures, sorted; false if memory runs out. */
static bool put_measures(struct request *req, const struct kb_measures *catalogue,
                         const struct risk_book *book, const struct filter *f)
{
	size_t count = catalogue ? catalogue->count : 0;
	struct entry *entries = calloc(count + 1, sizeof *entries);
	size_t *per_vulnerability = risks_per_vulnerability(book);
	char *key = f->q[0] ? text_sort_key(f->q) : NULL;
	bool ok = entries && per_vulnerability && (key || !f->q[0]);
	size_t matched = 0;
	for (size_t i = 0; ok && i < count; i++) {
		struct entry e = {.measure = &catalogue->measures[i], .index = i};
		e.helps = risks_helped(e.measure, per_vulnerability);
		if (!matches(req, &e, f, key))
			continue;
		e.key = text_sort_key(kb_text(&e.measure->title, req->lang));
		entries[matched++] = e;
	}
	if (ok)
		qsort(entries, matched, sizeof *entries, f->sort == SORT_RISKS ? by_risks : by_title);
	json_t *list = json_array();
	for (size_t i = 0; i < matched; i++) {
		json_t *m = measure_json(req, entries[i].measure);
		json_object_set_new(m, "helps", json_integer((json_int_t)entries[i].helps));
		json_array_append_new(list, m);
		free(entries[i].key);
	}
	put(req, "measures", list);
	put(req, "matched", json_integer((json_int_t)matched));
	free(key);
	free(per_vulnerability);
	free(entries);
	return ok;
}

void measures_list(struct request *req)
{
	struct filter f;
	bool valid = read_filter(&req->form, &f);
	if (!valid)
		default_filter(&f);
	struct risk_book book;
	if (risk_book_load(req->store, req->org_id, &book) != STORE_OK) {
		risk_book_free(&book);
		fail(req, 500, NULL);
		return;
	}
	const struct kb_measures *catalogue = kb_measures();
	bool ok = put_measures(req, catalogue, &book, &f);
	put(req, "available", json_boolean(catalogue != NULL));
	put(req, "total", json_integer((json_int_t)(catalogue ? catalogue->count : 0)));
	put(req, "risk_count", json_integer((json_int_t)book.risk_count));
	put(req, "filter", filter_json(&f));
	put(req, "choices", choices_json(req, catalogue, &f));
	risk_book_free(&book);
	if (!ok)
		fail(req, 500, NULL);
	else if (valid)
		page(req, "treatment/measures");
	else
		form_again(req, "treatment/measures");
}

/* ---- suggestions for one risk --------------------------------------------------------- */

json_t *measures_for_vulnerability(struct request *req, const struct kb_vulnerability *v)
{
	json_t *list = json_array();
	const struct kb_risk *kb = kb_risk();
	const struct kb_measures *catalogue = kb_measures();
	/* Only a shipped vulnerability (the knowledge base's own entry, not one
	 * of the organisation's) has measures mapped to it. */
	size_t index;
	if (!v || !kb || !catalogue || kb_vulnerability_find(v->id, &index) != v)
		return list;
	for (size_t i = 0; i < catalogue->count; i++) {
		const struct kb_measure *m = &catalogue->measures[i];
		for (size_t k = 0; k < m->vulnerability_count; k++)
			if (m->vulnerabilities[k] == index) {
				json_array_append_new(list, measure_json(req, m));
				break;
			}
	}
	return list;
}
