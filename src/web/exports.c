/*
 * exports.c - the risk treatment as files to take away: the treatment plan
 * as a PDF (GET /o/:org/treatment/plan.pdf) and the risk register with its
 * decisions as an XLSX workbook (GET /o/:org/risks.xlsx).
 *
 * Both are drawn by src/report/treatment.c from the same JSON, built here
 * from the risk book (web/risk_book.h) in the reader's language: every
 * full-method risk, highest current value first, with its decision, its
 * measures (the actions of the plan that carry them out) and its values
 * as assessed, now and once the plan is carried out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "report/reports.h"
#include "web/handlers.h"
#include "web/risk_book.h"

static json_t *risk_json(struct request *req, const struct risk_book *book,
                         const struct risk_row *row, const struct member *members,
                         size_t member_count)
{
	const struct treatment_row *t = row->treatment;
	enum acceptance acceptance = ACCEPTANCE_NONE;
	if (t)
		acceptance_parse(t->acceptance, &acceptance);
	json_t *r = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:s}",
		"id", (json_int_t)row->risk->id, "asset", row->asset->name,
		"threat", row->threat ? kb_text(&row->threat->title, req->lang) : row->risk->threat,
		"vulnerability", row->vulnerability ? kb_text(&row->vulnerability->text, req->lang)
		                                    : row->risk->vulnerability,
		"likelihood", row->risk->likelihood >= 0 ? json_integer(row->risk->likelihood)
		                                        : json_null(),
		"vuln_level", row->risk->vuln_level >= 0 ? json_integer(row->risk->vuln_level)
		                                        : json_null(),
		"assessed", treatment_value_json(req, row->value, row->level),
		"current", treatment_value_json(req, row->result.current, row->current_level),
		"targeted", treatment_value_json(req, row->result.targeted, row->targeted_level),
		"decision", decision_names[row->decision],
		"decision_label", row->decision ? _(req, decision_labels[row->decision]) : "",
		"justification", t ? t->justification : "");
	json_object_set_new(r, "party", json_string(t ? t->party : ""));
	json_object_set_new(r, "shared", json_boolean(row->result.shared));
	json_object_set_new(r, "acceptance", json_string(acceptance_names[acceptance]));
	json_object_set_new(r, "acceptance_label",
		json_string(acceptance ? _(req, acceptance_labels[acceptance]) : ""));
	json_object_set_new(r, "signed", t && acceptance >= ACCEPTANCE_ACCEPTED
		? treatment_signature(t, members, member_count) : json_string(""));
	json_object_set_new(r, "measures", treatment_measures_json(req, book, row->risk->id));
	return r;
}

/* Highest current value first (not evaluated last), then by id. */
static int by_current(const void *x, const void *y)
{
	const struct risk_row *a = *(const struct risk_row *const *)x;
	const struct risk_row *b = *(const struct risk_row *const *)y;
	if (a->result.current != b->result.current)
		return a->result.current > b->result.current ? -1 : 1;
	return a->risk->id < b->risk->id ? -1 : a->risk->id > b->risk->id;
}

/* Puts into req->data: "risks" (every full-method risk as above),
 * "summary" (per level, how many risks now and targeted), "decisions"
 * (each decision's value, label and hint, in plan order) and "threshold"
 * (the highest acceptable value). False if answered (500). */
static bool export_data(struct request *req)
{
	struct risk_book book;
	if (risk_book_load(req->store, req->org_id, &book) != STORE_OK) {
		fail(req, 500, NULL);
		return false;
	}
	struct member *members = NULL;
	size_t member_count = 0;
	const struct risk_row **order = malloc((book.risk_count ? book.risk_count : 1) *
	                                       sizeof *order);
	if (!order || store_members_list(req->store, req->org_id, &members, &member_count)
	              != STORE_OK) {
		free(order);
		risk_book_free(&book);
		fail(req, 500, NULL);
		return false;
	}
	for (size_t i = 0; i < book.risk_count; i++)
		order[i] = &book.rows[i];
	qsort(order, book.risk_count, sizeof *order, by_current);

	json_t *risks = json_array();
	int now[4] = {0}, targeted[4] = {0};   /* by enum risk_level */
	for (size_t i = 0; i < book.risk_count; i++) {
		json_array_append_new(risks, risk_json(req, &book, order[i], members, member_count));
		now[order[i]->current_level]++;
		targeted[order[i]->targeted_level]++;
	}
	json_t *summary = json_array();
	for (int level = LEVEL_HIGH; level >= LEVEL_NOT_EVALUATED; level--)
		json_array_append_new(summary, json_pack("{s:s, s:s, s:i, s:i}",
			"level", risk_level_name((enum risk_level)level),
			"label", _(req, risk_level_label((enum risk_level)level)),
			"now", now[level], "targeted", targeted[level]));
	json_t *decisions = json_array();
	for (int d = 1; d < DECISION_COUNT; d++)
		json_array_append_new(decisions, json_pack("{s:s, s:s, s:s}",
			"value", decision_names[d], "label", _(req, decision_labels[d]),
			"hint", _(req, decision_hints[d])));
	put(req, "risks", risks);
	put(req, "summary", summary);
	put(req, "decisions", decisions);
	put(req, "threshold", json_integer(book.settings.low_max));
	free(order);
	store_members_free(members, member_count);
	risk_book_free(&book);
	return true;
}

/* Builds the export with make, then answers it as an attachment named
 * NAME-ORG-DAY.EXT. */
static void send_export(struct request *req,
                        int (*make)(json_t *, const struct report_context *, struct buf *),
                        const char *name, const char *ext, const char *content_type)
{
	struct org org;
	enum store_status st = store_org_get(req->store, req->org_id, &org);
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	char today[11];
	date_format(date_from_unix(req->now), today);
	struct report_context ctx = {req->lang, org.name, today};
	struct buf file = {0};
	bool made = export_data(req) && make(req->data, &ctx, &file) == 0;
	org_free(&org);
	if (!made) {
		buf_free(&file);
		if (!req->status)
			fail(req, 500, NULL);
		return;
	}
	char disposition[96];
	snprintf(disposition, sizeof disposition, "attachment; filename=\"%s-%lld-%s.%s\"",
	         name, (long long)req->org_id, today, ext);
	add_header(req, "Content-Disposition", disposition);
	req->status = 200;
	req->content_type = content_type;
	req->body_out_len = file.len;
	req->body_out = buf_steal(&file);
	req->body_out_owned = true;
}

void exports_plan_pdf(struct request *req)
{
	send_export(req, report_treatment_plan, "treatment-plan", "pdf", "application/pdf");
}

void exports_register_xlsx(struct request *req)
{
	send_export(req, report_risk_register_xlsx, "risks", "xlsx",
	            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}
