/*
 * test_store.c - unit tests of the SQLite store (the files in src/store/) through
 * store.h: migrations, every function's answers (found, not found,
 * conflict), isolation between organisations, the last-owner rule,
 * invitations, sessions, tokens, failed logins, transactions, the audit
 * chain and its verification against direct edits of the file, and
 * snapshots.
 *
 * Each test gets a fresh data directory from mkdtemp. Where a test must
 * do what the application cannot (tamper with the audit log, fake a
 * newer schema), it opens the database file with the sqlite3 API itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"

#define HASH_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define HASH_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define HASH_C "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"

static const struct actor cli = {0, "cli"};

/* What each test works with: a data directory and an open store. */
struct fixture {
	char dir[64];
	char db_path[128];
	struct store *store;
};

/* ---- fixture ------------------------------------------------------------------ */

static int remove_entry(const char *path, const struct stat *sb, int flag,
                        struct FTW *ftw)
{
	(void)sb; (void)flag; (void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	strcpy(f->dir, "/tmp/ravelin-store-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	store_database_path(f->dir, f->db_path, sizeof f->db_path);
	if (store_open(f->dir, &f->store) != STORE_OK)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->store);
	nftw(f->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

/* ---- helpers -------------------------------------------------------------------- */

/* Runs SQL on the database file from a connection of the test's own,
 * bypassing the store; returns SQLite's result code. */
static int raw_sql(const char *db_path, const char *sql)
{
	sqlite3 *db;
	int rc = sqlite3_open(db_path, &db);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(db, 5000);
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	}
	sqlite3_close(db);
	return rc;
}

/* The first column of the first row of a query, as an integer. */
static int64_t raw_int(const char *db_path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t value = -1;
	assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		value = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return value;
}

/* A session by its hash, checking that its user comes with it. */
static enum store_status session_get(struct store *s, const char *hash,
                                     struct session *out)
{
	struct user user = {0};
	enum store_status status = store_session_user(s, hash, out, &user);
	if (status == STORE_OK) {
		assert_int_equal(user.id, out->user_id);
		assert_non_null(user.email);
	}
	user_free(&user);
	return status;
}

static int64_t add_user(struct store *s, const char *email)
{
	int64_t id = 0;
	assert_int_equal(store_user_create(s, &cli, email, "Name", "$argon2id$x", &id),
	                 STORE_OK);
	assert_true(id > 0);
	return id;
}

static int64_t add_org(struct store *s, const char *name, int64_t owner)
{
	int64_t id = 0;
	assert_int_equal(store_org_create(s, &cli, name, owner, &id), STORE_OK);
	assert_true(id > 0);
	return id;
}

static enum role role_of(struct store *s, int64_t org, int64_t user)
{
	enum role role = (enum role)99;
	assert_int_equal(store_member_role(s, org, user, &role), STORE_OK);
	return role;
}

static size_t audit_count(struct store *s, int64_t org)
{
	struct audit_row *rows;
	size_t n;
	assert_int_equal(store_audit_list(s, org, 0, 0, &rows, &n), STORE_OK);
	store_audit_rows_free(rows, n);
	return n;
}

/* The newest audit entry of a chain must have this action and object. */
static void assert_last_audit(struct store *s, int64_t org, const char *action,
                              const char *object)
{
	struct audit_row *rows;
	size_t n;
	assert_int_equal(store_audit_list(s, org, 1, 0, &rows, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].action, action);
	assert_string_equal(rows[0].object, object);
	store_audit_rows_free(rows, n);
}

static void assert_chain_intact(struct store *s)
{
	int64_t entries = -1, org = -1, seq = -1;
	assert_int_equal(store_audit_verify(s, &entries, &org, &seq), STORE_OK);
	assert_int_equal(org, 0);
	assert_int_equal(seq, 0);
	assert_true(entries > 0);
}

/* ---- connection and migrations ------------------------------------------------------ */

static void test_open_applies_migrations_once(void **state)
{
	struct fixture *f = *state;
	int version = store_schema_version(f->store);
	assert_true(version >= 1);
	assert_int_equal(raw_int(f->db_path, "PRAGMA user_version"), version);
	int64_t user = add_user(f->store, "anna@example.be");

	/* Reopening applies nothing: the data and the version stay. */
	store_close(f->store);
	assert_int_equal(store_open(f->dir, &f->store), STORE_OK);
	assert_int_equal(store_schema_version(f->store), version);
	struct user u;
	assert_int_equal(store_user_get(f->store, user, &u), STORE_OK);
	user_free(&u);
	assert_int_equal(raw_int(f->db_path,
		"SELECT count(*) FROM sqlite_schema WHERE name = 'audit'"), 1);
	/* The database is in WAL mode, and private to its owner. */
	sqlite3 *db;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(f->db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(db);
	struct stat sb;
	assert_int_equal(stat(f->db_path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
}

static void test_open_creates_nested_data_dir(void **state)
{
	struct fixture *f = *state;
	char nested[128];
	snprintf(nested, sizeof nested, "%s/a/b/data", f->dir);
	struct store *s;
	assert_int_equal(store_open(nested, &s), STORE_OK);
	assert_int_equal(store_org_count(s), 0);
	store_close(s);
	char path[192];
	store_database_path(nested, path, sizeof path);
	assert_int_equal(access(path, F_OK), 0);
}

static void test_open_refuses_newer_schema(void **state)
{
	struct fixture *f = *state;
	int version = store_schema_version(f->store);
	store_close(f->store);
	f->store = NULL;
	assert_int_equal(raw_sql(f->db_path, "PRAGMA user_version = 9999"), SQLITE_OK);
	struct store *s = NULL;
	assert_int_equal(store_open(f->dir, &s), STORE_ERROR);
	assert_null(s);
	/* Put it back so teardown's store_close has nothing to do. */
	char restore[64];
	snprintf(restore, sizeof restore, "PRAGMA user_version = %d", version);
	assert_int_equal(raw_sql(f->db_path, restore), SQLITE_OK);
	assert_int_equal(store_open(f->dir, &f->store), STORE_OK);
}

static void test_database_path(void **state)
{
	(void)state;
	char out[64];
	store_database_path("/var/lib/ravelin", out, sizeof out);
	assert_string_equal(out, "/var/lib/ravelin/ravelin.db");
	store_database_path("/var/lib/ravelin/", out, sizeof out);
	assert_string_equal(out, "/var/lib/ravelin/ravelin.db");
}

/* ---- organisations ------------------------------------------------------------------- */

static void test_org_create_get_find_update(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	int64_t owner = add_user(s, "owner@example.be");
	assert_int_equal(store_org_count(s), 0);
	int64_t org = add_org(s, "Bakkerij Peeters", owner);
	assert_int_equal(store_org_count(s), 1);
	assert_int_equal(role_of(s, org, owner), ROLE_OWNER);

	struct org o;
	assert_int_equal(store_org_get(s, org, &o), STORE_OK);
	assert_int_equal(o.id, org);
	assert_string_equal(o.name, "Bakkerij Peeters");
	assert_string_equal(o.address, "");
	assert_int_equal(o.staff, 0);
	assert_true(o.created_at > 0);

	int64_t found = 0;
	assert_int_equal(store_org_find_by_name(s, "Bakkerij Peeters", &found), STORE_OK);
	assert_int_equal(found, org);
	assert_int_equal(store_org_find_by_name(s, "Nobody", &found), STORE_NOT_FOUND);

	free(o.address);
	free(o.sector);
	o.address = strdup("Kerkstraat 1, 9000 Gent");
	o.sector = strdup("food");
	o.staff = 12;
	assert_int_equal(store_org_update(s, &cli, &o), STORE_OK);
	org_free(&o);
	assert_int_equal(store_org_get(s, org, &o), STORE_OK);
	assert_string_equal(o.address, "Kerkstraat 1, 9000 Gent");
	assert_string_equal(o.sector, "food");
	assert_int_equal(o.staff, 12);
	char object[32];
	snprintf(object, sizeof object, "org:%lld", (long long)org);
	assert_last_audit(s, org, "org.update", object);
	org_free(&o);
	assert_chain_intact(s);
}

static void test_org_conflicts_and_missing(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	int64_t owner = add_user(s, "owner@example.be");
	int64_t a = add_org(s, "Alpha", owner);
	add_org(s, "Beta", owner);
	int64_t id = -7;
	assert_int_equal(store_org_create(s, &cli, "Alpha", owner, &id), STORE_CONFLICT);
	assert_int_equal(id, -7);   /* outputs are written only on STORE_OK */

	struct org o;
	assert_int_equal(store_org_get(s, a, &o), STORE_OK);
	free(o.name);
	o.name = strdup("Beta");
	assert_int_equal(store_org_update(s, &cli, &o), STORE_CONFLICT);
	o.id = 9999;
	assert_int_equal(store_org_update(s, &cli, &o), STORE_NOT_FOUND);
	org_free(&o);
	assert_int_equal(store_org_get(s, 9999, &o), STORE_NOT_FOUND);

	/* An unknown owner creates nothing, not even an audit entry. */
	size_t chain0 = audit_count(s, 0);
	assert_int_equal(store_org_create(s, &cli, "Gamma", 9999, &id), STORE_NOT_FOUND);
	assert_int_equal(store_org_count(s), 2);
	assert_int_equal(store_org_find_by_name(s, "Gamma", &id), STORE_NOT_FOUND);
	assert_int_equal(audit_count(s, 0), chain0);
	assert_int_equal(audit_count(s, 3), 0);
}

static void test_orgs_of_user(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	int64_t anna = add_user(s, "anna@example.be");
	int64_t bert = add_user(s, "bert@example.be");
	int64_t zulu = add_org(s, "Zulu", anna);
	int64_t alpha = add_org(s, "Alpha", bert);
	assert_int_equal(store_member_set(s, &cli, alpha, anna, ROLE_VIEWER), STORE_OK);

	struct org_membership *list;
	size_t n;
	assert_int_equal(store_orgs_of_user(s, anna, &list, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].org_id, alpha);   /* by name */
	assert_string_equal(list[0].org_name, "Alpha");
	assert_int_equal(list[0].role, ROLE_VIEWER);
	assert_int_equal(list[1].org_id, zulu);
	assert_int_equal(list[1].role, ROLE_OWNER);
	store_memberships_free(list, n);

	int64_t nobody = add_user(s, "nobody@example.be");
	assert_int_equal(store_orgs_of_user(s, nobody, &list, &n), STORE_OK);
	assert_int_equal(n, 0);
	store_memberships_free(list, n);
}

/* ---- users -------------------------------------------------------------------------------- */

static void test_user_create_and_lookup(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	int64_t id = 0;
	assert_int_equal(store_user_create(s, &cli, "Anna.Peeters@Example.BE",
	                                   "Anna Peeters", "$argon2id$secret", &id),
	                 STORE_OK);
	struct user u;
	assert_int_equal(store_user_get(s, id, &u), STORE_OK);
	assert_string_equal(u.email, "anna.peeters@example.be");
	assert_string_equal(u.name, "Anna Peeters");
	assert_string_equal(u.password_hash, "$argon2id$secret");
	assert_string_equal(u.lang, "");
	assert_true(u.created_at > 0);
	user_free(&u);

	assert_int_equal(store_user_by_email(s, "ANNA.peeters@example.be", &u), STORE_OK);
	assert_int_equal(u.id, id);
	user_free(&u);
	assert_int_equal(store_user_by_email(s, "other@example.be", &u), STORE_NOT_FOUND);
	assert_int_equal(store_user_get(s, id + 100, &u), STORE_NOT_FOUND);

	int64_t dup = -1;
	assert_int_equal(store_user_create(s, &cli, "anna.PEETERS@example.be", "X",
	                                   "h", &dup), STORE_CONFLICT);
	assert_int_equal(dup, -1);

	/* Chain 0 records the creation, and never the password hash. */
	struct audit_row *rows;
	size_t n;
	assert_int_equal(store_audit_list(s, 0, 0, 0, &rows, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].action, "user.create");
	assert_null(strstr(rows[0].detail, "argon2id"));
	assert_non_null(strstr(rows[0].detail, "anna.peeters@example.be"));
	store_audit_rows_free(rows, n);
}

static void test_user_password_lang_and_list(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	int64_t zoe = add_user(s, "zoe@example.be");
	int64_t abe = add_user(s, "abe@example.be");
	struct actor self = {zoe, "192.0.2.7"};

	assert_int_equal(store_user_set_password(s, &self, zoe, "$argon2id$new"), STORE_OK);
	assert_last_audit(s, 0, "user.password", "user:1");
	assert_int_equal(store_user_set_lang(s, &self, zoe, "nl"), STORE_OK);
	assert_last_audit(s, 0, "user.lang", "user:1");
	struct user u;
	assert_int_equal(store_user_get(s, zoe, &u), STORE_OK);
	assert_string_equal(u.password_hash, "$argon2id$new");
	assert_string_equal(u.lang, "nl");
	user_free(&u);

	assert_int_equal(store_user_set_password(s, &cli, 999, "x"), STORE_NOT_FOUND);
	assert_int_equal(store_user_set_lang(s, &cli, 999, "fr"), STORE_NOT_FOUND);

	struct user *list;
	size_t n;
	assert_int_equal(store_users_list(s, &list, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].id, abe);   /* by e-mail */
	assert_int_equal(list[1].id, zoe);
	for (size_t i = 0; i < n; i++)
		user_free(&list[i]);
	free(list);

	struct audit_row *rows;
	assert_int_equal(store_audit_list(s, 0, 0, 0, &rows, &n), STORE_OK);
	assert_null(strstr(rows[1].detail, "argon2id"));
	assert_int_equal(rows[0].user_id, zoe);
	assert_string_equal(rows[0].user_email, "zoe@example.be");
	store_audit_rows_free(rows, n);
}

/* ---- members ----------------------------------------------------------------------------- */

static void test_member_set_list_remove(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	int64_t owner = add_user(s, "owner@example.be");
	int64_t eve = add_user(s, "eve@example.be");
	int64_t org = add_org(s, "Acme", owner);

	assert_int_equal(role_of(s, org, eve), ROLE_NONE);
	assert_int_equal(store_member_set(s, &cli, org, eve, ROLE_VIEWER), STORE_OK);
	assert_int_equal(role_of(s, org, eve), ROLE_VIEWER);
	assert_last_audit(s, org, "member.set", "user:2");
	assert_int_equal(store_member_set(s, &cli, org, eve, ROLE_EDITOR), STORE_OK);
	assert_int_equal(role_of(s, org, eve), ROLE_EDITOR);

	struct member *list;
	size_t n;
	assert_int_equal(store_members_list(s, org, &list, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].user_id, eve);   /* by e-mail */
	assert_string_equal(list[0].email, "eve@example.be");
	assert_int_equal(list[0].role, ROLE_EDITOR);
	assert_int_equal(list[1].role, ROLE_OWNER);
	store_members_free(list, n);

	assert_int_equal(store_member_remove(s, &cli, org, eve), STORE_OK);
	assert_int_equal(role_of(s, org, eve), ROLE_NONE);
	assert_last_audit(s, org, "member.remove", "user:2");
	assert_int_equal(store_member_remove(s, &cli, org, eve), STORE_NOT_FOUND);

	assert_int_equal(store_member_set(s, &cli, 999, eve, ROLE_VIEWER), STORE_NOT_FOUND);
	assert_int_equal(store_member_set(s, &cli, org, 999, ROLE_VIEWER), STORE_NOT_FOUND);
	assert_int_equal(store_member_set(s, &cli, org, eve, ROLE_NONE), STORE_ERROR);
	assert_int_equal(role_of(s, org, 999), ROLE_NONE);
	assert_chain_intact(s);
}

static void test_last_owner_is_kept(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	int64_t first = add_user(s, "first@example.be");
	int64_t second = add_user(s, "second@example.be");
	int64_t org = add_org(s, "Acme", first);
	size_t entries = audit_count(s, org);

	assert_int_equal(store_member_set(s, &cli, org, first, ROLE_EDITOR), STORE_CONFLICT);
	assert_int_equal(store_member_remove(s, &cli, org, first), STORE_CONFLICT);
	assert_int_equal(role_of(s, org, first), ROLE_OWNER);
	assert_int_equal(audit_count(s, org), entries);   /* refusals leave no trace */

	/* With a second owner, the first may step down... */
	assert_int_equal(store_member_set(s, &cli, org, second, ROLE_OWNER), STORE_OK);
	assert_int_equal(store_member_set(s, &cli, org, first, ROLE_VIEWER), STORE_OK);
	/* ...and now the second is the last one. */
	assert_int_equal(store_member_remove(s, &cli, org, second), STORE_CONFLICT);
	assert_int_equal(store_member_set(s, &cli, org, second, ROLE_EDITOR), STORE_CONFLICT);
	assert_int_equal(store_member_remove(s, &cli, org, first), STORE_OK);
	assert_int_equal(role_of(s, org, second), ROLE_OWNER);
}

static void test_orgs_are_isolated(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	int64_t anna = add_user(s, "anna@example.be");
	int64_t bert = add_user(s, "bert@example.be");
	int64_t clara = add_user(s, "clara@example.be");
	int64_t a = add_org(s, "A", anna);
	int64_t b = add_org(s, "B", bert);
	assert_int_equal(store_member_set(s, &cli, a, clara, ROLE_EDITOR), STORE_OK);

	/* Clara is not in B: B's id cannot remove or read her. */
	assert_int_equal(store_member_remove(s, &cli, b, clara), STORE_NOT_FOUND);
	assert_int_equal(role_of(s, b, clara), ROLE_NONE);
	assert_int_equal(role_of(s, a, clara), ROLE_EDITOR);
	/* Setting her role in B makes her a member of B; A is untouched. */
	assert_int_equal(store_member_set(s, &cli, b, clara, ROLE_VIEWER), STORE_OK);
	assert_int_equal(role_of(s, a, clara), ROLE_EDITOR);
	assert_int_equal(store_member_remove(s, &cli, b, clara), STORE_OK);
	assert_int_equal(role_of(s, a, clara), ROLE_EDITOR);
	/* Anna owns A and not B. */
	assert_int_equal(store_member_remove(s, &cli, b, anna), STORE_NOT_FOUND);
	assert_int_equal(role_of(s, a, anna), ROLE_OWNER);

	struct member *list;
	size_t n;
	assert_int_equal(store_members_list(s, b, &list, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].user_id, bert);
	store_members_free(list, n);

	/* Each organisation's events are in its own chain only. */
	struct audit_row *rows;
	assert_int_equal(store_audit_list(s, a, 0, 0, &rows, &n), STORE_OK);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(rows[i].org_id, a);
	store_audit_rows_free(rows, n);

	/* An invitation of A cannot be revoked through B. */
	int64_t invite;
	assert_int_equal(store_invite_create(s, &cli, a, "x@example.be", ROLE_VIEWER,
	                                     HASH_A, time(NULL) + 3600, &invite),
	                 STORE_OK);
	assert_int_equal(store_invite_revoke(s, &cli, b, invite), STORE_NOT_FOUND);
	struct invite inv;
	assert_int_equal(store_invite_by_token(s, HASH_A, time(NULL), &inv), STORE_OK);
	invite_free(&inv);
	struct invite *open;
	assert_int_equal(store_invites_list(s, b, time(NULL), &open, &n), STORE_OK);
	assert_int_equal(n, 0);
	store_invites_free(open, n);
}

/* ---- invitations --------------------------------------------------------------------------- */

static void test_invite_lifecycle(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	int64_t owner = add_user(s, "owner@example.be");
	int64_t org = add_org(s, "Acme", owner);
	int64_t now = time(NULL);
	struct actor who = {owner, "192.0.2.1"};

	int64_t id = 0;
	assert_int_equal(store_invite_create(s, &who, org, "New.Person@Example.be",
	                                     ROLE_EDITOR, HASH_A, now + 3600, &id),
	                 STORE_OK);
	assert_last_audit(s, org, "invite.create", "invite:1");

	struct invite inv;
	assert_int_equal(store_invite_by_token(s, HASH_A, now, &inv), STORE_OK);
	assert_int_equal(inv.id, id);
	assert_int_equal(inv.org_id, org);
	assert_string_equal(inv.org_name, "Acme");
	assert_string_equal(inv.email, "new.person@example.be");
	assert_int_equal(inv.role, ROLE_EDITOR);
	assert_int_equal(inv.expires_at, now + 3600);
	invite_free(&inv);

	struct invite *list;
	size_t n;
	assert_int_equal(store_invites_list(s, org, now, &list, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, id);
	store_invites_free(list, n);

	int64_t newcomer = add_user(s, "new.person@example.be");
	assert_int_equal(store_invite_accept(s, &cli, id, newcomer), STORE_OK);
	assert_int_equal(role_of(s, org, newcomer), ROLE_EDITOR);
	assert_last_audit(s, org, "invite.accept", "invite:1");

	/* Used: gone from every lookup, and cannot be used or revoked again. */
	assert_int_equal(store_invite_by_token(s, HASH_A, now, &inv), STORE_NOT_FOUND);
	assert_int_equal(store_invite_accept(s, &cli, id, newcomer), STORE_NOT_FOUND);
	assert_int_equal(store_invite_revoke(s, &cli, org, id), STORE_NOT_FOUND);
	assert_int_equal(store_invites_list(s, org, now, &list, &n), STORE_OK);
	assert_int_equal(n, 0);
	store_invites_free(list, n);
	assert_chain_intact(s);
}

static void test_invite_expiry_revoke_and_conflicts(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	int64_t owner = add_user(s, "owner@example.be");
	int64_t guest = add_user(s, "guest@example.be");
	int64_t org = add_org(s, "Acme", owner);
	int64_t now = time(NULL);
	int64_t soon, gone, revoked;

	assert_int_equal(store_invite_create(s, &cli, org, "a@example.be", ROLE_VIEWER,
	                                     HASH_A, now + 100, &soon), STORE_OK);
	assert_int_equal(store_invite_create(s, &cli, org, "b@example.be", ROLE_VIEWER,
	                                     HASH_B, now - 1, &gone), STORE_OK);
	assert_int_equal(store_invite_create(s, &cli, org, "c@example.be", ROLE_VIEWER,
	                                     HASH_C, now + 100, &revoked), STORE_OK);
	assert_true(soon != gone && gone != revoked);

	/* Expiry is judged against the time given. */
	struct invite inv;
	assert_int_equal(store_invite_by_token(s, HASH_A, now + 99, &inv), STORE_OK);
	invite_free(&inv);
	assert_int_equal(store_invite_by_token(s, HASH_A, now + 100, &inv), STORE_NOT_FOUND);
	assert_int_equal(store_invite_by_token(s, HASH_B, now, &inv), STORE_NOT_FOUND);
	assert_int_equal(store_invite_accept(s, &cli, gone, guest), STORE_NOT_FOUND);
	assert_int_equal(role_of(s, org, guest), ROLE_NONE);

	assert_int_equal(store_invite_revoke(s, &cli, org, revoked), STORE_OK);
	assert_last_audit(s, org, "invite.revoke", "invite:3");
	assert_int_equal(store_invite_by_token(s, HASH_C, now, &inv), STORE_NOT_FOUND);
	assert_int_equal(store_invite_accept(s, &cli, revoked, guest), STORE_NOT_FOUND);
	assert_int_equal(store_invite_revoke(s, &cli, org, revoked), STORE_NOT_FOUND);
	assert_int_equal(store_invite_revoke(s, &cli, org, 999), STORE_NOT_FOUND);

	struct invite *list;
	size_t n;
	assert_int_equal(store_invites_list(s, org, now, &list, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, soon);
	store_invites_free(list, n);

	int64_t id = -1;
	assert_int_equal(store_invite_create(s, &cli, org, "d@example.be", ROLE_VIEWER,
	                                     HASH_A, now + 100, &id), STORE_CONFLICT);
	assert_int_equal(store_invite_create(s, &cli, 999, "d@example.be", ROLE_VIEWER,
	                                     "dd", now + 100, &id), STORE_NOT_FOUND);
	assert_int_equal(id, -1);
	assert_int_equal(store_invite_accept(s, &cli, 999, guest), STORE_NOT_FOUND);
	assert_int_equal(store_invite_accept(s, &cli, soon, 999), STORE_NOT_FOUND);
	assert_int_equal(store_invite_by_token(s, HASH_A, now, &inv), STORE_OK);
	invite_free(&inv);   /* the failed accept left it open */
}

static void test_invite_never_demotes(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	int64_t owner = add_user(s, "owner@example.be");
	int64_t org = add_org(s, "Acme", owner);
	int64_t id;
	assert_int_equal(store_invite_create(s, &cli, org, "owner@example.be",
	                                     ROLE_VIEWER, HASH_A, time(NULL) + 60, &id),
	                 STORE_OK);
	assert_int_equal(store_invite_accept(s, &cli, id, owner), STORE_OK);
	assert_int_equal(role_of(s, org, owner), ROLE_OWNER);
}

/* ---- sessions ------------------------------------------------------------------------------ */

static struct session make_session(const char *id_hash, int64_t user,
                                   int64_t created)
{
	struct session session = {.user_id = user, .created_at = created,
	                           .last_seen = created};
	snprintf(session.id_hash, sizeof session.id_hash, "%s", id_hash);
	snprintf(session.csrf, sizeof session.csrf, "%s", HASH_C);
	return session;
}

static void test_session_lifecycle(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	int64_t user = add_user(s, "anna@example.be");
	struct session in = make_session(HASH_A, user, 1000), out;

	assert_int_equal(store_session_create(s, &in), STORE_OK);
	assert_int_equal(store_session_create(s, &in), STORE_CONFLICT);
	assert_int_equal(session_get(s, HASH_A, &out), STORE_OK);
	assert_string_equal(out.id_hash, HASH_A);
	assert_string_equal(out.csrf, HASH_C);
	assert_int_equal(out.user_id, user);
	assert_int_equal(out.created_at, 1000);
	assert_int_equal(out.last_seen, 1000);

	assert_int_equal(store_session_touch(s, HASH_A, 1060), STORE_OK);
	assert_int_equal(session_get(s, HASH_A, &out), STORE_OK);
	assert_int_equal(out.last_seen, 1060);
	assert_int_equal(store_session_touch(s, HASH_B, 1060), STORE_NOT_FOUND);
	assert_int_equal(session_get(s, HASH_B, &out), STORE_NOT_FOUND);

	assert_int_equal(store_session_delete(s, HASH_A), STORE_OK);
	assert_int_equal(session_get(s, HASH_A, &out), STORE_NOT_FOUND);
	assert_int_equal(store_session_delete(s, HASH_A), STORE_NOT_FOUND);

	struct session orphan = make_session(HASH_B, 999, 1000);
	assert_int_equal(store_session_create(s, &orphan), STORE_NOT_FOUND);
}

static void test_sessions_expire_and_end_per_user(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	int64_t anna = add_user(s, "anna@example.be");
	int64_t bert = add_user(s, "bert@example.be");
	struct session idle = make_session(HASH_A, anna, 1000);
	struct session old = make_session(HASH_B, anna, 500);
	struct session fresh = make_session(HASH_C, bert, 1000);
	old.last_seen = 5000;
	idle.last_seen = 1100;
	fresh.last_seen = 5000;
	assert_int_equal(store_session_create(s, &idle), STORE_OK);
	assert_int_equal(store_session_create(s, &old), STORE_OK);
	assert_int_equal(store_session_create(s, &fresh), STORE_OK);

	/* Idle since before 2000, or created before 800. */
	assert_int_equal(store_sessions_expire(s, 2000, 800), STORE_OK);
	struct session out;
	assert_int_equal(session_get(s, HASH_A, &out), STORE_NOT_FOUND);
	assert_int_equal(session_get(s, HASH_B, &out), STORE_NOT_FOUND);
	assert_int_equal(session_get(s, HASH_C, &out), STORE_OK);

	/* Boundaries are strict: last_seen == idle_before stays. */
	assert_int_equal(store_sessions_expire(s, 5000, 1000), STORE_OK);
	assert_int_equal(session_get(s, HASH_C, &out), STORE_OK);

	struct session again = make_session(HASH_A, anna, 6000);
	assert_int_equal(store_session_create(s, &again), STORE_OK);
	assert_int_equal(store_sessions_delete_user(s, anna), STORE_OK);
	assert_int_equal(session_get(s, HASH_A, &out), STORE_NOT_FOUND);
	assert_int_equal(session_get(s, HASH_C, &out), STORE_OK);
	assert_int_equal(store_sessions_delete_user(s, anna), STORE_OK);
}

/* ---- API tokens ----------------------------------------------------------------------------- */

static void test_token_lifecycle(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	int64_t anna = add_user(s, "anna@example.be");
	int64_t bert = add_user(s, "bert@example.be");
	struct actor self = {anna, "192.0.2.9"};
	int64_t token = 0, user = 0;

	assert_int_equal(store_token_create(s, &self, anna, "backup script", HASH_A,
	                                    &token), STORE_OK);
	assert_last_audit(s, 0, "token.create", "token:1");
	assert_int_equal(store_token_lookup(s, HASH_A, 5000, &user), STORE_OK);
	assert_int_equal(user, anna);

	struct api_token *list;
	size_t n;
	assert_int_equal(store_tokens_list(s, anna, &list, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, token);
	assert_string_equal(list[0].name, "backup script");
	assert_int_equal(list[0].last_used, 5000);
	store_tokens_free(list, n);
	assert_int_equal(store_tokens_list(s, bert, &list, &n), STORE_OK);
	assert_int_equal(n, 0);
	store_tokens_free(list, n);

	/* Only its owner revokes it, once; then it opens nothing. */
	assert_int_equal(store_token_revoke(s, &cli, bert, token), STORE_NOT_FOUND);
	assert_int_equal(store_token_lookup(s, HASH_A, 5001, &user), STORE_OK);
	assert_int_equal(store_token_revoke(s, &self, anna, token), STORE_OK);
	assert_last_audit(s, 0, "token.revoke", "token:1");
	user = -1;
	assert_int_equal(store_token_lookup(s, HASH_A, 5002, &user), STORE_NOT_FOUND);
	assert_int_equal(user, -1);
	assert_int_equal(store_token_revoke(s, &self, anna, token), STORE_NOT_FOUND);
	assert_int_equal(store_tokens_list(s, anna, &list, &n), STORE_OK);
	assert_int_equal(n, 0);
	store_tokens_free(list, n);

	int64_t other;
	assert_int_equal(store_token_create(s, &self, anna, "again", HASH_A, &other),
	                 STORE_CONFLICT);
	assert_int_equal(store_token_create(s, &cli, 999, "x", HASH_B, &other),
	                 STORE_NOT_FOUND);
	assert_int_equal(store_token_lookup(s, HASH_B, 5000, &user), STORE_NOT_FOUND);
	assert_chain_intact(s);
}

/* ---- failed logins ---------------------------------------------------------------------------- */

static void test_login_failure_window(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	int64_t now = 1700000000, count = -1;
	const char *key = "email:anna@example.be";

	assert_int_equal(store_login_failures(s, key, 0, &count), STORE_OK);
	assert_int_equal(count, 0);
	for (int i = 0; i < 5; i++)
		assert_int_equal(store_login_failure_add(s, key, now + i * 60), STORE_OK);
	assert_int_equal(store_login_failure_add(s, "ip:192.0.2.1", now), STORE_OK);

	assert_int_equal(store_login_failures(s, key, now, &count), STORE_OK);
	assert_int_equal(count, 5);
	assert_int_equal(store_login_failures(s, key, now + 120, &count), STORE_OK);
	assert_int_equal(count, 3);   /* the window includes its start */
	assert_int_equal(store_login_failures(s, key, now + 241, &count), STORE_OK);
	assert_int_equal(count, 0);
	assert_int_equal(store_login_failures(s, "ip:192.0.2.1", 0, &count), STORE_OK);
	assert_int_equal(count, 1);

	assert_int_equal(store_login_failures_clear(s, key), STORE_OK);
	assert_int_equal(store_login_failures(s, key, 0, &count), STORE_OK);
	assert_int_equal(count, 0);
	assert_int_equal(store_login_failures(s, "ip:192.0.2.1", 0, &count), STORE_OK);
	assert_int_equal(count, 1);

	/* A failure two days later prunes what no window can still see. */
	assert_int_equal(store_login_failure_add(s, key, now + 2 * 86400), STORE_OK);
	assert_int_equal(raw_int(f->db_path, "SELECT count(*) FROM login_failures"), 1);
}

/* ---- transactions ---------------------------------------------------------------------------- */

static void test_explicit_transactions(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	struct user u;

	assert_int_equal(store_begin(s), STORE_OK);
	assert_int_equal(store_begin(s), STORE_ERROR);   /* no nesting */
	int64_t gone = add_user(s, "gone@example.be");
	store_rollback(s);
	assert_int_equal(store_user_get(s, gone, &u), STORE_NOT_FOUND);
	assert_int_equal(audit_count(s, 0), 0);   /* its audit entry went too */

	assert_int_equal(store_begin(s), STORE_OK);
	int64_t kept = add_user(s, "kept@example.be");
	/* A failing call inside undoes only itself. */
	int64_t dup;
	assert_int_equal(store_user_create(s, &cli, "KEPT@example.be", "x", "h", &dup),
	                 STORE_CONFLICT);
	int64_t org = add_org(s, "Acme", kept);
	assert_int_equal(store_commit(s), STORE_OK);
	assert_int_equal(store_commit(s), STORE_ERROR);

	assert_int_equal(store_user_get(s, kept, &u), STORE_OK);
	user_free(&u);
	assert_int_equal(role_of(s, org, kept), ROLE_OWNER);
	assert_int_equal(audit_count(s, 0), 1);
	assert_int_equal(raw_int(f->db_path, "SELECT count(*) FROM users"), 1);
	assert_chain_intact(s);
}

/* ---- baseline and action plan ------------------------------------------ */

struct collected {
	char text[512];
};

static void collect_answer(void *ctx, const char *question, const char *answer)
{
	struct collected *c = ctx;
	size_t used = strlen(c->text);
	snprintf(c->text + used, sizeof c->text - used, "%s=%s;", question, answer);
}

static void test_assessments_and_answers(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	int64_t anna = add_user(s, "anna@example.be");
	int64_t org = add_org(s, "Acme", anna), other = add_org(s, "Other", anna);
	int64_t first, second;
	assert_int_equal(store_assessment_create(s, &cli, org, &first), STORE_OK);
	assert_int_equal(store_assessment_create(s, &cli, org, &second), STORE_OK);
	assert_int_equal(first, 1);
	assert_int_equal(second, 2);

	const char *questions[] = {"upd-auto", "pw-mfa", "bk-offline"};
	const char *answers[] = {"yes", "partly", "no"};
	assert_int_equal(store_answers_set(s, &cli, org, first, questions, answers, 3, 100),
	                 STORE_OK);
	const char *change[] = {"no", ""};
	assert_int_equal(store_answers_set(s, &cli, org, first, questions, change, 2, 200),
	                 STORE_OK);
	struct collected c = {""};
	assert_int_equal(store_answers_each(s, org, first, collect_answer, &c), STORE_OK);
	assert_non_null(strstr(c.text, "upd-auto=no;"));
	assert_null(strstr(c.text, "pw-mfa"));          /* "" removed it */
	assert_non_null(strstr(c.text, "bk-offline=no;"));

	struct assessment a;
	assert_int_equal(store_assessment_get(s, org, first, &a), STORE_OK);
	assert_int_equal(a.answered, 2);
	assert_int_equal(a.completed_at, 0);
	/* Another organisation's id space: its own assessment 1 does not exist. */
	assert_int_equal(store_assessment_get(s, other, first, &a), STORE_NOT_FOUND);
	assert_int_equal(store_answers_set(s, &cli, other, first, questions, answers, 1, 300),
	                 STORE_NOT_FOUND);

	assert_int_equal(store_assessment_complete(s, &cli, org, first, 400), STORE_OK);
	assert_int_equal(store_assessment_complete(s, &cli, org, first, 500), STORE_CONFLICT);
	assert_int_equal(store_answers_set(s, &cli, org, first, questions, answers, 1, 600),
	                 STORE_CONFLICT);   /* a completed run is kept as it was */

	struct assessment *list;
	size_t count;
	assert_int_equal(store_assessments_list(s, org, &list, &count), STORE_OK);
	assert_int_equal(count, 2);
	assert_int_equal(list[0].id, second);   /* newest first */
	assert_int_equal(list[1].completed_at, 400);
	free(list);
	assert_chain_intact(s);
}

static void test_action_plan(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	int64_t anna = add_user(s, "anna@example.be");
	int64_t org = add_org(s, "Acme", anna), other = add_org(s, "Other", anna);
	struct action a = {.title = "Turn on automatic updates", .owner = "Anna",
	                   .due = "2027-01-15", .status = "planned", .note = "",
	                   .source = "baseline", .source_ref = "upd-auto"};
	struct action b = {.title = "Test a restore", .owner = "", .due = "",
	                   .status = "planned", .note = ""};
	int64_t ida, idb;
	assert_int_equal(store_action_create(s, &cli, org, &b, &idb), STORE_OK);
	assert_int_equal(store_action_create(s, &cli, org, &a, &ida), STORE_OK);

	struct action *list;
	size_t count;
	assert_int_equal(store_actions_list(s, org, &list, &count), STORE_OK);
	assert_int_equal(count, 2);
	assert_int_equal(list[0].id, ida);   /* dated first, undated last */
	assert_string_equal(list[0].source_ref, "upd-auto");
	store_actions_free(list, count);

	assert_int_equal(store_actions_open_count(s, org), 2);
	a.id = ida;
	a.status = "done";
	assert_int_equal(store_action_update(s, &cli, org, &a), STORE_OK);
	assert_int_equal(store_actions_open_count(s, org), 1);
	assert_int_equal(store_actions_open_count(s, other), 0);
	struct action got;
	assert_int_equal(store_action_get(s, org, ida, &got), STORE_OK);
	assert_string_equal(got.status, "done");
	action_free(&got);
	/* The other organisation sees none of it. */
	assert_int_equal(store_action_get(s, other, ida, &got), STORE_NOT_FOUND);
	assert_int_equal(store_action_update(s, &cli, other, &a), STORE_NOT_FOUND);
	assert_int_equal(store_action_delete(s, &cli, other, ida), STORE_NOT_FOUND);
	a.status = "finished";   /* not a status: the database refuses it */
	assert_int_not_equal(store_action_update(s, &cli, org, &a), STORE_OK);
	assert_int_equal(store_action_delete(s, &cli, org, ida), STORE_OK);
	assert_int_equal(store_action_get(s, org, ida, &got), STORE_NOT_FOUND);
	assert_chain_intact(s);
}

/* A read view sees one snapshot: a write by another connection after the
 * view began is invisible inside it and visible after. A write inside the
 * view fails harmlessly (STORE_BUSY) once the snapshot is stale, and
 * succeeds and is kept when it is not. */
static void test_read_view(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	int64_t user = add_user(s, "anna@example.be");
	struct session in = make_session(HASH_A, user, 1000), out;
	assert_int_equal(store_session_create(s, &in), STORE_OK);

	assert_int_equal(store_read_begin(s), STORE_OK);
	assert_int_equal(store_read_begin(s), STORE_ERROR);   /* no nesting */
	assert_int_equal(store_begin(s), STORE_ERROR);
	assert_int_equal(store_session_touch(s, HASH_A, 1060), STORE_OK);
	store_read_end(s);
	assert_int_equal(raw_int(f->db_path, "SELECT last_seen FROM sessions"), 1060);

	assert_int_equal(store_read_begin(s), STORE_OK);
	assert_int_equal(store_org_count(s), 0);   /* the snapshot starts here */
	assert_int_equal(raw_sql(f->db_path,
		"INSERT INTO orgs (name, created_at) VALUES ('Elsewhere', 1)"), SQLITE_OK);
	assert_int_equal(store_org_count(s), 0);
	assert_int_equal(store_session_touch(s, HASH_A, 1120), STORE_BUSY);
	assert_int_equal(session_get(s, HASH_A, &out), STORE_OK);
	assert_int_equal(out.last_seen, 1060);
	store_read_end(s);
	assert_int_equal(store_org_count(s), 1);
	assert_int_equal(raw_int(f->db_path, "SELECT last_seen FROM sessions"), 1060);
}

/* A second connection holding the write lock makes writers wait, then
 * answer STORE_BUSY; readers are not blocked (WAL). */
static void test_busy_database(void **state)
{
	struct fixture *f = *state;
	struct store *other;
	assert_int_equal(store_open(f->dir, &other), STORE_OK);
	int64_t user = add_user(f->store, "anna@example.be");
	assert_int_equal(store_begin(other), STORE_OK);

	int64_t id;
	assert_int_equal(store_user_create(f->store, &cli, "bert@example.be", "B",
	                                   "h", &id), STORE_BUSY);
	struct user u;
	assert_int_equal(store_user_get(f->store, user, &u), STORE_OK);
	user_free(&u);

	store_rollback(other);
	store_close(other);
	add_user(f->store, "bert@example.be");
}

/* ---- several processes ---------------------------------------------------------------- */

/*
 * The body of a child process: opens its own store on dir and creates
 * count users named <prefix><n>@example.be, each with an organisation,
 * writing each acknowledged user id to fd. Never returns. cmocka is not
 * used here: a failure is the exit status.
 */
static void child_writer(const char *dir, const char *prefix, int count, int fd)
{
	struct store *s;
	if (store_open(dir, &s) != STORE_OK)
		_exit(2);
	for (int i = 0; i < count || count < 0; i++) {
		char email[64], name[64];
		int64_t user, org;
		snprintf(email, sizeof email, "%s%d@example.be", prefix, i);
		snprintf(name, sizeof name, "%s org %d", prefix, i);
		if (store_user_create(s, &cli, email, "N", "h", &user) != STORE_OK ||
		    store_org_create(s, &cli, name, user, &org) != STORE_OK)
			_exit(3);
		if (fd >= 0 && write(fd, &user, sizeof user) != sizeof user)
			_exit(4);
	}
	store_close(s);
	_exit(0);
}

/* Several app instances writing at once: every write lands, and every
 * chain stays one unbroken sequence. */
static void test_concurrent_processes(void **state)
{
	struct fixture *f = *state;
	store_close(f->store);   /* no connection may cross a fork */
	f->store = NULL;
	enum { WRITERS = 4, EACH = 25 };
	pid_t pids[WRITERS];
	for (int w = 0; w < WRITERS; w++) {
		char prefix[16];
		snprintf(prefix, sizeof prefix, "w%d-", w);
		pids[w] = fork();
		assert_true(pids[w] >= 0);
		if (pids[w] == 0)
			child_writer(f->dir, prefix, EACH, -1);
	}
	for (int w = 0; w < WRITERS; w++) {
		int status;
		assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(store_open(f->dir, &f->store), STORE_OK);
	assert_int_equal(store_org_count(f->store), WRITERS * EACH);
	int64_t entries, org, seq;
	assert_int_equal(store_audit_verify(f->store, &entries, &org, &seq), STORE_OK);
	assert_int_equal(seq, 0);
	assert_int_equal(entries, 2 * WRITERS * EACH);   /* user.create + org.create */
	assert_int_equal(audit_count(f->store, 0), WRITERS * EACH);
}

/* A writer killed with SIGKILL mid-burst: every write it acknowledged
 * (reported through the pipe after the call returned) is in the file. */
static void test_sigkill_loses_no_acknowledged_write(void **state)
{
	struct fixture *f = *state;
	store_close(f->store);
	f->store = NULL;
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		child_writer(f->dir, "k", -1, fds[1]);
	}
	close(fds[1]);

	int64_t acknowledged[4096];
	size_t n = 0;
	while (n < 40) {   /* let it get going, then kill it mid-write */
		ssize_t got = read(fds[0], &acknowledged[n], sizeof acknowledged[0]);
		assert_int_equal(got, sizeof acknowledged[0]);
		n++;
	}
	assert_int_equal(kill(pid, SIGKILL), 0);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	ssize_t got;
	while (n < 4096 &&
	       (got = read(fds[0], &acknowledged[n], sizeof acknowledged[0])) ==
	       (ssize_t)sizeof acknowledged[0])
		n++;
	close(fds[0]);

	assert_int_equal(store_open(f->dir, &f->store), STORE_OK);
	for (size_t i = 0; i < n; i++) {
		struct user u;
		if (store_user_get(f->store, acknowledged[i], &u) != STORE_OK)
			fail_msg("acknowledged user %lld is lost",
			         (long long)acknowledged[i]);
		user_free(&u);
	}
	int64_t entries, org, seq;
	assert_int_equal(store_audit_verify(f->store, &entries, &org, &seq), STORE_OK);
	assert_int_equal(seq, 0);
	assert_true(entries >= (int64_t)(2 * n));
}

/* ---- audit log ------------------------------------------------------------------------------- */

/* A little history in chains 0 and 1: user.create x3, org.create,
 * member.set x2 (entries 1..3 in org 1's chain). */
static int64_t make_history(struct store *s)
{
	int64_t anna = add_user(s, "anna@example.be");
	int64_t bert = add_user(s, "bert@example.be");
	int64_t clara = add_user(s, "clara@example.be");
	int64_t org = add_org(s, "Acme", anna);
	struct actor who = {anna, "192.0.2.1"};
	assert_int_equal(store_member_set(s, &who, org, bert, ROLE_EDITOR), STORE_OK);
	assert_int_equal(store_member_set(s, &who, org, clara, ROLE_VIEWER), STORE_OK);
	return org;
}

static void test_audit_list_and_append(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	int64_t org = make_history(s);
	struct actor who = {1, "192.0.2.1"};
	assert_int_equal(store_audit_append(s, &who, org, "login", "user:1", "{}"),
	                 STORE_OK);

	struct audit_row *rows;
	size_t n;
	assert_int_equal(store_audit_list(s, org, 0, 0, &rows, &n), STORE_OK);
	assert_int_equal(n, 4);
	assert_int_equal(rows[0].seq, 4);   /* newest first */
	assert_string_equal(rows[0].action, "login");
	assert_string_equal(rows[0].user_email, "anna@example.be");
	assert_string_equal(rows[1].action, "member.set");
	assert_string_equal(rows[1].object, "user:3");
	assert_non_null(strstr(rows[1].detail, "\"role\":\"viewer\""));
	assert_int_equal(rows[3].seq, 1);
	assert_string_equal(rows[3].action, "org.create");
	assert_string_equal(rows[3].user_email, "");   /* the command line */
	assert_true(rows[3].at > 0);
	store_audit_rows_free(rows, n);

	assert_int_equal(store_audit_list(s, org, 2, 1, &rows, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].seq, 3);
	assert_int_equal(rows[1].seq, 2);
	store_audit_rows_free(rows, n);

	assert_int_equal(audit_count(s, 0), 3);
	assert_int_equal(audit_count(s, 42), 0);

	int64_t entries, broken_org, broken_seq;
	assert_int_equal(store_audit_verify(s, &entries, &broken_org, &broken_seq),
	                 STORE_OK);
	assert_int_equal(entries, 7);
	assert_int_equal(broken_org, 0);
	assert_int_equal(broken_seq, 0);
}

static void test_audit_is_append_only(void **state)
{
	struct fixture *f = *state;
	make_history(f->store);
	assert_int_not_equal(raw_sql(f->db_path, "UPDATE audit SET action = 'x'"),
	                     SQLITE_OK);
	assert_int_not_equal(raw_sql(f->db_path, "DELETE FROM audit"), SQLITE_OK);
	assert_int_equal(raw_int(f->db_path, "SELECT count(*) FROM audit"), 6);
	assert_chain_intact(f->store);
}

/* Drops the triggers, runs sql, and expects verify to name org/seq. */
static void assert_tamper_detected(struct fixture *f, const char *sql,
                                   int64_t org, int64_t seq)
{
	assert_int_equal(raw_sql(f->db_path,
		"DROP TRIGGER IF EXISTS audit_no_update;"
		"DROP TRIGGER IF EXISTS audit_no_delete;"), SQLITE_OK);
	assert_int_equal(raw_sql(f->db_path, sql), SQLITE_OK);
	int64_t entries = -1, broken_org = -1, broken_seq = -1;
	assert_int_equal(store_audit_verify(f->store, &entries, &broken_org,
	                                    &broken_seq), STORE_OK);
	assert_int_equal(broken_org, org);
	assert_int_equal(broken_seq, seq);
}

static void test_audit_detects_edited_action(void **state)
{
	struct fixture *f = *state;
	int64_t org = make_history(f->store);
	assert_chain_intact(f->store);
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE audit SET action = 'member.remove' "
	         "WHERE org_id = %lld AND seq = 2", (long long)org);
	assert_tamper_detected(f, sql, org, 2);
}

static void test_audit_detects_edited_detail(void **state)
{
	struct fixture *f = *state;
	int64_t org = make_history(f->store);
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE audit SET detail = '{\"role\":\"owner\"}' "
	         "WHERE org_id = %lld AND seq = 3", (long long)org);
	assert_tamper_detected(f, sql, org, 3);
}

static void test_audit_detects_edited_user(void **state)
{
	struct fixture *f = *state;
	make_history(f->store);
	/* Chain 0: the second user.create blamed on user 3. */
	assert_tamper_detected(f, "UPDATE audit SET user_id = 3 "
	                          "WHERE org_id = 0 AND seq = 2", 0, 2);
}

static void test_audit_detects_deleted_entry(void **state)
{
	struct fixture *f = *state;
	int64_t org = make_history(f->store);
	char sql[128];
	snprintf(sql, sizeof sql, "DELETE FROM audit WHERE org_id = %lld AND seq = 2",
	         (long long)org);
	assert_tamper_detected(f, sql, org, 2);
}

static void test_audit_detects_renumbered_deletion(void **state)
{
	struct fixture *f = *state;
	int64_t org = make_history(f->store);
	/* Delete entry 2 and close the gap: seq 3 becomes 2. */
	char sql[192];
	snprintf(sql, sizeof sql,
	         "DELETE FROM audit WHERE org_id = %lld AND seq = 2;"
	         "UPDATE audit SET seq = 2 WHERE org_id = %lld AND seq = 3;",
	         (long long)org, (long long)org);
	assert_tamper_detected(f, sql, org, 2);
}

static void test_audit_detects_inserted_entry(void **state)
{
	struct fixture *f = *state;
	int64_t org = make_history(f->store);
	/* A forged entry at the end, linked to the real head. */
	char sql[512];
	snprintf(sql, sizeof sql,
	         "INSERT INTO audit (org_id, seq, at, user_id, action, object, "
	         "detail, prev_hash, hash) SELECT org_id, 4, at, 1, 'member.set', "
	         "'user:9', '{}', hash, hash FROM audit "
	         "WHERE org_id = %lld AND seq = 3", (long long)org);
	assert_tamper_detected(f, sql, org, 4);
}

static void test_audit_detects_missing_first_entry(void **state)
{
	struct fixture *f = *state;
	make_history(f->store);
	assert_tamper_detected(f, "DELETE FROM audit WHERE org_id = 0 AND seq = 1",
	                       0, 1);
}

/* ---- snapshots ---------------------------------------------------------------------------- */

static void test_snapshot_is_a_checked_copy(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	make_history(s);
	char copy[160];
	snprintf(copy, sizeof copy, "%s/backup.db", f->dir);

	/* Another connection has uncommitted work: the copy must not see it. */
	struct store *other;
	assert_int_equal(store_open(f->dir, &other), STORE_OK);
	assert_int_equal(store_begin(other), STORE_OK);
	add_user(other, "uncommitted@example.be");

	assert_int_equal(store_snapshot(s, copy), STORE_OK);
	store_commit(other);
	store_close(other);

	assert_int_equal(store_check_file(copy), STORE_OK);
	assert_int_equal(raw_int(copy, "SELECT count(*) FROM users"), 3);
	assert_int_equal(raw_int(copy,
		"SELECT count(*) FROM users WHERE email = 'clara@example.be'"), 1);
	assert_int_equal(raw_int(copy, "SELECT count(*) FROM audit"), 6);
	assert_int_equal(raw_int(copy, "PRAGMA user_version"), store_schema_version(s));
	struct stat sb;
	assert_int_equal(stat(copy, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);

	/* The copy is a working database: open it as a data directory. */
	char restored[160];
	snprintf(restored, sizeof restored, "%s/restored", f->dir);
	assert_int_equal(mkdir(restored, 0700), 0);
	char restored_db[192];
	store_database_path(restored, restored_db, sizeof restored_db);
	assert_int_equal(rename(copy, restored_db), 0);
	struct store *back;
	assert_int_equal(store_open(restored, &back), STORE_OK);
	struct user u;
	assert_int_equal(store_user_by_email(back, "anna@example.be", &u), STORE_OK);
	user_free(&u);
	assert_chain_intact(back);
	store_close(back);
}

static void test_snapshot_refuses_existing_path(void **state)
{
	struct fixture *f = *state;
	char copy[160];
	snprintf(copy, sizeof copy, "%s/exists.db", f->dir);
	FILE *file = fopen(copy, "w");
	fputs("keep me", file);
	fclose(file);
	assert_int_equal(store_snapshot(f->store, copy), STORE_CONFLICT);
	file = fopen(copy, "r");
	char text[16] = {0};
	assert_non_null(fgets(text, sizeof text, file));
	fclose(file);
	assert_string_equal(text, "keep me");
}

static void test_check_file_refusals(void **state)
{
	struct fixture *f = *state;
	char path[160];

	snprintf(path, sizeof path, "%s/missing.db", f->dir);
	assert_int_equal(store_check_file(path), STORE_NOT_FOUND);

	snprintf(path, sizeof path, "%s/garbage.db", f->dir);
	FILE *file = fopen(path, "w");
	for (int i = 0; i < 2000; i++)
		fputs("this is not a database ", file);
	fclose(file);
	assert_int_equal(store_check_file(path), STORE_ERROR);

	/* A real SQLite file, but not Ravelin's. */
	snprintf(path, sizeof path, "%s/other.db", f->dir);
	assert_int_equal(raw_sql(path, "CREATE TABLE t (x INTEGER)"), SQLITE_OK);
	assert_int_equal(store_check_file(path), STORE_ERROR);

	/* A Ravelin database from a newer program. */
	snprintf(path, sizeof path, "%s/newer.db", f->dir);
	assert_int_equal(store_snapshot(f->store, path), STORE_OK);
	assert_int_equal(store_check_file(path), STORE_OK);
	assert_int_equal(raw_sql(path, "PRAGMA user_version = 9999"), SQLITE_OK);
	assert_int_equal(store_check_file(path), STORE_ERROR);

	/* Damaged pages: overwrite pages 2 and 3 of a real database. */
	snprintf(path, sizeof path, "%s/damaged.db", f->dir);
	make_history(f->store);
	assert_int_equal(store_snapshot(f->store, path), STORE_OK);
	file = fopen(path, "r+");
	fseek(file, 4096, SEEK_SET);
	for (int i = 0; i < 2 * 4096; i++)
		fputc(0xA5, file);
	fclose(file);
	assert_int_equal(store_check_file(path), STORE_ERROR);
}

/* ---- assets and risks ------------------------------------------------------------ */

static int64_t add_asset(struct store *s, int64_t org, const char *name, bool primary,
                         int c, int i, int a)
{
	struct asset asset = {.name = (char *)name, .type = primary ? "info-customers" : "hw-laptop",
		.primary = primary, .owner = "", .classification = "internal", .tlp = "amber",
		.impact = {c, i, a}, .note = ""};
	int64_t id = 0;
	assert_int_equal(store_asset_save(s, &cli, org, &asset, &id), STORE_OK);
	assert_true(id > 0);
	return id;
}

static void test_assets_and_links(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	int64_t owner = add_user(s, "a@example.com");
	int64_t org = add_org(s, "Alpha", owner), other = add_org(s, "Beta", owner);
	int64_t customers = add_asset(s, org, "Customer file", true, 3, 2, 1);
	int64_t laptop = add_asset(s, org, "laptop", false, -1, -1, -1);
	int64_t cloud = add_asset(s, org, "Cloud", false, -1, -1, 4);
	int64_t foreign = add_asset(s, other, "Theirs", false, -1, -1, -1);
	assert_int_equal(customers, 1);
	assert_int_equal(foreign, 1);   /* numbered per organisation */

	struct asset got = {0};
	assert_int_equal(store_asset_get(s, org, cloud, &got), STORE_OK);
	assert_string_equal(got.name, "Cloud");
	assert_int_equal(got.impact[2], 4);
	assert_int_equal(got.impact[0], -1);
	assert_false(got.primary);
	asset_free(&got);
	assert_int_equal(store_asset_get(s, other, cloud, &got), STORE_NOT_FOUND);

	/* Sorted by name, whatever the case. */
	struct asset *list;
	size_t n;
	assert_int_equal(store_assets_list(s, org, &list, &n), STORE_OK);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].name, "Cloud");
	assert_string_equal(list[2].name, "laptop");
	store_assets_free(list, n);

	/* Links: a chain is fine; a loop, a self-link or a foreign id is not. */
	assert_int_equal(store_asset_set_supports(s, &cli, org, customers, &laptop, 1), STORE_OK);
	assert_int_equal(store_asset_set_supports(s, &cli, org, laptop, &cloud, 1), STORE_OK);
	assert_int_equal(store_asset_set_supports(s, &cli, org, cloud, &customers, 1),
	                 STORE_CONFLICT);
	assert_int_equal(store_asset_set_supports(s, &cli, org, laptop, &laptop, 1),
	                 STORE_CONFLICT);
	int64_t far = 99;
	assert_int_equal(store_asset_set_supports(s, &cli, org, laptop, &far, 1), STORE_NOT_FOUND);
	assert_int_equal(store_asset_set_supports(s, &cli, other, foreign, &laptop, 1),
	                 STORE_NOT_FOUND);
	/* Nothing of the refused changes was kept. */
	struct asset_link *links;
	assert_int_equal(store_asset_links_list(s, org, &links, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(links[0].asset_id, customers);
	assert_int_equal(links[0].support_id, laptop);
	assert_int_equal(links[1].asset_id, laptop);
	assert_int_equal(links[1].support_id, cloud);
	free(links);
	/* Replacing: the customer file now relies on the cloud only. */
	assert_int_equal(store_asset_set_supports(s, &cli, org, customers, &cloud, 1), STORE_OK);
	assert_int_equal(raw_int(f->db_path, "SELECT count(*) FROM asset_links WHERE "
	                         "asset_id = 1 AND support_id = 3"), 1);
	assert_int_equal(raw_int(f->db_path, "SELECT count(*) FROM asset_links WHERE "
	                         "asset_id = 1 AND support_id = 2"), 0);

	/* Unknown classification or TLP words are refused by the database. */
	struct asset bad = {.name = "x", .type = "hw-laptop", .classification = "top secret",
		.tlp = "amber", .impact = {-1, -1, -1}};
	int64_t id;
	assert_int_not_equal(store_asset_save(s, &cli, org, &bad, &id), STORE_OK);
	bad.classification = "secret";
	bad.tlp = "white";
	assert_int_not_equal(store_asset_save(s, &cli, org, &bad, &id), STORE_OK);
	assert_int_equal(raw_int(f->db_path, "SELECT count(*) FROM assets"), 4);

	/* Deleting an asset takes its links and risks with it. */
	struct risk r = {.asset_id = cloud, .threat = "thr-fire", .vulnerability = "vul-x",
		.likelihood = 2, .vuln_level = 3, .impact = {-1, -1, -1}};
	assert_int_equal(store_risk_create(s, &cli, org, &r, &id), STORE_OK);
	assert_int_equal(store_asset_delete(s, &cli, org, cloud), STORE_OK);
	assert_int_equal(raw_int(f->db_path, "SELECT count(*) FROM risks"), 0);
	assert_int_equal(raw_int(f->db_path, "SELECT count(*) FROM asset_links WHERE "
	                         "support_id = 3 OR asset_id = 3"), 0);
	assert_int_equal(store_asset_delete(s, &cli, org, cloud), STORE_NOT_FOUND);
	assert_int_equal(store_asset_delete(s, &cli, other, laptop), STORE_NOT_FOUND);
}

static void test_risks_and_what_ifs(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	int64_t owner = add_user(s, "a@example.com");
	int64_t org = add_org(s, "Alpha", owner), other = add_org(s, "Beta", owner);
	int64_t laptop = add_asset(s, org, "Laptop", false, -1, -1, -1);
	struct risk r = {.asset_id = laptop, .threat = "thr-theft-equipment",
		.vulnerability = "vul-laptop-disk-unencrypted", .likelihood = -1,
		.vuln_level = 4, .impact = {-1, 3, -1}, .origin = "wi-device-stolen", .note = ""};
	int64_t id = 0, again = 0;
	assert_int_equal(store_risk_create(s, &cli, org, &r, &id), STORE_OK);
	assert_int_equal(id, 1);
	/* The same triple again: a conflict naming the existing risk. */
	assert_int_equal(store_risk_create(s, &cli, org, &r, &again), STORE_CONFLICT);
	assert_int_equal(again, id);
	/* Another organisation's asset. */
	assert_int_equal(store_risk_create(s, &cli, other, &r, &again), STORE_NOT_FOUND);

	struct risk got = {0};
	assert_int_equal(store_risk_get(s, org, id, &got), STORE_OK);
	assert_int_equal(got.likelihood, -1);
	assert_int_equal(got.vuln_level, 4);
	assert_int_equal(got.impact[1], 3);
	assert_string_equal(got.origin, "wi-device-stolen");
	assert_string_equal(got.treatment, "untreated");
	risk_free(&got);
	got = (struct risk){.id = id, .likelihood = 2, .vuln_level = 5, .impact = {1, -1, 0},
		.note = "checked"};
	assert_int_equal(store_risk_update(s, &cli, org, &got), STORE_OK);
	assert_int_equal(store_risk_update(s, &cli, other, &got), STORE_NOT_FOUND);
	struct risk *list;
	size_t n;
	assert_int_equal(store_risks_list(s, org, &list, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].likelihood, 2);
	assert_int_equal(list[0].impact[2], 0);
	assert_string_equal(list[0].note, "checked");
	store_risks_free(list, n);

	/* What-if answers: saved, changed (promotion cleared), removed. */
	struct what_if_answer answers[] = {
		{.what_if = "wi-ransomware", .impact = 4, .likelihood = 3, .measures = "backups"},
		{.what_if = "wi-no-internet", .impact = 2, .likelihood = 2, .measures = ""},
	};
	assert_int_equal(store_what_if_save(s, &cli, org, answers, 2), STORE_OK);
	assert_int_equal(store_what_if_mark_promoted(s, &cli, org, 1000), STORE_OK);
	/* Saving the same answer again keeps its promotion; a change clears it. */
	answers[1].likelihood = 3;
	assert_int_equal(store_what_if_save(s, &cli, org, answers, 2), STORE_OK);
	struct what_if_answer *saved;
	assert_int_equal(store_what_if_list(s, org, &saved, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(saved[0].what_if, "wi-no-internet");
	assert_int_equal(saved[0].likelihood, 3);
	assert_int_equal(saved[0].promoted_at, 0);
	assert_int_equal(saved[1].promoted_at, 1000);
	assert_string_equal(saved[1].measures, "backups");
	store_what_if_free(saved, n);
	/* Out of 1..4: refused, and nothing of the call is kept. */
	struct what_if_answer bad[] = {
		{.what_if = "wi-power-cut", .impact = 2, .likelihood = 2, .measures = ""},
		{.what_if = "wi-fire-office", .impact = 5, .likelihood = 1, .measures = ""},
	};
	assert_int_not_equal(store_what_if_save(s, &cli, org, bad, 2), STORE_OK);
	assert_int_equal(raw_int(f->db_path, "SELECT count(*) FROM what_if_answers"), 2);
	struct what_if_answer remove = {.what_if = "wi-ransomware", .impact = -1,
		.likelihood = -1};
	assert_int_equal(store_what_if_save(s, &cli, org, &remove, 1), STORE_OK);
	assert_int_equal(raw_int(f->db_path, "SELECT count(*) FROM what_if_answers"), 1);

	assert_int_equal(store_risk_delete(s, &cli, other, id), STORE_NOT_FOUND);
	assert_int_equal(store_risk_delete(s, &cli, org, id), STORE_OK);
	assert_int_equal(store_risk_delete(s, &cli, org, id), STORE_NOT_FOUND);
}

static void test_risk_scales_rescale_values(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	int64_t owner = add_user(s, "a@example.com");
	int64_t org = add_org(s, "Alpha", owner), other = add_org(s, "Beta", owner);
	struct risk_settings settings;
	assert_int_equal(store_risk_settings_get(s, org, &settings), STORE_OK);
	assert_int_equal(settings.impact.max, 4);
	assert_int_equal(settings.vulnerability.max, 5);
	assert_int_equal(settings.low_max, 8);

	int64_t laptop = add_asset(s, org, "Laptop", false, 4, -1, 2);
	int64_t theirs = add_asset(s, other, "Laptop", false, 4, -1, 2);
	struct risk r = {.asset_id = laptop, .threat = "thr-fire", .vulnerability = "vul-x",
		.likelihood = 4, .vuln_level = 5, .impact = {-1, 1, -1}};
	int64_t id;
	assert_int_equal(store_risk_create(s, &cli, org, &r, &id), STORE_OK);
	r.asset_id = theirs;
	assert_int_equal(store_risk_create(s, &cli, other, &r, &id), STORE_OK);

	/* Impact 0..4 becomes 1..3, vulnerability 0..5 becomes 0..10. */
	settings.impact = (struct risk_scale){1, 3};
	settings.vulnerability = (struct risk_scale){0, 10};
	assert_int_equal(store_risk_settings_set(s, &cli, org, &settings), STORE_OK);
	struct asset a = {0};
	assert_int_equal(store_asset_get(s, org, laptop, &a), STORE_OK);
	assert_int_equal(a.impact[0], 3);    /* top stays top */
	assert_int_equal(a.impact[1], -1);   /* not set stays not set */
	assert_int_equal(a.impact[2], 2);    /* 2 of 0..4 is the middle of 1..3 */
	asset_free(&a);
	struct risk got = {0};
	assert_int_equal(store_risk_get(s, org, 1, &got), STORE_OK);
	assert_int_equal(got.vuln_level, 10);
	assert_int_equal(got.likelihood, 4);   /* its scale did not change */
	assert_int_equal(got.impact[1], 2);    /* 1 of 0..4 → 1.5 → 2 */
	risk_free(&got);
	/* The other organisation is untouched. */
	assert_int_equal(store_risk_get(s, other, 1, &got), STORE_OK);
	assert_int_equal(got.vuln_level, 5);
	risk_free(&got);
	struct risk_settings back;
	assert_int_equal(store_risk_settings_get(s, org, &back), STORE_OK);
	assert_int_equal(back.impact.min, 1);
	assert_int_equal(back.vulnerability.max, 10);
	/* Incoherent settings are refused and change nothing. */
	settings.low_max = 50;
	settings.medium_max = 20;
	assert_int_equal(store_risk_settings_set(s, &cli, org, &settings), STORE_ERROR);
	assert_int_equal(store_risk_settings_get(s, org, &back), STORE_OK);
	assert_int_equal(back.low_max, 8);
}

static void test_treatment_measures_and_history(void **state)
{
	struct fixture *f = *state;
	struct store *s = f->store;
	int64_t owner = add_user(s, "a@example.com");
	int64_t org = add_org(s, "Alpha", owner), other = add_org(s, "Beta", owner);
	int64_t laptop = add_asset(s, org, "Laptop", false, 3, -1, -1);
	struct risk r = {.asset_id = laptop, .threat = "thr-theft-equipment",
		.vulnerability = "vul-laptop-disk-unencrypted", .likelihood = 2, .vuln_level = 4,
		.impact = {-1, -1, -1}};
	int64_t r1, r2;
	assert_int_equal(store_risk_create(s, &cli, org, &r, &r1), STORE_OK);
	r.threat = "thr-malware";
	assert_int_equal(store_risk_create(s, &cli, org, &r, &r2), STORE_OK);

	/* A decision: the risk's treatment word follows. */
	struct treatment_row t = {.risk_id = r1, .decision = "reduce", .justification = "",
		.party = "", .acceptance = ""};
	assert_int_equal(store_treatment_save(s, &cli, org, &t), STORE_OK);
	assert_int_equal(store_treatment_save(s, &cli, other, &t), STORE_NOT_FOUND);
	assert_int_equal(raw_int(f->db_path, "SELECT count(*) FROM risks WHERE treatment = 'reduce'"), 1);

	/* One measure for two risks: one action in the plan. */
	struct action a = {.title = "Encrypt the laptops", .owner = "Eddy", .due = "2027-01-31",
		.status = "planned", .note = "", .cost = "€ 0"};
	int64_t action1, action2;
	assert_int_equal(store_risk_measure_set(s, &cli, org, r1, "msr-disk-encryption", 3, &a,
	                                        &action1), STORE_OK);
	assert_int_equal(store_risk_measure_set(s, &cli, org, r2, "msr-disk-encryption", 1, &a,
	                                        &action2), STORE_OK);
	assert_int_equal(action1, action2);
	assert_int_equal(raw_int(f->db_path, "SELECT count(*) FROM actions WHERE source = 'measure' "
	                         "AND source_ref = 'msr-disk-encryption' AND cost = '€ 0'"), 1);
	assert_int_equal(store_risk_measure_set(s, &cli, other, r1, "msr-disk-encryption", 1, &a,
	                                        &action2), STORE_NOT_FOUND);
	struct risk_measure_row *links;
	size_t n;
	assert_int_equal(store_risk_measures_list(s, org, &links, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(links[0].reduction, 3);
	assert_string_equal(links[1].measure, "msr-disk-encryption");
	store_risk_measures_free(links, n);

	/* Done: each risk's current vulnerability goes down, and is recorded. */
	struct action done = {.id = action1, .title = "Encrypt the laptops", .owner = "Eddy",
		.due = "2027-01-31", .status = "done", .note = "BitLocker on", .cost = NULL};
	assert_int_equal(store_action_update(s, &cli, org, &done), STORE_OK);
	struct risk_history_row *h;
	assert_int_equal(store_risk_history(s, org, r1, &h, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].vuln_before, 4);
	assert_int_equal(h[0].vuln_after, 1);
	assert_int_equal(h[0].action_id, action1);
	free(h);
	assert_int_equal(store_risk_history(s, org, r2, &h, &n), STORE_OK);
	assert_int_equal(h[0].vuln_after, 3);
	free(h);
	/* The estimate stays when an update does not give one. */
	assert_int_equal(raw_int(f->db_path, "SELECT count(*) FROM actions WHERE cost = '€ 0'"), 1);
	/* Saving it done again records nothing; undoing records the way back. */
	assert_int_equal(store_action_update(s, &cli, org, &done), STORE_OK);
	done.status = "in_progress";
	assert_int_equal(store_action_update(s, &cli, org, &done), STORE_OK);
	assert_int_equal(store_risk_history(s, org, r1, &h, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(h[0].vuln_before, 1);   /* newest first */
	assert_int_equal(h[0].vuln_after, 4);
	free(h);

	/* Unlinking, deleting the risk, deleting the action. */
	assert_int_equal(store_risk_measure_remove(s, &cli, org, r2, "msr-disk-encryption"), STORE_OK);
	assert_int_equal(store_risk_measure_remove(s, &cli, org, r2, "msr-disk-encryption"),
	                 STORE_NOT_FOUND);
	assert_int_equal(store_risk_delete(s, &cli, org, r1), STORE_OK);
	assert_int_equal(raw_int(f->db_path, "SELECT count(*) FROM treatments"), 0);
	assert_int_equal(raw_int(f->db_path, "SELECT count(*) FROM risk_history WHERE risk_id = 1"), 0);
	assert_int_equal(raw_int(f->db_path, "SELECT count(*) FROM risk_history WHERE risk_id = 2"), 2);
	assert_int_equal(raw_int(f->db_path, "SELECT count(*) FROM risk_measures"), 0);
	assert_int_equal(store_risk_measure_set(s, &cli, org, r2, "msr-disk-encryption", 1, &a,
	                                        &action2), STORE_OK);
	assert_int_equal(store_action_delete(s, &cli, org, action2), STORE_OK);
	assert_int_equal(raw_int(f->db_path, "SELECT count(*) FROM risk_measures"), 0);
	/* An asset's deletion takes its risks' treatment along. */
	t.risk_id = r2;
	assert_int_equal(store_treatment_save(s, &cli, org, &t), STORE_OK);
	assert_int_equal(store_asset_delete(s, &cli, org, laptop), STORE_OK);
	assert_int_equal(raw_int(f->db_path, "SELECT count(*) FROM treatments"), 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_open_applies_migrations_once),
		T(test_open_creates_nested_data_dir),
		T(test_open_refuses_newer_schema),
		T(test_database_path),
		T(test_org_create_get_find_update),
		T(test_org_conflicts_and_missing),
		T(test_orgs_of_user),
		T(test_user_create_and_lookup),
		T(test_user_password_lang_and_list),
		T(test_member_set_list_remove),
		T(test_last_owner_is_kept),
		T(test_orgs_are_isolated),
		T(test_invite_lifecycle),
		T(test_invite_expiry_revoke_and_conflicts),
		T(test_invite_never_demotes),
		T(test_session_lifecycle),
		T(test_sessions_expire_and_end_per_user),
		T(test_token_lifecycle),
		T(test_login_failure_window),
		T(test_explicit_transactions),
	T(test_read_view),
	T(test_assessments_and_answers),
	T(test_action_plan),
	T(test_assets_and_links),
	T(test_risks_and_what_ifs),
	T(test_risk_scales_rescale_values),
	T(test_treatment_measures_and_history),
		T(test_busy_database),
		T(test_concurrent_processes),
		T(test_sigkill_loses_no_acknowledged_write),
		T(test_audit_list_and_append),
		T(test_audit_is_append_only),
		T(test_audit_detects_edited_action),
		T(test_audit_detects_edited_detail),
		T(test_audit_detects_edited_user),
		T(test_audit_detects_deleted_entry),
		T(test_audit_detects_renumbered_deletion),
		T(test_audit_detects_inserted_entry),
		T(test_audit_detects_missing_first_entry),
		T(test_snapshot_is_a_checked_copy),
		T(test_snapshot_refuses_existing_path),
		T(test_check_file_refusals),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
