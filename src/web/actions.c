/*
 * actions.c - the organisation's action plan: everything there is to do,
 * from baseline gaps (and later risk treatment) or typed by hand, with an
 * owner, a due date and a status. One plan per organisation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "kb/kb.h"
#include "web/handlers.h"

static const char *const status_choices[] = {
	"planned", "in_progress", "done", "cancelled", NULL};
/* What users read for each status, in the order of status_choices. */
static const char *const status_labels[] = {
	N_("Planned"), N_("In progress"), N_("Done"), N_("Cancelled")};

/* The label of a stored status (the status itself if unknown). */
const char *action_status_label(struct request *req, const char *status)
{
	for (int i = 0; status_choices[i]; i++)
		if (strcmp(status_choices[i], status) == 0)
			return _(req, status_labels[i]);
	return status;
}
/* An action's title is often the advice it came from, which runs long in
 * French and German. */
#define ACTION_TITLE_MAX 1000

const struct action_filter action_filter_none = {"", "", "", "", "", ""};

static const char *const status_filters[] = {
	"", "open", "planned", "in_progress", "done", "cancelled", NULL};
static const char *const sort_choices[] = {"", "due", "title", "owner", "status", NULL};
static const char *const source_choices[] = {"", "baseline", NULL};

/* Where an action comes from: the baseline, a measure of risk treatment,
 * or typed by hand (source ""). */
static const char *const origin_filters[] = {"", "baseline", "measure", "manual", NULL};
static const char *const origin_labels[] = {
	N_("From the baseline"), N_("From risk treatment"), N_("Added by hand")};

static const struct field actions_query_fields[] = {
	{"status", FIELD_CHOICE, false, 0, 0, status_filters},
	{"sort", FIELD_CHOICE, false, 0, 0, sort_choices},
	{"q", FIELD_TEXT, false, 0, 100, NULL},
	{"origin", FIELD_CHOICE, false, 0, 0, origin_filters},
	{"owner", FIELD_TEXT, false, 0, 200, NULL},
	{"due_before", FIELD_DATE, false, 0, 0, NULL},
};
const struct form_spec actions_query_spec = {actions_query_fields, 6};

static const struct field actions_create_fields[] = {
	{"title", FIELD_TEXT, true, 1, ACTION_TITLE_MAX, NULL},
	{"owner", FIELD_TEXT, false, 0, 200, NULL},
	{"due", FIELD_DATE, false, 0, 0, NULL},
	{"note", FIELD_MULTILINE, false, 0, 4000, NULL},
	{"source", FIELD_CHOICE, false, 0, 0, source_choices},
	{"source_ref", FIELD_TEXT, false, 0, 60, NULL},
	{"back", FIELD_TEXT, false, 0, 300, NULL},
};
const struct form_spec actions_create_spec = {actions_create_fields, 7};

static const struct field actions_update_fields[] = {
	{"title", FIELD_TEXT, true, 1, ACTION_TITLE_MAX, NULL},
	{"owner", FIELD_TEXT, false, 0, 200, NULL},
	{"due", FIELD_DATE, false, 0, 0, NULL},
	{"status", FIELD_CHOICE, true, 0, 0, status_choices},
	{"note", FIELD_MULTILINE, false, 0, 4000, NULL},
	{"cost", FIELD_TEXT, false, 0, 100, NULL},
};
const struct form_spec actions_update_spec = {actions_update_fields, 6};

static const char *origin_of(const struct action *a)
{
	return !a->source[0] ? "manual" : a->source;
}

static bool matches(const struct action *a, const struct action_filter *f)
{
	const char *status = f->status, *q = f->q;
	if (f->origin[0] && strcmp(f->origin, origin_of(a)) != 0)
		return false;
	if (f->owner[0] && !strcasestr(a->owner, f->owner))
		return false;
	if (f->due_before[0] && (!a->due[0] || strcmp(a->due, f->due_before) > 0))
		return false;
	if (strcmp(status, "open") == 0 &&
	    (strcmp(a->status, "done") == 0 || strcmp(a->status, "cancelled") == 0))
		return false;
	if (status[0] && strcmp(status, "open") != 0 && strcmp(status, a->status) != 0)
		return false;
	return !q[0] || strcasestr(a->title, q) || strcasestr(a->owner, q) ||
	       strcasestr(a->note, q);
}

/* qsort passes no context: the key is per worker thread. */
static _Thread_local const char *sort_key;

static int compare_actions(const void *x, const void *y)
{
	const struct action *a = x, *b = y;
	int c = 0;
	if (strcmp(sort_key, "title") == 0)
		c = strcasecmp(a->title, b->title);
	else if (strcmp(sort_key, "owner") == 0)
		c = strcasecmp(a->owner, b->owner);
	else if (strcmp(sort_key, "status") == 0)
		c = strcmp(a->status, b->status);
	return c ? c : (a->id > b->id) - (a->id < b->id);
}

