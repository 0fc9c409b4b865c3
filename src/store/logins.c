/*
 * logins.c - failed login attempts, for slowing down password guessing.
 *
 * One row per failure under a key ("email:<address>" or "ip:<address>");
 * the caller counts the failures of a key within its window and refuses
 * to try the password when there are too many. Rows are kept for
 * FAILURE_KEEP_SECONDS: each new failure prunes older ones, so the table
 * stays small even under a long attack. Windows longer than that would
 * undercount.
 */
#include "store/sqlite_internal.h"

#define FAILURE_KEEP_SECONDS (24 * 60 * 60)

enum store_status store_login_failures(struct store *store, const char *key,
                                       int64_t since, int64_t *count_out)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT count(*) FROM login_failures WHERE key = ?1 AND at >= ?2");
	if (!st)
		return STORE_ERROR;
	bind_text(store, st, 1, key);
	bind_int(store, st, 2, since);
	enum store_status status = stmt_row(store, st);
	if (status != STORE_OK)
		return status;
	*count_out = sqlite3_column_int64(st, 0);
	stmt_done(st);
	return STORE_OK;
}

static enum store_status failure_insert(struct store *store, const char *key,
                                        int64_t now)
{
	sqlite3_stmt *st = stmt_get(store,
		"INSERT INTO login_failures (key, at) VALUES (?1, ?2)");
	if (!st)
		return STORE_ERROR;
	bind_text(store, st, 1, key);
	bind_int(store, st, 2, now);
	return stmt_exec(store, st);
}

static enum store_status failures_prune(struct store *store, int64_t now)
{
	sqlite3_stmt *st = stmt_get(store,
		"DELETE FROM login_failures WHERE at < ?1");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, now - FAILURE_KEEP_SECONDS);
	return stmt_exec(store, st);
}

/* Insert and prune share one transaction: one disk sync, not two. */
enum store_status store_login_failure_add(struct store *store, const char *key,
                                          int64_t now)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	status = failure_insert(store, key, now);
	if (status == STORE_OK)
		status = failures_prune(store, now);
	return write_end(store, &unit, status);
}

enum store_status store_login_failures_clear(struct store *store, const char *key)
{
	sqlite3_stmt *st = stmt_get(store,
		"DELETE FROM login_failures WHERE key = ?1");
	if (!st)
		return STORE_ERROR;
	bind_text(store, st, 1, key);
	return stmt_exec(store, st);
}
