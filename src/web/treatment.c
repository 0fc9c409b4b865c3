/*
 * treatment.c - the treatment of one risk (METHOD.md §4): the decision
 * (reduce, accept, avoid, transfer), the catalogue measures chosen with
 * the vulnerability levels each removes (each measure one action of the
 * organisation's plan), the current and targeted risk, the sign-off of an
 * acceptance by an owner, and the history of the current vulnerability.
 * The rules are core/treatment.c's; the values come from the risk book.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "web/handlers.h"
#include "web/risk_book.h"

static const char *const decision_choices[] = {"reduce", "accept", "avoid", "transfer", NULL};
const char *const decision_labels[DECISION_COUNT] = {
	N_("Not decided yet"), N_("Reduce"), N_("Accept"), N_("Avoid"), N_("Transfer")};
const char *const decision_hints[DECISION_COUNT] = {
	"",
	N_("Take measures that lower the vulnerability."),
	N_("Keep the risk as it is, for a stated reason, signed off by an owner."),
	N_("Stop the activity that carries the risk."),
	N_("Share the risk with an insurer or a partner, by contract."),
};
const char *const acceptance_labels[ACCEPTANCE_COUNT] = {
	"", N_("Waiting for an owner's sign-off"), N_("Accepted"), N_("Acceptance revoked")};

static const struct field decision_fields[] = {
	{"decision", FIELD_CHOICE, true, 0, 0, decision_choices},
	{"justification", FIELD_MULTILINE, false, 0, 2000, NULL},
	{"party", FIELD_TEXT, false, 0, 200, NULL},
};
const struct form_spec treatment_decision_spec = {decision_fields, 3};

static const struct field measure_fields[] = {
	{"measure", FIELD_TEXT, true, 1, 60, NULL},
	{"reduction", FIELD_INT, true, 0, 127, NULL},
	{"owner", FIELD_TEXT, false, 0, 200, NULL},
	{"due", FIELD_DATE, false, 0, 0, NULL},
	{"cost", FIELD_TEXT, false, 0, 100, NULL},
};
const struct form_spec treatment_measure_spec = {measure_fields, 5};

static const struct field remove_fields[] = {
	{"measure", FIELD_TEXT, true, 1, 60, NULL},
};
const struct form_spec treatment_remove_spec = {remove_fields, 1};

/* Who signed or revoked an acceptance and when: "Name, YYYY-MM-DD", or
 * only the date when the person is no longer a member. */
json_t *treatment_signature(const struct treatment_row *t, const struct member *members,
                              size_t member_count)
{
	if (!t->approved_at)
		return json_string("");
	char day[11] = "";
	date_format(date_from_unix(t->approved_at), day);
	for (size_t i = 0; i < member_count; i++)
		if (members[i].user_id == t->approved_by) {
			const char *who = members[i].name[0] ? members[i].name : members[i].email;
			return json_sprintf("%s, %s", who, day);
		}
	return json_string(day);
}

/* ---- the page ---------------------------------------------------------------------- */

json_t *treatment_value_json(struct request *req, int value, enum risk_level level)
{
	return json_pack("{s:o, s:s, s:s}", "value", value >= 0 ? json_integer(value) : json_null(),
		"level", risk_level_name(level), "label", _(req, risk_level_label(level)));
}

json_t *treatment_measures_json(struct request *req, const struct risk_book *book,
                                int64_t risk_id)
{
	json_t *list = json_array();
	for (size_t i = 0; i < book->measure_count; i++) {
		const struct risk_measure_row *m = &book->measures[i];
		if (m->risk_id != risk_id)
			continue;
		const struct kb_measure *k = kb_measure_find(m->measure, NULL);
		const struct action *a = risk_book_action(book, m->action_id);
		json_array_append_new(list, json_pack("{s:s, s:s, s:i, s:I, s:s, s:s, s:s, s:s, s:s}",
			"id", m->measure,
			"title", k ? kb_text(&k->title, req->lang) : a ? a->title : m->measure,
			"reduction", m->reduction, "action", (json_int_t)m->action_id,
			"status", a ? a->status : "",
			"status_label", a ? action_status_label(req, a->status) : "",
			"owner", a ? a->owner : "", "due", a ? a->due : "", "cost", a ? a->cost : ""));
	}
	return list;
}

