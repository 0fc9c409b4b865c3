/*
 * baseline.c - assessments of the baseline questionnaire and their
 * answers. The questions themselves are in the knowledge base; an answer
 * is stored by the question's stable id.
 */
#include "store/sqlite_internal.h"

#include <stdlib.h>
#include <time.h>

/* The next id of a table numbered per organisation: sql is
 * "SELECT coalesce(max(id), 0) + 1 FROM t WHERE org_id = ?1". The caller
 * holds the write lock. */
enum store_status next_id_in_org(struct store *store, const char *sql,
                                 int64_t org_id, int64_t *id)
{
	sqlite3_stmt *st = stmt_get(store, sql);
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	enum store_status status = stmt_row(store, st);
	if (status != STORE_OK)
		return status;
	*id = sqlite3_column_int64(st, 0);
	stmt_done(st);
	return STORE_OK;
}

static enum store_status assessment_audit(struct store *store, const struct actor *who,
                                          int64_t org_id, const char *action,
                                          int64_t id, const char *detail)
{
	char object[OBJECT_NAME_MAX];
	object_name(object, sizeof object, "assessment", id);
	return audit_append_locked(store, who, org_id, action, object, detail);
}

enum store_status store_assessment_create(struct store *store, const struct actor *who,
                                          int64_t org_id, int64_t *id_out)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	int64_t id = 0;
	status = org_exists(store, org_id);
	if (status == STORE_OK)
		status = next_id_in_org(store,
			"SELECT coalesce(max(id), 0) + 1 FROM assessments WHERE org_id = ?1",
			org_id, &id);
	if (status == STORE_OK) {
		sqlite3_stmt *st = stmt_get(store,
			"INSERT INTO assessments (org_id, id, started_at, started_by) "
			"VALUES (?1, ?2, ?3, ?4)");
		if (!st)
			status = STORE_ERROR;
		else {
			bind_int(store, st, 1, org_id);
			bind_int(store, st, 2, id);
			bind_int(store, st, 3, (int64_t)time(NULL));
			bind_int(store, st, 4, who ? who->user_id : 0);
			status = stmt_exec(store, st);
		}
	}
	if (status == STORE_OK)
		status = assessment_audit(store, who, org_id, "assessment.create", id, "{}");
	status = write_end(store, &unit, status);
	if (status == STORE_OK)
		*id_out = id;
	return status;
}

#define ASSESSMENT_COLUMNS \
	"a.id, a.started_at, a.started_by, a.completed_at, " \
	"(SELECT count(*) FROM answers x WHERE x.org_id = a.org_id " \
	"AND x.assessment_id = a.id)"

static void assessment_read(sqlite3_stmt *st, void *item)
{
	struct assessment *out = item;
	out->id = sqlite3_column_int64(st, 0);
	out->started_at = sqlite3_column_int64(st, 1);
	out->started_by = sqlite3_column_int64(st, 2);
	out->completed_at = sqlite3_column_int64(st, 3);
	out->answered = sqlite3_column_int64(st, 4);
}

enum store_status store_assessment_get(struct store *store, int64_t org_id,
                                       int64_t id, struct assessment *out)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT " ASSESSMENT_COLUMNS " FROM assessments a "
		"WHERE a.org_id = ?1 AND a.id = ?2");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	bind_int(store, st, 2, id);
	enum store_status status = stmt_row(store, st);
	if (status != STORE_OK)
		return status;
	assessment_read(st, out);
	stmt_done(st);
	return STORE_OK;
}

enum store_status store_assessments_list(struct store *store, int64_t org_id,
                                         struct assessment **out, size_t *count)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT " ASSESSMENT_COLUMNS " FROM assessments a "
		"WHERE a.org_id = ?1 ORDER BY a.id DESC");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	return stmt_collect(store, st, sizeof **out, assessment_read, NULL,
	                    out, count);
}

/* STORE_OK if the assessment exists and is open, STORE_CONFLICT if it is
 * completed, STORE_NOT_FOUND if it does not exist in this organisation. */
