/*
 * what_if.c - the rudimentary risk method (METHOD.md §3): every "what if"
 * question of the knowledge base (kb/risk.json) on one page, each answered
 * with an impact and a likelihood from 1 to 4 and what is already done
 * about it; risk = impact × likelihood on 1..16, with its level against
 * the organisation's thresholds (core/risk.h). And the promotion of those
 * answers into the full method.
 *
 * Promotion (POST /o/:org/what-if/promote), for each answered what-if W
 * with impact i, likelihood l and measures m, all in one transaction:
 *   a. each asset type of W: the organisation's asset of that type with
 *      the lowest id, else a new one named after the type (in the acting
 *      user's language), internal, TLP:AMBER, impacts not set;
 *   b. its primary assets: the impact on each criterion (C, I, A) that a
 *      threat of W hits is raised to i rescaled onto the impact scale
 *      from 1 up (from_answer: 1..4 stay 1..4 on the default scales);
 *      never lowered;
 *   c. each primary asset of W relies on each supporting asset of W;
 *      a link that would make a cycle is left out;
 *   d. each default scenario of the knowledge base with an asset type and
 *      a threat of W becomes a risk on that asset: likelihood l rescaled
 *      onto the likelihood scale, impacts i rescaled on the criteria the
 *      threat hits (the others "as the asset's"), origin W, and as first
 *      estimate of the vulnerability level, which the rudimentary method
 *      does not ask: the top of the vulnerability scale when m is empty
 *      (nothing is done about it), else the middle of the scale rounded
 *      up. A risk that exists already is left as it is, so refinements
 *      made since survive;
 *   e. the answers are marked promoted.
 * Promoting again therefore creates and changes nothing (kb/README.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/risk.h"
#include "kb/kb.h"
#include "web/handlers.h"
#include "web/risk_book.h"
#include "web/routes.h"

/* ---- the answers form, declared from the knowledge base ------------------ */

/* Three fields per what-if, in kb order: impact_ID, likelihood_ID, measures_ID. */
enum { FIELD_IMPACT, FIELD_LIKELIHOOD, FIELD_MEASURES, FIELDS_PER_WHAT_IF };
#define MEASURES_MAX 2000
#define FIELD_NAME_MAX 80

static const char *const level_choices[] = {"", "1", "2", "3", "4", NULL};
static struct field answer_fields[FORM_MAX_FIELDS];
static char field_names[FORM_MAX_FIELDS][FIELD_NAME_MAX];
struct form_spec what_if_answers_spec = {answer_fields, 0};

static const char *const field_prefixes[FIELDS_PER_WHAT_IF] = {
	"impact_", "likelihood_", "measures_"};

int what_if_web_init(char *err, size_t errlen)
{
	const struct kb_risk *kb = kb_risk();
	size_t count = kb ? kb->what_if_count : 0;
	/* The page posts every field at once, with its CSRF token. */
	if (count * FIELDS_PER_WHAT_IF > FORM_MAX_FIELDS ||
	    count * FIELDS_PER_WHAT_IF + 1 > PARAMS_MAX) {
		snprintf(err, errlen, "%zu what-ifs: more fields than one form may carry", count);
		return -1;
	}
	size_t n = 0;
	for (size_t w = 0; w < count; w++) {
		for (int k = 0; k < FIELDS_PER_WHAT_IF; k++, n++) {
			int len = snprintf(field_names[n], FIELD_NAME_MAX, "%s%s", field_prefixes[k],
			                   kb->what_ifs[w].id);
			if (len < 0 || len >= FIELD_NAME_MAX) {
				snprintf(err, errlen, "what-if id too long: %s", kb->what_ifs[w].id);
				return -1;
			}
			answer_fields[n] = k == FIELD_MEASURES
				? (struct field){field_names[n], FIELD_MULTILINE, false, 0, MEASURES_MAX, NULL}
				: (struct field){field_names[n], FIELD_CHOICE, false, 0, 0, level_choices};
		}
	}
	what_if_answers_spec.count = n;
	return 0;
}