/* The catalogue for the select: first the measures that reduce this
 * risk's vulnerability (suggested), then the others. */
static json_t *catalogue_json(struct request *req, const struct risk_row *row)
{
	const struct kb_measures *all = kb_measures();
	json_t *suggested = json_array(), *others = json_array();
	size_t vul = 0;
	bool shipped = kb_vulnerability_find(row->risk->vulnerability, &vul) != NULL;
	for (size_t i = 0; all && i < all->count; i++) {
		const struct kb_measure *m = &all->measures[i];
		bool helps = false;
		for (size_t k = 0; shipped && k < m->vulnerability_count; k++)
			helps |= m->vulnerabilities[k] == vul;
		json_array_append_new(helps ? suggested : others, json_pack("{s:s, s:s}",
			"id", m->id, "title", kb_text(&m->title, req->lang)));
	}
	return json_pack("{s:o, s:o}", "suggested", suggested, "others", others);
}

static json_t *history_json(struct request *req)
{
	struct risk_history_row *h = NULL;
	size_t n = 0;
	json_t *list = json_array();
	if (store_risk_history(req->store, req->org_id, req->id, &h, &n) != STORE_OK)
		return list;
	for (size_t i = 0; i < n; i++) {
		char day[11] = "";
		date_format(date_from_unix(h[i].at), day);
		json_array_append_new(list, json_pack("{s:s, s:i, s:i, s:I}", "date", day,
			"before", h[i].vuln_before, "after", h[i].vuln_after,
			"action", (json_int_t)h[i].action_id));
	}
	free(h);
	return list;
}

/* Fills the page of risk req->id; false if answered (404, 500). */
static bool treatment_data(struct request *req)
{
	struct risk_book book;
	if (risk_book_load(req->store, req->org_id, &book) != STORE_OK) {
		fail(req, 500, NULL);
		return false;
	}
	const struct risk_row *row = risk_book_row(&book, req->id);
	if (!row) {
		risk_book_free(&book);
		fail(req, 404, NULL);
		return false;
	}
	const struct treatment_row *t = row->treatment;
	enum acceptance acceptance = ACCEPTANCE_NONE;
	if (t)
		acceptance_parse(t->acceptance, &acceptance);
	json_t *decisions = json_array();
	for (int d = 1; d < DECISION_COUNT; d++)
		json_array_append_new(decisions, json_pack("{s:s, s:s, s:s, s:b}",
			"value", decision_names[d], "label", _(req, decision_labels[d]),
			"hint", _(req, decision_hints[d]), "selected", (int)row->decision == d));
	put(req, "risk", json_pack("{s:I, s:s, s:I, s:s, s:s, s:i}",
		"id", (json_int_t)row->risk->id, "asset", row->asset->name,
		"asset_id", (json_int_t)row->asset->id,
		"threat", row->threat ? kb_text(&row->threat->title, req->lang) : row->risk->threat,
		"vulnerability", row->vulnerability ? kb_text(&row->vulnerability->text, req->lang)
		                                    : row->risk->vulnerability,
		"vuln_level", row->risk->vuln_level));
	put(req, "treatment", json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:i, s:i}",
		"decision", decision_names[row->decision],
		"decision_label", _(req, decision_labels[row->decision]),
		"justification", t ? t->justification : "", "party", t ? t->party : "",
		"acceptance", acceptance_names[acceptance],
		"proposed", acceptance == ACCEPTANCE_PROPOSED, "accepted", acceptance == ACCEPTANCE_ACCEPTED,
		"shared", row->result.shared, "planned", row->planned, "done", row->done));
	if (acceptance != ACCEPTANCE_NONE)
		json_object_set_new(json_object_get(req->data, "treatment"), "acceptance_label",
			json_string(_(req, acceptance_labels[acceptance])));
	put(req, "before", treatment_value_json(req, row->value, row->level));
	put(req, "current", treatment_value_json(req, row->result.current, row->current_level));
	put(req, "targeted", treatment_value_json(req, row->result.targeted, row->targeted_level));
	put(req, "current_vulnerability", json_integer(
		treatment_current_vulnerability(row->risk->vuln_level, row->done)));
	put(req, "decisions", decisions);
	put(req, "chosen", treatment_measures_json(req, &book, row->risk->id));
	put(req, "catalogue", catalogue_json(req, row));
	if (t && t->approved_at) {
		struct member *members = NULL;
		size_t count = 0;
		if (store_members_list(req->store, req->org_id, &members, &count) == STORE_OK) {
			json_object_set_new(json_object_get(req->data, "treatment"), "signature",
			                    treatment_signature(t, members, count));
			store_members_free(members, count);
		}
	}
	risk_book_free(&book);
	put(req, "history", history_json(req));
	return true;
}

