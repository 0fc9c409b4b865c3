/*
 * sqlite_internal.h - what the SQLite files of the store share and nobody
 * else sees: the connection struct, the statement cache, the write-unit
 * (transaction) helpers, error mapping, and the audit appender that every
 * mutation calls inside its transaction.
 *
 * A typical mutating function in orgs.c, users.c... reads:
 *
 *	struct write_unit unit;
 *	enum store_status status = write_begin(store, &unit);
 *	if (status != STORE_OK)
 *		return status;
 *	status = <statements...>;
 *	if (status == STORE_OK)
 *		status = audit_append_locked(store, who, org_id, ...);
 *	return write_end(store, &unit, status);
 *
 * and a statement is used as:
 *
 *	sqlite3_stmt *st = stmt_get(store, "SELECT ... WHERE id = ?1");
 *	if (!st)
 *		return STORE_ERROR;
 *	bind_int(store, st, 1, id);
 *	status = stmt_row(store, st);      (or stmt_exec for no rows)
 *	... read columns ...
 *	stmt_done(st);
 *
 * SQL passed to stmt_get must have static storage (a string literal): the
 * cache is keyed by its address.
 */
#ifndef RAVELIN_SQLITE_INTERNAL_H
#define RAVELIN_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "lib/buf.h"
#include "store/store.h"

#define DATABASE_FILE_NAME "ravelin.db"

struct stmt_slot {
	const char *sql;        /* key: address of the SQL text */
	sqlite3_stmt *stmt;
};

struct store {
	sqlite3 *db;
	bool in_transaction;    /* store_begin() or store_read_begin() opened one */
	int bind_error;         /* first failed bind since stmt_get, or SQLITE_OK */
	struct stmt_slot *cache;   /* open addressing, power-of-two size */
	size_t cache_size;
	size_t cache_used;
};

/* ---- errors (sqlite.c) ------------------------------------------------ */

/* Maps an SQLite result code to a store status; logs anything that is
 * not a conflict, a busy database or a missing row to stderr with the
 * SQLite message and what was being done. */
enum store_status store_status_from(struct store *store, int rc,
                                    const char *doing);
/* Logs a message that has no SQLite error behind it; returns STORE_ERROR. */
enum store_status store_fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* ---- memory and text (sqlite.c) ----------------------------------------- */

/* strdup that aborts on allocation failure (like buf.h); NULL gives "". */
char *store_strdup(const char *s);
/* A copy of s with ASCII letters lower-cased; caller frees. */
char *store_lower_ascii(const char *s);
/* calloc that aborts on failure. */
void *store_calloc(size_t count, size_t size);
/* Grows an array by doubling; aborts on failure. */
void *store_grow(void *array, size_t *capacity, size_t element_size);

/* ---- write units (sqlite.c) --------------------------------------------- */

/* One mutating call: its own BEGIN IMMEDIATE transaction, or a savepoint
 * inside the transaction that store_begin() opened, so that a failed call
 * leaves nothing behind either way. */
struct write_unit {
	bool savepoint;
};
enum store_status write_begin(struct store *store, struct write_unit *unit);
/* Commits (or releases) when status is STORE_OK, else rolls back what the
 * unit did. Returns status, or the commit's failure. */
enum store_status write_end(struct store *store, struct write_unit *unit,
                            enum store_status status);

/* ---- statements (statements.c) ---------------------------------------------- */

/* The cached prepared statement for sql, reset and with no bindings;
 * NULL (logged) if it cannot be prepared. */
sqlite3_stmt *stmt_get(struct store *store, const char *sql);
/* Bind helpers; a failure is remembered and reported by the next step.
 * bind_text binds NULL as "" (every text column is NOT NULL). */
void bind_int(struct store *store, sqlite3_stmt *st, int index, int64_t value);
void bind_text(struct store *store, sqlite3_stmt *st, int index,
               const char *text);
/* Runs a statement that returns no rows, then resets it. */
enum store_status stmt_exec(struct store *store, sqlite3_stmt *st);
/* Steps once: STORE_OK with a row ready to read (reset it with stmt_done
 * when finished), STORE_NOT_FOUND when there are no more rows (already
 * reset), or an error (already reset). */
enum store_status stmt_row(struct store *store, sqlite3_stmt *st);
/* Resets a statement so it holds no lock; safe to call twice. */
void stmt_done(sqlite3_stmt *st);
/* Rows changed by the last INSERT/UPDATE/DELETE on this connection. */
int64_t stmt_changes(struct store *store);
/* A column as a new string ("" for NULL); caller frees. */
char *column_strdup(sqlite3_stmt *st, int column);
/* Steps st to its end, reading each row into a new element of size bytes
 * (zeroed first) with read. On STORE_OK the array is stored through out,
 * the address of the caller's array pointer (NULL when there is no row),
 * and its length in *count. On failure the elements read so far are
 * released with release(items, count), or freed when it is NULL. */
