/*
 * risks.c - the risk assessment (METHOD.md §3): an organisation's scales
 * and thresholds, the answers to the "what if" questions, and the risk
 * scenarios of the full method.
 */
#include "store/sqlite_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- scales and thresholds ------------------------------------------------------ */

enum store_status store_risk_settings_get(struct store *store, int64_t org_id,
                                          struct risk_settings *out)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT impact_min, impact_max, likelihood_min, likelihood_max, vuln_min, "
		"vuln_max, low_max, medium_max, rud_low_max, rud_medium_max "
		"FROM risk_settings WHERE org_id = ?1");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	enum store_status status = stmt_row(store, st);
	if (status == STORE_NOT_FOUND) {
		risk_defaults(out);
		return STORE_OK;
	}
	if (status != STORE_OK)
		return status;
	*out = (struct risk_settings){
		.impact = {sqlite3_column_int(st, 0), sqlite3_column_int(st, 1)},
		.likelihood = {sqlite3_column_int(st, 2), sqlite3_column_int(st, 3)},
		.vulnerability = {sqlite3_column_int(st, 4), sqlite3_column_int(st, 5)},
		.low_max = sqlite3_column_int(st, 6),
		.medium_max = sqlite3_column_int(st, 7),
		.rudimentary_low_max = sqlite3_column_int(st, 8),
		.rudimentary_medium_max = sqlite3_column_int(st, 9),
	};
	stmt_done(st);
	return STORE_OK;
}

/* The columns holding values on one scale, as "table.column". */
static const char *const impact_columns[] = {
	"assets.impact_c", "assets.impact_i", "assets.impact_a",
	"risks.impact_c", "risks.impact_i", "risks.impact_a", NULL};
static const char *const likelihood_columns[] = {"risks.likelihood", NULL};
static const char *const vulnerability_columns[] = {"risks.vuln_level", NULL};

/* Rescales every value of org_id in the columns from one scale to another:
 * each distinct value is mapped once with risk_rescale. */
