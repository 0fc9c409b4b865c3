/*
 * audit.c - the audit log: appending to an organisation's hash chain,
 * listing it, and verifying every chain.
 *
 * Each organisation has its own chain (org_id 0 is the installation's:
 * user accounts, API tokens, command-line events), numbered from seq 1.
 * An entry's hash covers its fields and its predecessor's hash (see
 * core/audit_chain.c), so an edited, inserted or deleted entry breaks the
 * chain at that point. Triggers in the schema make the table append-only
 * for the application; verify catches whoever goes around them.
 *
 * What a chain cannot show on its own: someone with write access to the
 * file who removes the newest entries, or rewrites an entry and every
 * hash after it. Catching that needs the newest hash kept elsewhere
 * (e.g. in each backup), which is up to the caller of store_audit_verify.
 */
#include "store/sqlite_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/audit_chain.h"

/* ---- details: small JSON objects ------------------------------------------ */

void detail_begin(struct buf *b)
{
	buf_putc(b, '{');
}

/* Writes "key": with the comma that separates it from a previous field. */
static void detail_key(struct buf *b, const char *key)
{
	if (b->len > 1)
		buf_putc(b, ',');
	buf_printf(b, "\"%s\":", key);
}

/* A JSON string; control characters escaped, UTF-8 passed through. */
void detail_text(struct buf *b, const char *key, const char *value)
{
	detail_key(b, key);
	buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)(value ? value : "");
	     *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_printf(b, "\\%c", *p);
		else if (*p < 0x20)
			buf_printf(b, "\\u%04x", *p);
		else
			buf_putc(b, (char)*p);
	}
	buf_putc(b, '"');
}

void detail_int(struct buf *b, const char *key, int64_t value)
{
	detail_key(b, key);
	buf_printf(b, "%lld", (long long)value);
}

void detail_end(struct buf *b)
{
	buf_putc(b, '}');
}

void object_name(char *out, size_t outlen, const char *kind, int64_t id)
{
	snprintf(out, outlen, "%s:%lld", kind, (long long)id);
}

/* ---- appending ---------------------------------------------------------------- */

/* The newest entry's seq and hash in org_id's chain; 0 and "" if empty. */
static enum store_status chain_head(struct store *store, int64_t org_id,
                                    int64_t *seq, char hash[AUDIT_HASH_HEX])
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT seq, hash FROM audit WHERE org_id = ?1 "
		"ORDER BY seq DESC LIMIT 1");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	enum store_status status = stmt_row(store, st);
	if (status == STORE_NOT_FOUND) {
		*seq = 0;
		hash[0] = '\0';
		return STORE_OK;
	}
	if (status != STORE_OK)
		return status;
	*seq = sqlite3_column_int64(st, 0);
	snprintf(hash, AUDIT_HASH_HEX, "%s",
	         (const char *)sqlite3_column_text(st, 1));
	stmt_done(st);
	return STORE_OK;
}

/* Reading the head and inserting after it are safe because the caller
 * holds the write lock (BEGIN IMMEDIATE): no other writer can slip an
 * entry in between. */
enum store_status audit_append_locked(struct store *store,
                                      const struct actor *who, int64_t org_id,
                                      const char *action, const char *object,
                                      const char *detail)
{
	struct audit_entry entry = {
		.org_id = org_id,
		.at = (int64_t)time(NULL),
		.user_id = who ? who->user_id : 0,
		.address = who && who->address ? who->address : "",
		.action = action ? action : "",
		.object = object ? object : "",
		.detail = detail ? detail : "",
	};
	enum store_status status = chain_head(store, org_id, &entry.seq,
	                                      entry.prev_hash);
	if (status != STORE_OK)
		return status;
	entry.seq++;
	char hash[AUDIT_HASH_HEX];
	audit_chain_hash(&entry, hash);

	sqlite3_stmt *st = stmt_get(store,
		"INSERT INTO audit (org_id, seq, at, user_id, address, action, "
		"object, detail, prev_hash, hash) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, entry.org_id);
	bind_int(store, st, 2, entry.seq);
	bind_int(store, st, 3, entry.at);
	bind_int(store, st, 4, entry.user_id);
	bind_text(store, st, 5, entry.address);
	bind_text(store, st, 6, entry.action);
	bind_text(store, st, 7, entry.object);
	bind_text(store, st, 8, entry.detail);
	bind_text(store, st, 9, entry.prev_hash);
	bind_text(store, st, 10, hash);
	return stmt_exec(store, st);
}

enum store_status store_audit_append(struct store *store, const struct actor *who,
                                     int64_t org_id, const char *action,
                                     const char *object, const char *detail)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	status = audit_append_locked(store, who, org_id, action, object, detail);
	return write_end(store, &unit, status);
}

/* ---- listing ------------------------------------------------------------------- */

