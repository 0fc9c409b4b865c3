/*
 * migrate.c - brings the database schema up to this build's version.
 *
 * Migrations are the files src/store/migrations/NNNN_name.sql, compiled
 * into the binary as resources "migrations/NNNN_name.sql". The database
 * records the number of the last one applied in PRAGMA user_version (0 for
 * a new file). Opening applies every newer migration, in number order,
 * all in one BEGIN IMMEDIATE transaction: a crash or an error leaves the
 * database at its old version, never half-migrated, and two processes
 * opening a new database at once cannot both migrate it.
 *
 * A migration is trusted text from the build, run with sqlite3_exec. It
 * must not contain BEGIN, COMMIT or PRAGMA user_version: this file does
 * those. Migrations are never edited once released; a change is a new file.
 */
#include "store/sqlite_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/resource.h"

#define MIGRATION_PREFIX "migrations/"

struct migration {
	int number;
	const struct resource *resource;
};

/* The number of a migration resource ("migrations/0007_x.sql" -> 7), or
 * -1 for any other resource. */
static int migration_number(const char *path)
{
	size_t prefix = strlen(MIGRATION_PREFIX);
	if (strncmp(path, MIGRATION_PREFIX, prefix) != 0)
		return -1;
	const char *p = path + prefix;
	size_t len = strlen(p);
	if (len < 5 || strcmp(p + len - 4, ".sql") != 0)
		return -1;
	int number = 0, digits = 0;
	for (; *p >= '0' && *p <= '9' && digits < 6; p++, digits++)
		number = number * 10 + (*p - '0');
	if (digits == 0 || *p != '_' || number == 0)
		return -1;
	return number;
}

static int migration_compare(const void *a, const void *b)
{
	const struct migration *x = a, *y = b;
	return (x->number > y->number) - (x->number < y->number);
}

/* The embedded migrations in number order; caller frees the array.
 * Two files with one number are a build error, reported here. */
static enum store_status migrations_list(struct migration **out, size_t *count)
{
	struct migration *list = store_calloc(resource_count, sizeof *list);
	size_t n = 0;
	for (size_t i = 0; i < resource_count; i++) {
		int number = migration_number(resources[i].path);
		if (number > 0)
			list[n++] = (struct migration){number, &resources[i]};
	}
	qsort(list, n, sizeof *list, migration_compare);
	for (size_t i = 1; i < n; i++) {
		if (list[i].number == list[i - 1].number) {
			int number = list[i].number;
			free(list);
			return store_fail("two migrations numbered %d", number);
		}
	}
	*out = list;
	*count = n;
	return STORE_OK;
}

int migrations_latest(void)
{
	struct migration *list = NULL;
	size_t count = 0;
	if (migrations_list(&list, &count) != STORE_OK)
		return -1;
	int latest = count ? list[count - 1].number : 0;
	free(list);
	return latest;
}

/* Runs one migration's SQL and records its number. */
static enum store_status migration_run(struct store *store,
                                       const struct migration *m)
{
	char *error = NULL;
	int rc = sqlite3_exec(store->db, (const char *)m->resource->data, NULL,
	                      NULL, &error);
	if (rc != SQLITE_OK) {
		store_fail("migration %s failed: %s", m->resource->path,
		           error ? error : sqlite3_errstr(rc));
		sqlite3_free(error);
		return STORE_ERROR;
	}
	/* PRAGMA takes no bound parameters; the number is an int we made. */
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", m->number);
	rc = sqlite3_exec(store->db, sql, NULL, NULL, NULL);
	return store_status_from(store, rc, sql);
}

/* Applies what is pending; the caller holds the write transaction. */
static enum store_status migrations_run_pending(struct store *store,
                                               const struct migration *list,
                                               size_t count)
{
	int version = store_schema_version(store);
	if (version < 0)
		return STORE_ERROR;
	int latest = count ? list[count - 1].number : 0;
	if (version > latest)
		return store_fail("the database has schema version %d, newer than "
		                  "this program's %d: use a newer Ravelin", version,
		                  latest);
	for (size_t i = 0; i < count; i++) {
		if (list[i].number <= version)
			continue;
		enum store_status status = migration_run(store, &list[i]);
		if (status != STORE_OK)
			return status;
	}
	return STORE_OK;
}

enum store_status migrations_apply(struct store *store)
{
	struct migration *list = NULL;
	size_t count = 0;
	enum store_status status = migrations_list(&list, &count);
	if (status != STORE_OK)
		return status;

	struct write_unit unit;
	status = write_begin(store, &unit);
	if (status == STORE_OK) {
		/* Read the version only now, under the write lock. */
		status = migrations_run_pending(store, list, count);
		status = write_end(store, &unit, status);
	}
	free(list);
	return status;
}
