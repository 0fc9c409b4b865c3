/*
 * sqlite.c - the SQLite connection behind store.h: opening the database
 * file with the settings Ravelin relies on, transactions, and the mapping
 * of SQLite errors to store statuses.
 *
 * Settings and why:
 *  - journal_mode=WAL: readers never block the writer, so page views go
 *    on while someone saves a form or a backup is taken.
 *  - synchronous=FULL: every commit is on disk before it is acknowledged;
 *    a SIGKILL or power cut loses no write the user saw succeed.
 *  - foreign_keys=ON: SQLite leaves them off by default.
 *  - busy_timeout=5000: a writer waits up to 5 s for another, then the
 *    call answers STORE_BUSY.
 *  - defensive mode and trusted_schema=OFF: SQL cannot corrupt the file
 *    on purpose nor run functions hidden in the schema.
 *
 * The other files hold one concept each: statements.c (the statement
 * cache), migrate.c, then orgs.c, users.c, members.c, invites.c,
 * sessions.c, tokens.c, logins.c, audit.c and snapshot.c.
 */
#include "store/sqlite_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUSY_TIMEOUT_MS 5000

/* ---- errors --------------------------------------------------------------- */

/* Formats the whole line first so that lines from several threads do
 * not interleave. */
enum store_status store_fail(const char *fmt, ...)
{
	char message[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	fprintf(stderr, "ravelin: store: %s\n", message);
	return STORE_ERROR;
}

/*
 * Conflicts, busy databases and missing referenced rows are answers the
 * caller handles; anything else is a fault worth a line in the log. The
 * user never sees SQLite's message, only the status.
 */
enum store_status store_status_from(struct store *store, int rc,
                                    const char *doing)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return STORE_OK;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return STORE_BUSY;
	case SQLITE_CONSTRAINT:
		if (rc == SQLITE_CONSTRAINT_UNIQUE ||
		    rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			return STORE_CONFLICT;
		if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
			return STORE_NOT_FOUND;   /* the row referred to is gone */
		break;
	default:
		break;
	}
	const char *message = store && store->db ? sqlite3_errmsg(store->db)
	                                         : sqlite3_errstr(rc);
	return store_fail("%s: %s (%d)", doing ? doing : "?", message, rc);
}

/* ---- memory and text -------------------------------------------------------- */

char *store_strdup(const char *s)
{
	char *copy = strdup(s ? s : "");
	if (!copy)
		abort();
	return copy;
}

/* E-mail addresses are compared without regard to ASCII case; the store
 * keeps them lower-case so a plain index finds them. */
char *store_lower_ascii(const char *s)
{
	char *copy = store_strdup(s);
	for (char *p = copy; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return copy;
}

void *store_calloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size);
	if (!p)
		abort();
	return p;
}

void *store_grow(void *array, size_t *capacity, size_t element_size)
{
	size_t new_capacity = *capacity ? *capacity * 2 : 16;
	void *p = realloc(array, new_capacity * element_size);
	if (!p)
		abort();
	*capacity = new_capacity;
	return p;
}

/* ---- opening ------------------------------------------------------------------ */

void store_database_path(const char *data_dir, char *out, size_t outlen)
{
	size_t len = strlen(data_dir);
	const char *sep = len > 0 && data_dir[len - 1] == '/' ? "" : "/";
	snprintf(out, outlen, "%s%s%s", data_dir, sep, DATABASE_FILE_NAME);
}

/* mkdir -p, with directories readable by the service user only: they hold
 * the most sensitive facts a business has. */
static enum store_status make_directory(const char *dir)
{
	char path[4096];
	if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
		return store_fail("data directory path too long: %s", dir);
	for (char *p = path + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			return store_fail("cannot create %s: %s", path, strerror(errno));
		*p = saved;
		if (saved == '\0')
			break;
	}
	return STORE_OK;
}

/* Creates the database file with mode 0600 before SQLite does (it would
 * use 0644 under the usual umask); its -wal and -shm files copy the mode. */
static enum store_status create_private_file(const char *path)
{
	/* Only a file that does not exist yet is created here. Opening and
	 * closing an existing database would drop every POSIX lock this
	 * process holds on it (close(2) releases them all), including the
	 * one by which SQLite's other connections in this process keep the
	 * WAL alive: another process would then delete the WAL under us. */
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno == EEXIST)
		return STORE_OK;
	if (fd < 0)
		return store_fail("cannot open %s: %s", path, strerror(errno));
	close(fd);
	return STORE_OK;
}

/* Runs one fixed statement that needs no parameters (a PRAGMA). */
static enum store_status exec_fixed(struct store *store, const char *sql)
{
	int rc = sqlite3_exec(store->db, sql, NULL, NULL, NULL);
	return store_status_from(store, rc, sql);
}

/* PRAGMA journal_mode answers with the mode in force, which stays the
 * old one when the switch fails (e.g. on a file system without mmap). */
static enum store_status enable_wal(struct store *store)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(store->db, "PRAGMA journal_mode=WAL", -1, &st,
	                            NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	enum store_status status = STORE_OK;
	if (rc == SQLITE_ROW) {
		const char *mode = (const char *)sqlite3_column_text(st, 0);
		if (!mode || strcmp(mode, "wal") != 0)
			status = store_fail("cannot switch to WAL (mode is %s)",
			                    mode ? mode : "?");
	} else {
		status = store_status_from(store, rc, "PRAGMA journal_mode=WAL");
	}
	sqlite3_finalize(st);
	return status;
}