static enum store_status rescale_columns(struct store *store, int64_t org_id,
                                         const char *const *columns,
                                         struct risk_scale from, struct risk_scale to)
{
	if (from.min == to.min && from.max == to.max)
		return STORE_OK;
	enum store_status status = STORE_OK;
	for (size_t c = 0; status == STORE_OK && columns[c]; c++) {
		const char *dot = strchr(columns[c], '.');
		/* A CASE over the whole old range (and beyond, clamped) in one
		 * statement, so no value is mapped twice. */
		struct buf q = {0};
		buf_printf(&q, "UPDATE %.*s SET %s = CASE", (int)(dot - columns[c]), columns[c],
		           dot + 1);
		int hi = from.max > 127 ? 127 : from.max;
		for (int v = 0; v <= hi; v++)
			buf_printf(&q, " WHEN %s = %d THEN %d", dot + 1, v, risk_rescale(v, from, to));
		buf_printf(&q, " WHEN %s > %d THEN %d ELSE %s END WHERE org_id = ?1", dot + 1, hi,
		           risk_rescale(hi, from, to), dot + 1);
		/* Built here, so not for the statement cache (keyed by the text's address). */
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(store->db, q.data, -1, &st, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(st, 1, org_id);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(st);
		if (rc != SQLITE_DONE)
			status = store_status_from(store, rc, "rescaling risk values");
		sqlite3_finalize(st);
		buf_free(&q);
	}
	return status;
}

enum store_status store_risk_settings_set(struct store *store, const struct actor *who,
                                          int64_t org_id,
                                          const struct risk_settings *s)
{
	if (!risk_settings_valid(s))
		return store_fail("store_risk_settings_set: incoherent settings");
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	struct risk_settings old;
	status = org_exists(store, org_id);
	if (status == STORE_OK)
		status = store_risk_settings_get(store, org_id, &old);
	if (status == STORE_OK)
		status = rescale_columns(store, org_id, impact_columns, old.impact, s->impact);
	if (status == STORE_OK)
		status = rescale_columns(store, org_id, likelihood_columns, old.likelihood,
		                         s->likelihood);
	if (status == STORE_OK)
		status = rescale_columns(store, org_id, vulnerability_columns, old.vulnerability,
		                         s->vulnerability);
	if (status == STORE_OK) {
		sqlite3_stmt *st = stmt_get(store,
			"INSERT OR REPLACE INTO risk_settings (org_id, impact_min, impact_max, "
			"likelihood_min, likelihood_max, vuln_min, vuln_max, low_max, medium_max, "
			"rud_low_max, rud_medium_max, updated_at) "
			"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
		if (!st)
			status = STORE_ERROR;
		else {
			const int v[] = {s->impact.min, s->impact.max, s->likelihood.min,
				s->likelihood.max, s->vulnerability.min, s->vulnerability.max,
				s->low_max, s->medium_max, s->rudimentary_low_max,
				s->rudimentary_medium_max};
			bind_int(store, st, 1, org_id);
			for (int i = 0; i < 10; i++)
				bind_int(store, st, 2 + i, v[i]);
			bind_int(store, st, 12, (int64_t)time(NULL));
			status = stmt_exec(store, st);
		}
	}
	if (status == STORE_OK) {
		char object[OBJECT_NAME_MAX];
		object_name(object, sizeof object, "risk_settings", org_id);
		struct buf detail = {0};
		detail_begin(&detail);
		detail_int(&detail, "impact_max", s->impact.max);
		detail_int(&detail, "likelihood_max", s->likelihood.max);
		detail_int(&detail, "vulnerability_max", s->vulnerability.max);
		detail_int(&detail, "low_max", s->low_max);
		detail_int(&detail, "medium_max", s->medium_max);
		detail_end(&detail);
		status = audit_append_locked(store, who, org_id, "risk_settings.update", object,
		                             detail.data);
		buf_free(&detail);
	}
	return write_end(store, &unit, status);
}

/* ---- what-if answers ------------------------------------------------------------- */

void store_what_if_free(struct what_if_answer *list, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(list[i].what_if);
		free(list[i].measures);
	}
	free(list);
}

static enum store_status what_if_write(struct store *store, int64_t org_id,
                                       const struct what_if_answer *a, int64_t now)
{
	sqlite3_stmt *st;
	if (a->impact == -1 && a->likelihood == -1) {
		st = stmt_get(store, "DELETE FROM what_if_answers WHERE org_id = ?1 AND what_if = ?2");
		if (!st)
			return STORE_ERROR;
		bind_int(store, st, 1, org_id);
		bind_text(store, st, 2, a->what_if);
		return stmt_exec(store, st);
	}
	/* An unchanged answer keeps its promotion; a changed one loses it. */
	st = stmt_get(store,
		"INSERT INTO what_if_answers (org_id, what_if, impact, likelihood, measures, "
		"promoted_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6) "
		"ON CONFLICT (org_id, what_if) DO UPDATE SET impact = ?3, likelihood = ?4, "
		"measures = ?5, updated_at = ?6, promoted_at = 0 "
		"WHERE impact <> ?3 OR likelihood <> ?4 OR measures <> ?5");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	bind_text(store, st, 2, a->what_if);
	bind_int(store, st, 3, a->impact);
	bind_int(store, st, 4, a->likelihood);
	bind_text(store, st, 5, a->measures);
	bind_int(store, st, 6, now);
	return stmt_exec(store, st);
}

enum store_status store_what_if_save(struct store *store, const struct actor *who,
                                     int64_t org_id, const struct what_if_answer *answers,
                                     size_t count)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	int64_t now = (int64_t)time(NULL);
	status = org_exists(store, org_id);
	struct buf detail = {0};
	detail_begin(&detail);
	for (size_t i = 0; status == STORE_OK && i < count; i++) {
		status = what_if_write(store, org_id, &answers[i], now);
		char value[32];
		snprintf(value, sizeof value, "%d×%d", answers[i].impact, answers[i].likelihood);
		detail_text(&detail, answers[i].what_if, value);
	}
	detail_end(&detail);
	if (status == STORE_OK) {
		char object[OBJECT_NAME_MAX];
		object_name(object, sizeof object, "what_if", org_id);
		status = audit_append_locked(store, who, org_id, "what_if.answer", object,
		                             detail.data);
	}
	buf_free(&detail);
	return write_end(store, &unit, status);
}

enum store_status store_what_if_mark_promoted(struct store *store, const struct actor *who,
                                              int64_t org_id, int64_t now)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	sqlite3_stmt *st = stmt_get(store,
		"UPDATE what_if_answers SET promoted_at = ?2 WHERE org_id = ?1 AND promoted_at = 0");
	if (!st)
		status = STORE_ERROR;
	else {
		bind_int(store, st, 1, org_id);
		bind_int(store, st, 2, now);
		status = stmt_exec(store, st);
	}
	if (status == STORE_OK && stmt_changes(store) > 0) {
		char object[OBJECT_NAME_MAX];
		object_name(object, sizeof object, "what_if", org_id);
		status = audit_append_locked(store, who, org_id, "what_if.promote", object, "{}");
	}
	return write_end(store, &unit, status);
}