/* Fills data.actions, filtered and sorted by f; false if answered. */
bool action_plan_data(struct request *req, const struct action_filter *f)
{
	const char *status = f->status, *sort = f->sort, *q = f->q;
	struct action *list;
	size_t count;
	if (store_actions_list(req->store, req->org_id, &list, &count) != STORE_OK) {
		fail(req, 500, NULL);
		return false;
	}
	/* The store lists by due date; other orders are sorted here. */
	sort_key = sort;
	if (sort[0] && strcmp(sort, "due") != 0)
		qsort(list, count, sizeof *list, compare_actions);
	day_t today = date_from_unix(req->now);
	json_t *items = json_array();
	size_t open = 0;
	for (size_t i = 0; i < count; i++) {
		const struct action *a = &list[i];
		bool done = strcmp(a->status, "done") == 0 || strcmp(a->status, "cancelled") == 0;
		open += !done;
		if (!matches(a, f))
			continue;
		day_t due;
		bool overdue = !done && a->due[0] && date_parse(a->due, &due) && due < today;
		const struct kb_question *question = strcmp(a->source, "baseline") == 0
			? kb_question_find(a->source_ref, NULL) : NULL;
		int origin = 0;
		while (origin_filters[origin + 1] && strcmp(origin_filters[origin + 1], origin_of(a)))
			origin++;
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s}",
			"id", (json_int_t)a->id, "title", a->title, "owner", a->owner,
			"due", a->due, "status", a->status, "status_label", action_status_label(req, a->status),
			"note", a->note, "overdue", overdue,
			"from", question ? kb_text(&question->text, req->lang) : "",
			"origin", origin_of(a), "origin_label", _(req, origin_labels[origin]),
			"cost", a->cost ? a->cost : ""));
	}
	store_actions_free(list, count);
	json_t *statuses = json_array();
	for (int i = 0; status_choices[i]; i++)
		json_array_append_new(statuses, json_pack("{s:s, s:s}", "value",
			status_choices[i], "label", _(req, status_labels[i])));
	put(req, "actions", items);
	put(req, "statuses", statuses);
	put(req, "open_count", json_integer((json_int_t)open));
	json_t *origins = json_array();
	for (int i = 0; origin_filters[i + 1]; i++)
		json_array_append_new(origins, json_pack("{s:s, s:s}", "value", origin_filters[i + 1],
			"label", _(req, origin_labels[i])));
	put(req, "origins", origins);
	put(req, "filter", json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "status", status,
		"sort", sort, "q", q, "origin", f->origin, "owner", f->owner,
		"due_before", f->due_before));
	return true;
}

void actions_list(struct request *req)
{
	struct action_filter f = {
		.status = form_value(&req->form, "status"), .sort = form_value(&req->form, "sort"),
		.q = form_value(&req->form, "q"), .origin = form_value(&req->form, "origin"),
		.owner = form_value(&req->form, "owner"),
		.due_before = form_value(&req->form, "due_before"),
	};
	if (action_plan_data(req, &f))
		page(req, "actions/list");
}

void actions_create(struct request *req)
{
	const char *source = form_value(&req->form, "source");
	const char *ref = form_value(&req->form, "source_ref");
	if (req->form.valid && strcmp(source, "baseline") == 0 && !kb_question_find(ref, NULL))
		form_set_error(&req->form, "source_ref", N_("This question does not exist."));
	if (!req->form.valid) {
		/* Shown on the plan's own page, whose form has the same fields. */
		struct form kept = req->form;
		if (!action_plan_data(req, &action_filter_none))
			return;
		req->form = kept;
		form_again(req, "actions/list");
		return;
	}
	struct action a = {
		.title = (char *)form_value(&req->form, "title"),
		.owner = (char *)form_value(&req->form, "owner"),
		.due = (char *)form_value(&req->form, "due"),
		.status = "planned",
		.note = (char *)form_value(&req->form, "note"),
		.source = (char *)source,
		.source_ref = (char *)ref,
	};
	int64_t id;
	if (store_action_create(req->store, &req->actor, req->org_id, &a, &id) != STORE_OK) {
		fail(req, 500, NULL);
		return;
	}
	put(req, "id", json_integer(id));
	const char *back = form_value(&req->form, "back");
	if (back[0])
		redirect(req, "%s", safe_next(back));
	else
		redirect(req, "/o/%lld/actions", (long long)req->org_id);
}

void actions_update(struct request *req)
{
	if (!req->form.valid) {
		struct form kept = req->form;
		if (!action_plan_data(req, &action_filter_none))
			return;
		req->form = kept;
		form_again(req, "actions/list");
		put(req, "editing", json_integer(req->id));
		return;
	}
	struct action a = {
		.id = req->id,
		.title = (char *)form_value(&req->form, "title"),
		.owner = (char *)form_value(&req->form, "owner"),
		.due = (char *)form_value(&req->form, "due"),
		.status = (char *)form_value(&req->form, "status"),
		.note = (char *)form_value(&req->form, "note"),
		.cost = (char *)form_value(&req->form, "cost"),
	};
	enum store_status st = store_action_update(req->store, &req->actor, req->org_id, &a);
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	redirect(req, "/o/%lld/actions", (long long)req->org_id);
}

void actions_delete(struct request *req)
{
	enum store_status st = store_action_delete(req->store, &req->actor, req->org_id,
	                                           req->id);
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	redirect(req, "/o/%lld/actions", (long long)req->org_id);
}
