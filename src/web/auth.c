/*
 * auth.c - getting in: the first-run set-up that creates the first
 * organisation and its owner, login and logout (with failed attempts
 * slowed and then refused), and accepting an invitation.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/secret.h"
#include "core/validate.h"
#include "web/handlers.h"
#include "web/session.h"

/* Failed logins counted over this window, per e-mail address and per
 * client address: from LOGIN_SLOW_AFTER on each answer waits a second,
 * from LOGIN_REFUSE_AFTER on every attempt is refused until the window
 * has passed. */
#define LOGIN_WINDOW_SECONDS (15 * 60)
#define LOGIN_SLOW_AFTER 5
#define LOGIN_REFUSE_AFTER 10

/* ---- shared by the forms that choose a password -------------------------- */

bool new_password_ok(struct request *req, const char *field, const char *confirm)
{
	const char *password = form_value(&req->form, field);
	const char *problem = validate_password(password, strlen(password));
	if (problem) {
		form_set_error(&req->form, field, problem);
		return false;
	}
	if (strcmp(password, form_value(&req->form, confirm)) != 0) {
		form_set_error(&req->form, confirm, N_("The two passwords are not the same"));
		return false;
	}
	return true;
}

bool hash_password(struct request *req, const char *field, char *out)
{
	const char *password = form_value(&req->form, field);
	if (password_hash(password, strlen(password), out) != 0) {
		fail(req, 500, NULL);
		return false;
	}
	return true;
}

/* Starts a session for user_id, records the login, and redirects. */
static void login_and_go(struct request *req, int64_t user_id, const char *location)
{
	if (!session_begin(req, user_id)) {
		fail(req, 500, NULL);
		return;
	}
	struct actor who = {user_id, req->client_address};
	char object[32];
	snprintf(object, sizeof object, "user:%lld", (long long)user_id);
	store_audit_append(req->store, &who, 0, "user.login", object, "{}");
	redirect(req, "%s", location);
}

static void login_and_go_to_org(struct request *req, int64_t user_id, int64_t org_id)
{
	char location[40];
	snprintf(location, sizeof location, "/o/%lld", (long long)org_id);
	login_and_go(req, user_id, location);
}

/* ---- first-run set-up ------------------------------------------------------ */

static const struct field auth_setup_fields[] = {
	{"org_name", FIELD_TEXT, true, 1, 200, NULL},
	{"name", FIELD_TEXT, true, 1, 200, NULL},
	{"email", FIELD_EMAIL, true, 3, 254, NULL},
	{"password", FIELD_PASSWORD, true, 0, 0, NULL},
	{"password_confirm", FIELD_PASSWORD, true, 0, 0, NULL},
};
const struct form_spec auth_setup_spec = {auth_setup_fields, 5};

/* Set-up exists only while the installation has no organisation. */
static bool setup_open(struct request *req)
{
	int64_t orgs = store_org_count(req->store);
	if (orgs < 0)
		fail(req, 500, NULL);
	else if (orgs > 0)
		fail(req, 404, N_("This installation is already set up. Please log in."));
	return orgs == 0;
}

void auth_setup_form(struct request *req)
{
	if (setup_open(req))
		page(req, "auth/setup");
}

void auth_setup(struct request *req)
{
	if (!setup_open(req))
		return;
	if (!req->form.valid || !new_password_ok(req, "password", "password_confirm")) {
		form_again(req, "auth/setup");
		return;
	}
	char hash[PASSWORD_HASH_MAX];
	if (!hash_password(req, "password", hash))
		return;
	int64_t user_id = 0, org_id = 0;
	enum store_status st = store_begin(req->store);
	if (st == STORE_OK && store_org_count(req->store) != 0)
		st = STORE_CONFLICT;   /* someone else finished set-up meanwhile */
	if (st == STORE_OK)
		st = store_user_create(req->store, &req->actor, form_value(&req->form, "email"),
		                       form_value(&req->form, "name"), hash, &user_id);
	if (st == STORE_OK)
		st = store_org_create(req->store, &req->actor,
		                      form_value(&req->form, "org_name"), user_id, &org_id);
	if (st == STORE_OK)
		st = store_commit(req->store);
	if (st != STORE_OK) {
		store_rollback(req->store);
		fail(req, st == STORE_CONFLICT ? 409 : 500, NULL);
		return;
	}
	login_and_go_to_org(req, user_id, org_id);
}

/* ---- login and logout -------------------------------------------------------- */

static const struct field auth_login_fields[] = {
	{"email", FIELD_TEXT, true, 1, 254, NULL},
	{"password", FIELD_PASSWORD, true, 0, 0, NULL},
	{"next", FIELD_TEXT, false, 0, 2000, NULL},
};
const struct form_spec auth_login_spec = {auth_login_fields, 3};

static const struct field auth_login_query_fields[] = {
	{"next", FIELD_TEXT, false, 0, 2000, NULL},
};
const struct form_spec auth_login_query_spec = {auth_login_query_fields, 1};

void auth_login_form(struct request *req)
{
	if (req->user.id) {
		redirect(req, "%s", safe_next(form_value(&req->form, "next")));
		return;
	}
	put(req, "next", json_string(form_value(&req->form, "next")));
	page(req, "auth/login");
}

static int64_t failures(struct request *req, const char *key)
{
	int64_t count = 0;
	store_login_failures(req->store, key, req->now - LOGIN_WINDOW_SECONDS, &count);
	return count;
}

