/*
 * risk_book.c - loads an organisation's risk assessment and computes it:
 * impacts flowing down the asset links, then each risk's value and level,
 * then each "what if" answer's. See risk_book.h.
 */
#include "web/risk_book.h"

#include <stdlib.h>
#include <string.h>

#include "core/assets.h"
#include "lib/buf.h"
#include "lib/msgid.h"

void risk_book_free(struct risk_book *book)
{
	store_assets_free(book->assets, book->asset_count);
	free(book->asset_impact);
	free(book->asset_risks);
	free(book->asset_by_id);
	free(book->links);
	store_risks_free(book->risks, book->risk_count);
	free(book->rows);
	store_what_if_free(book->answers, book->answer_count);
	free(book->what_ifs);
	store_treatments_free(book->treatments, book->treatment_count);
	store_risk_measures_free(book->measures, book->measure_count);
	store_actions_free(book->actions, book->action_count);
	for (size_t i = 0; i < book->own_vulnerability_count; i++)
		free((void *)book->own_vulnerabilities[i].asset_types);
	free(book->own_asset_types);
	free(book->own_threats);
	free(book->own_vulnerabilities);
	json_decref(book->own_data);
	memset(book, 0, sizeof *book);
}

/* qsort passes no context: the book being indexed, per worker thread. */
static _Thread_local const struct asset *sorting;

static int compare_by_id(const void *x, const void *y)
{
	int64_t a = sorting[*(const size_t *)x].id, b = sorting[*(const size_t *)y].id;
	return (a > b) - (a < b);
}