enum store_status stmt_collect(struct store *store, sqlite3_stmt *st, size_t size,
                               void (*read)(sqlite3_stmt *st, void *item),
                               void (*release)(void *items, size_t count),
                               void *out, size_t *count);
/* The number sql ("SELECT count(*) ... WHERE org_id = ?1 ...") gives for
 * org_id; -1 on error. */
int64_t stmt_count_in_org(struct store *store, const char *sql, int64_t org_id);
/* Runs sql (one row expected) with ?1 = org_id and ?2 = id and, on
 * STORE_OK, reads the row into out with read (NULL: only whether it
 * exists). STORE_NOT_FOUND when there is no row, e.g. for an id of another
 * organisation. */
enum store_status stmt_read_in_org(struct store *store, const char *sql, int64_t org_id,
                                   int64_t id, void (*read)(sqlite3_stmt *st, void *item),
                                   void *out);
/* Runs sql (no rows) with ?1 = org_id and ?2 = id; STORE_NOT_FOUND when
 * it changed no row, e.g. "DELETE FROM t WHERE org_id = ?1 AND id = ?2"
 * for an id of another organisation. */
enum store_status stmt_exec_in_org(struct store *store, const char *sql, int64_t org_id,
                                   int64_t id);
/* Finalizes every cached statement (before closing). */
void stmt_cache_clear(struct store *store);

/* ---- migrations (migrate.c) ----------------------------------------------------- */

/* The highest migration compiled into this build. */
int migrations_latest(void);
/* Applies the migrations newer than the database, all in one transaction. */
enum store_status migrations_apply(struct store *store);

/* ---- audit (audit.c) ------------------------------------------------------------ */

/* Appends to org_id's chain; the caller holds a write unit. */
enum store_status audit_append_locked(struct store *store,
                                      const struct actor *who, int64_t org_id,
                                      const char *action, const char *object,
                                      const char *detail);

/* Small JSON objects for audit details: detail_begin, then fields, then
 * detail_end; the text is in b->data (caller frees with buf_free). */
void detail_begin(struct buf *b);
void detail_text(struct buf *b, const char *key, const char *value);
void detail_int(struct buf *b, const char *key, int64_t value);
void detail_end(struct buf *b);

/* ---- shared lookups ------------------------------------------------------------- */

/* STORE_OK if the user exists, STORE_NOT_FOUND if not (users.c). */
enum store_status user_exists(struct store *store, int64_t user_id);
/* STORE_OK if the organisation exists, STORE_NOT_FOUND if not (orgs.c). */
enum store_status org_exists(struct store *store, int64_t org_id);
/* Makes user_id a member of org_id with role, inserting or updating;
 * no audit, no owner check: the caller does both (members.c). */
enum store_status member_write(struct store *store, int64_t org_id,
                               int64_t user_id, enum role role);
/* A role stored by name; ROLE_NONE for anything unknown (members.c). */
enum role column_role(sqlite3_stmt *st, int column);

/* The columns of a user, in the order user_read reads them (users.c),
 * starting at column first. */
#define USER_COLUMNS "id, email, name, password_hash, lang, created_at"
#define USER_COLUMNS_OF(t) t ".id, " t ".email, " t ".name, " t ".password_hash, " \
	t ".lang, " t ".created_at"
void user_read(sqlite3_stmt *st, int first, struct user *out);
/* The role stored for a member, ROLE_NONE if none (members.c). */
enum store_status member_role_read(struct store *store, int64_t org_id,
                                   int64_t user_id, enum role *out);

/* The next id of a table whose ids count per organisation; sql is
 * "SELECT coalesce(max(id), 0) + 1 FROM t WHERE org_id = ?1" (baseline.c).
 * The caller holds the write lock. */
enum store_status next_id_in_org(struct store *store, const char *sql,
                                 int64_t org_id, int64_t *id);

/* After action_id became done (or stopped being done): records the new
 * current vulnerability of each risk whose measure it carries out in
 * risk_history (treatments.c). The caller holds a write unit. */
enum store_status risks_follow_action(struct store *store, const struct actor *who,
                                      int64_t org_id, int64_t action_id, bool done);
/* Deletes the treatment, measure links and history of risk id, or of
 * every risk of asset id when of_asset (treatments.c). */
enum store_status treatments_delete_for(struct store *store, bool of_asset, int64_t org_id,
                                        int64_t id);

/* ---- audit object names --------------------------------------------------------- */

/* Writes "<kind>:<id>" into out (e.g. "org:3"). */
void object_name(char *out, size_t outlen, const char *kind, int64_t id);
#define OBJECT_NAME_MAX 48

#endif
