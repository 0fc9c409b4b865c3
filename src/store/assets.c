/*
 * assets.c - the asset inventory (METHOD.md §2): assets, and the links
 * saying what relies on what. Links never form a cycle: the writer checks
 * the whole graph (core/assets.h) before it stores a change.
 */
#include "store/sqlite_internal.h"

#include <stdlib.h>
#include <time.h>

#include "core/assets.h"

#define ASSET_COLUMNS \
	"id, name, type, is_primary, owner, classification, tlp, impact_c, impact_i, " \
	"impact_a, note, created_at, updated_at"

void asset_free(struct asset *a)
{
	if (!a)
		return;
	free(a->name);
	free(a->type);
	free(a->owner);
	free(a->classification);
	free(a->tlp);
	free(a->note);
	a->name = a->type = a->owner = a->classification = a->tlp = a->note = NULL;
}

void store_assets_free(struct asset *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		asset_free(&list[i]);
	free(list);
}

static void asset_read(sqlite3_stmt *st, void *item)
{
	struct asset *out = item;
	out->id = sqlite3_column_int64(st, 0);
	out->name = column_strdup(st, 1);
	out->type = column_strdup(st, 2);
	out->primary = sqlite3_column_int(st, 3) != 0;
	out->owner = column_strdup(st, 4);
	out->classification = column_strdup(st, 5);
	out->tlp = column_strdup(st, 6);
	for (int k = 0; k < 3; k++)
		out->impact[k] = sqlite3_column_int(st, 7 + k);
	out->note = column_strdup(st, 10);
	out->created_at = sqlite3_column_int64(st, 11);
	out->updated_at = sqlite3_column_int64(st, 12);
}

static enum store_status asset_audit(struct store *store, const struct actor *who,
                                     int64_t org_id, const char *what, int64_t id,
                                     const struct asset *a)
{
	char object[OBJECT_NAME_MAX];
	object_name(object, sizeof object, "asset", id);
	struct buf detail = {0};
	detail_begin(&detail);
	if (a) {
		detail_text(&detail, "name", a->name);
		detail_text(&detail, "type", a->type);
		detail_text(&detail, "classification", a->classification);
		detail_text(&detail, "tlp", a->tlp);
		detail_int(&detail, "impact_c", a->impact[0]);
		detail_int(&detail, "impact_i", a->impact[1]);
		detail_int(&detail, "impact_a", a->impact[2]);
	}
	detail_end(&detail);
	enum store_status status = audit_append_locked(store, who, org_id, what, object,
	                                               detail.data);
	buf_free(&detail);
	return status;
}

static void asset_bind(struct store *store, sqlite3_stmt *st, int64_t org_id,
                       int64_t id, const struct asset *a, int64_t now)
{
	bind_int(store, st, 1, org_id);
	bind_int(store, st, 2, id);
	bind_text(store, st, 3, a->name);
	bind_text(store, st, 4, a->type);
	bind_int(store, st, 5, a->primary);
	bind_text(store, st, 6, a->owner);
	bind_text(store, st, 7, a->classification ? a->classification : "internal");
	bind_text(store, st, 8, a->tlp ? a->tlp : "amber");
	for (int k = 0; k < 3; k++)
		bind_int(store, st, 9 + k, a->impact[k]);
	bind_text(store, st, 12, a->note);
	bind_int(store, st, 13, now);
}

enum store_status store_asset_save(struct store *store, const struct actor *who,
                                   int64_t org_id, const struct asset *a,
                                   int64_t *id_out)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	int64_t id = a->id, now = (int64_t)time(NULL);
	bool create = id == 0;
	status = org_exists(store, org_id);
	if (status == STORE_OK && create)
		status = next_id_in_org(store,
			"SELECT coalesce(max(id), 0) + 1 FROM assets WHERE org_id = ?1",
			org_id, &id);
	sqlite3_stmt *st = NULL;
	if (status == STORE_OK) {
		st = stmt_get(store, create
			? "INSERT INTO assets (org_id, id, name, type, is_primary, owner, "
			  "classification, tlp, impact_c, impact_i, impact_a, note, created_at, "
			  "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
			  "?13, ?13)"
			: "UPDATE assets SET name = ?3, type = ?4, is_primary = ?5, owner = ?6, "
			  "classification = ?7, tlp = ?8, impact_c = ?9, impact_i = ?10, "
			  "impact_a = ?11, note = ?12, updated_at = ?13 "
			  "WHERE org_id = ?1 AND id = ?2");
		if (!st)
			status = STORE_ERROR;
	}
	if (status == STORE_OK) {
		asset_bind(store, st, org_id, id, a, now);
		status = stmt_exec(store, st);
		if (status == STORE_OK && stmt_changes(store) == 0)
			status = STORE_NOT_FOUND;
	}
	if (status == STORE_OK)
		status = asset_audit(store, who, org_id, create ? "asset.create" : "asset.update",
		                     id, a);
	status = write_end(store, &unit, status);
	if (status == STORE_OK && id_out)
		*id_out = id;
	return status;
}

enum store_status store_asset_delete(struct store *store, const struct actor *who,
                                     int64_t org_id, int64_t id)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	/* Its risks (with their treatment) and links may be none. */
	status = treatments_delete_for(store, true, org_id, id);
	if (status == STORE_OK)
		status = stmt_exec_in_org(store, "DELETE FROM risks WHERE org_id = ?1 AND asset_id = ?2",
		                          org_id, id);
	if (status == STORE_OK || status == STORE_NOT_FOUND)
		status = stmt_exec_in_org(store, "DELETE FROM asset_links WHERE org_id = ?1 "
		                          "AND (asset_id = ?2 OR support_id = ?2)", org_id, id);
	if (status == STORE_OK || status == STORE_NOT_FOUND)
		status = stmt_exec_in_org(store, "DELETE FROM assets WHERE org_id = ?1 AND id = ?2",
		                          org_id, id);
	if (status == STORE_OK)
		status = asset_audit(store, who, org_id, "asset.delete", id, NULL);
	return write_end(store, &unit, status);
}

