/*
 * treatments.c - risk treatment (METHOD.md §4): the decision for each
 * risk, the catalogue measures chosen for it (each carried out by one
 * action of the organisation's plan, shared by every risk it treats), and
 * the history of a risk's current vulnerability as those actions get done.
 */
#include "store/sqlite_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/treatment.h"

/* ---- decisions ------------------------------------------------------------------ */

static void treatment_read(sqlite3_stmt *st, void *item)
{
	struct treatment_row *t = item;
	t->risk_id = sqlite3_column_int64(st, 0);
	t->decision = column_strdup(st, 1);
	t->justification = column_strdup(st, 2);
	t->party = column_strdup(st, 3);
	t->acceptance = column_strdup(st, 4);
	t->approved_by = sqlite3_column_int64(st, 5);
	t->approved_at = sqlite3_column_int64(st, 6);
	t->updated_at = sqlite3_column_int64(st, 7);
}

void store_treatments_free(struct treatment_row *list, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(list[i].decision);
		free(list[i].justification);
		free(list[i].party);
		free(list[i].acceptance);
	}
	free(list);
}

static void treatments_release(void *items, size_t count)
{
	store_treatments_free(items, count);
}

enum store_status store_treatments_list(struct store *store, int64_t org_id,
                                        struct treatment_row **out, size_t *count)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT risk_id, decision, justification, party, acceptance, approved_by, "
		"approved_at, updated_at FROM treatments WHERE org_id = ?1 ORDER BY risk_id");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	return stmt_collect(store, st, sizeof **out, treatment_read, treatments_release,
	                    out, count);
}

static enum store_status risk_exists(struct store *store, int64_t org_id, int64_t risk_id)
{
	return stmt_read_in_org(store, "SELECT 1 FROM risks WHERE org_id = ?1 AND id = ?2",
	                        org_id, risk_id, NULL, NULL);
}

enum store_status store_treatment_save(struct store *store, const struct actor *who,
                                       int64_t org_id, const struct treatment_row *t)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	int64_t now = (int64_t)time(NULL);
	status = risk_exists(store, org_id, t->risk_id);
	if (status == STORE_OK) {
		sqlite3_stmt *st = stmt_get(store,
			"INSERT OR REPLACE INTO treatments (org_id, risk_id, decision, justification, "
			"party, acceptance, approved_by, approved_at, decided_by, updated_at) "
			"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
		if (!st)
			status = STORE_ERROR;
		else {
			bind_int(store, st, 1, org_id);
			bind_int(store, st, 2, t->risk_id);
			bind_text(store, st, 3, t->decision);
			bind_text(store, st, 4, t->justification);
			bind_text(store, st, 5, t->party);
			bind_text(store, st, 6, t->acceptance);
			bind_int(store, st, 7, t->approved_by);
			bind_int(store, st, 8, t->approved_at);
			bind_int(store, st, 9, who->user_id);
			bind_int(store, st, 10, now);
			status = stmt_exec(store, st);
		}
	}
	if (status == STORE_OK) {
		sqlite3_stmt *st = stmt_get(store,
			"UPDATE risks SET treatment = ?3, updated_at = ?4 WHERE org_id = ?1 AND id = ?2");
		if (!st)
			status = STORE_ERROR;
		else {
			bind_int(store, st, 1, org_id);
			bind_int(store, st, 2, t->risk_id);
			bind_text(store, st, 3, t->decision);
			bind_int(store, st, 4, now);
			status = stmt_exec(store, st);
		}
	}
	if (status == STORE_OK) {
		char object[OBJECT_NAME_MAX];
		object_name(object, sizeof object, "risk", t->risk_id);
		struct buf detail = {0};
		detail_begin(&detail);
		detail_text(&detail, "decision", t->decision);
		detail_text(&detail, "justification", t->justification);
		detail_text(&detail, "party", t->party);
		detail_text(&detail, "acceptance", t->acceptance);
		detail_int(&detail, "approved_by", t->approved_by);
		detail_end(&detail);
		status = audit_append_locked(store, who, org_id, "risk.treatment", object,
		                             detail.data);
		buf_free(&detail);
	}
	return write_end(store, &unit, status);
}

/* ---- measures ------------------------------------------------------------------- */

static void risk_measure_read(sqlite3_stmt *st, void *item)
{
	struct risk_measure_row *m = item;
	m->risk_id = sqlite3_column_int64(st, 0);
	m->measure = column_strdup(st, 1);
	m->action_id = sqlite3_column_int64(st, 2);
	m->reduction = sqlite3_column_int(st, 3);
}

void store_risk_measures_free(struct risk_measure_row *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(list[i].measure);
	free(list);
}

