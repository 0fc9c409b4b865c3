/*
 * baseline.c - the baseline self-assessment ("Onderneming 1.0", module 1):
 * the overview with past runs, the questionnaire topic by topic (answers
 * saved as the user goes), and the result with its score, the gaps ranked
 * by importance and the comparison with the previous run.
 *
 * The questions come from the knowledge base (src/kb, kb/baseline.json);
 * the scoring from core/baseline.c. The answers form is declared from the
 * knowledge base at start-up: one choice field per question.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/baseline.h"
#include "kb/kb.h"
#include "report/reports.h"
#include "web/handlers.h"

/* ---- the answers form, declared from the knowledge base ------------------ */

static const char *const answer_choices[] = {"", "yes", "partly", "no", "na", NULL};
static struct field answer_fields[FORM_MAX_FIELDS];
struct form_spec baseline_answers_spec = {answer_fields, 0};

/* Fields: the topic shown, where to go next, and one per question. */
int baseline_web_init(char *err, size_t errlen)
{
	const struct kb_baseline *kb = kb_baseline();
	size_t n = 0;
	answer_fields[n++] = (struct field){"topic", FIELD_TEXT, false, 0, 40, NULL};
	answer_fields[n++] = (struct field){"go", FIELD_TEXT, false, 0, 40, NULL};
	for (size_t i = 0; kb && i < kb->question_count; i++) {
		if (n == FORM_MAX_FIELDS) {
			/* One topic's questions are posted at a time, but the form
			 * declares every question: widen FORM_MAX_FIELDS if the
			 * questionnaire grows. */
			snprintf(err, errlen, "more baseline questions than FORM_MAX_FIELDS");
			return -1;
		}
		answer_fields[n++] = (struct field){kb->questions[i].id, FIELD_CHOICE,
		                                    false, 0, 0, answer_choices};
	}
	baseline_answers_spec.count = n;
	return 0;
}

/* ---- loading a run -------------------------------------------------------- */

/* A run with its answers, indexed like the knowledge base's questions. */
struct run {
	struct assessment assessment;
	enum answer *answers;       /* owned */
	struct baseline_score score;
};

static void collect_answer(void *ctx, const char *question, const char *text)
{
	enum answer *answers = ctx;
	size_t index;
	enum answer answer;
	/* Answers to questions no longer in the knowledge base are kept in
	 * the database but count nowhere. */
	if (kb_question_find(question, &index) && answer_parse(text, &answer))
		answers[index] = answer;
}

/* Loads run id of the request's organisation and scores it; false when an
 * answer (404, 500) has been set. */
static bool run_load(struct request *req, int64_t id, struct run *run)
{
	const struct kb_baseline *kb = kb_baseline();
	enum store_status st = store_assessment_get(req->store, req->org_id, id,
	                                            &run->assessment);
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 404 : 500, NULL);
		return false;
	}
	run->answers = calloc(kb->question_count, sizeof *run->answers);
	if (!run->answers ||
	    store_answers_each(req->store, req->org_id, id, collect_answer,
	                       run->answers) != STORE_OK) {
		free(run->answers);
		run->answers = NULL;
		fail(req, 500, NULL);
		return false;
	}
	baseline_score(kb->scoring, run->answers, kb->question_count, kb->topic_count,
	               &run->score);
	return true;
}

static void run_free(struct run *run)
{
	free(run->answers);
	run->answers = NULL;
}

/* The most recent completed run before run id (0 if none). */
static int64_t previous_completed(struct request *req, int64_t id)
{
	struct assessment *list;
	size_t count;
	int64_t previous = 0;
	if (store_assessments_list(req->store, req->org_id, &list, &count) != STORE_OK)
		return 0;
	for (size_t i = 0; i < count && !previous; i++)
		if (list[i].id < id && list[i].completed_at)
			previous = list[i].id;
	free(list);
	return previous;
}

