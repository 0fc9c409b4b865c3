/*
 * sessions.c - login sessions, kept in the database so that no app
 * instance holds state of its own: any instance behind the proxy can
 * serve any request.
 *
 * The row is keyed by the hash of the cookie value, so a copy of the
 * database does not hand out live cookies. Sessions are not audited
 * (the caller audits logins). Each function is a single statement,
 * atomic on its own: no explicit transaction is needed, and one opened
 * with store_begin() is joined as usual.
 */
#include "store/sqlite_internal.h"

#include <stdio.h>

enum store_status store_session_create(struct store *store,
                                       const struct session *session)
{
	sqlite3_stmt *st = stmt_get(store,
		"INSERT INTO sessions (id_hash, user_id, csrf, created_at, last_seen) "
		"VALUES (?1, ?2, ?3, ?4, ?5)");
	if (!st)
		return STORE_ERROR;
	bind_text(store, st, 1, session->id_hash);
	bind_int(store, st, 2, session->user_id);
	bind_text(store, st, 3, session->csrf);
	bind_int(store, st, 4, session->created_at);
	bind_int(store, st, 5, session->last_seen);
	return stmt_exec(store, st);
}

enum store_status store_session_user(struct store *store, const char *id_hash,
                                     struct session *session, struct user *user)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT s.id_hash, s.user_id, s.csrf, s.created_at, s.last_seen, "
		USER_COLUMNS_OF("u") " FROM sessions s JOIN users u ON u.id = s.user_id "
		"WHERE s.id_hash = ?1");
	if (!st)
		return STORE_ERROR;
	bind_text(store, st, 1, id_hash);
	enum store_status status = stmt_row(store, st);
	if (status != STORE_OK)
		return status;
	snprintf(session->id_hash, sizeof session->id_hash, "%s",
	         (const char *)sqlite3_column_text(st, 0));
	session->user_id = sqlite3_column_int64(st, 1);
	snprintf(session->csrf, sizeof session->csrf, "%s",
	         (const char *)sqlite3_column_text(st, 2));
	session->created_at = sqlite3_column_int64(st, 3);
	session->last_seen = sqlite3_column_int64(st, 4);
	user_read(st, 5, user);
	stmt_done(st);
	return STORE_OK;
}

/* Runs a write bound to one session; STORE_NOT_FOUND if no session has
 * that hash. */
static enum store_status session_write(struct store *store, sqlite3_stmt *st)
{
	enum store_status status = stmt_exec(store, st);
	if (status == STORE_OK && stmt_changes(store) == 0)
		status = STORE_NOT_FOUND;
	return status;
}

/* The caller touches a session at most once a minute, so this write does
 * not cost a disk sync per page view. */
enum store_status store_session_touch(struct store *store, const char *id_hash,
                                      int64_t now)
{
	sqlite3_stmt *st = stmt_get(store,
		"UPDATE sessions SET last_seen = ?2 WHERE id_hash = ?1");
	if (!st)
		return STORE_ERROR;
	bind_text(store, st, 1, id_hash);
	bind_int(store, st, 2, now);
	return session_write(store, st);
}

enum store_status store_session_delete(struct store *store, const char *id_hash)
{
	sqlite3_stmt *st = stmt_get(store, "DELETE FROM sessions WHERE id_hash = ?1");
	if (!st)
		return STORE_ERROR;
	bind_text(store, st, 1, id_hash);
	return session_write(store, st);
}

enum store_status store_sessions_delete_user(struct store *store, int64_t user_id)
{
	sqlite3_stmt *st = stmt_get(store, "DELETE FROM sessions WHERE user_id = ?1");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, user_id);
	return stmt_exec(store, st);
}

enum store_status store_sessions_expire(struct store *store, int64_t idle_before,
                                        int64_t created_before)
{
	sqlite3_stmt *st = stmt_get(store,
		"DELETE FROM sessions WHERE last_seen < ?1 OR created_at < ?2");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, idle_before);
	bind_int(store, st, 2, created_before);
	return stmt_exec(store, st);
}
