/*
 * soa.c - the Statement of Applicability (METHOD.md §4): one row per
 * ISO/IEC 27002:2022 control an organisation has decided on. The controls
 * ship with Ravelin (kb/iso27002.json); a control without a row is not
 * decided yet, so the list here holds only what was saved.
 */
#include "store/sqlite_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void store_soa_free(struct soa_row *list, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(list[i].control);
		free(list[i].justification);
		free(list[i].status);
	}
	free(list);
}

enum store_status store_soa_save(struct store *store, const struct actor *who,
                                 int64_t org_id, const struct soa_row *row)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	status = org_exists(store, org_id);
	if (status == STORE_OK) {
		sqlite3_stmt *st = stmt_get(store,
			"INSERT INTO soa (org_id, control, applicable, justification, status, "
			"updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
			"ON CONFLICT (org_id, control) DO UPDATE SET applicable = ?3, "
			"justification = ?4, status = ?5, updated_at = ?6");
		if (!st)
			status = STORE_ERROR;
		else {
			bind_int(store, st, 1, org_id);
			bind_text(store, st, 2, row->control);
			bind_int(store, st, 3, row->applicable);
			bind_text(store, st, 4, row->justification);
			bind_text(store, st, 5, row->status);
			bind_int(store, st, 6, (int64_t)time(NULL));
			status = stmt_exec(store, st);
		}
	}
	if (status == STORE_OK) {
		struct buf detail = {0};
		detail_begin(&detail);
		detail_int(&detail, "applicable", row->applicable);
		detail_text(&detail, "justification", row->justification);
		detail_text(&detail, "status", row->status);
		detail_end(&detail);
		char object[OBJECT_NAME_MAX];
		snprintf(object, sizeof object, "soa:%.40s", row->control);
		status = audit_append_locked(store, who, org_id, "soa.save", object, detail.data);
		buf_free(&detail);
	}
	return write_end(store, &unit, status);
}

static void soa_read(sqlite3_stmt *st, void *item)
{
	struct soa_row *r = item;
	r->control = column_strdup(st, 0);
	r->applicable = sqlite3_column_int(st, 1);
	r->justification = column_strdup(st, 2);
	r->status = column_strdup(st, 3);
	r->updated_at = sqlite3_column_int64(st, 4);
}

static void soa_release(void *items, size_t count)
{
	store_soa_free(items, count);
}

enum store_status store_soa_list(struct store *store, int64_t org_id,
                                 struct soa_row **out, size_t *count)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT control, applicable, justification, status, updated_at FROM soa "
		"WHERE org_id = ?1 ORDER BY control");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	return stmt_collect(store, st, sizeof **out, soa_read, soa_release, out, count);
}
