/*
 * invites.c - invitations to join an organisation.
 *
 * The link in an invitation e-mail carries a secret; only its hash is
 * stored. An invitation is open until it expires, is used once, or is
 * revoked; used and revoked ones are kept (used_at, revoked_at) because
 * the audit log refers to them. Invitation ids are unique across the
 * installation because the link is followed before the visitor belongs
 * to any organisation.
 */
#include "store/sqlite_internal.h"

#include <stdlib.h>
#include <time.h>

#define INVITE_COLUMNS \
	"i.id, i.org_id, o.name, i.email, i.role, i.created_at, i.expires_at"

void invite_free(struct invite *invite)
{
	if (!invite)
		return;
	free(invite->org_name);
	free(invite->email);
	invite->org_name = invite->email = NULL;
}

void store_invites_free(struct invite *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		invite_free(&list[i]);
	free(list);
}

/* Reads a row selected with INVITE_COLUMNS. */
static void invite_read(sqlite3_stmt *st, void *item)
{
	struct invite *out = item;
	out->id = sqlite3_column_int64(st, 0);
	out->org_id = sqlite3_column_int64(st, 1);
	out->org_name = column_strdup(st, 2);
	out->email = column_strdup(st, 3);
	out->role = column_role(st, 4);
	out->created_at = sqlite3_column_int64(st, 5);
	out->expires_at = sqlite3_column_int64(st, 6);
}

/* Appends an invite.* entry to the organisation's chain. */
static enum store_status invite_audit(struct store *store,
                                      const struct actor *who, int64_t org_id,
                                      const char *action, int64_t invite_id,
                                      const char *detail)
{
	char object[OBJECT_NAME_MAX];
	object_name(object, sizeof object, "invite", invite_id);
	return audit_append_locked(store, who, org_id, action, object, detail);
}

/* ---- creating ------------------------------------------------------------- */

/* The next invitation id; the caller holds the write lock. */
static enum store_status invite_next_id(struct store *store, int64_t *id)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT coalesce(max(id), 0) + 1 FROM invites");
	if (!st)
		return STORE_ERROR;
	enum store_status status = stmt_row(store, st);
	if (status != STORE_OK)
		return status;
	*id = sqlite3_column_int64(st, 0);
	stmt_done(st);
	return STORE_OK;
}

static enum store_status invite_insert(struct store *store,
                                       const struct actor *who, int64_t org_id,
                                       int64_t id, const char *email,
                                       enum role role, const char *token_hash,
                                       int64_t expires_at)
{
	sqlite3_stmt *st = stmt_get(store,
		"INSERT INTO invites (org_id, id, email, role, token_hash, "
		"created_by, created_at, expires_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	bind_int(store, st, 2, id);
	bind_text(store, st, 3, email);
	bind_text(store, st, 4, role_name(role));
	bind_text(store, st, 5, token_hash);
	bind_int(store, st, 6, who ? who->user_id : 0);
	bind_int(store, st, 7, (int64_t)time(NULL));
	bind_int(store, st, 8, expires_at);
	return stmt_exec(store, st);
}

enum store_status store_invite_create(struct store *store, const struct actor *who,
                                      int64_t org_id, const char *email,
                                      enum role role, const char *token_hash,
                                      int64_t expires_at, int64_t *id_out)
{
	if (role != ROLE_VIEWER && role != ROLE_EDITOR && role != ROLE_OWNER)
		return store_fail("store_invite_create: invalid role %d", (int)role);
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;

	char *lower = store_lower_ascii(email);
	int64_t id = 0;
	status = org_exists(store, org_id);
	if (status == STORE_OK)
		status = invite_next_id(store, &id);
	if (status == STORE_OK)
		status = invite_insert(store, who, org_id, id, lower, role,
		                       token_hash, expires_at);
	if (status == STORE_OK) {
		struct buf detail = {0};
		detail_begin(&detail);
		detail_text(&detail, "email", lower);
		detail_text(&detail, "role", role_name(role));
		detail_int(&detail, "expires_at", expires_at);
		detail_end(&detail);
		status = invite_audit(store, who, org_id, "invite.create", id,
		                      detail.data);
		buf_free(&detail);
	}
	free(lower);
	status = write_end(store, &unit, status);
	if (status == STORE_OK)
		*id_out = id;
	return status;
}

enum store_status store_invite_by_token(struct store *store,
                                        const char *token_hash, int64_t now,
                                        struct invite *out)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT " INVITE_COLUMNS " FROM invites i "
		"JOIN orgs o ON o.id = i.org_id "
		"WHERE i.token_hash = ?1 AND i.used_at = 0 AND i.revoked_at = 0 "
		"AND i.expires_at > ?2");
	if (!st)
		return STORE_ERROR;
	bind_text(store, st, 1, token_hash);
	bind_int(store, st, 2, now);
	enum store_status status = stmt_row(store, st);
	if (status != STORE_OK)
		return status;
	invite_read(st, out);
	stmt_done(st);
	return STORE_OK;
}