static void answer_read(sqlite3_stmt *st, void *item)
{
	struct what_if_answer *a = item;
	a->what_if = column_strdup(st, 0);
	a->impact = sqlite3_column_int(st, 1);
	a->likelihood = sqlite3_column_int(st, 2);
	a->measures = column_strdup(st, 3);
	a->promoted_at = sqlite3_column_int64(st, 4);
	a->updated_at = sqlite3_column_int64(st, 5);
}

static void answers_release(void *items, size_t count)
{
	store_what_if_free(items, count);
}

enum store_status store_what_if_list(struct store *store, int64_t org_id,
                                     struct what_if_answer **out, size_t *count)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT what_if, impact, likelihood, measures, promoted_at, updated_at "
		"FROM what_if_answers WHERE org_id = ?1 ORDER BY what_if");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	return stmt_collect(store, st, sizeof **out, answer_read, answers_release,
	                    out, count);
}

/* ---- risks ------------------------------------------------------------------------ */

#define RISK_COLUMNS \
	"id, asset_id, threat, vulnerability, likelihood, vuln_level, impact_c, impact_i, " \
	"impact_a, origin, treatment, note, created_at, updated_at"

void risk_free(struct risk *r)
{
	if (!r)
		return;
	free(r->threat);
	free(r->vulnerability);
	free(r->origin);
	free(r->treatment);
	free(r->note);
	r->threat = r->vulnerability = r->origin = r->treatment = r->note = NULL;
}

void store_risks_free(struct risk *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		risk_free(&list[i]);
	free(list);
}

static void risk_read(sqlite3_stmt *st, void *item)
{
	struct risk *out = item;
	out->id = sqlite3_column_int64(st, 0);
	out->asset_id = sqlite3_column_int64(st, 1);
	out->threat = column_strdup(st, 2);
	out->vulnerability = column_strdup(st, 3);
	out->likelihood = sqlite3_column_int(st, 4);
	out->vuln_level = sqlite3_column_int(st, 5);
	for (int k = 0; k < 3; k++)
		out->impact[k] = sqlite3_column_int(st, 6 + k);
	out->origin = column_strdup(st, 9);
	out->treatment = column_strdup(st, 10);
	out->note = column_strdup(st, 11);
	out->created_at = sqlite3_column_int64(st, 12);
	out->updated_at = sqlite3_column_int64(st, 13);
}

static enum store_status risk_audit(struct store *store, const struct actor *who,
                                    int64_t org_id, const char *what, int64_t id,
                                    const struct risk *r)
{
	char object[OBJECT_NAME_MAX];
	object_name(object, sizeof object, "risk", id);
	struct buf detail = {0};
	detail_begin(&detail);
	if (r) {
		if (r->threat) {   /* set on creation */
			detail_int(&detail, "asset", r->asset_id);
			detail_text(&detail, "threat", r->threat);
			detail_text(&detail, "vulnerability", r->vulnerability);
		}
		detail_int(&detail, "likelihood", r->likelihood);
		detail_int(&detail, "vuln_level", r->vuln_level);
		detail_int(&detail, "impact_c", r->impact[0]);
		detail_int(&detail, "impact_i", r->impact[1]);
		detail_int(&detail, "impact_a", r->impact[2]);
	}
	detail_end(&detail);
	enum store_status status = audit_append_locked(store, who, org_id, what, object,
	                                               detail.data);
	buf_free(&detail);
	return status;
}

/* The id of the risk with the same asset, threat and vulnerability. */
static enum store_status risk_find(struct store *store, int64_t org_id,
                                   const struct risk *r, int64_t *id)
{
	sqlite3_stmt *st = stmt_get(store, "SELECT id FROM risks WHERE org_id = ?1 "
	                            "AND asset_id = ?2 AND threat = ?3 AND vulnerability = ?4");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	bind_int(store, st, 2, r->asset_id);
	bind_text(store, st, 3, r->threat);
	bind_text(store, st, 4, r->vulnerability);
	enum store_status status = stmt_row(store, st);
	if (status == STORE_OK) {
		*id = sqlite3_column_int64(st, 0);
		stmt_done(st);
	}
	return status;
}

