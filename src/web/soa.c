/*
 * soa.c - the Statement of Applicability (METHOD.md §4): the 93 controls
 * of ISO/IEC 27002:2022 (kb/iso27002.json) theme by theme, each with the
 * organisation's decision (applies or not, and why), how far it is
 * implemented, and the catalogue measures that implement it; as a page,
 * JSON and CSV. Decisions are stored by store/soa.c; a control never
 * decided has no row.
 *
 * A control's risks are those for which a measure implementing it was
 * chosen (risk treatment: the risk book's measures).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "kb/kb.h"
#include "web/csv.h"
#include "web/handlers.h"
#include "web/risk_book.h"

/* ---- the values and their words -------------------------------------------------- */

/* "applicable" as forms and filters name it, in the order -1, 0, 1. */
static const char *const applicable_ids[] = {"undecided", "no", "yes", NULL};
static const char *const applicable_labels[] = {
	N_("Not decided"), N_("Does not apply"), N_("Applies")};

/* The stored status; "" is no status given. */
static const char *const status_ids[] = {"planned", "partial", "implemented", NULL};
static const char *const status_labels[] = {
	N_("Planned"), N_("Partly in place"), N_("In place")};

static const char *const theme_labels[KB_CONTROL_THEME_COUNT] = {
	N_("Organisational controls"), N_("People controls"), N_("Physical controls"),
	N_("Technological controls")};

static const char *const theme_filters[] = {
	"", "organisational", "people", "physical", "technological", NULL};
static const char *const applicable_filters[] = {"", "undecided", "no", "yes", NULL};
static const char *const status_filters[] = {
	"", "none", "planned", "partial", "implemented", NULL};

static const struct field soa_query_fields[] = {
	{"theme", FIELD_CHOICE, false, 0, 0, theme_filters},
	{"applicable", FIELD_CHOICE, false, 0, 0, applicable_filters},
	{"status", FIELD_CHOICE, false, 0, 0, status_filters},
	{"q", FIELD_TEXT, false, 0, 100, NULL},
};
const struct form_spec soa_query_spec = {soa_query_fields, 4};

static const struct field soa_save_fields[] = {
	{"control", FIELD_TEXT, true, 1, 10, NULL},
	{"applicable", FIELD_CHOICE, true, 0, 0, applicable_ids},
	{"justification", FIELD_MULTILINE, false, 0, 2000, NULL},
	{"status", FIELD_CHOICE, false, 0, 0, status_ids},
	{"back", FIELD_TEXT, false, 0, 400, NULL},
};
const struct form_spec soa_save_spec = {soa_save_fields, 5};

static const char *applicable_id(int applicable)
{
	return applicable_ids[applicable < 0 ? 0 : applicable > 0 ? 2 : 1];
}

static const char *applicable_label(struct request *req, int applicable)
{
	return _(req, applicable_labels[applicable < 0 ? 0 : applicable > 0 ? 2 : 1]);
}

/* The label of a stored status; "" for none. */
static const char *status_label(struct request *req, const char *status)
{
	for (int i = 0; status_ids[i]; i++)
		if (strcmp(status_ids[i], status) == 0)
			return _(req, status_labels[i]);
	return "";
}

/* ---- one control's line ------------------------------------------------------------ */

/* What a control shows: its saved row, or the posted values of a form
 * shown again. */
struct soa_decision {
	int applicable;
	const char *justification;
	const char *status;
};

static const struct soa_decision undecided = {-1, "", ""};

static const struct soa_row *row_of(const struct soa_row *rows, size_t count,
                                    const char *control)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(rows[i].control, control) == 0)
			return &rows[i];
	return NULL;
}

/* The catalogue measures implementing control: [{id, title}]; empty when
 * the catalogue is not there. */
static json_t *measures_of(struct request *req, const char *control)
{
	json_t *list = json_array();
	const struct kb_measures *m = kb_measures();
	for (size_t i = 0; m && i < m->count; i++)
		for (size_t k = 0; k < m->measures[i].iso27002_count; k++)
			if (strcmp(m->measures[i].iso27002[k], control) == 0) {
				json_array_append_new(list, json_pack("{s:s, s:s}",
					"id", m->measures[i].id,
					"title", kb_text(&m->measures[i].title, req->lang)));
				break;
			}
	return list;
}

/* True if q_key (a sort key, core/text.h) occurs in text's sort key. */
static bool text_has(const char *text, const char *q_key)
{
	char *key = text_sort_key(text);
	bool found = key && strstr(key, q_key);
	free(key);
	return found;
}

/* The filters of the page, as the query gave them. */
struct soa_filter {
	const char *theme, *applicable, *status, *q;
	char *q_key;   /* owned; NULL for no search */
};