/* The field k of what-if w in a validated form: its value and its error. */
static const char *answer_value(const struct form *form, size_t w, int k)
{
	return form->values[w * FIELDS_PER_WHAT_IF + (size_t)k];
}

static const char *answer_error(const struct form *form, size_t w, int k)
{
	return form->errors[w * FIELDS_PER_WHAT_IF + (size_t)k];
}

/* ---- the page ------------------------------------------------------------------ */

/* Plain words for the two scales of the rudimentary method, 1..4. */
static const char *const impact_labels[] = {
	N_("Hardly noticeable"),
	N_("A nuisance: a few days of extra work"),
	N_("Serious: lost customers or money"),
	N_("Threatens the survival of the business"),
};
static const char *const likelihood_labels[] = {
	N_("Hardly ever"),
	N_("Perhaps once in ten years"),
	N_("Once every few years"),
	N_("Likely this year"),
};

/* The stored answer to what-if id, or NULL. */
static const struct what_if_answer *answer_of(const struct what_if_answer *answers,
                                              size_t count, const char *id)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(answers[i].what_if, id) == 0)
			return &answers[i];
	return NULL;
}

/* [{value, label, id, checked}] for one scale of what-if id; chosen is
 * "1".."4" or "" (the "not answered" option). */
static json_t *options_json(struct request *req, const char *scale, const char *id,
                            const char *const labels[4], const char *chosen)
{
	json_t *list = json_array();
	for (int n = 0; n <= 4; n++) {
		char value[2] = "", input_id[FIELD_NAME_MAX + 16];
		if (n)
			value[0] = (char)('0' + n);
		snprintf(input_id, sizeof input_id, "%s-%s-%d", scale, id, n);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:b, s:b}",
			"value", value, "id", input_id,
			"label", n ? _(req, labels[n - 1]) : _(req, "Not answered"),
			"checked", strcmp(chosen, value) == 0, "none", n == 0));
	}
	return list;
}

/* A level's value, name and label into item. */
static void put_level(struct request *req, json_t *item, int value, enum risk_level level)
{
	json_object_set_new(item, "value", json_integer(value));
	json_object_set_new(item, "level", json_string(risk_level_name(level)));
	json_object_set_new(item, "level_label", json_string(_(req, risk_level_label(level))));
}

/* One what-if for the page. Without a form its answer is the stored one;
 * with one (shown again after an error) the values are those posted, the
 * computed risk still the stored one. */
static json_t *what_if_json(struct request *req, size_t w, const struct what_if_answer *stored,
                            const struct risk_settings *settings, const struct form *form)
{
	const struct kb_what_if *wi = &kb_risk()->what_ifs[w];
	char impact[2] = "", likelihood[2] = "";
	if (stored) {
		impact[0] = (char)('0' + stored->impact);
		likelihood[0] = (char)('0' + stored->likelihood);
	}
	const char *chosen_impact = form ? answer_value(form, w, FIELD_IMPACT) : impact;
	const char *chosen_likelihood = form ? answer_value(form, w, FIELD_LIKELIHOOD) : likelihood;
	const char *measures = form ? answer_value(form, w, FIELD_MEASURES)
	                            : stored ? stored->measures : "";
	json_t *item = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:o, s:o}",
		"id", wi->id, "question", kb_text(&wi->question, req->lang),
		"hint", kb_text(&wi->hint, req->lang),
		"impact", chosen_impact, "likelihood", chosen_likelihood, "measures", measures,
		"answered", stored != NULL, "promoted", stored && stored->promoted_at,
		"impacts", options_json(req, "impact", wi->id, impact_labels, chosen_impact),
		"likelihoods", options_json(req, "likelihood", wi->id, likelihood_labels,
		                            chosen_likelihood));
	if (stored) {
		int value = risk_rudimentary_value(stored->impact, stored->likelihood);
		put_level(req, item, value, risk_rudimentary_level(value, settings));
	}
	const char *error = NULL;
	for (int k = 0; form && k < FIELDS_PER_WHAT_IF && !error; k++)
		error = answer_error(form, w, k);
	if (error)
		json_object_set_new(item, "error", json_string(_(req, error)));
	return item;
}