static void risk_measures_release(void *items, size_t count)
{
	store_risk_measures_free(items, count);
}

enum store_status store_risk_measures_list(struct store *store, int64_t org_id,
                                           struct risk_measure_row **out, size_t *count)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT risk_id, measure, action_id, reduction FROM risk_measures "
		"WHERE org_id = ?1 ORDER BY risk_id, measure");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	return stmt_collect(store, st, sizeof **out, risk_measure_read, risk_measures_release,
	                    out, count);
}

/* The action carrying out measure in the plan, or STORE_NOT_FOUND. */
static enum store_status measure_action(struct store *store, int64_t org_id,
                                        const char *measure, int64_t *id)
{
	sqlite3_stmt *st = stmt_get(store, "SELECT id FROM actions WHERE org_id = ?1 "
	                            "AND source = 'measure' AND source_ref = ?2 ORDER BY id LIMIT 1");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	bind_text(store, st, 2, measure);
	enum store_status status = stmt_row(store, st);
	if (status == STORE_OK) {
		*id = sqlite3_column_int64(st, 0);
		stmt_done(st);
	}
	return status;
}

static enum store_status measure_audit(struct store *store, const struct actor *who,
                                       int64_t org_id, const char *what, int64_t risk_id,
                                       const char *measure, int reduction)
{
	char object[OBJECT_NAME_MAX];
	object_name(object, sizeof object, "risk", risk_id);
	struct buf detail = {0};
	detail_begin(&detail);
	detail_text(&detail, "measure", measure);
	if (reduction >= 0)
		detail_int(&detail, "reduction", reduction);
	detail_end(&detail);
	enum store_status status = audit_append_locked(store, who, org_id, what, object,
	                                               detail.data);
	buf_free(&detail);
	return status;
}

enum store_status store_risk_measure_set(struct store *store, const struct actor *who,
                                         int64_t org_id, int64_t risk_id, const char *measure,
                                         int reduction, const struct action *action,
                                         int64_t *action_id_out)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	int64_t action_id = 0;
	status = risk_exists(store, org_id, risk_id);
	if (status == STORE_OK) {
		status = measure_action(store, org_id, measure, &action_id);
		if (status == STORE_NOT_FOUND) {
			struct action a = *action;
			a.source = "measure";
			a.source_ref = (char *)measure;
			status = store_action_create(store, who, org_id, &a, &action_id);
		}
	}
	if (status == STORE_OK) {
		sqlite3_stmt *st = stmt_get(store,
			"INSERT INTO risk_measures (org_id, risk_id, measure, action_id, reduction) "
			"VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (org_id, risk_id, measure) "
			"DO UPDATE SET reduction = ?5, action_id = ?4");
		if (!st)
			status = STORE_ERROR;
		else {
			bind_int(store, st, 1, org_id);
			bind_int(store, st, 2, risk_id);
			bind_text(store, st, 3, measure);
			bind_int(store, st, 4, action_id);
			bind_int(store, st, 5, reduction);
			status = stmt_exec(store, st);
		}
	}
	if (status == STORE_OK)
		status = measure_audit(store, who, org_id, "risk.measure", risk_id, measure,
		                       reduction);
	status = write_end(store, &unit, status);
	if (status == STORE_OK && action_id_out)
		*action_id_out = action_id;
	return status;
}

enum store_status store_risk_measure_remove(struct store *store, const struct actor *who,
                                            int64_t org_id, int64_t risk_id,
                                            const char *measure)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	sqlite3_stmt *st = stmt_get(store, "DELETE FROM risk_measures WHERE org_id = ?1 "
	                            "AND risk_id = ?2 AND measure = ?3");
	if (!st)
		status = STORE_ERROR;
	else {
		bind_int(store, st, 1, org_id);
		bind_int(store, st, 2, risk_id);
		bind_text(store, st, 3, measure);
		status = stmt_exec(store, st);
		if (status == STORE_OK && stmt_changes(store) == 0)
			status = STORE_NOT_FOUND;
	}
	if (status == STORE_OK)
		status = measure_audit(store, who, org_id, "risk.measure.remove", risk_id, measure, -1);
	return write_end(store, &unit, status);
}

/* ---- the current vulnerability and its history --------------------------------- */

/* A risk linked to an action, with what its done measures remove now. */
struct follower {
	int64_t risk_id;
	int vuln_level;       /* as assessed, -1 if not evaluated */
	int reduction;        /* what this action's measure removes */
	int done;             /* what its done measures remove, this action counted as it is now */
};

static void follower_read(sqlite3_stmt *st, void *item)
{
	struct follower *f = item;
	f->risk_id = sqlite3_column_int64(st, 0);
	f->vuln_level = sqlite3_column_int(st, 1);
	f->reduction = sqlite3_column_int(st, 2);
	f->done = sqlite3_column_int(st, 3);
}