void treatment_show(struct request *req)
{
	if (treatment_data(req))
		page(req, "treatment/risk");
}

/* Shows the page again with the posted form's errors (422). */
static void treatment_again(struct request *req, const char *which)
{
	struct form posted = req->form;
	if (!treatment_data(req))
		return;
	req->form = posted;
	put(req, "posted", json_string(which));
	form_again(req, "treatment/risk");
}

static void back_to_page(struct request *req)
{
	redirect(req, "/o/%lld/risks/%lld/treatment", (long long)req->org_id, (long long)req->id);
}

/* The stored treatment of risk req->id, into out (zeroed if none); the
 * risk book row for the vulnerability. False if answered. */
static bool load_treatment(struct request *req, struct risk_book *book,
                           const struct risk_row **row)
{
	if (risk_book_load(req->store, req->org_id, book) != STORE_OK) {
		fail(req, 500, NULL);
		return false;
	}
	*row = risk_book_row(book, req->id);
	if (!*row) {
		risk_book_free(book);
		fail(req, 404, NULL);
		return false;
	}
	return true;
}

static void save(struct request *req, const struct treatment_row *t)
{
	enum store_status st = store_treatment_save(req->store, &req->actor, req->org_id, t);
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	back_to_page(req);
}

/* ---- the decision -------------------------------------------------------------------- */

void treatment_decide(struct request *req)
{
	struct risk_book book;
	const struct risk_row *row;
	if (!load_treatment(req, &book, &row))
		return;
	enum decision decision = DECISION_NONE;
	decision_parse(form_value(&req->form, "decision"), &decision);
	const char *justification = form_value(&req->form, "justification");
	const char *party = form_value(&req->form, "party");
	enum acceptance was = ACCEPTANCE_NONE, next = ACCEPTANCE_NONE;
	if (row->treatment)
		acceptance_parse(row->treatment->acceptance, &was);
	if (req->form.valid && decision == DECISION_TRANSFER && !party[0])
		form_set_error(&req->form, "party", N_("Name the insurer or partner who takes the risk."));
	if (req->form.valid && decision == DECISION_ACCEPT) {
		/* Saved again unchanged while proposed or signed: nothing to sign
		 * again. A revoked acceptance is proposed anew, reason or not new. */
		bool same = row->treatment && row->decision == DECISION_ACCEPT &&
		            (was == ACCEPTANCE_PROPOSED || was == ACCEPTANCE_ACCEPTED) &&
		            strcmp(row->treatment->justification, justification) == 0;
		if (same)
			next = was;   /* nothing to sign again */
		else {
			enum acceptance_refusal r = acceptance_step(was, STEP_PROPOSE, false,
			                                            justification[0] != '\0', &next);
			if (r == ACCEPTANCE_NEEDS_JUSTIFICATION)
				form_set_error(&req->form, "justification",
				               N_("Say why the risk can be accepted."));
			else if (r != ACCEPTANCE_ALLOWED)
				form_set_error(&req->form, "justification",
				               N_("This acceptance is signed: revoke it before changing it."));
		}
	}
	if (req->form.valid && decision != DECISION_ACCEPT && was == ACCEPTANCE_ACCEPTED)
		form_set_error(&req->form, "decision",
		               N_("This acceptance is signed: revoke it before changing it."));
	bool keep_signature = next == was && was == ACCEPTANCE_ACCEPTED;
	struct treatment_row t = {
		.risk_id = req->id, .decision = (char *)decision_names[decision],
		.justification = (char *)justification, .party = (char *)party,
		.acceptance = (char *)acceptance_names[next],
		.approved_by = keep_signature ? row->treatment->approved_by : 0,
		.approved_at = keep_signature ? row->treatment->approved_at : 0,
	};
	if (!req->form.valid) {
		risk_book_free(&book);
		treatment_again(req, "decision");
		return;
	}
	save(req, &t);
	risk_book_free(&book);
}