/* Puts the page's data: every what-if in kb order, the progress, the
 * thresholds and the two scales' words. form: see what_if_json. */
static bool page_data(struct request *req, const struct form *form)
{
	const struct kb_risk *kb = kb_risk();
	struct risk_settings settings;
	struct what_if_answer *answers;
	size_t count;
	if (store_risk_settings_get(req->store, req->org_id, &settings) != STORE_OK ||
	    store_what_if_list(req->store, req->org_id, &answers, &count) != STORE_OK) {
		fail(req, 500, NULL);
		return false;
	}
	json_t *list = json_array();
	size_t answered = 0, promoted = 0;
	for (size_t w = 0; w < kb->what_if_count; w++) {
		const struct what_if_answer *a = answer_of(answers, count, kb->what_ifs[w].id);
		answered += a != NULL;
		promoted += a && a->promoted_at;
		json_array_append_new(list, what_if_json(req, w, a, &settings, form));
	}
	store_what_if_free(answers, count);
	put(req, "what_ifs", list);
	put(req, "progress", json_pack("{s:I, s:I, s:I}", "answered", (json_int_t)answered,
		"total", (json_int_t)kb->what_if_count, "promoted", (json_int_t)promoted));
	put(req, "thresholds", json_pack("{s:i, s:i}", "low_max", settings.rudimentary_low_max,
		"medium_max", settings.rudimentary_medium_max));
	return true;
}

void what_if_page(struct request *req)
{
	if (page_data(req, NULL))
		page(req, "risks/what_if");
}

/* ---- saving the answers ----------------------------------------------------------- */

/* The number 1..4 of a choice, or -1 for "". */
static int level_number(const char *value)
{
	return value[0] ? value[0] - '0' : -1;
}

/* Checks what-if w of the form: both scales or neither, and no note on
 * a question left unanswered (it would be lost without a word). */
static void check_pair(struct form *form, size_t w)
{
	const char *impact = answer_value(form, w, FIELD_IMPACT);
	const char *likelihood = answer_value(form, w, FIELD_LIKELIHOOD);
	const char *measures = answer_value(form, w, FIELD_MEASURES);
	size_t base = w * FIELDS_PER_WHAT_IF;
	if (form->errors[base + FIELD_IMPACT] || form->errors[base + FIELD_LIKELIHOOD])
		return;
	if (impact[0] && !likelihood[0])
		form_set_error(form, form->spec->fields[base + FIELD_LIKELIHOOD].name,
		               N_("Choose how likely it is too, or clear the impact."));
	else if (!impact[0] && likelihood[0])
		form_set_error(form, form->spec->fields[base + FIELD_IMPACT].name,
		               N_("Choose how bad it would be too, or clear the likelihood."));
	else if (!impact[0] && measures[0])
		form_set_error(form, form->spec->fields[base + FIELD_MEASURES].name,
		               N_("Choose how bad and how likely it is, or empty this text: "
		                  "an unanswered question keeps no text."));
}

/* True if the posted answer of what-if id differs from the stored one. */
static bool changed(const struct what_if_answer *stored, const struct what_if_answer *posted)
{
	if (!stored)
		return posted->impact != -1;
	return stored->impact != posted->impact || stored->likelihood != posted->likelihood ||
	       strcmp(stored->measures, posted->measures) != 0;
}

