/*
 * snapshot.c - consistent copies of the database (for backups) and the
 * check that a file is a database this build can restore.
 *
 * VACUUM INTO writes a compact copy from one read transaction: in WAL
 * mode other connections go on reading and writing meanwhile, and the
 * copy shows the database as it was when the snapshot began. The copy is
 * synced to disk before the call returns, since a backup that a crash
 * can lose is no backup.
 */
#include "store/sqlite_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The tables without which a file is not a Ravelin database. */
static const char *const required_tables[] = {
	"orgs", "users", "members", "invites", "sessions", "api_tokens",
	"login_failures", "audit",
};
#define REQUIRED_TABLE_COUNT (sizeof required_tables / sizeof required_tables[0])

/* ---- snapshot ---------------------------------------------------------------- */

/* Creates path empty with mode 0600, failing if it exists. VACUUM INTO
 * accepts an empty file, and would otherwise create it 0644. */
static enum store_status create_exclusive(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return STORE_CONFLICT;
		return store_fail("cannot create %s: %s", path, strerror(errno));
	}
	close(fd);
	return STORE_OK;
}

/* fsync of the file, then of its directory so its name is durable too. */
static enum store_status sync_file_and_directory(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		int saved = errno;
		if (fd >= 0)
			close(fd);
		return store_fail("cannot sync %s: %s", path, strerror(saved));
	}
	close(fd);

	char dir[4096];
	snprintf(dir, sizeof dir, "%s", path);
	fd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);   /* not all file systems sync directories; best effort */
		close(fd);
	}
	return STORE_OK;
}

enum store_status store_snapshot(struct store *store, const char *path)
{
	if (store->in_transaction)
		return store_fail("store_snapshot: cannot run inside a transaction");
	enum store_status status = create_exclusive(path);
	if (status != STORE_OK)
		return status;

	sqlite3_stmt *st = stmt_get(store, "VACUUM INTO ?1");
	if (!st)
		status = STORE_ERROR;
	if (status == STORE_OK) {
		bind_text(store, st, 1, path);
		status = stmt_exec(store, st);
	}
	if (status == STORE_OK)
		status = sync_file_and_directory(path);
	if (status != STORE_OK)
		unlink(path);
	return status;
}

/* ---- checking a file ------------------------------------------------------------ */

/* PRAGMA integrity_check answers one row "ok", or rows describing damage. */
static enum store_status check_integrity(struct store *check, const char *path)
{
	sqlite3_stmt *st = stmt_get(check, "PRAGMA integrity_check");
	if (!st)
		return STORE_ERROR;
	enum store_status status = stmt_row(check, st);
	if (status != STORE_OK)
		return status == STORE_NOT_FOUND ? STORE_ERROR : status;
	const char *result = (const char *)sqlite3_column_text(st, 0);
	if (!result || strcmp(result, "ok") != 0)
		status = store_fail("%s is damaged: %s", path, result ? result : "?");
	stmt_done(st);
	return status;
}

static enum store_status check_version(struct store *check, const char *path)
{
	int version = store_schema_version(check);
	int latest = migrations_latest();
	if (version < 0 || latest < 0)
		return STORE_ERROR;
	if (version > latest)
		return store_fail("%s has schema version %d, newer than this "
		                  "program's %d", path, version, latest);
	return STORE_OK;
}

static enum store_status check_tables(struct store *check, const char *path)
{
	sqlite3_stmt *st = stmt_get(check,
		"SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1");
	if (!st)
		return STORE_ERROR;
	for (size_t i = 0; i < REQUIRED_TABLE_COUNT; i++) {
		bind_text(check, st, 1, required_tables[i]);
		enum store_status status = stmt_row(check, st);
		stmt_done(st);
		if (status == STORE_NOT_FOUND)
			return store_fail("%s is not a Ravelin database (no table %s)",
			                  path, required_tables[i]);
		if (status != STORE_OK)
			return status;
	}
	return STORE_OK;
}

/* Opens path read-only, with a throw-away store so the statement helpers
 * apply; nothing is written to the file. */
enum store_status store_check_file(const char *path)
{
	if (access(path, F_OK) != 0)
		return STORE_NOT_FOUND;
	struct store check = {0};
	int rc = sqlite3_open_v2(path, &check.db,
	                         SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX |
	                         SQLITE_OPEN_EXRESCODE, NULL);
	enum store_status status = store_status_from(&check, rc, path);
	if (status == STORE_OK)
		status = check_integrity(&check, path);
	if (status == STORE_OK)
		status = check_version(&check, path);
	if (status == STORE_OK)
		status = check_tables(&check, path);
	stmt_cache_clear(&check);
	sqlite3_close(check.db);
	/* A busy or "missing" answer from inside the file is still a refusal. */
	return status == STORE_OK ? STORE_OK : STORE_ERROR;
}
