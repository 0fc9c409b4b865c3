/*
 * members.c - who belongs to which organisation, with which role.
 *
 * Every query names the organisation: a user's membership in one
 * organisation can never be read or changed through another's id.
 *
 * An organisation always keeps at least one owner. The check and the
 * change happen in one write transaction (BEGIN IMMEDIATE), so two owners
 * demoting each other at the same moment cannot both succeed.
 */
#include "store/sqlite_internal.h"

#include <stdlib.h>
#include <time.h>

static bool role_is_valid(enum role role)
{
	return role == ROLE_VIEWER || role == ROLE_EDITOR || role == ROLE_OWNER;
}

enum role column_role(sqlite3_stmt *st, int column)
{
	const char *name = (const char *)sqlite3_column_text(st, column);
	enum role role = ROLE_NONE;
	if (name)
		role_parse(name, &role);
	return role;
}

enum store_status member_role_read(struct store *store, int64_t org_id,
                                   int64_t user_id, enum role *out)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT role FROM members WHERE org_id = ?1 AND user_id = ?2");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	bind_int(store, st, 2, user_id);
	enum store_status status = stmt_row(store, st);
	if (status == STORE_NOT_FOUND) {
		*out = ROLE_NONE;
		return STORE_OK;
	}
	if (status != STORE_OK)
		return status;
	*out = column_role(st, 0);
	stmt_done(st);
	return STORE_OK;
}

enum store_status member_write(struct store *store, int64_t org_id,
                               int64_t user_id, enum role role)
{
	sqlite3_stmt *st = stmt_get(store,
		"INSERT INTO members (org_id, user_id, role, since) "
		"VALUES (?1, ?2, ?3, ?4) "
		"ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	bind_int(store, st, 2, user_id);
	bind_text(store, st, 3, role_name(role));
	bind_int(store, st, 4, (int64_t)time(NULL));
	return stmt_exec(store, st);
}

static enum store_status owner_count(struct store *store, int64_t org_id,
                                     int64_t *count)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT count(*) FROM members WHERE org_id = ?1 AND role = 'owner'");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	enum store_status status = stmt_row(store, st);
	if (status != STORE_OK)
		return status;
	*count = sqlite3_column_int64(st, 0);
	stmt_done(st);
	return STORE_OK;
}

/* STORE_CONFLICT if a member whose role is now `current` is the last
 * owner and is about to stop being one. */
static enum store_status keeps_an_owner(struct store *store, int64_t org_id,
                                        enum role current)
{
	if (current != ROLE_OWNER)
		return STORE_OK;
	int64_t owners = 0;
	enum store_status status = owner_count(store, org_id, &owners);
	if (status == STORE_OK && owners <= 1)
		status = STORE_CONFLICT;
	return status;
}

/* Appends member.set or member.remove to the organisation's chain. */
static enum store_status member_audit(struct store *store,
                                      const struct actor *who, int64_t org_id,
                                      const char *action, int64_t user_id,
                                      enum role role, enum role previous)
{
	char object[OBJECT_NAME_MAX];
	struct buf detail = {0};
	object_name(object, sizeof object, "user", user_id);
	detail_begin(&detail);
	detail_text(&detail, "role", role_name(role));
	detail_text(&detail, "previous", role_name(previous));
	detail_end(&detail);
	enum store_status status = audit_append_locked(store, who, org_id, action,
	                                               object, detail.data);
	buf_free(&detail);
	return status;
}

enum store_status store_member_role(struct store *store, int64_t org_id,
                                    int64_t user_id, enum role *out)
{
	return member_role_read(store, org_id, user_id, out);
}

/* The checks and the change of store_member_set, inside its unit.
 * Setting the role a member already has changes nothing and writes no
 * audit entry. */
static enum store_status member_set_locked(struct store *store,
                                           const struct actor *who,
                                           int64_t org_id, int64_t user_id,
                                           enum role role)
{
	enum role current = ROLE_NONE;
	enum store_status status = org_exists(store, org_id);
	if (status == STORE_OK)
		status = user_exists(store, user_id);
	if (status == STORE_OK)
		status = member_role_read(store, org_id, user_id, &current);
	if (status != STORE_OK || current == role)
		return status;
	if (role != ROLE_OWNER)
		status = keeps_an_owner(store, org_id, current);
	if (status == STORE_OK)
		status = member_write(store, org_id, user_id, role);
	if (status == STORE_OK)
		status = member_audit(store, who, org_id, "member.set", user_id, role,
		                      current);
	return status;
}

enum store_status store_member_set(struct store *store, const struct actor *who,
                                   int64_t org_id, int64_t user_id,
                                   enum role role)
{
	if (!role_is_valid(role))
		return store_fail("store_member_set: invalid role %d", (int)role);
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	status = member_set_locked(store, who, org_id, user_id, role);
	return write_end(store, &unit, status);
}

static enum store_status member_delete(struct store *store, int64_t org_id,
                                       int64_t user_id)
{
	sqlite3_stmt *st = stmt_get(store,
		"DELETE FROM members WHERE org_id = ?1 AND user_id = ?2");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	bind_int(store, st, 2, user_id);
	return stmt_exec(store, st);
}

enum store_status store_member_remove(struct store *store, const struct actor *who,
                                      int64_t org_id, int64_t user_id)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;

	enum role current = ROLE_NONE;
	status = member_role_read(store, org_id, user_id, &current);
	if (status == STORE_OK && current == ROLE_NONE)
		status = STORE_NOT_FOUND;
	if (status == STORE_OK)
		status = keeps_an_owner(store, org_id, current);
	if (status == STORE_OK)
		status = member_delete(store, org_id, user_id);
	if (status == STORE_OK)
		status = member_audit(store, who, org_id, "member.remove", user_id,
		                      ROLE_NONE, current);
	return write_end(store, &unit, status);
}

int64_t store_member_count(struct store *store, int64_t org_id)
{
	return stmt_count_in_org(store, "SELECT count(*) FROM members WHERE org_id = ?1", org_id);
}

static void member_read(sqlite3_stmt *st, void *item)
{
	struct member *m = item;
	m->user_id = sqlite3_column_int64(st, 0);
	m->email = column_strdup(st, 1);
	m->name = column_strdup(st, 2);
	m->role = column_role(st, 3);
}

static void members_release(void *items, size_t count)
{
	store_members_free(items, count);
}

enum store_status store_members_list(struct store *store, int64_t org_id,
                                     struct member **out, size_t *count)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT m.user_id, u.email, u.name, m.role FROM members m "
		"JOIN users u ON u.id = m.user_id "
		"WHERE m.org_id = ?1 ORDER BY u.email");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);

	return stmt_collect(store, st, sizeof **out, member_read, members_release,
	                    out, count);
}

void store_members_free(struct member *list, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(list[i].email);
		free(list[i].name);
	}
	free(list);
}
