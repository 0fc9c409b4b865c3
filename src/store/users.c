/*
 * users.c - user accounts. Users belong to the installation, not to one
 * organisation; their account events go to audit chain 0.
 *
 * E-mail addresses are stored lower-case (ASCII) and looked up the same
 * way, so "Anna@Example.BE" and "anna@example.be" are one account. The
 * password hash never reaches the audit log.
 */
#include "store/sqlite_internal.h"

#include <stdlib.h>
#include <time.h>


void user_free(struct user *user)
{
	if (!user)
		return;
	free(user->email);
	free(user->name);
	free(user->password_hash);
	free(user->lang);
	user->email = user->name = user->password_hash = user->lang = NULL;
}

void user_read(sqlite3_stmt *st, int first, struct user *out)
{
	out->id = sqlite3_column_int64(st, first);
	out->email = column_strdup(st, first + 1);
	out->name = column_strdup(st, first + 2);
	out->password_hash = column_strdup(st, first + 3);
	out->lang = column_strdup(st, first + 4);
	out->created_at = sqlite3_column_int64(st, first + 5);
}

enum store_status user_exists(struct store *store, int64_t user_id)
{
	sqlite3_stmt *st = stmt_get(store, "SELECT 1 FROM users WHERE id = ?1");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, user_id);
	enum store_status status = stmt_row(store, st);
	stmt_done(st);
	return status;
}

/* Appends a chain-0 entry about user_id. */
static enum store_status user_audit(struct store *store, const struct actor *who,
                                    const char *action, int64_t user_id,
                                    const char *detail)
{
	char object[OBJECT_NAME_MAX];
	object_name(object, sizeof object, "user", user_id);
	return audit_append_locked(store, who, 0, action, object, detail);
}

static enum store_status user_insert(struct store *store, const char *email,
                                     const char *name, const char *password_hash,
                                     int64_t *id_out)
{
	sqlite3_stmt *st = stmt_get(store,
		"INSERT INTO users (email, name, password_hash, created_at) "
		"VALUES (?1, ?2, ?3, ?4)");
	if (!st)
		return STORE_ERROR;
	bind_text(store, st, 1, email);
	bind_text(store, st, 2, name);
	bind_text(store, st, 3, password_hash);
	bind_int(store, st, 4, (int64_t)time(NULL));
	enum store_status status = stmt_exec(store, st);
	if (status == STORE_OK)
		*id_out = sqlite3_last_insert_rowid(store->db);
	return status;
}

enum store_status store_user_create(struct store *store, const struct actor *who,
                                    const char *email, const char *name,
                                    const char *password_hash, int64_t *id_out)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;

	char *lower = store_lower_ascii(email);
	int64_t id = 0;
	status = user_insert(store, lower, name, password_hash, &id);
	if (status == STORE_OK) {
		struct buf detail = {0};
		detail_begin(&detail);
		detail_text(&detail, "email", lower);
		detail_text(&detail, "name", name);
		detail_end(&detail);
		status = user_audit(store, who, "user.create", id, detail.data);
		buf_free(&detail);
	}
	free(lower);
	status = write_end(store, &unit, status);
	if (status == STORE_OK)
		*id_out = id;
	return status;
}

enum store_status store_user_get(struct store *store, int64_t user_id,
                                 struct user *out)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT " USER_COLUMNS " FROM users WHERE id = ?1");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, user_id);
	enum store_status status = stmt_row(store, st);
	if (status != STORE_OK)
		return status;
	user_read(st, 0, out);
	stmt_done(st);
	return STORE_OK;
}

enum store_status store_user_by_email(struct store *store, const char *email,
                                      struct user *out)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT " USER_COLUMNS " FROM users WHERE email = ?1");
	if (!st)
		return STORE_ERROR;
	char *lower = store_lower_ascii(email);
	bind_text(store, st, 1, lower);
	free(lower);   /* bound as SQLITE_TRANSIENT: SQLite has its copy */
	enum store_status status = stmt_row(store, st);
	if (status != STORE_OK)
		return status;
	user_read(st, 0, out);
	stmt_done(st);
	return STORE_OK;
}

/*
 * Sets one text column of a user, then audits action with detail.
 * update_sql is the whole UPDATE statement, a literal (for the cache)
 * binding ?1 to the user id and ?2 to the value.
 */
static enum store_status user_set(struct store *store, const struct actor *who,
                                  int64_t user_id, const char *update_sql,
                                  const char *value, const char *action,
                                  const char *detail)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;

	sqlite3_stmt *st = stmt_get(store, update_sql);
	if (!st)
		status = STORE_ERROR;
	if (status == STORE_OK) {
		bind_int(store, st, 1, user_id);
		bind_text(store, st, 2, value);
		status = stmt_exec(store, st);
	}
	if (status == STORE_OK && stmt_changes(store) == 0)
		status = STORE_NOT_FOUND;
	if (status == STORE_OK)
		status = user_audit(store, who, action, user_id, detail);
	return write_end(store, &unit, status);
}

enum store_status store_user_set_password(struct store *store,
                                          const struct actor *who,
                                          int64_t user_id,
                                          const char *password_hash)
{
	return user_set(store, who, user_id,
	                "UPDATE users SET password_hash = ?2 WHERE id = ?1",
	                password_hash, "user.password", "{}");
}

enum store_status store_user_set_lang(struct store *store, const struct actor *who,
                                      int64_t user_id, const char *lang)
{
	struct buf detail = {0};
	detail_begin(&detail);
	detail_text(&detail, "lang", lang);
	detail_end(&detail);
	enum store_status status = user_set(store, who, user_id,
		"UPDATE users SET lang = ?2 WHERE id = ?1", lang, "user.lang",
		detail.data);
	buf_free(&detail);
	return status;
}

static void user_row_read(sqlite3_stmt *st, void *item)
{
	user_read(st, 0, item);
}

static void users_release(void *items, size_t count)
{
	struct user *list = items;
	for (size_t i = 0; i < count; i++)
		user_free(&list[i]);
	free(list);
}

enum store_status store_users_list(struct store *store, struct user **out,
                                   size_t *count)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT " USER_COLUMNS " FROM users ORDER BY email");
	if (!st)
		return STORE_ERROR;

	return stmt_collect(store, st, sizeof **out, user_row_read, users_release,
	                    out, count);
}