static enum store_status configure(struct store *store)
{
	sqlite3 *db = store->db;
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);

	enum store_status status = enable_wal(store);
	if (status == STORE_OK)
		status = exec_fixed(store, "PRAGMA synchronous=FULL");
	if (status == STORE_OK)
		status = exec_fixed(store, "PRAGMA foreign_keys=ON");
	return status;
}

/* Process-wide settings, before SQLite initialises itself: without
 * memory statistics no allocation takes SQLite's global mutex, which the
 * server's worker threads otherwise queue on. */
static void configure_library(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

enum store_status store_open(const char *data_dir, struct store **out)
{
	static pthread_once_t library_configured = PTHREAD_ONCE_INIT;
	pthread_once(&library_configured, configure_library);
	char path[4096];
	enum store_status status = make_directory(data_dir);
	if (status != STORE_OK)
		return status;
	store_database_path(data_dir, path, sizeof path);
	status = create_private_file(path);
	if (status != STORE_OK)
		return status;

	struct store *store = store_calloc(1, sizeof *store);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	            SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	int rc = sqlite3_open_v2(path, &store->db, flags, NULL);
	if (rc != SQLITE_OK)
		status = store_status_from(store, rc, path);
	if (status == STORE_OK)
		status = configure(store);
	if (status == STORE_OK)
		status = migrations_apply(store);
	if (status != STORE_OK) {
		store_close(store);
		return status;
	}
	*out = store;
	return STORE_OK;
}

void store_close(struct store *store)
{
	if (!store)
		return;
	if (store->in_transaction)
		store_rollback(store);
	stmt_cache_clear(store);
	sqlite3_close(store->db);   /* all statements are finalized: cannot fail */
	free(store);
}

int store_schema_version(struct store *store)
{
	sqlite3_stmt *st = stmt_get(store, "PRAGMA user_version");
	if (!st || stmt_row(store, st) != STORE_OK)
		return -1;
	int version = sqlite3_column_int(st, 0);
	stmt_done(st);
	return version;
}

/* ---- transactions ------------------------------------------------------------- */

/* Runs a cached statement that takes no parameters (BEGIN, COMMIT...). */
static enum store_status run(struct store *store, const char *sql)
{
	sqlite3_stmt *st = stmt_get(store, sql);
	return st ? stmt_exec(store, st) : STORE_ERROR;
}

/* ROLLBACK unless SQLite has already rolled back by itself (it does after
 * some errors, such as a full disk). */
static void rollback_if_open(struct store *store)
{
	if (!sqlite3_get_autocommit(store->db))
		run(store, "ROLLBACK");
}

/* BEGIN IMMEDIATE takes the write lock at once: a deferred transaction
 * that reads first and writes later can fail with SQLITE_BUSY half-way,
 * with no busy wait, when another connection wrote in between. */
enum store_status store_begin(struct store *store)
{
	if (store->in_transaction)
		return store_fail("store_begin: a transaction is already open");
	enum store_status status = run(store, "BEGIN IMMEDIATE");
	if (status == STORE_OK)
		store->in_transaction = true;
	return status;
}

/* BEGIN DEFERRED takes no lock until the first read, then only the read
 * lock: the many reads of one page share one snapshot and one lock. */
enum store_status store_read_begin(struct store *store)
{
	if (store->in_transaction)
		return store_fail("store_read_begin: a transaction is already open");
	enum store_status status = run(store, "BEGIN DEFERRED");
	if (status == STORE_OK)
		store->in_transaction = true;
	return status;
}

void store_read_end(struct store *store)
{
	if (!store->in_transaction)
		return;
	store->in_transaction = false;
	/* Savepoints released inside the view may have written: commit. */
	if (!sqlite3_get_autocommit(store->db) && run(store, "COMMIT") != STORE_OK)
		rollback_if_open(store);
}

/* After store_commit the transaction is over either way: if COMMIT fails
 * its work is rolled back and the failure returned. */
enum store_status store_commit(struct store *store)
{
	if (!store->in_transaction)
		return store_fail("store_commit: no transaction is open");
	store->in_transaction = false;
	enum store_status status = run(store, "COMMIT");
	if (status != STORE_OK)
		rollback_if_open(store);
	return status;
}

void store_rollback(struct store *store)
{
	if (!store->in_transaction)
		return;
	store->in_transaction = false;
	rollback_if_open(store);
}

enum store_status write_begin(struct store *store, struct write_unit *unit)
{
	/* Inside store_begin's transaction, or inside another call's unit
	 * (a store function built on another): a savepoint. */
	unit->savepoint = store->in_transaction || !sqlite3_get_autocommit(store->db);
	if (unit->savepoint)
		return run(store, "SAVEPOINT store_call");
	return run(store, "BEGIN IMMEDIATE");
}

enum store_status write_end(struct store *store, struct write_unit *unit,
                            enum store_status status)
{
	if (unit->savepoint) {
		if (status != STORE_OK)
			run(store, "ROLLBACK TO store_call");
		enum store_status released = run(store, "RELEASE store_call");
		return status != STORE_OK ? status : released;
	}
	if (status != STORE_OK) {
		rollback_if_open(store);
		return status;
	}
	status = run(store, "COMMIT");
	if (status != STORE_OK)
		rollback_if_open(store);
	return status;
}