void auth_login(struct request *req)
{
	if (!req->form.valid) {
		form_again(req, "auth/login");
		return;
	}
	char email[300], email_key[320], address_key[80];
	snprintf(email, sizeof email, "%s", form_value(&req->form, "email"));
	for (char *p = email; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	snprintf(email_key, sizeof email_key, "email:%s", email);
	snprintf(address_key, sizeof address_key, "ip:%s", req->client_address);

	int64_t worst = failures(req, email_key);
	int64_t by_address = failures(req, address_key);
	if (by_address > worst)
		worst = by_address;
	if (worst >= LOGIN_REFUSE_AFTER) {
		fail(req, 429, N_("Too many failed attempts. Please try again in 15 minutes."));
		return;
	}
	if (worst >= LOGIN_SLOW_AFTER)
		sleep(1);

	struct user user = {0};
	enum store_status st = store_user_by_email(req->store, email, &user);
	if (st != STORE_OK && st != STORE_NOT_FOUND) {
		fail(req, 500, NULL);
		return;
	}
	const char *password = form_value(&req->form, "password");
	/* Verify against a dummy hash for unknown addresses, so that the time
	 * taken does not tell which addresses have an account. */
	bool ok = password_verify(st == STORE_OK ? user.password_hash : password_dummy_hash(),
	                          password, strlen(password)) && st == STORE_OK;
	int64_t user_id = user.id;
	user_free(&user);
	if (!ok) {
		store_login_failure_add(req->store, email_key, req->now);
		store_login_failure_add(req->store, address_key, req->now);
		form_set_error(&req->form, "password", N_("Wrong e-mail address or password"));
		form_again(req, "auth/login");
		req->status = 401;
		put(req, "next", json_string(form_value(&req->form, "next")));
		return;
	}
	store_login_failures_clear(req->store, email_key);
	store_login_failures_clear(req->store, address_key);
	login_and_go(req, user_id, safe_next(form_value(&req->form, "next")));
}

void auth_logout(struct request *req)
{
	session_end(req);
	redirect(req, "/login");
}

/* ---- invitations --------------------------------------------------------------- */

static const struct field auth_invite_fields[] = {
	{"name", FIELD_TEXT, false, 0, 200, NULL},
	{"password", FIELD_PASSWORD, true, 0, 0, NULL},
	{"password_confirm", FIELD_PASSWORD, false, 0, 0, NULL},
};
const struct form_spec auth_invite_spec = {auth_invite_fields, 3};

/* Finds the invitation of the link and whether its address has an account.
 * Returns false when an answer has been set. */
static bool load_invite(struct request *req, struct invite *invite, struct user *user,
                        bool *existing)
{
	char hash[SECRET_HEX];
	secret_hash(req->token, hash);
	enum store_status st = store_invite_by_token(req->store, hash, req->now, invite);
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 404 : 500,
		     st == STORE_NOT_FOUND ? N_("This invitation has expired, was used already or was withdrawn.") : NULL);
		return false;
	}
	st = store_user_by_email(req->store, invite->email, user);
	if (st != STORE_OK && st != STORE_NOT_FOUND) {
		invite_free(invite);
		fail(req, 500, NULL);
		return false;
	}
	*existing = st == STORE_OK;
	put(req, "invite", json_pack("{s:s, s:s, s:s, s:b}", "org_name", invite->org_name,
		"email", invite->email, "role", _(req, role_name(invite->role)),
		"existing", *existing));
	put(req, "token", json_string(req->token));
	return true;
}

void auth_invite_form(struct request *req)
{
	struct invite invite;
	struct user user = {0};
	bool existing;
	if (!load_invite(req, &invite, &user, &existing))
		return;
	invite_free(&invite);
	user_free(&user);
	page(req, "auth/invite");
}

void auth_invite_accept(struct request *req)
{
	struct invite invite;
	struct user user = {0};
	bool existing;
	if (!load_invite(req, &invite, &user, &existing))
		return;
	int64_t user_id = user.id;
	const char *password = form_value(&req->form, "password");
	bool valid = req->form.valid;
	if (valid && existing && !password_verify(user.password_hash, password, strlen(password))) {
		form_set_error(&req->form, "password", N_("Wrong password"));
		valid = false;
	}
	if (valid && !existing) {
		if (!form_value(&req->form, "name")[0]) {
			form_set_error(&req->form, "name", MSG_REQUIRED);
			valid = false;
		} else {
			valid = new_password_ok(req, "password", "password_confirm");
		}
	}
	user_free(&user);
	if (!valid) {
		invite_free(&invite);
		form_again(req, "auth/invite");
		return;
	}
	char hash[PASSWORD_HASH_MAX];
	enum store_status st = STORE_OK;
	if (!existing && !hash_password(req, "password", hash)) {
		invite_free(&invite);
		return;
	}
	st = store_begin(req->store);
	if (st == STORE_OK && !existing)
		st = store_user_create(req->store, &req->actor, invite.email,
		                       form_value(&req->form, "name"), hash, &user_id);
	if (st == STORE_OK)
		st = store_invite_accept(req->store, &req->actor, invite.id, user_id);
	if (st == STORE_OK)
		st = store_commit(req->store);
	int64_t org_id = invite.org_id;
	invite_free(&invite);
	if (st != STORE_OK) {
		store_rollback(req->store);
		fail(req, st == STORE_NOT_FOUND ? 404 : st == STORE_CONFLICT ? 409 : 500, NULL);
		return;
	}
	login_and_go_to_org(req, user_id, org_id);
}