enum store_status store_asset_get(struct store *store, int64_t org_id, int64_t id,
                                  struct asset *out)
{
	return stmt_read_in_org(store,
		"SELECT " ASSET_COLUMNS " FROM assets WHERE org_id = ?1 AND id = ?2",
		org_id, id, asset_read, out);
}

static void assets_release(void *items, size_t count)
{
	store_assets_free(items, count);
}

enum store_status store_assets_list(struct store *store, int64_t org_id,
                                    struct asset **out, size_t *count)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT " ASSET_COLUMNS " FROM assets WHERE org_id = ?1 "
		"ORDER BY name COLLATE NOCASE, id");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	return stmt_collect(store, st, sizeof **out, asset_read, assets_release,
	                    out, count);
}

static void link_read(sqlite3_stmt *st, void *item)
{
	struct asset_link *link = item;
	link->asset_id = sqlite3_column_int64(st, 0);
	link->support_id = sqlite3_column_int64(st, 1);
}

enum store_status store_asset_links_list(struct store *store, int64_t org_id,
                                         struct asset_link **out, size_t *count)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT asset_id, support_id FROM asset_links WHERE org_id = ?1 "
		"ORDER BY asset_id, support_id");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	return stmt_collect(store, st, sizeof **out, link_read, NULL,
	                    out, count);
}

/* ---- links -------------------------------------------------------------------- */

/* The index of id in the sorted ids, or -1. */
static long id_index(const int64_t *ids, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ids[mid] == id)
			return (long)mid;
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static void id_read(sqlite3_stmt *st, void *item)
{
	*(int64_t *)item = sqlite3_column_int64(st, 0);
}

/* The organisation's asset ids, ascending. */
static enum store_status asset_ids(struct store *store, int64_t org_id, int64_t **out,
                                   size_t *count)
{
	sqlite3_stmt *st = stmt_get(store, "SELECT id FROM assets WHERE org_id = ?1 ORDER BY id");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	return stmt_collect(store, st, sizeof **out, id_read, NULL,
	                    out, count);
}

/* Would asset_id relying on exactly supports[] (the other links as they
 * are) keep the graph free of cycles? STORE_NOT_FOUND for an unknown id. */
static enum store_status links_check(struct store *store, int64_t org_id, int64_t asset_id,
                                     const int64_t *supports, size_t count)
{
	int64_t *ids = NULL;
	size_t n = 0, link_count = 0;
	struct asset_link *links = NULL;
	enum store_status status = asset_ids(store, org_id, &ids, &n);
	if (status == STORE_OK)
		status = store_asset_links_list(store, org_id, &links, &link_count);
	struct asset_edge *edges = NULL;
	size_t e = 0;
	if (status == STORE_OK) {
		edges = store_calloc(link_count + count + 1, sizeof *edges);
		long self = id_index(ids, n, asset_id);
		if (self < 0)
			status = STORE_NOT_FOUND;
		for (size_t i = 0; status == STORE_OK && i < link_count; i++)
			if (links[i].asset_id != asset_id)
				edges[e++] = (struct asset_edge){
					(size_t)id_index(ids, n, links[i].asset_id),
					(size_t)id_index(ids, n, links[i].support_id)};
		for (size_t i = 0; status == STORE_OK && i < count; i++) {
			long to = id_index(ids, n, supports[i]);
			if (to < 0)
				status = STORE_NOT_FOUND;
			else
				edges[e++] = (struct asset_edge){(size_t)self, (size_t)to};
		}
	}
	if (status == STORE_OK && !asset_graph_acyclic(n, edges, e))
		status = STORE_CONFLICT;
	free(edges);
	free(links);
	free(ids);
	return status;
}

enum store_status store_asset_set_supports(struct store *store, const struct actor *who,
                                           int64_t org_id, int64_t asset_id,
                                           const int64_t *supports, size_t count)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	status = links_check(store, org_id, asset_id, supports, count);
	if (status == STORE_OK) {
		status = stmt_exec_in_org(store,
			"DELETE FROM asset_links WHERE org_id = ?1 AND asset_id = ?2", org_id, asset_id);
		if (status == STORE_NOT_FOUND)   /* it relied on nothing yet */
			status = STORE_OK;
	}
	for (size_t i = 0; status == STORE_OK && i < count; i++) {
		sqlite3_stmt *st = stmt_get(store,
			"INSERT OR IGNORE INTO asset_links (org_id, asset_id, support_id) "
			"VALUES (?1, ?2, ?3)");
		if (!st) {
			status = STORE_ERROR;
			break;
		}
		bind_int(store, st, 1, org_id);
		bind_int(store, st, 2, asset_id);
		bind_int(store, st, 3, supports[i]);
		status = stmt_exec(store, st);
	}
	if (status == STORE_OK) {
		char object[OBJECT_NAME_MAX];
		object_name(object, sizeof object, "asset", asset_id);
		struct buf detail = {0};
		detail_begin(&detail);
		struct buf list = {0};
		for (size_t i = 0; i < count; i++)
			buf_printf(&list, "%s%lld", i ? "," : "", (long long)supports[i]);
		detail_text(&detail, "relies_on", list.data ? list.data : "");
		detail_end(&detail);
		status = audit_append_locked(store, who, org_id, "asset.links", object,
		                             detail.data);
		buf_free(&list);
		buf_free(&detail);
	}
	return write_end(store, &unit, status);
}