static bool control_matches(const struct soa_filter *f, const struct kb_control *c,
                            const char *title, const struct soa_decision *d,
                            const json_t *measures)
{
	if (f->theme[0] && strcmp(f->theme, kb_control_theme_ids[c->theme]) != 0)
		return false;
	if (f->applicable[0] && strcmp(f->applicable, applicable_id(d->applicable)) != 0)
		return false;
	if (f->status[0] && strcmp(f->status, d->status[0] ? d->status : "none") != 0)
		return false;
	if (!f->q_key || !f->q_key[0] || strcmp(f->q, c->id) == 0 ||
	    text_has(title, f->q_key) || text_has(d->justification, f->q_key))
		return true;
	size_t i;
	json_t *m;
	json_array_foreach(measures, i, m)
		if (text_has(json_string_value(json_object_get(m, "title")), f->q_key))
			return true;
	return false;
}

/* The risks treated with a measure that implements control: [{id,
 * title}], the title "threat – asset". */
static json_t *risks_of(struct request *req, const struct risk_book *book, const char *control)
{
	json_t *list = json_array();
	size_t m = 0;
	for (size_t i = 0; i < book->risk_count; i++) {
		const struct risk_row *r = &book->rows[i];
		bool treated = false;
		/* book->measures come by risk id, as the rows do. */
		while (m < book->measure_count && book->measures[m].risk_id < r->risk->id)
			m++;
		for (size_t k = m; k < book->measure_count && book->measures[k].risk_id == r->risk->id;
		     k++) {
			const struct kb_measure *measure = kb_measure_find(book->measures[k].measure, NULL);
			for (size_t c = 0; measure && c < measure->iso27002_count; c++)
				treated |= strcmp(measure->iso27002[c], control) == 0;
		}
		if (!treated)
			continue;
		json_array_append_new(list, json_pack("{s:I, s:s++}", "id", (json_int_t)r->risk->id,
			"title", r->threat ? kb_text(&r->threat->title, req->lang) : r->risk->threat,
			" – ", r->asset->name));
	}
	return list;
}

static json_t *control_json(struct request *req, const struct kb_control *c,
                            const char *title, const struct soa_decision *d,
                            json_t *measures, json_t *risks)
{
	return json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:o, s:o}",
		"id", c->id, "title", title, "theme", kb_control_theme_ids[c->theme],
		"applicable", d->applicable, "applicable_id", applicable_id(d->applicable),
		"applicable_label", applicable_label(req, d->applicable),
		"justification", d->justification, "status", d->status,
		"status_label", status_label(req, d->status), "measures", measures,
		"risks", risks);
}

/* ---- the page's data ---------------------------------------------------------------- */

/* The page's own address with its filters, for the forms to come back to. */
static json_t *here_json(const struct request *req, const struct soa_filter *f)
{
	struct buf b = {0};
	buf_printf(&b, "/o/%lld/treatment/soa", (long long)req->org_id);
	const char *names[] = {"theme", "applicable", "status", "q"};
	const char *values[] = {f->theme, f->applicable, f->status, f->q};
	char sep = '?';
	for (size_t i = 0; i < 4; i++)
		if (values[i][0]) {
			buf_printf(&b, "%c%s=", sep, names[i]);
			url_encode(&b, values[i]);
			sep = '&';
		}
	json_t *s = json_string(b.data);
	buf_free(&b);
	return s;
}

static json_t *choices_json(struct request *req)
{
	json_t *themes = json_array(), *applicable = json_array(), *statuses = json_array();
	for (int t = 0; t < KB_CONTROL_THEME_COUNT; t++)
		json_array_append_new(themes, json_pack("{s:s, s:s}", "value",
			kb_control_theme_ids[t], "label", _(req, theme_labels[t])));
	for (int i = 0; applicable_ids[i]; i++)
		json_array_append_new(applicable, json_pack("{s:s, s:s}", "value",
			applicable_ids[i], "label", _(req, applicable_labels[i])));
	for (int i = 0; status_ids[i]; i++)
		json_array_append_new(statuses, json_pack("{s:s, s:s}", "value",
			status_ids[i], "label", _(req, status_labels[i])));
	return json_pack("{s:o, s:o, s:o}", "themes", themes, "applicable", applicable,
	                 "statuses", statuses);
}

/*
 * Fills the page data: the controls matching f, theme by theme, with the
 * counts of the whole statement. posted, when not NULL, is a decision on
 * the control posted_control shown again with errors (an object of field
 * errors). False if answered (500).
 */
