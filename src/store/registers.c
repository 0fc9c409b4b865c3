/*
 * registers.c - entries of the simple registers: lists of records whose
 * fields are declared by the web layer and kept as JSON objects, one
 * table for all of them (0003_registers.sql).
 */
#include "store/sqlite_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static enum store_status entry_audit(struct store *store, const struct actor *who,
                                     int64_t org_id, const char *register_name,
                                     const char *what, int64_t id, const char *data)
{
	char object[OBJECT_NAME_MAX];
	object_name(object, sizeof object, register_name, id);
	char action[64];
	snprintf(action, sizeof action, "%s.%s", register_name, what);
	return audit_append_locked(store, who, org_id, action, object, data ? data : "{}");
}

static enum store_status entry_next_id(struct store *store, int64_t org_id,
                                       const char *register_name, int64_t *id)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT coalesce(max(id), 0) + 1 FROM register_entries "
		"WHERE org_id = ?1 AND register = ?2");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	bind_text(store, st, 2, register_name);
	enum store_status status = stmt_row(store, st);
	if (status != STORE_OK)
		return status;
	*id = sqlite3_column_int64(st, 0);
	stmt_done(st);
	return STORE_OK;
}

enum store_status store_entry_save(struct store *store, const struct actor *who,
                                   int64_t org_id, const char *register_name,
                                   int64_t id, const char *data, int64_t *id_out)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	int64_t now = (int64_t)time(NULL);
	bool create = id == 0;
	status = org_exists(store, org_id);
	if (status == STORE_OK && create)
		status = entry_next_id(store, org_id, register_name, &id);
	if (status == STORE_OK) {
		sqlite3_stmt *st = create
			? stmt_get(store, "INSERT INTO register_entries (org_id, register, id, "
			           "data, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)")
			: stmt_get(store, "UPDATE register_entries SET data = ?4, updated_at = ?5 "
			           "WHERE org_id = ?1 AND register = ?2 AND id = ?3");
		if (!st)
			status = STORE_ERROR;
		else {
			bind_int(store, st, 1, org_id);
			bind_text(store, st, 2, register_name);
			bind_int(store, st, 3, id);
			bind_text(store, st, 4, data);
			bind_int(store, st, 5, now);
			status = stmt_exec(store, st);
			if (status == STORE_OK && !create && stmt_changes(store) == 0)
				status = STORE_NOT_FOUND;
		}
	}
	if (status == STORE_OK)
		status = entry_audit(store, who, org_id, register_name,
		                     create ? "create" : "update", id, data);
	status = write_end(store, &unit, status);
	if (status == STORE_OK && id_out)
		*id_out = id;
	return status;
}

enum store_status store_entry_delete(struct store *store, const struct actor *who,
                                     int64_t org_id, const char *register_name,
                                     int64_t id)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	sqlite3_stmt *st = stmt_get(store, "DELETE FROM register_entries "
	                            "WHERE org_id = ?1 AND register = ?2 AND id = ?3");
	if (!st)
		status = STORE_ERROR;
	else {
		bind_int(store, st, 1, org_id);
		bind_text(store, st, 2, register_name);
		bind_int(store, st, 3, id);
		status = stmt_exec(store, st);
		if (status == STORE_OK && stmt_changes(store) == 0)
			status = STORE_NOT_FOUND;
	}
	if (status == STORE_OK)
		status = entry_audit(store, who, org_id, register_name, "delete", id, NULL);
	return write_end(store, &unit, status);
}

static void entry_read(sqlite3_stmt *st, void *item)
{
	struct register_entry *e = item;
	e->id = sqlite3_column_int64(st, 0);
	e->data = column_strdup(st, 1);
	e->updated_at = sqlite3_column_int64(st, 2);
}

static void entries_release(void *items, size_t count)
{
	store_entries_free(items, count);
}

enum store_status store_entries_list(struct store *store, int64_t org_id,
                                     const char *register_name,
                                     struct register_entry **out, size_t *count)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT id, data, updated_at FROM register_entries "
		"WHERE org_id = ?1 AND register = ?2 ORDER BY id");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	bind_text(store, st, 2, register_name);
	return stmt_collect(store, st, sizeof **out, entry_read, entries_release,
	                    out, count);
}

void store_entries_free(struct register_entry *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(list[i].data);
	free(list);
}