void what_if_save(struct request *req)
{
	const struct kb_risk *kb = kb_risk();
	for (size_t w = 0; w < kb->what_if_count; w++)
		check_pair(&req->form, w);
	if (!req->form.valid) {
		if (page_data(req, &req->form))
			form_again(req, "risks/what_if");
		return;
	}
	struct what_if_answer *stored, *posted = calloc(kb->what_if_count, sizeof *posted);
	size_t stored_count, n = 0;
	if (!posted || store_what_if_list(req->store, req->org_id, &stored, &stored_count) != STORE_OK) {
		free(posted);
		fail(req, 500, NULL);
		return;
	}
	/* Only what differs is written: saving the page unchanged leaves the
	 * answers, their dates and their promotion as they were. */
	for (size_t w = 0; w < kb->what_if_count; w++) {
		struct what_if_answer a = {
			.what_if = (char *)kb->what_ifs[w].id,
			.impact = level_number(answer_value(&req->form, w, FIELD_IMPACT)),
			.likelihood = level_number(answer_value(&req->form, w, FIELD_LIKELIHOOD)),
			.measures = (char *)answer_value(&req->form, w, FIELD_MEASURES),
		};
		if (changed(answer_of(stored, stored_count, a.what_if), &a))
			posted[n++] = a;
	}
	enum store_status st = n ? store_what_if_save(req->store, &req->actor, req->org_id,
	                                              posted, n) : STORE_OK;
	store_what_if_free(stored, stored_count);
	free(posted);
	if (st != STORE_OK) {
		fail(req, 500, NULL);
		return;
	}
	put(req, "changed", json_integer((json_int_t)n));
	redirect(req, "/o/%lld/what-if", (long long)req->org_id);
}

/* ---- promotion into the full method ------------------------------------------------- */

/* The work of one promotion, inside its transaction. */
struct promotion {
	struct request *req;
	struct risk_settings settings;
	int64_t *asset_of_type;    /* per kb asset type: the asset id, 0 if none yet */
	size_t assets_created, links_created, impacts_raised, risks_created;
};

/* Step a: the asset of kb asset type t, found or created. */
static enum store_status asset_for_type(struct promotion *p, size_t t, int64_t *id)
{
	if (p->asset_of_type[t]) {
		*id = p->asset_of_type[t];
		return STORE_OK;
	}
	const struct kb_asset_type *type = &kb_risk()->asset_types[t];
	struct asset a = {
		.name = (char *)kb_text(&type->title, p->req->lang),
		.type = (char *)type->id, .primary = type->primary, .owner = "",
		.classification = "internal", .tlp = "amber",
		.impact = {RISK_NOT_EVALUATED, RISK_NOT_EVALUATED, RISK_NOT_EVALUATED},
		.note = "",
	};
	enum store_status st = store_asset_save(p->req->store, &p->req->actor, p->req->org_id,
	                                        &a, id);
	if (st == STORE_OK) {
		p->asset_of_type[t] = *id;
		p->assets_created++;
	}
	return st;
}

/* Fills asset_of_type with each type's asset of the lowest id. */
static enum store_status find_assets(struct promotion *p)
{
	struct asset *list;
	size_t count;
	enum store_status st = store_assets_list(p->req->store, p->req->org_id, &list, &count);
	if (st != STORE_OK)
		return st;
	for (size_t i = 0; i < count; i++) {
		size_t t;
		if (kb_asset_type_find(list[i].type, &t) &&
		    (!p->asset_of_type[t] || list[i].id < p->asset_of_type[t]))
			p->asset_of_type[t] = list[i].id;
	}
	store_assets_free(list, count);
	return STORE_OK;
}

/* The criteria any threat of w hits. */
static unsigned criteria_of(const struct kb_what_if *w)
{
	unsigned criteria = 0;
	for (size_t k = 0; k < w->threat_count; k++)
		criteria |= kb_risk()->threats[w->threats[k]].criteria;
	return criteria;
}

/* Step b: raises asset id's impact on criteria to at least impact. */
static enum store_status raise_impact(struct promotion *p, int64_t id, unsigned criteria,
                                      int impact)
{
	static const unsigned bits[3] = {CRIT_C, CRIT_I, CRIT_A};
	struct asset a;
	enum store_status st = store_asset_get(p->req->store, p->req->org_id, id, &a);
	if (st != STORE_OK)
		return st;
	bool raised = false;
	for (int k = 0; k < 3; k++) {
		if ((criteria & bits[k]) && a.impact[k] < impact) {
			a.impact[k] = impact;
			raised = true;
		}
	}
	int64_t same;
	if (raised) {
		st = store_asset_save(p->req->store, &p->req->actor, p->req->org_id, &a, &same);
		p->impacts_raised++;
	}
	asset_free(&a);
	return st;
}

/* Step c: asset id relies on each of supports[0..count) it does not yet
 * rely on, one link at a time so that a link closing a cycle (refused
 * with STORE_CONFLICT) is the only one left out. */