/* ---- accepting and revoking ---------------------------------------------------- */

/* The organisation and role of an open invitation; STORE_NOT_FOUND if it
 * does not exist, was used or revoked, or has expired by now. */
static enum store_status invite_open(struct store *store, int64_t invite_id,
                                     int64_t now, int64_t *org_id,
                                     enum role *role)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT org_id, role FROM invites WHERE id = ?1 AND used_at = 0 "
		"AND revoked_at = 0 AND expires_at > ?2");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, invite_id);
	bind_int(store, st, 2, now);
	enum store_status status = stmt_row(store, st);
	if (status != STORE_OK)
		return status;
	*org_id = sqlite3_column_int64(st, 0);
	*role = column_role(st, 1);
	stmt_done(st);
	return STORE_OK;
}

static enum store_status invite_mark_used(struct store *store, int64_t org_id,
                                          int64_t invite_id, int64_t user_id,
                                          int64_t now)
{
	sqlite3_stmt *st = stmt_get(store,
		"UPDATE invites SET used_at = ?3, used_by = ?4 "
		"WHERE org_id = ?1 AND id = ?2");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	bind_int(store, st, 2, invite_id);
	bind_int(store, st, 3, now);
	bind_int(store, st, 4, user_id);
	return stmt_exec(store, st);
}

/* A member who already has a higher role keeps it: an invitation never
 * demotes anyone (nor could it take away the last owner). */
static enum store_status invite_accept_locked(struct store *store,
                                              const struct actor *who,
                                              int64_t invite_id,
                                              int64_t user_id)
{
	int64_t now = (int64_t)time(NULL), org_id = 0;
	enum role role = ROLE_NONE, current = ROLE_NONE;
	enum store_status status = invite_open(store, invite_id, now, &org_id, &role);
	if (status == STORE_OK)
		status = user_exists(store, user_id);
	if (status == STORE_OK)
		status = invite_mark_used(store, org_id, invite_id, user_id, now);
	if (status == STORE_OK)
		status = member_role_read(store, org_id, user_id, &current);
	if (status == STORE_OK && role > current)
		status = member_write(store, org_id, user_id, role);
	if (status == STORE_OK) {
		struct buf detail = {0};
		detail_begin(&detail);
		detail_int(&detail, "user", user_id);
		detail_text(&detail, "role", role_name(role > current ? role : current));
		detail_end(&detail);
		status = invite_audit(store, who, org_id, "invite.accept", invite_id,
		                      detail.data);
		buf_free(&detail);
	}
	return status;
}

enum store_status store_invite_accept(struct store *store, const struct actor *who,
                                      int64_t invite_id, int64_t user_id)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	status = invite_accept_locked(store, who, invite_id, user_id);
	return write_end(store, &unit, status);
}

/* Only open invitations can be revoked; an invitation of another
 * organisation is not found, whatever its id. */
enum store_status store_invite_revoke(struct store *store, const struct actor *who,
                                      int64_t org_id, int64_t invite_id)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;

	sqlite3_stmt *st = stmt_get(store,
		"UPDATE invites SET revoked_at = ?3 WHERE org_id = ?1 AND id = ?2 "
		"AND used_at = 0 AND revoked_at = 0");
	if (!st)
		status = STORE_ERROR;
	if (status == STORE_OK) {
		bind_int(store, st, 1, org_id);
		bind_int(store, st, 2, invite_id);
		bind_int(store, st, 3, (int64_t)time(NULL));
		status = stmt_exec(store, st);
	}
	if (status == STORE_OK && stmt_changes(store) == 0)
		status = STORE_NOT_FOUND;
	if (status == STORE_OK)
		status = invite_audit(store, who, org_id, "invite.revoke", invite_id,
		                      "{}");
	return write_end(store, &unit, status);
}

static void invites_release(void *items, size_t count)
{
	store_invites_free(items, count);
}

enum store_status store_invites_list(struct store *store, int64_t org_id,
                                     int64_t now, struct invite **out,
                                     size_t *count)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT " INVITE_COLUMNS " FROM invites i "
		"JOIN orgs o ON o.id = i.org_id "
		"WHERE i.org_id = ?1 AND i.used_at = 0 AND i.revoked_at = 0 "
		"AND i.expires_at > ?2 ORDER BY i.id");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	bind_int(store, st, 2, now);

	return stmt_collect(store, st, sizeof **out, invite_read, invites_release,
	                    out, count);
}