static bool soa_data(struct request *req, const struct soa_filter *f,
                     const char *posted_control, const struct soa_decision *posted,
                     json_t *errors)
{
	const struct kb_controls *controls = kb_controls();
	struct soa_row *rows = NULL;
	size_t count = 0;
	struct risk_book book;
	if (!controls || store_soa_list(req->store, req->org_id, &rows, &count) != STORE_OK) {
		json_decref(errors);
		fail(req, 500, NULL);
		return false;
	}
	if (risk_book_load(req->store, req->org_id, &book) != STORE_OK) {
		store_soa_free(rows, count);
		json_decref(errors);
		fail(req, 500, NULL);
		return false;
	}
	json_t *themes = json_array();
	json_t *theme_json[KB_CONTROL_THEME_COUNT];
	for (int t = 0; t < KB_CONTROL_THEME_COUNT; t++) {
		theme_json[t] = json_pack("{s:s, s:s, s:i, s:i, s:i, s:i, s:[]}",
			"id", kb_control_theme_ids[t], "label", _(req, theme_labels[t]),
			"count", 0, "applicable", 0, "not_applicable", 0, "implemented", 0,
			"controls");
		json_array_append_new(themes, theme_json[t]);
	}
	long total_applicable = 0, total_not = 0, total_implemented = 0, listed = 0;
	for (size_t i = 0; i < controls->count; i++) {
		const struct kb_control *c = &controls->controls[i];
		const struct soa_row *row = row_of(rows, count, c->id);
		struct soa_decision d = row ? (struct soa_decision){row->applicable, row->justification,
		                                            row->status} : undecided;
		/* The counts are of what is saved, whatever is being edited. */
		json_t *th = theme_json[c->theme];
		const char *keys[] = {"count", d.applicable == 1 ? "applicable" : NULL,
			d.applicable == 0 ? "not_applicable" : NULL,
			strcmp(d.status, "implemented") == 0 ? "implemented" : NULL};
		for (size_t k = 0; k < 4; k++)
			if (keys[k])
				json_object_set_new(th, keys[k], json_integer(
					json_integer_value(json_object_get(th, keys[k])) + 1));
		total_applicable += d.applicable == 1;
		total_not += d.applicable == 0;
		total_implemented += strcmp(d.status, "implemented") == 0;

		bool is_posted = posted && strcmp(posted_control, c->id) == 0;
		if (is_posted)
			d = *posted;
		const char *title = kb_text(&c->title, req->lang);
		json_t *measures = measures_of(req, c->id);
		if (!is_posted && !control_matches(f, c, title, &d, measures)) {
			json_decref(measures);
			continue;
		}
		json_t *item = control_json(req, c, title, &d, measures, risks_of(req, &book, c->id));
		if (is_posted)
			json_object_set(item, "errors", errors);
		json_array_append_new(json_object_get(th, "controls"), item);
		listed++;
	}
	store_soa_free(rows, count);
	risk_book_free(&book);
	json_decref(errors);
	put(req, "themes", themes);
	put(req, "totals", json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}",
		"controls", (json_int_t)controls->count, "applicable", (json_int_t)total_applicable,
		"not_applicable", (json_int_t)total_not,
		"undecided", (json_int_t)(controls->count - total_applicable - total_not),
		"implemented", (json_int_t)total_implemented, "listed", (json_int_t)listed));
	put(req, "filter", json_pack("{s:s, s:s, s:s, s:s}", "theme", f->theme,
		"applicable", f->applicable, "status", f->status, "q", f->q));
	put(req, "filtered", json_boolean(f->theme[0] || f->applicable[0] || f->status[0] ||
	                                  f->q[0]));
	put(req, "here", here_json(req, f));
	put(req, "choices", choices_json(req));
	put(req, "measures_available", json_boolean(kb_measures() != NULL));
	return true;
}

/* ---- the page ----------------------------------------------------------------------- */

void soa_show(struct request *req)
{
	/* The router answers 400 to a filter that is not one of the choices. */
	struct soa_filter f = {
		.theme = form_value(&req->form, "theme"),
		.applicable = form_value(&req->form, "applicable"),
		.status = form_value(&req->form, "status"),
		.q = form_value(&req->form, "q"),
	};
	f.q_key = f.q[0] ? text_sort_key(f.q) : NULL;
	bool ok = soa_data(req, &f, NULL, NULL, NULL);
	free(f.q_key);
	if (ok)
		page(req, "treatment/soa");
}

/* True if s holds something other than white space. */
static bool has_text(const char *s)
{
	for (; *s; s++)
		if (!strchr(" \t\r\n", *s))
			return true;
	return false;
}