/* Signs (sign) or revokes an acceptance; owners only (the route says so). */
static void acceptance_change(struct request *req, enum acceptance_step step)
{
	struct risk_book book;
	const struct risk_row *row;
	if (!load_treatment(req, &book, &row))
		return;
	enum acceptance was = ACCEPTANCE_NONE, next;
	if (row->treatment)
		acceptance_parse(row->treatment->acceptance, &was);
	if (!row->treatment || row->decision != DECISION_ACCEPT ||
	    acceptance_step(was, step, req->role >= ROLE_OWNER, true, &next) != ACCEPTANCE_ALLOWED) {
		risk_book_free(&book);
		fail(req, 409, step == STEP_SIGN ? N_("There is no acceptance waiting to be signed.")
		                                 : N_("There is no acceptance to revoke."));
		return;
	}
	struct treatment_row t = *row->treatment;
	t.acceptance = (char *)acceptance_names[next];
	t.approved_by = req->user.id;
	t.approved_at = req->now;
	save(req, &t);
	risk_book_free(&book);
}

void treatment_sign(struct request *req)
{
	acceptance_change(req, STEP_SIGN);
}

void treatment_revoke(struct request *req)
{
	acceptance_change(req, STEP_REVOKE);
}

/* ---- measures -------------------------------------------------------------------------- */

/* The levels the risk's other measures (not cancelled) remove. */
static int planned_without(const struct risk_book *book, const struct risk_row *row,
                           const char *measure)
{
	int planned = 0;
	for (size_t i = 0; i < book->measure_count; i++) {
		const struct risk_measure_row *m = &book->measures[i];
		const struct action *a = risk_book_action(book, m->action_id);
		if (m->risk_id == row->risk->id && strcmp(m->measure, measure) != 0 &&
		    !(a && strcmp(a->status, "cancelled") == 0))
			planned += m->reduction;
	}
	return planned;
}

void treatment_add_measure(struct request *req)
{
	struct risk_book book;
	const struct risk_row *row;
	if (!load_treatment(req, &book, &row))
		return;
	const char *id = form_value(&req->form, "measure");
	const struct kb_measure *m = kb_measure_find(id, NULL);
	if (req->form.valid && !m)
		form_set_error(&req->form, "measure", N_("Choose a measure of the catalogue."));
	if (req->form.valid) {
		int reduction = (int)form_number(&req->form, "reduction");
		switch (treatment_check(row->risk->vuln_level,
		                        planned_without(&book, row, id) + reduction)) {
		case TREATMENT_OK:
			break;
		case TREATMENT_NOT_EVALUATED:
			form_set_error(&req->form, "reduction",
			               N_("Assess the vulnerability of this risk first."));
			break;
		default:
			form_set_error(&req->form, "reduction",
			               N_("Together the measures would remove more levels than the "
			                  "vulnerability has."));
		}
	}
	if (!req->form.valid) {
		risk_book_free(&book);
		treatment_again(req, "measure");
		return;
	}
	risk_book_free(&book);
	struct action a = {
		.title = (char *)kb_text(&m->title, req->lang),
		.owner = (char *)form_value(&req->form, "owner"),
		.due = (char *)form_value(&req->form, "due"),
		.status = "planned", .note = "",
		.cost = (char *)form_value(&req->form, "cost"),
	};
	int64_t action_id;
	enum store_status st = store_risk_measure_set(req->store, &req->actor, req->org_id, req->id,
		id, (int)form_number(&req->form, "reduction"), &a, &action_id);
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	put(req, "action", json_integer(action_id));
	back_to_page(req);
}