static void format_day(int64_t unix_time, char out[11])
{
	time_t t = (time_t)unix_time;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Points with one decimal when there is a half, in the reader's way of
 * writing it ("12.5" in English, "12,5" in Dutch, French and German). */
static void points_text(const struct request *req, int half_points, char *out, size_t len)
{
	snprintf(out, len, half_points % 2 ? "%.1f" : "%.0f", half_points / 2.0);
	char *dot = strchr(out, '.');
	if (dot && strcmp(req->lang_code, "en") != 0)
		*dot = ',';
}

/* {points, max, percent, answered, unanswered, gaps} of a tally; points
 * as text, since halves show as "12.5". */
static json_t *tally_json(const struct request *req, const struct baseline_tally *t)
{
	char points[24], max[24];
	points_text(req, t->half_points, points, sizeof points);
	points_text(req, t->half_max, max, sizeof max);
	return json_pack("{s:s, s:s, s:i, s:i, s:i, s:i}", "points", points, "max", max,
		"percent", baseline_percent(t), "answered", t->answered,
		"unanswered", t->unanswered, "gaps", t->gaps);
}

static json_t *assessment_json(const struct assessment *a)
{
	char started[11], completed[11] = "";
	format_day(a->started_at, started);
	if (a->completed_at)
		format_day(a->completed_at, completed);
	return json_pack("{s:I, s:s, s:s, s:b, s:I}", "id", (json_int_t)a->id,
		"started", started, "completed", completed, "done", a->completed_at != 0,
		"answered", (json_int_t)a->answered);
}

/* ---- summary for the dashboard ------------------------------------------------- */

json_t *baseline_summary(struct request *req)
{
	struct assessment *list;
	size_t count;
	if (store_assessments_list(req->store, req->org_id, &list, &count) != STORE_OK)
		return json_null();
	json_t *summary = json_object();
	for (size_t i = 0; i < count; i++) {
		if (!list[i].completed_at) {
			if (i == 0)
				json_object_set_new(summary, "open", assessment_json(&list[i]));
			continue;
		}
		struct run run = {0};
		if (run_load(req, list[i].id, &run)) {
			json_t *latest = tally_json(req, &run.score.total);
			json_object_set_new(latest, "assessment", assessment_json(&list[i]));
			json_object_set_new(summary, "latest", latest);
			run_free(&run);
		}
		break;
	}
	free(list);
	return summary;
}

/* ---- overview ----------------------------------------------------------------- */

void baseline_overview(struct request *req)
{
	const struct kb_baseline *kb = kb_baseline();
	struct assessment *list;
	size_t count;
	if (store_assessments_list(req->store, req->org_id, &list, &count) != STORE_OK) {
		fail(req, 500, NULL);
		return;
	}
	json_t *runs = json_array();
	for (size_t i = 0; i < count; i++) {
		json_t *run = assessment_json(&list[i]);
		struct run loaded = {0};
		if (list[i].completed_at && run_load(req, list[i].id, &loaded)) {
			json_object_set_new(run, "score", tally_json(req, &loaded.score.total));
			run_free(&loaded);
		}
		json_array_append_new(runs, run);
	}
	bool open_run = count > 0 && !list[0].completed_at;
	free(list);
	put(req, "runs", runs);
	put(req, "open", json_boolean(open_run));
	put(req, "question_count", json_integer((json_int_t)kb->question_count));
	page(req, "baseline/overview");
}

void baseline_start(struct request *req)
{
	/* A run still open is continued, not doubled (a second click on
	 * "Start" would otherwise leave two half-done runs). */
	struct assessment *list;
	size_t count;
	if (store_assessments_list(req->store, req->org_id, &list, &count) != STORE_OK) {
		fail(req, 500, NULL);
		return;
	}
	int64_t open_id = count && !list[0].completed_at ? list[0].id : 0;
	free(list);
	if (open_id) {
		put(req, "id", json_integer(open_id));
		redirect(req, "/o/%lld/baseline/%lld", (long long)req->org_id, (long long)open_id);
		return;
	}
	int64_t id;
	if (store_assessment_create(req->store, &req->actor, req->org_id, &id) != STORE_OK) {
		fail(req, 500, NULL);
		return;
	}
	put(req, "id", json_integer(id));
	redirect(req, "/o/%lld/baseline/%lld", (long long)req->org_id, (long long)id);
}

/* ---- the questionnaire ---------------------------------------------------------- */

static const char *const answer_labels[] = {
	[ANSWER_YES] = N_("Yes"), [ANSWER_PARTLY] = N_("Partly"),
	[ANSWER_NO] = N_("No"), [ANSWER_NA] = N_("Not applicable"),
};

/* The topic index named by the form or query ("" = the first). */
static size_t topic_index(const char *id)
{
	const struct kb_baseline *kb = kb_baseline();
	for (size_t t = 0; id && t < kb->topic_count; t++)
		if (strcmp(kb->topics[t].id, id) == 0)
			return t;
	return 0;
}

static json_t *questions_json(struct request *req, const struct run *run, size_t topic)
{
	const struct kb_baseline *kb = kb_baseline();
	json_t *list = json_array();
	for (size_t i = 0; i < kb->question_count; i++) {
		const struct kb_question *q = &kb->questions[i];
		if (q->topic != topic)
			continue;
		json_t *options = json_array();
		for (int a = ANSWER_YES; a <= ANSWER_NA; a++)
			json_array_append_new(options, json_pack("{s:s, s:s, s:b}",
				"value", answer_name((enum answer)a),
				"label", _(req, answer_labels[a]),
				"checked", run->answers[i] == (enum answer)a));
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:o}",
			"id", q->id, "text", kb_text(&q->text, req->lang),
			"why", kb_text(&q->why, req->lang), "how", kb_text(&q->how, req->lang),
			"top", q->top, "answer", answer_name(run->answers[i]),
			"options", options));
	}
	return list;
}

