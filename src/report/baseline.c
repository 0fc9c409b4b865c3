/*
 * baseline.c - the baseline result as a PDF: the score, a chart per
 * topic, the gaps in the order to tackle them, and the action plan.
 *
 * It draws exactly the data the result page shows (the JSON built by
 * web/baseline.c), so the page and the document cannot disagree.
 */
#include "report/reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/document.h"

static const char *text_of(json_t *object, const char *key)
{
	const char *s = json_string_value(json_object_get(object, key));
	return s ? s : "";
}

static long long int_of(json_t *object, const char *key)
{
	return json_integer_value(json_object_get(object, key));
}

/* "72 %", or "–" when there is no percentage. */
static void percent_text(long long percent, char *out, size_t len)
{
	if (percent < 0)
		snprintf(out, len, "–");
	else
		snprintf(out, len, "%lld %%", percent);
}

static void score_section(struct document *doc, json_t *data, const struct catalog *lang)
{
	json_t *score = json_object_get(data, "score");
	char value[32], points[128];
	percent_text(int_of(score, "percent"), value, sizeof value);
	document_figure(doc, i18n_gettext(lang, "Score"), value);
	snprintf(points, sizeof points, i18n_gettext(lang, "%s of %s points"),
	         text_of(score, "points"), text_of(score, "max"));
	document_note(doc, points);
	json_t *previous = json_object_get(data, "previous");
	if (previous) {
		char line[256], before[32];
		percent_text(int_of(previous, "percent"), before, sizeof before);
		snprintf(line, sizeof line, "%s: %s (%s)",
		         i18n_gettext(lang, "Previous assessment"), before,
		         text_of(json_object_get(previous, "assessment"), "completed"));
		document_note(doc, line);
	}
}

static void topics_section(struct document *doc, json_t *data, const struct catalog *lang)
{
	json_t *topics = json_object_get(data, "topics");
	size_t count = json_array_size(topics);
	struct document_bar *bars = calloc(count ? count : 1, sizeof *bars);
	char (*labels)[32] = calloc(count ? count : 1, sizeof *labels);
	if (!bars || !labels) {
		free(bars);
		free(labels);
		return;
	}
	for (size_t i = 0; i < count; i++) {
		json_t *t = json_array_get(topics, i);
		long long percent = int_of(t, "percent");
		percent_text(percent, labels[i], sizeof labels[i]);
		bars[i] = (struct document_bar){text_of(t, "title"),
		                                percent < 0 ? 0 : (double)percent, labels[i]};
	}
	document_heading(doc, 2, i18n_gettext(lang, "Per topic"));
	document_bar_chart(doc, bars, count, 100);
	free(bars);
	free(labels);
}

static void gaps_section(struct document *doc, json_t *data, const struct catalog *lang)
{
	json_t *gaps = json_object_get(data, "gaps");
	document_heading(doc, 2, i18n_gettext(lang, "What to do first"));
	if (json_array_size(gaps) == 0) {
		document_paragraph(doc, i18n_gettext(lang,
			"No gaps: every applicable question is answered yes."));
		return;
	}
	const struct document_column columns[] = {
		{"#", 0.06, ALIGN_RIGHT},
		{i18n_gettext(lang, "Question"), 0.40, ALIGN_LEFT},
		{i18n_gettext(lang, "Your answer"), 0.14, ALIGN_LEFT},
		{i18n_gettext(lang, "How to do it"), 0.40, ALIGN_LEFT},
	};
	document_table_begin(doc, columns, 4);
	size_t index;
	json_t *g;
	json_array_foreach(gaps, index, g) {
		char rank[16];
		snprintf(rank, sizeof rank, "%lld", int_of(g, "rank"));
		char question[1024];
		snprintf(question, sizeof question, "%s%s", text_of(g, "text"),
		         json_is_true(json_object_get(g, "top"))
		         ? "  ★" : "");
		const char *cells[] = {rank, question, text_of(g, "answer_label"),
		                       text_of(g, "how")};
		document_table_row(doc, cells);
	}
	document_table_end(doc);
	document_note(doc, i18n_gettext(lang, "★ essential: counts three times, in both directions."));
}

static void actions_section(struct document *doc, json_t *actions, const struct catalog *lang)
{
	document_heading(doc, 2, i18n_gettext(lang, "Action plan"));
	if (json_array_size(actions) == 0) {
		document_paragraph(doc, i18n_gettext(lang, "No actions planned yet."));
		return;
	}
	const struct document_column columns[] = {
		{i18n_gettext(lang, "Action"), 0.50, ALIGN_LEFT},
		{i18n_gettext(lang, "Who"), 0.20, ALIGN_LEFT},
		{i18n_gettext(lang, "By when"), 0.14, ALIGN_LEFT},
		{i18n_gettext(lang, "Status"), 0.16, ALIGN_LEFT},
	};
	document_table_begin(doc, columns, 4);
	size_t index;
	json_t *a;
	json_array_foreach(actions, index, a) {
		const char *cells[] = {text_of(a, "title"), text_of(a, "owner"),
		                       text_of(a, "due"), text_of(a, "status_label")};
		document_table_row(doc, cells);
	}
	document_table_end(doc);
}

int report_baseline(json_t *data, json_t *actions, const struct report_context *ctx,
                    struct buf *out)
{
	const struct catalog *lang = ctx->lang;
	struct document_info info = {
		.title = i18n_gettext(lang, "Baseline self-assessment"),
		.organisation = ctx->organisation,
		.date = ctx->date,
		.page_label = i18n_gettext(lang, "Page %d of %d"),
		.lang = i18n_code(lang),
	};
	struct document *doc = document_new(&info);
	if (!doc)
		return -1;
	document_heading(doc, 1, i18n_gettext(lang, "Baseline self-assessment"));
	json_t *assessment = json_object_get(data, "assessment");
	char when[400];
	int used = snprintf(when, sizeof when, i18n_gettext(lang, "Started on %s"),
	                    text_of(assessment, "started"));
	if (json_is_true(json_object_get(assessment, "done")) && used > 0 &&
	    (size_t)used < sizeof when) {
		snprintf(when + used, sizeof when - (size_t)used, " · ");
		used += (int)strlen(when + used);
		snprintf(when + used, sizeof when - (size_t)used,
		         i18n_gettext(lang, "completed on %s"), text_of(assessment, "completed"));
	}
	document_note(doc, when);
	score_section(doc, data, lang);
	topics_section(doc, data, lang);
	gaps_section(doc, data, lang);
	actions_section(doc, actions, lang);
	return document_finish(doc, out);
}
