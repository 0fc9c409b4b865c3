/*
 * risk_book.c - loads an organisation's risk assessment and computes it:
 * impacts flowing down the asset links, then each risk's value and level,
 * then each "what if" answer's. See risk_book.h.
 */
#include "web/risk_book.h"

#include <stdlib.h>
#include <string.h>

#include "core/assets.h"
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
		*last_threat = kb_threat_find(r->threat, NULL);
	row->threat = *last_threat;
	row->vulnerability = kb_vulnerability_find(r->vulnerability, NULL);
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
	for (size_t i = 0; i < book->risk_count; i++) {
		compute_row(book, i, &last_threat);
		book->asset_risks[book->rows[i].asset - book->assets]++;
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