static enum store_status add_supports(struct promotion *p, int64_t id,
                                      const int64_t *supports, size_t count)
{
	struct asset_link *links;
	size_t link_count;
	enum store_status st = store_asset_links_list(p->req->store, p->req->org_id, &links,
	                                              &link_count);
	if (st != STORE_OK)
		return st;
	int64_t *current = malloc((link_count + count + 1) * sizeof *current);
	size_t n = 0;
	if (!current) {
		free(links);
		return STORE_ERROR;
	}
	for (size_t i = 0; i < link_count; i++)
		if (links[i].asset_id == id)
			current[n++] = links[i].support_id;
	free(links);
	for (size_t s = 0; s < count && st == STORE_OK; s++) {
		bool linked = false;
		for (size_t i = 0; i < n && !linked; i++)
			linked = current[i] == supports[s];
		if (linked)
			continue;
		current[n] = supports[s];
		st = store_asset_set_supports(p->req->store, &p->req->actor, p->req->org_id, id,
		                              current, n + 1);
		if (st == STORE_OK) {
			n++;
			p->links_created++;
		} else if (st == STORE_CONFLICT) {
			st = STORE_OK;
		}
	}
	free(current);
	return st;
}

/* An answer 1..4 onto a scale of the full method: onto its values from 1
 * up, since even the mildest answer ("hardly noticeable", "hardly ever")
 * is not the scale's 0 ("none", "never"). On the default 0..4 scales the
 * answer keeps its number. */
static int from_answer(int value, struct risk_scale to)
{
	struct risk_scale from_one = {to.min > 1 ? to.min : 1, to.max};
	if (from_one.min > from_one.max)
		from_one.min = from_one.max;
	return risk_rescale(value, (struct risk_scale){1, 4}, from_one);
}

/* The first estimate of the vulnerability level (see the top of the file). */
static int first_vulnerability(const struct risk_scale *scale, const char *measures)
{
	return measures[0] ? (scale->min + scale->max + 1) / 2 : scale->max;
}

/* Step d: the default scenarios of w as risks, those that exist left alone. */
static enum store_status create_risks(struct promotion *p, const struct kb_what_if *w,
                                      const struct what_if_answer *answer)
{
	static const unsigned bits[3] = {CRIT_C, CRIT_I, CRIT_A};
	const struct kb_risk *kb = kb_risk();
	int impact = from_answer(answer->impact, p->settings.impact);
	for (size_t s = 0; s < kb->scenario_count; s++) {
		const struct kb_scenario *sc = &kb->scenarios[s];
		bool type_of_w = false, threat_of_w = false;
		for (size_t k = 0; k < w->asset_type_count; k++)
			type_of_w = type_of_w || w->asset_types[k] == sc->asset_type;
		for (size_t k = 0; k < w->threat_count; k++)
			threat_of_w = threat_of_w || w->threats[k] == sc->threat;
		if (!type_of_w || !threat_of_w)
			continue;
		const struct kb_threat *threat = &kb->threats[sc->threat];
		struct risk r = {
			.threat = (char *)threat->id,
			.vulnerability = (char *)kb->vulnerabilities[sc->vulnerability].id,
			.likelihood = from_answer(answer->likelihood, p->settings.likelihood),
			.vuln_level = first_vulnerability(&p->settings.vulnerability, answer->measures),
			.origin = (char *)w->id, .treatment = "untreated", .note = "",
		};
		for (int k = 0; k < 3; k++)
			r.impact[k] = threat->criteria & bits[k] ? impact : RISK_NOT_EVALUATED;
		enum store_status st = asset_for_type(p, sc->asset_type, &r.asset_id);
		int64_t id;
		if (st == STORE_OK)
			st = store_risk_create(p->req->store, &p->req->actor, p->req->org_id, &r, &id);
		if (st == STORE_OK)
			p->risks_created++;
		else if (st != STORE_CONFLICT)
			return st;
	}
	return STORE_OK;
}