static json_t *topics_json(struct request *req, const struct run *run, size_t current)
{
	const struct kb_baseline *kb = kb_baseline();
	json_t *list = json_array();
	for (size_t t = 0; t < kb->topic_count; t++) {
		const struct baseline_tally *tally = &run->score.topics[t];
		json_array_append_new(list, json_pack("{s:s, s:s, s:i, s:i, s:b, s:b}",
			"id", kb->topics[t].id, "title", kb_text(&kb->topics[t].title, req->lang),
			"answered", tally->answered,
			"total", tally->answered + tally->unanswered,
			"complete", tally->unanswered == 0, "current", t == current));
	}
	return list;
}

static const struct field baseline_query_fields[] = {
	{"topic", FIELD_TEXT, false, 0, 40, NULL},
};
const struct form_spec baseline_query_spec = {baseline_query_fields, 1};

/* Fills the questionnaire page for topic of run. */
static void questionnaire_page(struct request *req, struct run *run, size_t topic)
{
	const struct kb_baseline *kb = kb_baseline();
	put(req, "assessment", assessment_json(&run->assessment));
	put(req, "topics", topics_json(req, run, topic));
	put(req, "topic", json_pack("{s:s, s:s, s:I, s:b}", "id", kb->topics[topic].id,
		"title", kb_text(&kb->topics[topic].title, req->lang),
		"number", (json_int_t)(topic + 1), "last", topic + 1 == kb->topic_count));
	if (topic + 1 < kb->topic_count)
		put(req, "next_topic", json_string(kb->topics[topic + 1].id));
	put(req, "questions", questions_json(req, run, topic));
	put(req, "progress", tally_json(req, &run->score.total));
	put(req, "question_count", json_integer((json_int_t)kb->question_count));
	page(req, "baseline/questionnaire");
}

void baseline_questionnaire(struct request *req)
{
	struct run run = {0};
	if (!run_load(req, req->id, &run))
		return;
	if (run.assessment.completed_at) {
		/* A completed run is kept as it was: show its result. */
		run_free(&run);
		redirect(req, "/o/%lld/baseline/%lld/result", (long long)req->org_id,
		         (long long)req->id);
		return;
	}
	questionnaire_page(req, &run, topic_index(form_value(&req->form, "topic")));
	run_free(&run);
}

void baseline_answer(struct request *req)
{
	const struct kb_baseline *kb = kb_baseline();
	const char *questions[FORM_MAX_FIELDS], *answers[FORM_MAX_FIELDS];
	size_t count = 0;
	for (size_t i = 0; i < kb->question_count; i++) {
		const char *value = form_value(&req->form, kb->questions[i].id);
		if (value[0]) {   /* an absent question keeps its answer */
			questions[count] = kb->questions[i].id;
			answers[count++] = value;
		}
	}
	if (!req->form.valid) {
		fail(req, 400, NULL);
		return;
	}
	enum store_status st = count ? store_answers_set(req->store, &req->actor,
		req->org_id, req->id, questions, answers, count, req->now) : STORE_OK;
	if (st == STORE_OK && count == 0) {
		struct assessment a;   /* still say 404 for someone else's run */
		st = store_assessment_get(req->store, req->org_id, req->id, &a);
	}
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 404 : st == STORE_CONFLICT ? 409 : 500,
		     st == STORE_CONFLICT ? N_("This assessment is completed and can no longer be changed.") : NULL);
		return;
	}
	const char *go = form_value(&req->form, "go");
	if (strcmp(go, "result") == 0)
		redirect(req, "/o/%lld/baseline/%lld/result", (long long)req->org_id,
		         (long long)req->id);
	else
		redirect(req, "/o/%lld/baseline/%lld?topic=%s", (long long)req->org_id,
		         (long long)req->id,
		         kb->topics[topic_index(go[0] ? go : form_value(&req->form, "topic"))].id);
}

