/*
 * actions.c - the organisation's action plan: one list of things to do,
 * fed by baseline gaps (and later by risk treatment), each with an owner,
 * a due date and a status.
 */
#include "store/sqlite_internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ACTION_COLUMNS \
	"id, title, owner, due, status, note, source, source_ref, created_at, updated_at, cost"

void action_free(struct action *a)
{
	if (!a)
		return;
	free(a->title);
	free(a->owner);
	free(a->due);
	free(a->status);
	free(a->note);
	free(a->source);
	free(a->source_ref);
	free(a->cost);
	a->cost = NULL;
	a->title = a->owner = a->due = a->status = a->note = NULL;
	a->source = a->source_ref = NULL;
}

void store_actions_free(struct action *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		action_free(&list[i]);
	free(list);
}

static void action_read(sqlite3_stmt *st, void *item)
{
	struct action *out = item;
	out->id = sqlite3_column_int64(st, 0);
	out->title = column_strdup(st, 1);
	out->owner = column_strdup(st, 2);
	out->due = column_strdup(st, 3);
	out->status = column_strdup(st, 4);
	out->note = column_strdup(st, 5);
	out->source = column_strdup(st, 6);
	out->source_ref = column_strdup(st, 7);
	out->created_at = sqlite3_column_int64(st, 8);
	out->updated_at = sqlite3_column_int64(st, 9);
	out->cost = column_strdup(st, 10);
}

/* The audit detail: the action's fields after the change. */
static enum store_status action_audit(struct store *store, const struct actor *who,
                                      int64_t org_id, const char *what, int64_t id,
                                      const struct action *a)
{
	char object[OBJECT_NAME_MAX];
	object_name(object, sizeof object, "action", id);
	struct buf detail = {0};
	detail_begin(&detail);
	if (a) {
		detail_text(&detail, "title", a->title);
		detail_text(&detail, "owner", a->owner);
		detail_text(&detail, "due", a->due);
		detail_text(&detail, "status", a->status);
	}
	detail_end(&detail);
	enum store_status status = audit_append_locked(store, who, org_id, what, object,
	                                               detail.data);
	buf_free(&detail);
	return status;
}

enum store_status store_action_create(struct store *store, const struct actor *who,
                                      int64_t org_id, const struct action *a,
                                      int64_t *id_out)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	int64_t id = 0, now = (int64_t)time(NULL);
	status = org_exists(store, org_id);
	if (status == STORE_OK)
		status = next_id_in_org(store,
			"SELECT coalesce(max(id), 0) + 1 FROM actions WHERE org_id = ?1",
			org_id, &id);
	if (status == STORE_OK) {
		sqlite3_stmt *st = stmt_get(store,
			"INSERT INTO actions (org_id, id, title, owner, due, status, note, "
			"source, source_ref, created_at, updated_at, cost) "
			"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)");
		if (!st)
			status = STORE_ERROR;
		else {
			bind_int(store, st, 1, org_id);
			bind_int(store, st, 2, id);
			bind_text(store, st, 3, a->title);
			bind_text(store, st, 4, a->owner ? a->owner : "");
			bind_text(store, st, 5, a->due ? a->due : "");
			bind_text(store, st, 6, a->status ? a->status : "planned");
			bind_text(store, st, 7, a->note ? a->note : "");
			bind_text(store, st, 8, a->source ? a->source : "");
			bind_text(store, st, 9, a->source_ref ? a->source_ref : "");
			bind_int(store, st, 10, now);
			bind_text(store, st, 11, a->cost ? a->cost : "");
			status = stmt_exec(store, st);
		}
	}
	if (status == STORE_OK)
		status = action_audit(store, who, org_id, "action.create", id, a);
	status = write_end(store, &unit, status);
	if (status == STORE_OK)
		*id_out = id;
	return status;
}

static void status_read(sqlite3_stmt *st, void *out)
{
	*(char **)out = column_strdup(st, 0);
}

enum store_status store_action_update(struct store *store, const struct actor *who,
                                      int64_t org_id, const struct action *a)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	char *was = NULL;
	status = stmt_read_in_org(store, "SELECT status FROM actions WHERE org_id = ?1 AND id = ?2",
	                          org_id, a->id, status_read, &was);
	sqlite3_stmt *st = status == STORE_OK ? stmt_get(store,
		"UPDATE actions SET title = ?3, owner = ?4, due = ?5, status = ?6, "
		"note = ?7, updated_at = ?8, cost = CASE WHEN ?10 THEN ?9 ELSE cost END "
		"WHERE org_id = ?1 AND id = ?2") : NULL;
	if (status == STORE_OK && !st)
		status = STORE_ERROR;
	if (status == STORE_OK) {
		bind_int(store, st, 1, org_id);
		bind_int(store, st, 2, a->id);
		bind_text(store, st, 3, a->title);
		bind_text(store, st, 4, a->owner);
		bind_text(store, st, 5, a->due);
		bind_text(store, st, 6, a->status);
		bind_text(store, st, 7, a->note);
		bind_int(store, st, 8, (int64_t)time(NULL));
		bind_text(store, st, 9, a->cost);
		bind_int(store, st, 10, a->cost != NULL);   /* NULL keeps the estimate */
		status = stmt_exec(store, st);
	}
	/* Done or no longer done: the risks its measure treats change. */
	bool done_before = was && strcmp(was, "done") == 0;
	bool done_now = strcmp(a->status, "done") == 0;
	if (status == STORE_OK && done_before != done_now)
		status = risks_follow_action(store, who, org_id, a->id, done_now);
	free(was);
	if (status == STORE_OK)
		status = action_audit(store, who, org_id, "action.update", a->id, a);
	return write_end(store, &unit, status);
}

enum store_status store_action_delete(struct store *store, const struct actor *who,
                                      int64_t org_id, int64_t id)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	/* The risks it carried a measure for keep the measure unplanned. */
	status = stmt_exec_in_org(store, "DELETE FROM risk_measures WHERE org_id = ?1 "
	                          "AND action_id = ?2", org_id, id);
	if (status == STORE_OK || status == STORE_NOT_FOUND)
		status = stmt_exec_in_org(store, "DELETE FROM actions WHERE org_id = ?1 AND id = ?2",
		                          org_id, id);
	if (status == STORE_OK)
		status = action_audit(store, who, org_id, "action.delete", id, NULL);
	return write_end(store, &unit, status);
}

enum store_status store_action_get(struct store *store, int64_t org_id, int64_t id,
                                   struct action *out)
{
	return stmt_read_in_org(store,
		"SELECT " ACTION_COLUMNS " FROM actions WHERE org_id = ?1 AND id = ?2",
		org_id, id, action_read, out);
}

int64_t store_actions_open_count(struct store *store, int64_t org_id)
{
	return stmt_count_in_org(store, "SELECT count(*) FROM actions WHERE org_id = ?1 "
	                         "AND status NOT IN ('done', 'cancelled')", org_id);
}

static void actions_release(void *items, size_t count)
{
	store_actions_free(items, count);
}

enum store_status store_actions_list(struct store *store, int64_t org_id,
                                     struct action **out, size_t *count)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT " ACTION_COLUMNS " FROM actions WHERE org_id = ?1 "
		"ORDER BY due = '', due, id");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	return stmt_collect(store, st, sizeof **out, action_read, actions_release,
	                    out, count);
}
