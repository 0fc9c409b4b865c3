/*
 * statements.c - prepared statements, prepared once per connection.
 *
 * The web server calls the store on every request, and compiling SQL
 * costs more than running these small queries. Each connection keeps
 * every statement it has prepared in a hash table keyed by the address
 * of its SQL text (always a string literal, so the address is stable and
 * comparing addresses is enough), prepared with SQLITE_PREPARE_PERSISTENT.
 *
 * Every statement is reset as soon as its caller is done with it: a
 * statement left mid-step would hold a read snapshot open, keeping the
 * WAL from being checkpointed.
 */
#include "store/sqlite_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_INITIAL_SIZE 64   /* power of two; the store has fewer queries */

static size_t slot_index(const char *sql, size_t size)
{
	uint64_t h = (uint64_t)(uintptr_t)sql;
	h = (h >> 3) * UINT64_C(0x9E3779B97F4A7C15);   /* Fibonacci hashing */
	return (size_t)(h >> 32) & (size - 1);
}

/* The slot holding sql, or the empty slot where it belongs. */
static struct stmt_slot *slot_find(struct stmt_slot *cache, size_t size,
                                   const char *sql)
{
	size_t i = slot_index(sql, size);
	while (cache[i].sql && cache[i].sql != sql)
		i = (i + 1) & (size - 1);
	return &cache[i];
}

/* Doubles the table (or creates it) when it would become half full. */
static void cache_make_room(struct store *store)
{
	if (store->cache && (store->cache_used + 1) * 2 <= store->cache_size)
		return;
	size_t size = store->cache_size ? store->cache_size * 2 : CACHE_INITIAL_SIZE;
	struct stmt_slot *cache = store_calloc(size, sizeof *cache);
	for (size_t i = 0; store->cache && i < store->cache_size; i++) {
		if (store->cache[i].sql)
			*slot_find(cache, size, store->cache[i].sql) = store->cache[i];
	}
	free(store->cache);
	store->cache = cache;
	store->cache_size = size;
}

sqlite3_stmt *stmt_get(struct store *store, const char *sql)
{
	store->bind_error = SQLITE_OK;
	if (store->cache) {
		struct stmt_slot *slot = slot_find(store->cache, store->cache_size, sql);
		if (slot->sql) {
			sqlite3_reset(slot->stmt);
			sqlite3_clear_bindings(slot->stmt);
			return slot->stmt;
		}
	}

	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v3(store->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	                            &stmt, NULL);
	if (rc != SQLITE_OK) {
		store_fail("cannot prepare %s: %s", sql, sqlite3_errmsg(store->db));
		sqlite3_finalize(stmt);
		return NULL;
	}
	cache_make_room(store);
	struct stmt_slot *slot = slot_find(store->cache, store->cache_size, sql);
	slot->sql = sql;
	slot->stmt = stmt;
	store->cache_used++;
	return stmt;
}

void stmt_cache_clear(struct store *store)
{
	for (size_t i = 0; i < store->cache_size; i++)
		sqlite3_finalize(store->cache[i].stmt);
	free(store->cache);
	store->cache = NULL;
	store->cache_size = 0;
	store->cache_used = 0;
}

/* ---- binding ------------------------------------------------------------ */

void bind_int(struct store *store, sqlite3_stmt *st, int index, int64_t value)
{
	int rc = sqlite3_bind_int64(st, index, value);
	if (rc != SQLITE_OK && store->bind_error == SQLITE_OK)
		store->bind_error = rc;
}

void bind_text(struct store *store, sqlite3_stmt *st, int index,
               const char *text)
{
	int rc = sqlite3_bind_text(st, index, text ? text : "", -1,
	                           SQLITE_TRANSIENT);
	if (rc != SQLITE_OK && store->bind_error == SQLITE_OK)
		store->bind_error = rc;
}

/* ---- stepping --------------------------------------------------------------- */

/* A failed bind is reported here rather than at each bind call, so that
 * callers can bind several values and check once. */
static int step(struct store *store, sqlite3_stmt *st)
{
	if (store->bind_error != SQLITE_OK) {
		int rc = store->bind_error;
		store->bind_error = SQLITE_OK;
		return rc;
	}
	return sqlite3_step(st);
}

enum store_status stmt_exec(struct store *store, sqlite3_stmt *st)
{
	int rc = step(store, st);
	enum store_status status = STORE_OK;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		status = store_status_from(store, rc, sqlite3_sql(st));
	sqlite3_reset(st);
	return status;
}

enum store_status stmt_row(struct store *store, sqlite3_stmt *st)
{
	int rc = step(store, st);
	if (rc == SQLITE_ROW)
		return STORE_OK;
	enum store_status status = rc == SQLITE_DONE
	        ? STORE_NOT_FOUND : store_status_from(store, rc, sqlite3_sql(st));
	sqlite3_reset(st);
	return status;
}

void stmt_done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
}

int64_t stmt_changes(struct store *store)
{
	return sqlite3_changes64(store->db);
}

char *column_strdup(sqlite3_stmt *st, int column)
{
	return store_strdup((const char *)sqlite3_column_text(st, column));
}

enum store_status stmt_collect(struct store *store, sqlite3_stmt *st, size_t size,
                               void (*read)(sqlite3_stmt *st, void *item),
                               void (*release)(void *items, size_t count),
                               void *out, size_t *count)
{
	char *items = NULL;
	size_t n = 0, capacity = 0;
	enum store_status status;
	while ((status = stmt_row(store, st)) == STORE_OK) {
		if (n == capacity)
			items = store_grow(items, &capacity, size);
		memset(items + n * size, 0, size);
		read(st, items + n * size);
		n++;
	}
	if (status != STORE_NOT_FOUND) {
		if (release)
			release(items, n);
		else
			free(items);
		return status;
	}
	/* out holds some struct T *: copied as bytes, every object pointer
	 * having the representation of void * on the platforms Ravelin runs on. */
	void *list = items;
	memcpy(out, &list, sizeof list);
	*count = n;
	return STORE_OK;
}

enum store_status stmt_exec_in_org(struct store *store, const char *sql, int64_t org_id,
                                   int64_t id)
{
	sqlite3_stmt *st = stmt_get(store, sql);
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	bind_int(store, st, 2, id);
	enum store_status status = stmt_exec(store, st);
	if (status == STORE_OK && stmt_changes(store) == 0)
		status = STORE_NOT_FOUND;
	return status;
}

enum store_status stmt_read_in_org(struct store *store, const char *sql, int64_t org_id,
                                   int64_t id, void (*read)(sqlite3_stmt *st, void *item),
                                   void *out)
{
	sqlite3_stmt *st = stmt_get(store, sql);
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	bind_int(store, st, 2, id);
	enum store_status status = stmt_row(store, st);
	if (status != STORE_OK)
		return status;
	if (read)
		read(st, out);
	stmt_done(st);
	return STORE_OK;
}

int64_t stmt_count_in_org(struct store *store, const char *sql, int64_t org_id)
{
	sqlite3_stmt *st = stmt_get(store, sql);
	if (!st)
		return -1;
	bind_int(store, st, 1, org_id);
	if (stmt_row(store, st) != STORE_OK)
		return -1;
	int64_t count = sqlite3_column_int64(st, 0);
	stmt_done(st);
	return count;
}