void baseline_complete(struct request *req)
{
	enum store_status st = store_assessment_complete(req->store, &req->actor,
	                                                 req->org_id, req->id, req->now);
	if (st != STORE_OK && st != STORE_CONFLICT) {
		fail(req, st == STORE_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	redirect(req, "/o/%lld/baseline/%lld/result", (long long)req->org_id,
	         (long long)req->id);
}

/* ---- the result ---------------------------------------------------------------- */

static const char *trend_name(enum trend trend)
{
	switch (trend) {
	case TREND_BETTER: return "better";
	case TREND_WORSE: return "worse";
	case TREND_SAME: return "same";
	default: return "";
	}
}

/* Actions already in the plan for a baseline question: status by id. */
static json_t *planned_actions(struct request *req)
{
	json_t *by_question = json_object();
	struct action *list;
	size_t count;
	if (store_actions_list(req->store, req->org_id, &list, &count) != STORE_OK)
		return by_question;
	for (size_t i = 0; i < count; i++)
		if (strcmp(list[i].source, "baseline") == 0)
			json_object_set_new(by_question, list[i].source_ref,
			                    json_string(list[i].status));
	store_actions_free(list, count);
	return by_question;
}

static json_t *gaps_json(struct request *req, const struct run *run)
{
	const struct kb_baseline *kb = kb_baseline();
	size_t *order = calloc(kb->question_count, sizeof *order);
	if (!order)
		return json_array();
	size_t n = baseline_gaps(kb->scoring, run->answers, kb->question_count, order);
	json_t *planned = planned_actions(req);
	json_t *list = json_array();
	for (size_t k = 0; k < n; k++) {
		const struct kb_question *q = &kb->questions[order[k]];
		json_t *status = json_object_get(planned, q->id);
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s}",
			"rank", (json_int_t)(k + 1), "id", q->id,
			"text", kb_text(&q->text, req->lang), "how", kb_text(&q->how, req->lang),
			"topic", kb_text(&kb->topics[q->topic].title, req->lang), "top", q->top,
			"answer", answer_name(run->answers[order[k]]),
			"answer_label", _(req, answer_labels[run->answers[order[k]]]),
			"planned", status ? json_string_value(status) : "",
			"planned_label", status ? action_status_label(req, json_string_value(status)) : ""));
	}
	json_decref(planned);
	free(order);
	return list;
}

/* Per topic: its score, and the trend against the previous run if any. */
static json_t *topic_scores_json(struct request *req, const struct run *run,
                                 const struct run *previous)
{
	const struct kb_baseline *kb = kb_baseline();
	json_t *list = json_array();
	for (size_t t = 0; t < kb->topic_count; t++) {
		json_t *item = tally_json(req, &run->score.topics[t]);
		json_object_set_new(item, "title",
		                    json_string(kb_text(&kb->topics[t].title, req->lang)));
		json_object_set_new(item, "id", json_string(kb->topics[t].id));
		if (previous) {
			json_object_set_new(item, "before",
				json_integer(baseline_percent(&previous->score.topics[t])));
			json_object_set_new(item, "trend", json_string(trend_name(
				baseline_trend(&previous->score.topics[t], &run->score.topics[t]))));
		}
		json_array_append_new(list, item);
	}
	return list;
}

/* Loads run id and the run before it, for the result and its PDF. */
bool baseline_result_data(struct request *req)
{
	struct run run = {0}, previous = {0};
	if (!run_load(req, req->id, &run))
		return false;
	int64_t previous_id = previous_completed(req, req->id);
	bool has_previous = previous_id && run_load(req, previous_id, &previous);
	if (previous_id && !has_previous) {
		run_free(&run);
		return false;
	}
	put(req, "assessment", assessment_json(&run.assessment));
	put(req, "score", tally_json(req, &run.score.total));
	put(req, "topics", topic_scores_json(req, &run, has_previous ? &previous : NULL));
	put(req, "gaps", gaps_json(req, &run));
	if (has_previous) {
		json_t *before = tally_json(req, &previous.score.total);
		json_object_set_new(before, "assessment", assessment_json(&previous.assessment));
		json_object_set_new(before, "trend", json_string(trend_name(
			baseline_trend(&previous.score.total, &run.score.total))));
		put(req, "previous", before);
	}
	run_free(&run);
	run_free(&previous);
	return true;
}

void baseline_result(struct request *req)
{
	if (baseline_result_data(req))
		page(req, "baseline/result");
}

/* The result as a PDF to hand to an accountant or insurer. */
void baseline_report(struct request *req)
{
	struct org org;
	enum store_status st = store_org_get(req->store, req->org_id, &org);
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	char today[11];
	format_day(req->now, today);
	struct report_context ctx = {req->lang, org.name, today};
	struct buf pdf = {0};
	bool made = baseline_result_data(req) && action_plan_data(req, &action_filter_none) &&
	            report_baseline(req->data, json_object_get(req->data, "actions"),
	                            &ctx, &pdf) == 0;
	org_free(&org);
	if (!made) {
		buf_free(&pdf);
		if (!req->status)
			fail(req, 500, NULL);
		return;
	}
	char disposition[80];
	snprintf(disposition, sizeof disposition,
	         "attachment; filename=\"baseline-%lld-%s.pdf\"", (long long)req->id, today);
	add_header(req, "Content-Disposition", disposition);
	req->status = 200;
	req->content_type = "application/pdf";
	req->body_out_len = pdf.len;
	req->body_out = buf_steal(&pdf);
	req->body_out_owned = true;
}