void treatment_remove_measure(struct request *req)
{
	enum store_status st = store_risk_measure_remove(req->store, &req->actor, req->org_id,
		req->id, form_value(&req->form, "measure"));
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	back_to_page(req);
}

/* ---- the module's page: the treatment plan at a glance ------------------------------- */

static bool above(enum risk_level level)
{
	return level == LEVEL_MEDIUM || level == LEVEL_HIGH;
}

/* {above_now, above_after, to_decide}: the risks above the acceptable
 * level now and once the plan is carried out, and those above it without
 * a decision. */
static json_t *summary_json(const struct risk_book *book)
{
	size_t now = 0, after = 0, to_decide = 0;
	for (size_t i = 0; i < book->risk_count; i++) {
		const struct risk_row *r = &book->rows[i];
		now += above(r->current_level);
		after += above(r->targeted_level);
		to_decide += above(r->current_level) && r->decision == DECISION_NONE;
	}
	return json_pack("{s:I, s:I, s:I, s:I}", "risks", (json_int_t)book->risk_count,
		"above_now", (json_int_t)now, "above_after", (json_int_t)after,
		"to_decide", (json_int_t)to_decide);
}

json_t *treatment_summary(struct request *req)
{
	/* The dashboard asks on every view: no risks, no book to load. */
	int64_t risks = store_risks_count(req->store, req->org_id);
	if (risks <= 0)
		return risks < 0 ? json_null() : json_pack("{s:i, s:i, s:i, s:i}", "risks", 0,
		                                          "above_now", 0, "above_after", 0,
		                                          "to_decide", 0);
	struct risk_book book;
	if (risk_book_load(req->store, req->org_id, &book) != STORE_OK)
		return json_null();
	json_t *summary = summary_json(&book);
	risk_book_free(&book);
	return summary;
}

/* qsort passes no context: rows compared by current value, highest first,
 * not evaluated last, then by id. */
static int compare_current(const void *x, const void *y)
{
	const struct risk_row *a = *(const struct risk_row *const *)x;
	const struct risk_row *b = *(const struct risk_row *const *)y;
	if (a->result.current != b->result.current)
		return a->result.current > b->result.current ? -1 : 1;
	return (a->risk->id > b->risk->id) - (a->risk->id < b->risk->id);
}

void treatment_overview(struct request *req)
{
	struct risk_book book;
	if (risk_book_load(req->store, req->org_id, &book) != STORE_OK) {
		fail(req, 500, NULL);
		return;
	}
	const struct risk_row **list = calloc(book.risk_count + 1, sizeof *list);
	size_t n = 0;
	for (size_t i = 0; list && i < book.risk_count; i++)
		if (above(book.rows[i].current_level) || book.rows[i].decision != DECISION_NONE)
			list[n++] = &book.rows[i];
	if (list)
		qsort(list, n, sizeof *list, compare_current);
	json_t *risks = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct risk_row *r = list[i];
		enum acceptance acceptance = ACCEPTANCE_NONE;
		if (r->treatment)
			acceptance_parse(r->treatment->acceptance, &acceptance);
		json_array_append_new(risks, json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:b}",
			"id", (json_int_t)r->risk->id, "asset", r->asset->name,
			"threat", r->threat ? kb_text(&r->threat->title, req->lang) : r->risk->threat,
			"vulnerability", r->vulnerability ? kb_text(&r->vulnerability->text, req->lang)
			                                  : r->risk->vulnerability,
			"now", treatment_value_json(req, r->result.current, r->current_level),
			"decision", decision_names[r->decision],
			"decision_label", _(req, decision_labels[r->decision]),
			"after", treatment_value_json(req, r->result.targeted, r->targeted_level),
			"shared", r->result.shared));
		if (acceptance != ACCEPTANCE_NONE)
			json_object_set_new(json_array_get(risks, json_array_size(risks) - 1),
				"acceptance", json_string(_(req, acceptance_labels[acceptance])));
	}
	free(list);
	put(req, "summary", summary_json(&book));
	put(req, "risks", risks);
	risk_book_free(&book);
	page(req, "treatment/overview");
}
