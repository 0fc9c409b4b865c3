/*
 * session.c - session cookies, API tokens and CSRF tokens (see session.h).
 */
#include "web/session.h"

#include <stdio.h>
#include <string.h>

#include "core/secret.h"
#include "web/cookie.h"

static bool is_hex64(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++) {
		char c = s[n];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return false;
	}
	return n == 64;
}

static void set_cookie(struct request *req, const char *name, const char *value,
                       long max_age)
{
	char line[256];
	/* No Secure flag: the default installation serves plain HTTP on
	 * loopback; a TLS proxy in front adds it (docs/deployment). */
	snprintf(line, sizeof line, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%ld",
	         name, value, max_age);
	add_header(req, "Set-Cookie", line);
}

/* "Bearer <64 hex>" → the token, or NULL. */
static const char *bearer_token(const char *authorization)
{
	if (!authorization || strncasecmp(authorization, "Bearer ", 7) != 0)
		return NULL;
	const char *token = authorization + 7;
	while (*token == ' ')
		token++;
	return is_hex64(token) ? token : NULL;
}

static bool load_user(struct request *req, int64_t user_id)
{
	enum store_status st = store_user_get(req->store, user_id, &req->user);
	if (st == STORE_NOT_FOUND) {
		memset(&req->user, 0, sizeof req->user);
		return true;
	}
	if (st != STORE_OK)
		return false;
	req->actor.user_id = user_id;
	return true;
}

static bool authenticate_token(struct request *req, const char *token)
{
	char hash[SECRET_HEX];
	int64_t user_id;
	secret_hash(token, hash);
	enum store_status st = store_token_lookup(req->store, hash, req->now, &user_id);
	req->want_json = true;   /* scripts get JSON, even a refusal */
	if (st == STORE_NOT_FOUND)
		return true;
	if (st != STORE_OK)
		return false;
	req->via_token = true;
	return load_user(req, user_id);
}

static bool authenticate_cookie(struct request *req, const char *session_id)
{
	char hash[SECRET_HEX];
	secret_hash(session_id, hash);
	enum store_status st = store_session_user(req->store, hash, &req->session,
	                                          &req->user);
	if (st == STORE_NOT_FOUND)
		return true;
	if (st != STORE_OK)
		return false;
	struct session *s = &req->session;
	if (s->last_seen < req->now - SESSION_IDLE_SECONDS ||
	    s->created_at < req->now - SESSION_ABSOLUTE_SECONDS) {
		store_session_delete(req->store, hash);
		user_free(&req->user);
		memset(&req->user, 0, sizeof req->user);
		return true;
	}
	/* Touch at most once a minute: a write per page view would cost an
	 * fsync on every request. A refused touch (the database busy) only
	 * leaves the time a minute older; the next page tries again. */
	if (s->last_seen < req->now - SESSION_TOUCH_SECONDS)
		store_session_touch(req->store, hash, req->now);
	req->actor.user_id = req->user.id;
	req->has_session = true;
	req->csrf = s->csrf;
	return true;
}

/* Visitors without a session get a CSRF token in a cookie of its own. */
static void visitor_csrf(struct request *req)
{
	static _Thread_local char fresh[SECRET_HEX];
	static _Thread_local char existing[SECRET_HEX];
	if (cookie_get(req->headers_in.cookie, VISITOR_CSRF_COOKIE, existing,
	               sizeof existing) == 64 && is_hex64(existing)) {
		req->csrf = existing;
		return;
	}
	secret_new(fresh);
	req->csrf = fresh;
	set_cookie(req, VISITOR_CSRF_COOKIE, fresh, SESSION_ABSOLUTE_SECONDS);
}

bool session_authenticate(struct request *req)
{
	req->actor.address = req->client_address;
	const char *token = bearer_token(req->headers_in.authorization);
	if (token)
		return authenticate_token(req, token);
	if (req->headers_in.authorization) {
		/* A script with a bad token gets 401, not a login page. */
		req->want_json = true;
		return true;
	}

	char session_id[SECRET_HEX];
	if (cookie_get(req->headers_in.cookie, SESSION_COOKIE, session_id,
	               sizeof session_id) == 64 && is_hex64(session_id)) {
		if (!authenticate_cookie(req, session_id))
			return false;
	}
	if (!req->has_session)
		visitor_csrf(req);
	return true;
}

bool session_begin(struct request *req, int64_t user_id)
{
	char session_id[SECRET_HEX];
	struct session s = {0};
	secret_new(session_id);
	secret_hash(session_id, s.id_hash);
	secret_new(s.csrf);
	s.user_id = user_id;
	s.created_at = s.last_seen = req->now;
	/* A previous session of this browser ends: no fixation. */
	if (req->has_session)
		store_session_delete(req->store, req->session.id_hash);
	if (store_session_create(req->store, &s) != STORE_OK)
		return false;
	req->session = s;
	req->has_session = true;
	req->csrf = req->session.csrf;
	set_cookie(req, SESSION_COOKIE, session_id, SESSION_ABSOLUTE_SECONDS);
	return true;
}

void session_end(struct request *req)
{
	if (req->has_session)
		store_session_delete(req->store, req->session.id_hash);
	req->has_session = false;
	set_cookie(req, SESSION_COOKIE, "", 0);
}

bool session_csrf_valid(struct request *req)
{
	if (req->via_token)
		return true;
	const char *sent = params_get(&req->body, FORM_CSRF_FIELD);
	if (!sent)
		sent = req->headers_in.csrf;
	return sent && req->csrf && secret_equal(sent, req->csrf);
}