/* Steps a to d for one answered what-if. */
static enum store_status promote_one(struct promotion *p, const struct kb_what_if *w,
                                     const struct what_if_answer *answer)
{
	const struct kb_risk *kb = kb_risk();
	int64_t *primary = calloc(w->asset_type_count, sizeof *primary);
	int64_t *supporting = calloc(w->asset_type_count, sizeof *supporting);
	size_t primary_count = 0, supporting_count = 0;
	enum store_status st = primary && supporting ? STORE_OK : STORE_ERROR;
	for (size_t k = 0; k < w->asset_type_count && st == STORE_OK; k++) {
		int64_t id = 0;
		st = asset_for_type(p, w->asset_types[k], &id);
		if (st != STORE_OK)
			break;
		if (kb->asset_types[w->asset_types[k]].primary)
			primary[primary_count++] = id;
		else
			supporting[supporting_count++] = id;
	}
	int impact = from_answer(answer->impact, p->settings.impact);
	for (size_t k = 0; k < primary_count && st == STORE_OK; k++) {
		st = raise_impact(p, primary[k], criteria_of(w), impact);
		if (st == STORE_OK)
			st = add_supports(p, primary[k], supporting, supporting_count);
	}
	if (st == STORE_OK)
		st = create_risks(p, w, answer);
	free(primary);
	free(supporting);
	return st;
}

/* Every answered what-if, in kb order, then step e; on a failure the
 * caller rolls back. */
static enum store_status promote_all(struct promotion *p, const struct what_if_answer *answers,
                                     size_t count)
{
	const struct kb_risk *kb = kb_risk();
	enum store_status st = find_assets(p);
	bool unmarked = false;
	for (size_t w = 0; w < kb->what_if_count && st == STORE_OK; w++) {
		const struct what_if_answer *a = answer_of(answers, count, kb->what_ifs[w].id);
		if (!a)
			continue;
		unmarked = unmarked || !a->promoted_at;
		st = promote_one(p, &kb->what_ifs[w], a);
	}
	/* Marked only when something is new: a second promotion then writes
	 * nothing at all, not even an audit entry. */
	if (st == STORE_OK && unmarked)
		st = store_what_if_mark_promoted(p->req->store, &p->req->actor, p->req->org_id,
		                                 p->req->now);
	return st;
}

/* Where the promoted risks show best: the grid if it exists yet, else the
 * register. */
static const char *promoted_page(void)
{
	for (size_t i = 0; i < route_count; i++)
		if (routes[i].method == HTTP_GET && strcmp(routes[i].pattern, "/o/:org/risks/grid") == 0)
			return "risks/grid";
	return "risks";
}

void what_if_promote(struct request *req)
{
	const struct kb_risk *kb = kb_risk();
	struct promotion p = {.req = req};
	struct what_if_answer *answers = NULL;
	size_t count = 0;
	p.asset_of_type = calloc(kb->asset_type_count, sizeof *p.asset_of_type);
	enum store_status st = p.asset_of_type ? store_begin(req->store) : STORE_ERROR;
	if (st == STORE_OK)
		st = store_risk_settings_get(req->store, req->org_id, &p.settings);
	if (st == STORE_OK)
		st = store_what_if_list(req->store, req->org_id, &answers, &count);
	if (st == STORE_OK && count == 0) {
		store_rollback(req->store);
		free(p.asset_of_type);
		fail(req, 409, N_("Answer at least one question before carrying the answers over."));
		return;
	}
	if (st == STORE_OK)
		st = promote_all(&p, answers, count);
	if (st == STORE_OK)
		st = store_commit(req->store);
	else
		store_rollback(req->store);
	store_what_if_free(answers, count);
	free(p.asset_of_type);
	if (st != STORE_OK) {
		fail(req, 500, NULL);
		return;
	}
	put(req, "assets_created", json_integer((json_int_t)p.assets_created));
	put(req, "links_created", json_integer((json_int_t)p.links_created));
	put(req, "impacts_raised", json_integer((json_int_t)p.impacts_raised));
	put(req, "risks_created", json_integer((json_int_t)p.risks_created));
	redirect(req, "/o/%lld/%s", (long long)req->org_id, promoted_page());
}
