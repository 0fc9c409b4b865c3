/*
 * orgs.c - organisations: the customers of an installation, each with
 * its own members, data and audit chain.
 *
 * An organisation is created together with its first owner, in one
 * transaction, so that no organisation ever exists without an owner.
 */
#include "store/sqlite_internal.h"

#include <stdlib.h>
#include <time.h>

void org_free(struct org *org)
{
	if (!org)
		return;
	free(org->name);
	free(org->address);
	free(org->contact);
	free(org->sector);
	org->name = org->address = org->contact = org->sector = NULL;
}

void store_memberships_free(struct org_membership *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(list[i].org_name);
	free(list);
}

enum store_status org_exists(struct store *store, int64_t org_id)
{
	sqlite3_stmt *st = stmt_get(store, "SELECT 1 FROM orgs WHERE id = ?1");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	enum store_status status = stmt_row(store, st);
	stmt_done(st);
	return status;
}

int64_t store_org_count(struct store *store)
{
	sqlite3_stmt *st = stmt_get(store, "SELECT count(*) FROM orgs");
	if (!st || stmt_row(store, st) != STORE_OK)
		return -1;
	int64_t count = sqlite3_column_int64(st, 0);
	stmt_done(st);
	return count;
}

static enum store_status org_insert(struct store *store, const char *name,
                                    int64_t *id_out)
{
	sqlite3_stmt *st = stmt_get(store,
		"INSERT INTO orgs (name, created_at) VALUES (?1, ?2)");
	if (!st)
		return STORE_ERROR;
	bind_text(store, st, 1, name);
	bind_int(store, st, 2, (int64_t)time(NULL));
	enum store_status status = stmt_exec(store, st);
	if (status == STORE_OK)
		*id_out = sqlite3_last_insert_rowid(store->db);
	return status;
}

enum store_status store_org_create(struct store *store, const struct actor *who,
                                   const char *name, int64_t owner_user_id,
                                   int64_t *id_out)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;

	int64_t id = 0;
	status = user_exists(store, owner_user_id);
	if (status == STORE_OK)
		status = org_insert(store, name, &id);
	if (status == STORE_OK)
		status = member_write(store, id, owner_user_id, ROLE_OWNER);
	if (status == STORE_OK) {
		char object[OBJECT_NAME_MAX];
		struct buf detail = {0};
		object_name(object, sizeof object, "org", id);
		detail_begin(&detail);
		detail_text(&detail, "name", name);
		detail_int(&detail, "owner", owner_user_id);
		detail_end(&detail);
		status = audit_append_locked(store, who, id, "org.create", object,
		                             detail.data);
		buf_free(&detail);
	}
	status = write_end(store, &unit, status);
	if (status == STORE_OK)
		*id_out = id;
	return status;
}

enum store_status store_org_get(struct store *store, int64_t org_id,
                                struct org *out)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT id, name, address, contact, sector, staff, created_at "
		"FROM orgs WHERE id = ?1");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	enum store_status status = stmt_row(store, st);
	if (status != STORE_OK)
		return status;
	out->id = sqlite3_column_int64(st, 0);
	out->name = column_strdup(st, 1);
	out->address = column_strdup(st, 2);
	out->contact = column_strdup(st, 3);
	out->sector = column_strdup(st, 4);
	out->staff = sqlite3_column_int64(st, 5);
	out->created_at = sqlite3_column_int64(st, 6);
	stmt_done(st);
	return STORE_OK;
}

enum store_status store_org_find_by_name(struct store *store, const char *name,
                                         int64_t *id_out)
{
	sqlite3_stmt *st = stmt_get(store, "SELECT id FROM orgs WHERE name = ?1");
	if (!st)
		return STORE_ERROR;
	bind_text(store, st, 1, name);
	enum store_status status = stmt_row(store, st);
	if (status != STORE_OK)
		return status;
	*id_out = sqlite3_column_int64(st, 0);
	stmt_done(st);
	return STORE_OK;
}

/* The audit detail records the values after the change. */
static char *org_update_detail(const struct org *org)
{
	struct buf detail = {0};
	detail_begin(&detail);
	detail_text(&detail, "name", org->name);
	detail_text(&detail, "address", org->address);
	detail_text(&detail, "contact", org->contact);
	detail_text(&detail, "sector", org->sector);
	detail_int(&detail, "staff", org->staff);
	detail_end(&detail);
	return buf_steal(&detail);
}

enum store_status store_org_update(struct store *store, const struct actor *who,
                                   const struct org *org)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;

	sqlite3_stmt *st = stmt_get(store,
		"UPDATE orgs SET name = ?2, address = ?3, contact = ?4, "
		"sector = ?5, staff = ?6 WHERE id = ?1");
	if (!st)
		status = STORE_ERROR;
	if (status == STORE_OK) {
		bind_int(store, st, 1, org->id);
		bind_text(store, st, 2, org->name);
		bind_text(store, st, 3, org->address);
		bind_text(store, st, 4, org->contact);
		bind_text(store, st, 5, org->sector);
		bind_int(store, st, 6, org->staff);
		status = stmt_exec(store, st);
	}
	if (status == STORE_OK && stmt_changes(store) == 0)
		status = STORE_NOT_FOUND;
	if (status == STORE_OK) {
		char object[OBJECT_NAME_MAX];
		char *detail = org_update_detail(org);
		object_name(object, sizeof object, "org", org->id);
		status = audit_append_locked(store, who, org->id, "org.update",
		                             object, detail);
		free(detail);
	}
	return write_end(store, &unit, status);
}

static void membership_read(sqlite3_stmt *st, void *item)
{
	struct org_membership *m = item;
	m->org_id = sqlite3_column_int64(st, 0);
	m->org_name = column_strdup(st, 1);
	m->role = column_role(st, 2);
}

static void memberships_release(void *items, size_t count)
{
	store_memberships_free(items, count);
}

enum store_status store_orgs_of_user(struct store *store, int64_t user_id,
                                     struct org_membership **out, size_t *count)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT m.org_id, o.name, m.role FROM members m "
		"JOIN orgs o ON o.id = m.org_id "
		"WHERE m.user_id = ?1 ORDER BY o.name, o.id");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, user_id);

	return stmt_collect(store, st, sizeof **out, membership_read, memberships_release,
	                    out, count);
}