static void audit_row_read(sqlite3_stmt *st, void *item)
{
	struct audit_row *row = item;
	row->seq = sqlite3_column_int64(st, 0);
	row->org_id = sqlite3_column_int64(st, 1);
	row->at = sqlite3_column_int64(st, 2);
	row->user_id = sqlite3_column_int64(st, 3);
	row->user_email = column_strdup(st, 4);
	row->action = column_strdup(st, 5);
	row->object = column_strdup(st, 6);
	row->detail = column_strdup(st, 7);
	row->address = column_strdup(st, 8);
}

static void audit_rows_release(void *items, size_t count)
{
	store_audit_rows_free(items, count);
}

/* A limit of 0 or less lists the whole chain. */
enum store_status store_audit_list(struct store *store, int64_t org_id,
                                   int64_t limit, int64_t offset,
                                   struct audit_row **out, size_t *count)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT a.seq, a.org_id, a.at, a.user_id, coalesce(u.email, ''), "
		"a.action, a.object, a.detail, a.address "
		"FROM audit a LEFT JOIN users u ON u.id = a.user_id "
		"WHERE a.org_id = ?1 ORDER BY a.seq DESC LIMIT ?2 OFFSET ?3");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	bind_int(store, st, 2, limit > 0 ? limit : -1);
	bind_int(store, st, 3, offset > 0 ? offset : 0);

	return stmt_collect(store, st, sizeof **out, audit_row_read, audit_rows_release,
	                    out, count);
}

void store_audit_rows_free(struct audit_row *list, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(list[i].user_email);
		free(list[i].action);
		free(list[i].object);
		free(list[i].detail);
		free(list[i].address);
	}
	free(list);
}

/* ---- verifying ------------------------------------------------------------------- */

/* Where the walk is: the chain being checked and what its next entry
 * must look like. */
struct chain_walk {
	int64_t org_id;
	int64_t next_seq;
	char prev_hash[AUDIT_HASH_HEX];
};

/*
 * Checks one stored entry against the walk; returns the seq at which the
 * chain breaks, or 0 if this entry is sound. A gap in seq means entries
 * were deleted: the first missing number is reported.
 */
static int64_t entry_check(sqlite3_stmt *st, struct chain_walk *walk)
{
	int64_t org_id = sqlite3_column_int64(st, 0);
	if (org_id != walk->org_id) {   /* a new chain starts */
		walk->org_id = org_id;
		walk->next_seq = 1;
		walk->prev_hash[0] = '\0';
	}
	struct audit_entry entry = {
		.org_id = org_id,
		.seq = sqlite3_column_int64(st, 1),
		.at = sqlite3_column_int64(st, 2),
		.user_id = sqlite3_column_int64(st, 3),
		.action = (const char *)sqlite3_column_text(st, 4),
		.object = (const char *)sqlite3_column_text(st, 5),
		.detail = (const char *)sqlite3_column_text(st, 6),
		.address = (const char *)sqlite3_column_text(st, 9),
	};
	const char *prev_hash = (const char *)sqlite3_column_text(st, 7);
	const char *hash = (const char *)sqlite3_column_text(st, 8);
	if (!prev_hash || !hash)
		return entry.seq;
	snprintf(entry.prev_hash, sizeof entry.prev_hash, "%s", prev_hash);

	if (entry.seq != walk->next_seq)
		return walk->next_seq;
	char computed[AUDIT_HASH_HEX];
	audit_chain_hash(&entry, computed);
	if (strcmp(prev_hash, walk->prev_hash) != 0 || strcmp(computed, hash) != 0)
		return entry.seq;

	walk->next_seq = entry.seq + 1;
	snprintf(walk->prev_hash, sizeof walk->prev_hash, "%s", hash);
	return 0;
}

/* One statement reads every chain, so the walk sees one consistent
 * snapshot even while others append. *entries_out counts the entries
 * checked: all of them when intact, up to the broken one otherwise. */
enum store_status store_audit_verify(struct store *store, int64_t *entries_out,
                                     int64_t *broken_org, int64_t *broken_seq)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT org_id, seq, at, user_id, action, object, detail, "
		"prev_hash, hash, address FROM audit ORDER BY org_id, seq");
	if (!st)
		return STORE_ERROR;
	struct chain_walk walk = {.org_id = -1};
	int64_t entries = 0, bad_org = 0, bad_seq = 0;
	enum store_status status;
	while ((status = stmt_row(store, st)) == STORE_OK) {
		entries++;
		bad_seq = entry_check(st, &walk);
		if (bad_seq != 0) {
			bad_org = walk.org_id;
			stmt_done(st);
			status = STORE_NOT_FOUND;   /* stop, as at the end */
			break;
		}
	}
	if (status != STORE_NOT_FOUND)
		return status;
	*entries_out = entries;
	*broken_org = bad_org;
	*broken_seq = bad_seq;
	return STORE_OK;
}
