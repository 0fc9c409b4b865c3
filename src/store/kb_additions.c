/*
 * kb_additions.c - what an organisation adds to the knowledge base: its
 * own asset types, threats and vulnerabilities, stored as JSON objects in the shape of
 * the kb/ files, apart from the shipped base (which is never copied into
 * the database, so an update of Ravelin brings its new entries to every
 * organisation).
 */
#include "store/sqlite_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void store_kb_additions_free(struct kb_addition *list, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(list[i].kind);
		free(list[i].id);
		free(list[i].data);
	}
	free(list);
}

/* The id prefix of a kind; NULL for a kind that cannot be added. */
static const char *id_prefix(const char *kind)
{
	if (strcmp(kind, "asset_type") == 0)
		return "own-type-";
	if (strcmp(kind, "threat") == 0)
		return "own-thr-";
	if (strcmp(kind, "vulnerability") == 0)
		return "own-vul-";
	return NULL;
}

static enum store_status addition_audit(struct store *store, const struct actor *who,
                                        int64_t org_id, const char *what,
                                        const char *id, const char *data)
{
	struct buf detail = {0};
	detail_begin(&detail);
	detail_text(&detail, "id", id);
	if (data)
		detail_text(&detail, "data", data);
	detail_end(&detail);
	char object[OBJECT_NAME_MAX];
	snprintf(object, sizeof object, "kb:%.40s", id);
	enum store_status status = audit_append_locked(store, who, org_id, what, object,
	                                               detail.data);
	buf_free(&detail);
	return status;
}

enum store_status store_kb_addition_create(struct store *store, const struct actor *who,
                                           int64_t org_id, const char *kind,
                                           const char *data, char **id_out)
{
	const char *prefix = id_prefix(kind);
	if (!prefix)
		return store_fail("store_kb_addition_create: unknown kind %s", kind);
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	status = org_exists(store, org_id);
	int64_t n = 0;
	if (status == STORE_OK) {
		/* The numbers follow the prefix: the highest in use plus one. */
		sqlite3_stmt *st = stmt_get(store,
			"SELECT coalesce(max(CAST(substr(id, length(?2) + 1) AS INTEGER)), 0) + 1 "
			"FROM kb_additions WHERE org_id = ?1 AND kind = ?3");
		if (!st)
			status = STORE_ERROR;
		else {
			bind_int(store, st, 1, org_id);
			bind_text(store, st, 2, prefix);
			bind_text(store, st, 3, kind);
			status = stmt_row(store, st);
			if (status == STORE_OK) {
				n = sqlite3_column_int64(st, 0);
				stmt_done(st);
			}
		}
	}
	char id[40];
	snprintf(id, sizeof id, "%s%lld", prefix, (long long)n);
	if (status == STORE_OK) {
		sqlite3_stmt *st = stmt_get(store,
			"INSERT INTO kb_additions (org_id, kind, id, data, created_at, updated_at) "
			"VALUES (?1, ?2, ?3, ?4, ?5, ?5)");
		if (!st)
			status = STORE_ERROR;
		else {
			bind_int(store, st, 1, org_id);
			bind_text(store, st, 2, kind);
			bind_text(store, st, 3, id);
			bind_text(store, st, 4, data);
			bind_int(store, st, 5, (int64_t)time(NULL));
			status = stmt_exec(store, st);
		}
	}
	if (status == STORE_OK)
		status = addition_audit(store, who, org_id, "kb.add", id, data);
	status = write_end(store, &unit, status);
	if (status == STORE_OK)
		*id_out = store_strdup(id);
	return status;
}

enum store_status store_kb_addition_delete(struct store *store, const struct actor *who,
                                           int64_t org_id, const char *kind, const char *id)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	sqlite3_stmt *st = stmt_get(store,
		"SELECT (SELECT count(*) FROM risks WHERE org_id = ?1 "
		"AND (threat = ?2 OR vulnerability = ?2)) + "
		"(SELECT count(*) FROM assets WHERE org_id = ?1 AND type = ?2) + "
		"(SELECT count(*) FROM kb_additions WHERE org_id = ?1 AND kind = 'vulnerability' "
		"AND data LIKE '%\"' || ?2 || '\"%')");
	if (!st)
		status = STORE_ERROR;
	else {
		bind_int(store, st, 1, org_id);
		bind_text(store, st, 2, id);
		status = stmt_row(store, st);
		if (status == STORE_OK) {
			if (sqlite3_column_int64(st, 0) > 0)
				status = STORE_CONFLICT;
			stmt_done(st);
		}
	}
	if (status == STORE_OK) {
		st = stmt_get(store, "DELETE FROM kb_additions WHERE org_id = ?1 AND kind = ?2 "
		              "AND id = ?3");
		if (!st)
			status = STORE_ERROR;
		else {
			bind_int(store, st, 1, org_id);
			bind_text(store, st, 2, kind);
			bind_text(store, st, 3, id);
			status = stmt_exec(store, st);
			if (status == STORE_OK && stmt_changes(store) == 0)
				status = STORE_NOT_FOUND;
		}
	}
	if (status == STORE_OK)
		status = addition_audit(store, who, org_id, "kb.delete", id, NULL);
	return write_end(store, &unit, status);
}

static void addition_read(sqlite3_stmt *st, void *item)
{
	struct kb_addition *a = item;
	a->kind = column_strdup(st, 0);
	a->id = column_strdup(st, 1);
	a->data = column_strdup(st, 2);
	a->updated_at = sqlite3_column_int64(st, 3);
}

static void additions_release(void *items, size_t count)
{
	store_kb_additions_free(items, count);
}

enum store_status store_kb_additions_list(struct store *store, int64_t org_id,
                                          struct kb_addition **out, size_t *count)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT kind, id, data, updated_at FROM kb_additions WHERE org_id = ?1 "
		"ORDER BY kind, created_at, id");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	return stmt_collect(store, st, sizeof **out, addition_read, additions_release,
	                    out, count);
}