void soa_save(struct request *req)
{
	const char *control = form_value(&req->form, "control");
	const char *applicable = form_value(&req->form, "applicable");
	const char *justification = form_value(&req->form, "justification");
	const char *status = form_value(&req->form, "status");
	bool known = kb_control_find(control, NULL) != NULL;
	if (!known)
		form_set_error(&req->form, "control", N_("This control does not exist."));
	int value = strcmp(applicable, "yes") == 0 ? 1 : strcmp(applicable, "no") == 0 ? 0 : -1;
	if (value == 0 && !has_text(justification))
		form_set_error(&req->form, "justification",
		               N_("Say why this control does not apply to your organisation."));
	if (value == 0 && status[0])
		form_set_error(&req->form, "status",
		               N_("A control that does not apply has no implementation status: "
		                  "leave it empty."));
	if (!req->form.valid) {
		struct form kept = req->form;
		struct soa_filter all = {"", "", "", "", NULL};
		json_t *form_json = form_to_json(&kept, req->lang);
		json_t *errors = json_incref(json_object_get(form_json, "errors"));
		json_decref(form_json);
		struct soa_decision posted = {value, justification, status};
		/* A known control is shown again with the posted values and its
		 * errors; an unknown one has only the page's error. */
		if (!soa_data(req, &all, known ? control : NULL, known ? &posted : NULL, errors))
			return;
		req->form = kept;
		put(req, "editing", json_string(control));
		form_again(req, "treatment/soa");
		return;
	}
	struct soa_row row = {
		.control = (char *)control,
		.applicable = value,
		.justification = (char *)(has_text(justification) ? justification : ""),
		.status = (char *)status,
	};
	if (store_soa_save(req->store, &req->actor, req->org_id, &row) != STORE_OK) {
		fail(req, 500, NULL);
		return;
	}
	/* Back to the page as it was filtered, at the control. */
	const char *back = form_value(&req->form, "back");
	char prefix[64];
	int n = snprintf(prefix, sizeof prefix, "/o/%lld/treatment/soa", (long long)req->org_id);
	bool own = strncmp(back, prefix, (size_t)n) == 0 &&
	           (back[n] == '\0' || back[n] == '?') && !strpbrk(back, "#\\");
	redirect(req, "%s#control-%s", own ? back : prefix, control);
}

/* ---- the CSV ------------------------------------------------------------------------ */

void soa_csv(struct request *req)
{
	const struct kb_controls *controls = kb_controls();
	struct soa_row *rows = NULL;
	size_t count = 0;
	struct risk_book book;
	if (!controls || store_soa_list(req->store, req->org_id, &rows, &count) != STORE_OK) {
		fail(req, 500, NULL);
		return;
	}
	if (risk_book_load(req->store, req->org_id, &book) != STORE_OK) {
		store_soa_free(rows, count);
		fail(req, 500, NULL);
		return;
	}
	static const char *const header[] = {N_("Control"), N_("Theme"), N_("Title"),
		N_("Applicable"), N_("Justification"), N_("Implementation status"),
		N_("Measures"), N_("Risks")};
	enum { COLUMNS = sizeof header / sizeof header[0] };
	struct buf csv = {0};
	buf_reserve(&csv, 256 + controls->count * 200);
	csv_begin(&csv);
	for (size_t i = 0; i < COLUMNS; i++)
		csv_field(&csv, _(req, header[i]), i == COLUMNS - 1);
	struct buf list = {0};
	for (size_t i = 0; i < controls->count; i++) {
		const struct kb_control *c = &controls->controls[i];
		const struct soa_row *row = row_of(rows, count, c->id);
		struct soa_decision d = row ? (struct soa_decision){row->applicable, row->justification,
		                                            row->status} : undecided;
		csv_field(&csv, c->id, false);
		csv_field(&csv, _(req, theme_labels[c->theme]), false);
		csv_field(&csv, kb_text(&c->title, req->lang), false);
		csv_field(&csv, applicable_label(req, d.applicable), false);
		csv_field(&csv, d.justification, false);
		csv_field(&csv, status_label(req, d.status), false);
		/* The measures in one cell, one per line. */
		json_t *measures = measures_of(req, c->id);
		buf_reset(&list);
		size_t k;
		json_t *m;
		json_array_foreach(measures, k, m)
			buf_printf(&list, "%s%s", k ? "\n" : "",
			           json_string_value(json_object_get(m, "title")));
		json_decref(measures);
		csv_field(&csv, list.len ? list.data : "", false);
		json_t *risks = risks_of(req, &book, c->id);
		buf_reset(&list);
		json_array_foreach(risks, k, m)
			buf_printf(&list, "%s%s", k ? "\n" : "",
			           json_string_value(json_object_get(m, "title")));
		json_decref(risks);
		csv_field(&csv, list.len ? list.data : "", true);
	}
	buf_free(&list);
	store_soa_free(rows, count);
	risk_book_free(&book);
	char filename[48];
	snprintf(filename, sizeof filename, "soa-%lld.csv", (long long)req->org_id);
	csv_send(req, &csv, filename);
}