static enum store_status history_add(struct store *store, const struct actor *who,
                                     int64_t org_id, int64_t action_id,
                                     const struct follower *f, bool done)
{
	int after = treatment_current_vulnerability(f->vuln_level, f->done);
	int before = treatment_current_vulnerability(f->vuln_level,
		done ? f->done - f->reduction : f->done + f->reduction);
	sqlite3_stmt *st = stmt_get(store,
		"INSERT INTO risk_history (org_id, risk_id, seq, at, action_id, vuln_before, "
		"vuln_after, by_user) VALUES (?1, ?2, (SELECT coalesce(max(seq), 0) + 1 FROM "
		"risk_history WHERE org_id = ?1 AND risk_id = ?2), ?3, ?4, ?5, ?6, ?7)");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	bind_int(store, st, 2, f->risk_id);
	bind_int(store, st, 3, (int64_t)time(NULL));
	bind_int(store, st, 4, action_id);
	bind_int(store, st, 5, before);
	bind_int(store, st, 6, after);
	bind_int(store, st, 7, who->user_id);
	return stmt_exec(store, st);
}

enum store_status risks_follow_action(struct store *store, const struct actor *who,
                                      int64_t org_id, int64_t action_id, bool done)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT m.risk_id, r.vuln_level, m.reduction, "
		"(SELECT coalesce(sum(o.reduction), 0) FROM risk_measures o JOIN actions a "
		" ON a.org_id = o.org_id AND a.id = o.action_id "
		" WHERE o.org_id = m.org_id AND o.risk_id = m.risk_id AND a.status = 'done') "
		"FROM risk_measures m JOIN risks r ON r.org_id = m.org_id AND r.id = m.risk_id "
		"WHERE m.org_id = ?1 AND m.action_id = ?2 ORDER BY m.risk_id");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	bind_int(store, st, 2, action_id);
	struct follower *list = NULL;
	size_t count = 0;
	enum store_status status = stmt_collect(store, st, sizeof *list, follower_read, NULL,
	                                        &list, &count);
	for (size_t i = 0; status == STORE_OK && i < count; i++)
		status = history_add(store, who, org_id, action_id, &list[i], done);
	free(list);
	return status;
}

static void history_read(sqlite3_stmt *st, void *item)
{
	struct risk_history_row *h = item;
	h->at = sqlite3_column_int64(st, 0);
	h->action_id = sqlite3_column_int64(st, 1);
	h->vuln_before = sqlite3_column_int(st, 2);
	h->vuln_after = sqlite3_column_int(st, 3);
	h->by_user = sqlite3_column_int64(st, 4);
}

enum store_status store_risk_history(struct store *store, int64_t org_id, int64_t risk_id,
                                     struct risk_history_row **out, size_t *count)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT at, action_id, vuln_before, vuln_after, by_user FROM risk_history "
		"WHERE org_id = ?1 AND risk_id = ?2 ORDER BY seq DESC");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	bind_int(store, st, 2, risk_id);
	return stmt_collect(store, st, sizeof **out, history_read, NULL, out, count);
}

enum store_status treatments_delete_for(struct store *store, bool of_asset, int64_t org_id,
                                        int64_t id)
{
	static const char *const of_risk_sql[] = {
		"DELETE FROM risk_history WHERE org_id = ?1 AND risk_id = ?2",
		"DELETE FROM risk_measures WHERE org_id = ?1 AND risk_id = ?2",
		"DELETE FROM treatments WHERE org_id = ?1 AND risk_id = ?2",
	};
	static const char *const of_asset_sql[] = {
		"DELETE FROM risk_history WHERE org_id = ?1 AND risk_id IN "
		"(SELECT id FROM risks WHERE org_id = ?1 AND asset_id = ?2)",
		"DELETE FROM risk_measures WHERE org_id = ?1 AND risk_id IN "
		"(SELECT id FROM risks WHERE org_id = ?1 AND asset_id = ?2)",
		"DELETE FROM treatments WHERE org_id = ?1 AND risk_id IN "
		"(SELECT id FROM risks WHERE org_id = ?1 AND asset_id = ?2)",
	};
	enum store_status status = STORE_OK;
	for (int i = 0; i < 3 && (status == STORE_OK || status == STORE_NOT_FOUND); i++)
		status = stmt_exec_in_org(store, of_asset ? of_asset_sql[i] : of_risk_sql[i],
		                          org_id, id);
	return status == STORE_NOT_FOUND ? STORE_OK : status;   /* nothing to delete is fine */
}
