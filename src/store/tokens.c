/*
 * tokens.c - API tokens: long-lived secrets a user gives to a script.
 *
 * Only the hash of a token is stored. Revoking keeps the row (revoked_at)
 * so that audit entries naming "token:N" still point at something, and so
 * that a revoked secret can never be issued again (token_hash is unique).
 * Token events are the user's, not an organisation's: audit chain 0.
 */
#include "store/sqlite_internal.h"

#include <stdlib.h>
#include <time.h>

void store_tokens_free(struct api_token *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(list[i].name);
	free(list);
}

/* Appends a token.* entry to chain 0. */
static enum store_status token_audit(struct store *store, const struct actor *who,
                                     const char *action, int64_t token_id,
                                     int64_t user_id, const char *name)
{
	char object[OBJECT_NAME_MAX];
	struct buf detail = {0};
	object_name(object, sizeof object, "token", token_id);
	detail_begin(&detail);
	detail_int(&detail, "user", user_id);
	if (name)
		detail_text(&detail, "name", name);
	detail_end(&detail);
	enum store_status status = audit_append_locked(store, who, 0, action,
	                                               object, detail.data);
	buf_free(&detail);
	return status;
}

static enum store_status token_insert(struct store *store, int64_t user_id,
                                      const char *name, const char *token_hash,
                                      int64_t *id_out)
{
	sqlite3_stmt *st = stmt_get(store,
		"INSERT INTO api_tokens (user_id, name, token_hash, created_at) "
		"VALUES (?1, ?2, ?3, ?4)");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, user_id);
	bind_text(store, st, 2, name);
	bind_text(store, st, 3, token_hash);
	bind_int(store, st, 4, (int64_t)time(NULL));
	enum store_status status = stmt_exec(store, st);
	if (status == STORE_OK)
		*id_out = sqlite3_last_insert_rowid(store->db);
	return status;
}

enum store_status store_token_create(struct store *store, const struct actor *who,
                                     int64_t user_id, const char *name,
                                     const char *token_hash, int64_t *id_out)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;

	int64_t id = 0;
	status = user_exists(store, user_id);
	if (status == STORE_OK)
		status = token_insert(store, user_id, name, token_hash, &id);
	if (status == STORE_OK)
		status = token_audit(store, who, "token.create", id, user_id, name);
	status = write_end(store, &unit, status);
	if (status == STORE_OK)
		*id_out = id;
	return status;
}

/* Records the use only when the second changed: a script firing many
 * requests a second costs one write, not one per request. */
static enum store_status token_mark_used(struct store *store, int64_t token_id,
                                         int64_t now)
{
	sqlite3_stmt *st = stmt_get(store,
		"UPDATE api_tokens SET last_used = ?2 "
		"WHERE id = ?1 AND last_used < ?2");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, token_id);
	bind_int(store, st, 2, now);
	return stmt_exec(store, st);
}

enum store_status store_token_lookup(struct store *store, const char *token_hash,
                                     int64_t now, int64_t *user_id_out)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT id, user_id, last_used FROM api_tokens "
		"WHERE token_hash = ?1 AND revoked_at = 0");
	if (!st)
		return STORE_ERROR;
	bind_text(store, st, 1, token_hash);
	enum store_status status = stmt_row(store, st);
	if (status != STORE_OK)
		return status;
	int64_t token_id = sqlite3_column_int64(st, 0);
	int64_t user_id = sqlite3_column_int64(st, 1);
	int64_t last_used = sqlite3_column_int64(st, 2);
	stmt_done(st);

	/* last_used is information, not a condition: a token still works
	 * when the write is refused (busy, or inside a read view). */
	if (last_used < now)
		token_mark_used(store, token_id, now);
	*user_id_out = user_id;
	return STORE_OK;
}

enum store_status store_token_revoke(struct store *store, const struct actor *who,
                                     int64_t user_id, int64_t token_id)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;

	sqlite3_stmt *st = stmt_get(store,
		"UPDATE api_tokens SET revoked_at = ?3 "
		"WHERE id = ?1 AND user_id = ?2 AND revoked_at = 0");
	if (!st)
		status = STORE_ERROR;
	if (status == STORE_OK) {
		bind_int(store, st, 1, token_id);
		bind_int(store, st, 2, user_id);
		bind_int(store, st, 3, (int64_t)time(NULL));
		status = stmt_exec(store, st);
	}
	if (status == STORE_OK && stmt_changes(store) == 0)
		status = STORE_NOT_FOUND;
	if (status == STORE_OK)
		status = token_audit(store, who, "token.revoke", token_id, user_id,
		                     NULL);
	return write_end(store, &unit, status);
}

static void token_read(sqlite3_stmt *st, void *item)
{
	struct api_token *t = item;
	t->id = sqlite3_column_int64(st, 0);
	t->user_id = sqlite3_column_int64(st, 1);
	t->name = column_strdup(st, 2);
	t->created_at = sqlite3_column_int64(st, 3);
	t->last_used = sqlite3_column_int64(st, 4);
}

static void tokens_release(void *items, size_t count)
{
	store_tokens_free(items, count);
}

/* Live tokens only: a revoked token is of no use to list. */
enum store_status store_tokens_list(struct store *store, int64_t user_id,
                                    struct api_token **out, size_t *count)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT id, user_id, name, created_at, last_used FROM api_tokens "
		"WHERE user_id = ?1 AND revoked_at = 0 ORDER BY id");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, user_id);

	return stmt_collect(store, st, sizeof **out, token_read, tokens_release,
	                    out, count);
}