enum store_status store_risk_create(struct store *store, const struct actor *who,
                                    int64_t org_id, const struct risk *r, int64_t *id_out)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	int64_t id = 0, now = (int64_t)time(NULL);
	status = stmt_read_in_org(store, "SELECT 1 FROM assets WHERE org_id = ?1 AND id = ?2",
	                          org_id, r->asset_id, NULL, NULL);
	if (status == STORE_OK) {
		int64_t existing;
		status = risk_find(store, org_id, r, &existing);
		if (status == STORE_OK) {
			id = existing;
			status = STORE_CONFLICT;
		} else if (status == STORE_NOT_FOUND)
			status = STORE_OK;
	}
	if (status == STORE_OK)
		status = next_id_in_org(store,
			"SELECT coalesce(max(id), 0) + 1 FROM risks WHERE org_id = ?1", org_id, &id);
	if (status == STORE_OK) {
		sqlite3_stmt *st = stmt_get(store,
			"INSERT INTO risks (org_id, id, asset_id, threat, vulnerability, likelihood, "
			"vuln_level, impact_c, impact_i, impact_a, origin, treatment, note, "
			"created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
			"?11, 'untreated', ?12, ?13, ?13)");
		if (!st)
			status = STORE_ERROR;
		else {
			bind_int(store, st, 1, org_id);
			bind_int(store, st, 2, id);
			bind_int(store, st, 3, r->asset_id);
			bind_text(store, st, 4, r->threat);
			bind_text(store, st, 5, r->vulnerability);
			bind_int(store, st, 6, r->likelihood);
			bind_int(store, st, 7, r->vuln_level);
			for (int k = 0; k < 3; k++)
				bind_int(store, st, 8 + k, r->impact[k]);
			bind_text(store, st, 11, r->origin);
			bind_text(store, st, 12, r->note);
			bind_int(store, st, 13, now);
			status = stmt_exec(store, st);
		}
	}
	if (status == STORE_OK)
		status = risk_audit(store, who, org_id, "risk.create", id, r);
	status = write_end(store, &unit, status);
	if ((status == STORE_OK || status == STORE_CONFLICT) && id_out)
		*id_out = id;
	return status;
}

enum store_status store_risk_update(struct store *store, const struct actor *who,
                                    int64_t org_id, const struct risk *r)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	sqlite3_stmt *st = stmt_get(store,
		"UPDATE risks SET likelihood = ?3, vuln_level = ?4, impact_c = ?5, impact_i = ?6, "
		"impact_a = ?7, note = ?8, updated_at = ?9 WHERE org_id = ?1 AND id = ?2");
	if (!st)
		status = STORE_ERROR;
	else {
		bind_int(store, st, 1, org_id);
		bind_int(store, st, 2, r->id);
		bind_int(store, st, 3, r->likelihood);
		bind_int(store, st, 4, r->vuln_level);
		for (int k = 0; k < 3; k++)
			bind_int(store, st, 5 + k, r->impact[k]);
		bind_text(store, st, 8, r->note);
		bind_int(store, st, 9, (int64_t)time(NULL));
		status = stmt_exec(store, st);
		if (status == STORE_OK && stmt_changes(store) == 0)
			status = STORE_NOT_FOUND;
	}
	if (status == STORE_OK)
		status = risk_audit(store, who, org_id, "risk.update", r->id, r);
	return write_end(store, &unit, status);
}

enum store_status store_risk_delete(struct store *store, const struct actor *who,
                                    int64_t org_id, int64_t id)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	status = treatments_delete_for(store, false, org_id, id);
	if (status == STORE_OK)
		status = stmt_exec_in_org(store, "DELETE FROM risks WHERE org_id = ?1 AND id = ?2",
		                          org_id, id);
	if (status == STORE_OK)
		status = risk_audit(store, who, org_id, "risk.delete", id, NULL);
	return write_end(store, &unit, status);
}

enum store_status store_risk_get(struct store *store, int64_t org_id, int64_t id,
                                 struct risk *out)
{
	return stmt_read_in_org(store,
		"SELECT " RISK_COLUMNS " FROM risks WHERE org_id = ?1 AND id = ?2",
		org_id, id, risk_read, out);
}

int64_t store_risks_count(struct store *store, int64_t org_id)
{
	return stmt_count_in_org(store, "SELECT count(*) FROM risks WHERE org_id = ?1", org_id);
}

static void risks_release(void *items, size_t count)
{
	store_risks_free(items, count);
}

enum store_status store_risks_list(struct store *store, int64_t org_id,
                                   struct risk **out, size_t *count)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT " RISK_COLUMNS " FROM risks WHERE org_id = ?1 ORDER BY id");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	return stmt_collect(store, st, sizeof **out, risk_read, risks_release,
	                    out, count);
}
