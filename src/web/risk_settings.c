/*
 * risk_settings.c - an organisation's risk scales and thresholds
 * (METHOD.md §3: "an organisation may change ranges"). Changing a scale
 * rescales every value already entered on it (store_risk_settings_set),
 * so the page says how many values that touches and asks to confirm.
 */
#include <stdio.h>
#include <string.h>

#include "web/handlers.h"
#include "web/risk_book.h"

static const struct field settings_fields[] = {
	{"impact_min", FIELD_INT, true, 0, 20, NULL},
	{"impact_max", FIELD_INT, true, 1, 20, NULL},
	{"likelihood_min", FIELD_INT, true, 0, 20, NULL},
	{"likelihood_max", FIELD_INT, true, 1, 20, NULL},
	{"vuln_min", FIELD_INT, true, 0, 20, NULL},
	{"vuln_max", FIELD_INT, true, 1, 20, NULL},
	{"low_max", FIELD_INT, true, 0, 8000, NULL},
	{"medium_max", FIELD_INT, true, 1, 8000, NULL},
	{"rud_low_max", FIELD_INT, true, 1, 15, NULL},
	{"rud_medium_max", FIELD_INT, true, 2, 16, NULL},
	{"confirm", FIELD_BOOL, false, 0, 0, NULL},
};
const struct form_spec risk_settings_spec = {settings_fields, 11};

static const struct field settings_query_fields[] = {
	{"saved", FIELD_BOOL, false, 0, 0, NULL},
};
const struct form_spec risk_settings_query_spec = {settings_query_fields, 1};

/* The settings as the form's values. */
static json_t *settings_json(const struct risk_settings *s)
{
	return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}",
		"impact_min", s->impact.min, "impact_max", s->impact.max,
		"likelihood_min", s->likelihood.min, "likelihood_max", s->likelihood.max,
		"vuln_min", s->vulnerability.min, "vuln_max", s->vulnerability.max,
		"low_max", s->low_max, "medium_max", s->medium_max,
		"rud_low_max", s->rudimentary_low_max, "rud_medium_max", s->rudimentary_medium_max);
}

/* How many stored values sit on the impact, likelihood and vulnerability
 * scales: what a change of scale rescales. */
static size_t values_entered(const struct risk_book *book)
{
	size_t n = 0;
	for (size_t i = 0; i < book->asset_count; i++)
		for (int k = 0; k < 3; k++)
			n += book->assets[i].impact[k] != -1;
	for (size_t i = 0; i < book->risk_count; i++) {
		const struct risk *r = &book->risks[i];
		n += (r->likelihood != -1) + (r->vuln_level != -1);
		for (int k = 0; k < 3; k++)
			n += r->impact[k] != -1;
	}
	return n;
}

/* Puts the current settings and the number of values; false if answered. */
static bool settings_data(struct request *req, struct risk_settings *current)
{
	struct risk_book book;
	if (risk_book_load(req->store, req->org_id, &book) != STORE_OK) {
		fail(req, 500, NULL);
		return false;
	}
	*current = book.settings;
	put(req, "settings", settings_json(&book.settings));
	put(req, "values_entered", json_integer((json_int_t)values_entered(&book)));
	/* The highest value a full-method risk can reach, for the hint. */
	put(req, "value_max", json_integer(book.settings.impact.max *
		book.settings.likelihood.max * book.settings.vulnerability.max));
	risk_book_free(&book);
	return true;
}

void risk_settings_show(struct request *req)
{
	struct risk_settings current;
	if (!settings_data(req, &current))
		return;
	put(req, "saved", json_boolean(form_bool(&req->form, "saved")));
	page(req, "risks/settings");
}

static int number(struct request *req, const char *name)
{
	return (int)form_number(&req->form, name);
}

/* The field errors only the whole set can show. */
static void check_coherence(struct request *req, const struct risk_settings *s)
{
	static const char *const maxs[] = {"impact_max", "likelihood_max", "vuln_max"};
	const struct risk_scale scales[] = {s->impact, s->likelihood, s->vulnerability};
	for (int i = 0; i < 3; i++)
		if (scales[i].min >= scales[i].max)
			form_set_error(&req->form, maxs[i],
			               N_("The highest value must be above the lowest."));
	if (s->medium_max <= s->low_max)
		form_set_error(&req->form, "medium_max",
		               N_("The medium limit must be above the low limit."));
	if (s->rudimentary_medium_max <= s->rudimentary_low_max)
		form_set_error(&req->form, "rud_medium_max",
		               N_("The medium limit must be above the low limit."));
}

void risk_settings_save(struct request *req)
{
	struct risk_settings current;
	struct form posted = req->form;
	if (!settings_data(req, &current))
		return;
	req->form = posted;
	struct risk_settings s = {
		.impact = {number(req, "impact_min"), number(req, "impact_max")},
		.likelihood = {number(req, "likelihood_min"), number(req, "likelihood_max")},
		.vulnerability = {number(req, "vuln_min"), number(req, "vuln_max")},
		.low_max = number(req, "low_max"),
		.medium_max = number(req, "medium_max"),
		.rudimentary_low_max = number(req, "rud_low_max"),
		.rudimentary_medium_max = number(req, "rud_medium_max"),
	};
	if (req->form.valid)
		check_coherence(req, &s);
	bool rescales = memcmp(&s.impact, &current.impact, sizeof s.impact) != 0 ||
	                memcmp(&s.likelihood, &current.likelihood, sizeof s.likelihood) != 0 ||
	                memcmp(&s.vulnerability, &current.vulnerability,
	                       sizeof s.vulnerability) != 0;
	json_int_t entered = json_integer_value(json_object_get(req->data, "values_entered"));
	if (req->form.valid && rescales && entered > 0 && !form_bool(&req->form, "confirm"))
		form_set_error(&req->form, "confirm",
		               N_("Changing a scale converts the values already entered. "
		                  "Tick the box to confirm."));
	if (!req->form.valid || !risk_settings_valid(&s)) {
		if (req->form.valid)   /* a limit the fields cannot see */
			form_set_error(&req->form, "low_max", N_("These values do not fit together."));
		form_again(req, "risks/settings");
		return;
	}
	if (store_risk_settings_set(req->store, &req->actor, req->org_id, &s) != STORE_OK) {
		fail(req, 500, NULL);
		return;
	}
	redirect(req, "/o/%lld/risks/settings?saved=1", (long long)req->org_id);
}
