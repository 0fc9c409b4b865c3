/*
 * session.h - who is asking: session cookies, API tokens and CSRF tokens.
 *
 * A session id is 256 random bits in an HttpOnly, SameSite=Lax cookie; the
 * database keeps only its hash, with an idle and an absolute time-out.
 * API tokens (Authorization: Bearer ...) authenticate scripts and need no
 * CSRF token, since a browser never sends them on its own. Visitors who
 * are not logged in get a CSRF cookie of their own, so that the login and
 * set-up forms are protected too (double-submit).
 */
#ifndef RAVELIN_SESSION_H
#define RAVELIN_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "web/request.h"

#define SESSION_COOKIE "ravelin_session"
#define VISITOR_CSRF_COOKIE "ravelin_csrf"
#define LANGUAGE_COOKIE "ravelin_lang"
#define SESSION_IDLE_SECONDS (2 * 3600)
#define SESSION_ABSOLUTE_SECONDS (12 * 3600)
#define SESSION_TOUCH_SECONDS 60

/* Finds the user behind the request's token or session cookie and fills
 * req->user, req->has_session/via_token, req->csrf and req->actor.
 * Returns false on a store failure (answer 500). An unknown, expired or
 * revoked credential is not a failure: the request is anonymous. */
bool session_authenticate(struct request *req);

/* Starts a new session for user_id (after login, set-up, invitation) and
 * sets its cookie. Returns false on a store failure. */
bool session_begin(struct request *req, int64_t user_id);

/* Ends the request's session and clears its cookie. */
void session_end(struct request *req);

/* True if the state-changing request carries the right CSRF token (form
 * field or X-CSRF-Token header), or was authenticated by an API token. */
bool session_csrf_valid(struct request *req);

#endif