long risk_book_asset_index(const struct risk_book *book, int64_t id)
{
	size_t lo = 0, hi = book->asset_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int64_t at = book->assets[book->asset_by_id[mid]].id;
		if (at == id)
			return (long)book->asset_by_id[mid];
		if (at < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

const struct asset *risk_book_asset(const struct risk_book *book, int64_t id)
{
	long i = risk_book_asset_index(book, id);
	return i < 0 ? NULL : &book->assets[i];
}

/* Own impacts of every asset, flowed down the links. */
static bool flow_impacts(struct risk_book *book)
{
	size_t n = book->asset_count;
	book->asset_impact = calloc(n ? n : 1, sizeof *book->asset_impact);
	struct asset_edge *edges = calloc(book->link_count ? book->link_count : 1,
	                                  sizeof *edges);
	if (!book->asset_impact || !edges) {
		free(edges);
		return false;
	}
	size_t e = 0;
	for (size_t i = 0; i < book->link_count; i++) {
		long from = risk_book_asset_index(book, book->links[i].asset_id);
		long to = risk_book_asset_index(book, book->links[i].support_id);
		if (from >= 0 && to >= 0)
			edges[e++] = (struct asset_edge){(size_t)from, (size_t)to};
	}
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 3; k++)
			book->asset_impact[i][k] = (int8_t)book->assets[i].impact[k];
	bool ok = asset_graph_flow(n, edges, e, (const int8_t (*)[3])book->asset_impact,
	                           book->asset_impact);
	free(edges);
	return ok;
}

/* One text for every language. */
static struct kb_text same_text(const char *text)
{
	struct kb_text t;
	for (size_t l = 0; l < I18N_LANGUAGE_COUNT; l++)
		t.lang[l] = text;
	return t;
}

static const char *member_text(json_t *object, const char *key)
{
	const char *text = json_string_value(json_object_get(object, key));
	return text ? text : "";
}

/* The criteria letters "CIA" of a stored threat as enum criterion bits. */
static unsigned criteria_of(const char *letters)
{
	unsigned bits = 0;
	for (const char *c = letters; *c; c++)
		bits |= *c == 'C' ? CRIT_C : *c == 'I' ? CRIT_I : *c == 'A' ? CRIT_A : 0;
	return bits;
}

static void own_threat(struct risk_book *book, const char *id, json_t *data)
{
	size_t theme = 0;
	for (size_t t = 0; t < KB_THEME_COUNT; t++)
		if (strcmp(kb_threat_theme_ids[t], member_text(data, "theme")) == 0)
			theme = t;
	book->own_threats[book->own_threat_count++] = (struct kb_threat){
		.id = id, .theme = (enum kb_threat_theme)theme,
		.criteria = criteria_of(member_text(data, "criteria")),
		.title = same_text(member_text(data, "title")),
		.description = same_text(member_text(data, "description")),
	};
}

static void own_asset_type(struct risk_book *book, const char *id, json_t *data)
{
	size_t kind = 0;
	for (size_t k = 0; k < KB_KIND_COUNT; k++)
		if (strcmp(kb_asset_kind_ids[k], member_text(data, "kind")) == 0)
			kind = k;
	book->own_asset_types[book->own_asset_type_count++] = (struct kb_asset_type){
		.id = id, .kind = (enum kb_asset_kind)kind,
		.primary = kind == KB_KIND_INFORMATION || kind == KB_KIND_PROCESS,
		.title = same_text(member_text(data, "title")),
	};
}

/* After the own asset types (the list comes ordered by kind). */
static bool own_vulnerability(struct risk_book *book, const char *id, json_t *data)
{
	json_t *types = json_object_get(data, "asset_types");
	size_t *indexes = calloc(json_array_size(types) + 1, sizeof *indexes), n = 0, i;
	json_t *type;
	if (!indexes)
		return false;
	json_array_foreach(types, i, type)
		if (risk_book_asset_type(book, json_string_value(type), &indexes[n]))
			n++;
	book->own_vulnerabilities[book->own_vulnerability_count++] = (struct kb_vulnerability){
		.id = id, .text = same_text(member_text(data, "text")),
		.asset_types = indexes, .asset_type_count = n,
	};
	return true;
}

/* The organisation's additions, parsed; an unreadable one is left out. */
static enum store_status load_own(struct store *store, int64_t org_id,
                                  struct risk_book *book)
{
	struct kb_addition *list;
	size_t count;
	enum store_status status = store_kb_additions_list(store, org_id, &list, &count);
	if (status != STORE_OK)
		return status;
	book->own_data = json_array();
	book->own_asset_types = calloc(count + 1, sizeof *book->own_asset_types);
	book->own_threats = calloc(count + 1, sizeof *book->own_threats);
	book->own_vulnerabilities = calloc(count + 1, sizeof *book->own_vulnerabilities);
	if (!book->own_data || !book->own_asset_types || !book->own_threats ||
	    !book->own_vulnerabilities)
		status = STORE_ERROR;
	for (size_t i = 0; status == STORE_OK && i < count; i++) {
		json_t *data = json_loads(list[i].data, 0, NULL);
		if (!json_is_object(data)) {
			json_decref(data);
			continue;
		}
		/* The id lives with the data, so the strings share one owner. */
		json_object_set_new(data, "id", json_string(list[i].id));
		json_array_append_new(book->own_data, data);
		const char *id = member_text(data, "id");
		if (strcmp(list[i].kind, "asset_type") == 0)
			own_asset_type(book, id, data);
		else if (strcmp(list[i].kind, "threat") == 0)
			own_threat(book, id, data);
		else if (strcmp(list[i].kind, "vulnerability") == 0 &&
		         !own_vulnerability(book, id, data))
			status = STORE_ERROR;
	}
	store_kb_additions_free(list, count);
	return status;
}

const struct kb_threat *risk_book_threat(const struct risk_book *book, const char *id)
{
	const struct kb_threat *t = kb_threat_find(id, NULL);
	for (size_t i = 0; !t && i < book->own_threat_count; i++)
		if (strcmp(book->own_threats[i].id, id) == 0)
			t = &book->own_threats[i];
	return t;
}

const struct kb_vulnerability *risk_book_vulnerability(const struct risk_book *book,
                                                       const char *id)
{
	const struct kb_vulnerability *v = kb_vulnerability_find(id, NULL);
	for (size_t i = 0; !v && i < book->own_vulnerability_count; i++)
		if (strcmp(book->own_vulnerabilities[i].id, id) == 0)
			v = &book->own_vulnerabilities[i];
	return v;
}

size_t risk_book_asset_type_count(const struct risk_book *book)
{
	return kb_risk()->asset_type_count + book->own_asset_type_count;
}

const struct kb_asset_type *risk_book_asset_type_at(const struct risk_book *book, size_t i)
{
	const struct kb_risk *kb = kb_risk();
	return i < kb->asset_type_count ? &kb->asset_types[i]
	     : &book->own_asset_types[i - kb->asset_type_count];
}

const struct kb_asset_type *risk_book_asset_type(const struct risk_book *book, const char *id,
                                                 size_t *index)
{
	const struct kb_asset_type *t = kb_asset_type_find(id, index);
	for (size_t i = 0; !t && id && i < book->own_asset_type_count; i++)
		if (strcmp(book->own_asset_types[i].id, id) == 0) {
			t = &book->own_asset_types[i];
			if (index)
				*index = kb_risk()->asset_type_count + i;
		}
	return t;
}

size_t risk_book_threat_count(const struct risk_book *book)
{
	return kb_risk()->threat_count + book->own_threat_count;
}

const struct kb_threat *risk_book_threat_at(const struct risk_book *book, size_t i)
{
	const struct kb_risk *kb = kb_risk();
	return i < kb->threat_count ? &kb->threats[i] : &book->own_threats[i - kb->threat_count];
}

size_t risk_book_threat_index(const struct risk_book *book, const struct kb_threat *threat)
{
	const struct kb_risk *kb = kb_risk();
	if (threat >= kb->threats && threat < kb->threats + kb->threat_count)
		return (size_t)(threat - kb->threats);
	if (threat >= book->own_threats && threat < book->own_threats + book->own_threat_count)
		return kb->threat_count + (size_t)(threat - book->own_threats);
	return risk_book_threat_count(book);
}

size_t risk_book_vulnerability_count(const struct risk_book *book)
{
	return kb_risk()->vulnerability_count + book->own_vulnerability_count;
}

const struct kb_vulnerability *risk_book_vulnerability_at(const struct risk_book *book,
                                                          size_t i)
{
	const struct kb_risk *kb = kb_risk();
	return i < kb->vulnerability_count ? &kb->vulnerabilities[i]
	     : &book->own_vulnerabilities[i - kb->vulnerability_count];
}

size_t risk_book_vulnerability_index(const struct risk_book *book,
                                     const struct kb_vulnerability *v)
{
	const struct kb_risk *kb = kb_risk();
	if (v >= kb->vulnerabilities && v < kb->vulnerabilities + kb->vulnerability_count)
		return (size_t)(v - kb->vulnerabilities);
	if (v >= book->own_vulnerabilities &&
	    v < book->own_vulnerabilities + book->own_vulnerability_count)
		return kb->vulnerability_count + (size_t)(v - book->own_vulnerabilities);
	return risk_book_vulnerability_count(book);
}

/* Threats and vulnerabilities looked up once per distinct id: risks are
 * listed by id, so neighbours often share them. */
static void compute_row(struct risk_book *book, size_t i, const struct kb_threat **last_threat)
{
	const struct risk *r = &book->risks[i];
	struct risk_row *row = &book->rows[i];
	long a = risk_book_asset_index(book, r->asset_id);
	row->risk = r;
	row->asset = &book->assets[a];
	if (!*last_threat || strcmp((*last_threat)->id, r->threat) != 0)
		*last_threat = risk_book_threat(book, r->threat);
	row->threat = *last_threat;
	row->vulnerability = risk_book_vulnerability(book, r->vulnerability);
	struct risk_scenario s = {
		.likelihood = (int8_t)r->likelihood,
		.vulnerability = (int8_t)r->vuln_level,
		.criteria = row->threat ? (uint8_t)row->threat->criteria : 0,
	};
	row->impact_max = -1;
	for (int k = 0; k < 3; k++) {
		s.impact[k] = r->impact[k] != -1 ? (int8_t)r->impact[k] : book->asset_impact[a][k];
		row->impact[k] = s.impact[k];
		if ((s.criteria & (1u << k)) && s.impact[k] > row->impact_max)
			row->impact_max = s.impact[k];
	}
	row->exposure = r->likelihood < 0 || r->vuln_level < 0 ? -1
	              : r->likelihood * r->vuln_level;
	row->value = risk_value(&s);
	row->level = risk_level_of(row->value, &book->settings);
}

const struct risk_row *risk_book_row(const struct risk_book *book, int64_t id)
{
	size_t lo = 0, hi = book->risk_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int64_t at = book->rows[mid].risk->id;
		if (at == id)
			return &book->rows[mid];
		if (at < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct action *risk_book_action(const struct risk_book *book, int64_t id)
{
	for (size_t i = 0; i < book->action_count; i++)
		if (book->actions[i].id == id)
			return &book->actions[i];
	return NULL;
}

/* The status of action id in the plan (planned if not found). */
static enum measure_status action_status(const struct risk_book *book, int64_t id)
{
	static const char *const names[MEASURE_STATUS_COUNT] = {
		"planned", "in_progress", "done", "cancelled"};
	const struct action *a = risk_book_action(book, id);
	for (int s = 0; a && s < MEASURE_STATUS_COUNT; s++)
		if (strcmp(a->status, names[s]) == 0)
			return (enum measure_status)s;
	return MEASURE_PLANNED;
}

/* The decision and measures of row, advancing *t and *m past its risk. */
static void treat_row(struct risk_book *book, struct risk_row *row, size_t *t, size_t *m)
{
	int64_t id = row->risk->id;
	while (*t < book->treatment_count && book->treatments[*t].risk_id < id)
		(*t)++;
	row->treatment = *t < book->treatment_count && book->treatments[*t].risk_id == id
	               ? &book->treatments[*t] : NULL;
	row->decision = DECISION_NONE;
	if (row->treatment)
		decision_parse(row->treatment->decision, &row->decision);
	while (*m < book->measure_count && book->measures[*m].risk_id < id)
		(*m)++;
	struct chosen_measure chosen[16];
	size_t n = 0;
	row->planned = row->done = 0;
	for (; *m < book->measure_count && book->measures[*m].risk_id == id; (*m)++) {
		chosen[n++] = (struct chosen_measure){book->measures[*m].reduction,
			action_status(book, book->measures[*m].action_id)};
		if (n == sizeof chosen / sizeof chosen[0]) {   /* add up in batches */
			int planned, done;
			treatment_reductions(chosen, n, &planned, &done);
			row->planned += planned;
			row->done += done;
			n = 0;
		}
	}
	int planned, done;
	treatment_reductions(chosen, n, &planned, &done);
	row->planned += planned;
	row->done += done;
	struct risk_scenario s = {
		.impact = {row->impact[0], row->impact[1], row->impact[2]},
		.likelihood = (int8_t)row->risk->likelihood,
		.vulnerability = (int8_t)row->risk->vuln_level,
		.criteria = row->threat ? (uint8_t)row->threat->criteria : 0,
	};
	row->result = treatment_evaluate(&s, row->decision, row->planned, row->done);
	row->current_level = risk_level_of(row->result.current, &book->settings);
	row->targeted_level = risk_level_of(row->result.targeted, &book->settings);
}

enum store_status risk_book_load(struct store *store, int64_t org_id,
                                 struct risk_book *book)
{
	memset(book, 0, sizeof *book);
	enum store_status status = store_risk_settings_get(store, org_id, &book->settings);
	if (status == STORE_OK)
		status = store_assets_list(store, org_id, &book->assets, &book->asset_count);
	if (status == STORE_OK)
		status = store_asset_links_list(store, org_id, &book->links, &book->link_count);
	if (status == STORE_OK)
		status = store_risks_list(store, org_id, &book->risks, &book->risk_count);
	if (status == STORE_OK)
		status = store_what_if_list(store, org_id, &book->answers, &book->answer_count);
	if (status == STORE_OK)
		status = load_own(store, org_id, book);
	if (status == STORE_OK)
		status = store_treatments_list(store, org_id, &book->treatments, &book->treatment_count);
	if (status == STORE_OK)
		status = store_risk_measures_list(store, org_id, &book->measures, &book->measure_count);
	if (status == STORE_OK && book->measure_count)   /* the plan only when it matters */
		status = store_actions_list(store, org_id, &book->actions, &book->action_count);
	if (status != STORE_OK) {
		risk_book_free(book);
		return status;
	}
	size_t n = book->asset_count;
	book->asset_by_id = malloc((n ? n : 1) * sizeof *book->asset_by_id);
	book->asset_risks = calloc(n ? n : 1, sizeof *book->asset_risks);
	book->rows = calloc(book->risk_count ? book->risk_count : 1, sizeof *book->rows);
	book->what_ifs = calloc(book->answer_count ? book->answer_count : 1,
	                        sizeof *book->what_ifs);
	if (!book->asset_by_id || !book->asset_risks || !book->rows || !book->what_ifs) {
		risk_book_free(book);
		return STORE_ERROR;
	}
	for (size_t i = 0; i < n; i++)
		book->asset_by_id[i] = i;
	sorting = book->assets;
	qsort(book->asset_by_id, n, sizeof *book->asset_by_id, compare_by_id);
	if (!flow_impacts(book)) {
		risk_book_free(book);
		return STORE_ERROR;
	}
	const struct kb_threat *last_threat = NULL;
	size_t t = 0, m = 0;   /* treatments and measures come by risk id, as risks do */
	for (size_t i = 0; i < book->risk_count; i++) {
		compute_row(book, i, &last_threat);
		book->asset_risks[book->rows[i].asset - book->assets]++;
		treat_row(book, &book->rows[i], &t, &m);
	}
	for (size_t i = 0; i < book->answer_count; i++) {
		struct what_if_row *w = &book->what_ifs[i];
		w->answer = &book->answers[i];
		w->what_if = kb_what_if_find(w->answer->what_if, NULL);
		w->value = risk_rudimentary_value(w->answer->impact, w->answer->likelihood);
		w->level = risk_rudimentary_level(w->value, &book->settings);
	}
	return STORE_OK;
}

const char *risk_level_label(enum risk_level level)
{
	switch (level) {
	case LEVEL_LOW: return N_("Low");
	case LEVEL_MEDIUM: return N_("Medium");
	case LEVEL_HIGH: return N_("High");
	case LEVEL_NOT_EVALUATED: break;
	}
	return N_("Not evaluated");
}

const char *risk_level_name(enum risk_level level)
{
	switch (level) {
	case LEVEL_LOW: return "low";
	case LEVEL_MEDIUM: return "medium";
	case LEVEL_HIGH: return "high";
	case LEVEL_NOT_EVALUATED: break;
	}
	return "none";
}

const char *risk_theme_label(enum kb_threat_theme theme)
{
	static const char *const labels[KB_THEME_COUNT] = {
		N_("Physical damage"), N_("Natural events"), N_("Loss of essential services"),
		N_("Compromise of information"), N_("Technical failures"),
		N_("Unauthorised actions"), N_("Compromise of functions"),
	};
	return (unsigned)theme < KB_THEME_COUNT ? labels[theme] : "";
}

const unsigned risk_criterion_bits[3] = {CRIT_C, CRIT_I, CRIT_A};
const char *const risk_criterion_letters[3] = {N_("C"), N_("I"), N_("A")};
const char *const risk_criterion_names[3] = {
	N_("Confidentiality"), N_("Integrity"), N_("Availability")};

json_t *risk_criteria_text(const struct catalog *lang, unsigned criteria)
{
	struct buf b = {0};
	for (int k = 0; k < 3; k++)
		if (criteria & risk_criterion_bits[k])
			buf_printf(&b, "%s%s", b.len ? " · " : "",
			           i18n_gettext(lang, risk_criterion_letters[k]));
	json_t *text = json_string(b.data ? b.data : "");
	buf_free(&b);
	return text;
}

const char *risk_kind_label(enum kb_asset_kind kind)
{
	static const char *const labels[KB_KIND_COUNT] = {
		N_("Information"), N_("Business processes"), N_("Hardware"), N_("Software"),
		N_("Network"), N_("Cloud services"), N_("Premises"), N_("People"),
		N_("Suppliers and partners"),
	};
	return (unsigned)kind < KB_KIND_COUNT ? labels[kind] : "";
}