static enum store_status assessment_open(struct store *store, int64_t org_id,
                                         int64_t id)
{
	struct assessment a;
	enum store_status status = store_assessment_get(store, org_id, id, &a);
	if (status == STORE_OK && a.completed_at != 0)
		status = STORE_CONFLICT;
	return status;
}

enum store_status store_assessment_complete(struct store *store, const struct actor *who,
                                            int64_t org_id, int64_t id, int64_t now)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	status = assessment_open(store, org_id, id);
	if (status == STORE_OK) {
		sqlite3_stmt *st = stmt_get(store,
			"UPDATE assessments SET completed_at = ?3 WHERE org_id = ?1 AND id = ?2");
		if (!st)
			status = STORE_ERROR;
		else {
			bind_int(store, st, 1, org_id);
			bind_int(store, st, 2, id);
			bind_int(store, st, 3, now);
			status = stmt_exec(store, st);
		}
	}
	if (status == STORE_OK)
		status = assessment_audit(store, who, org_id, "assessment.complete", id, "{}");
	return write_end(store, &unit, status);
}

static enum store_status answer_write(struct store *store, const struct actor *who,
                                      int64_t org_id, int64_t assessment_id,
                                      const char *question, const char *answer,
                                      int64_t now)
{
	sqlite3_stmt *st;
	if (answer[0] == '\0') {
		st = stmt_get(store, "DELETE FROM answers WHERE org_id = ?1 "
		              "AND assessment_id = ?2 AND question = ?3");
		if (!st)
			return STORE_ERROR;
	} else {
		st = stmt_get(store,
			"INSERT INTO answers (org_id, assessment_id, question, answer, "
			"answered_at, answered_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
			"ON CONFLICT (org_id, assessment_id, question) DO UPDATE SET "
			"answer = excluded.answer, answered_at = excluded.answered_at, "
			"answered_by = excluded.answered_by WHERE answer != excluded.answer");
		if (!st)
			return STORE_ERROR;
		bind_text(store, st, 4, answer);
		bind_int(store, st, 5, now);
		bind_int(store, st, 6, who ? who->user_id : 0);
	}
	bind_int(store, st, 1, org_id);
	bind_int(store, st, 2, assessment_id);
	bind_text(store, st, 3, question);
	return stmt_exec(store, st);
}

enum store_status store_answers_set(struct store *store, const struct actor *who,
                                    int64_t org_id, int64_t assessment_id,
                                    const char *const *questions,
                                    const char *const *answers, size_t count,
                                    int64_t now)
{
	struct write_unit unit;
	enum store_status status = write_begin(store, &unit);
	if (status != STORE_OK)
		return status;
	status = assessment_open(store, org_id, assessment_id);
	struct buf detail = {0};
	detail_begin(&detail);
	for (size_t i = 0; status == STORE_OK && i < count; i++) {
		status = answer_write(store, who, org_id, assessment_id, questions[i],
		                      answers[i], now);
		detail_text(&detail, questions[i], answers[i]);
	}
	detail_end(&detail);
	if (status == STORE_OK)
		status = assessment_audit(store, who, org_id, "assessment.answer",
		                          assessment_id, detail.data);
	buf_free(&detail);
	return write_end(store, &unit, status);
}

enum store_status store_answers_each(struct store *store, int64_t org_id,
                                     int64_t assessment_id,
                                     void (*each)(void *ctx, const char *question,
                                                  const char *answer),
                                     void *ctx)
{
	sqlite3_stmt *st = stmt_get(store,
		"SELECT question, answer FROM answers "
		"WHERE org_id = ?1 AND assessment_id = ?2");
	if (!st)
		return STORE_ERROR;
	bind_int(store, st, 1, org_id);
	bind_int(store, st, 2, assessment_id);
	enum store_status status;
	while ((status = stmt_row(store, st)) == STORE_OK)
		each(ctx, (const char *)sqlite3_column_text(st, 0),
		     (const char *)sqlite3_column_text(st, 1));
	return status == STORE_NOT_FOUND ? STORE_OK : status;
}
