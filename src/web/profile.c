/*
 * profile.c - the user's own page: language, password, and the API tokens
 * that let scripts use the JSON interface in the user's name.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/secret.h"
#include "web/handlers.h"
#include "web/session.h"

static const char *const language_choices[] = {"", "nl", "fr", "de", "en", NULL};

static const struct field profile_language_fields[] = {
	{"lang", FIELD_CHOICE, false, 0, 0, language_choices},
};
const struct form_spec profile_language_spec = {profile_language_fields, 1};

static const struct field profile_password_fields[] = {
	{"current_password", FIELD_PASSWORD, true, 0, 0, NULL},
	{"password", FIELD_PASSWORD, true, 0, 0, NULL},
	{"password_confirm", FIELD_PASSWORD, true, 0, 0, NULL},
};
const struct form_spec profile_password_spec = {profile_password_fields, 3};

static const struct field profile_token_fields[] = {
	{"name", FIELD_TEXT, true, 1, 100, NULL},
};
const struct form_spec profile_token_spec = {profile_token_fields, 1};

static void format_date(int64_t when, char *out, size_t len)
{
	if (!when) {
		snprintf(out, len, "-");
		return;
	}
	time_t at = (time_t)when;
	struct tm tm;
	gmtime_r(&at, &tm);
	strftime(out, len, "%Y-%m-%d %H:%M", &tm);
}

/* Fills data with the profile and its tokens; false if answered. */
static bool load_profile(struct request *req)
{
	struct api_token *tokens;
	size_t count;
	if (store_tokens_list(req->store, req->user.id, &tokens, &count) != STORE_OK) {
		fail(req, 500, NULL);
		return false;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < count; i++) {
		char created[32], used[32];
		format_date(tokens[i].created_at, created, sizeof created);
		format_date(tokens[i].last_used, used, sizeof used);
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s}",
			"id", (json_int_t)tokens[i].id, "name", tokens[i].name,
			"created", created, "last_used", used));
	}
	store_tokens_free(tokens, count);
	put(req, "tokens", list);
	put(req, "profile", json_pack("{s:s, s:s, s:s}", "email", req->user.email,
		"name", req->user.name, "lang", req->user.lang ? req->user.lang : ""));
	return true;
}

void profile_show(struct request *req)
{
	if (load_profile(req))
		page(req, "profile/show");
}

static void show_again(struct request *req, int status)
{
	if (!load_profile(req))
		return;
	if (status == 422) {
		form_again(req, "profile/show");
		return;
	}
	req->status = status;
	page(req, "profile/show");
}

void profile_language(struct request *req)
{
	if (!req->form.valid) {
		show_again(req, 422);
		return;
	}
	const char *lang = form_value(&req->form, "lang");
	if (store_user_set_lang(req->store, &req->actor, req->user.id, lang) != STORE_OK) {
		fail(req, 500, NULL);
		return;
	}
	redirect(req, "/profile");
}

void profile_password(struct request *req)
{
	const char *current = form_value(&req->form, "current_password");
	if (req->form.valid &&
	    !password_verify(req->user.password_hash, current, strlen(current))) {
		form_set_error(&req->form, "current_password", N_("Wrong password"));
	}
	if (!req->form.valid || !new_password_ok(req, "password", "password_confirm")) {
		show_again(req, 422);
		return;
	}
	char hash[PASSWORD_HASH_MAX];
	if (!hash_password(req, "password", hash))
		return;
	if (store_user_set_password(req->store, &req->actor, req->user.id, hash) != STORE_OK) {
		fail(req, 500, NULL);
		return;
	}
	/* Every other session ends; this browser gets a fresh one. */
	store_sessions_delete_user(req->store, req->user.id);
	req->has_session = false;
	if (!session_begin(req, req->user.id)) {
		fail(req, 500, NULL);
		return;
	}
	redirect(req, "/profile");
}

void profile_token_create(struct request *req)
{
	if (!req->form.valid) {
		show_again(req, 422);
		return;
	}
	char secret[SECRET_HEX], hash[SECRET_HEX];
	secret_new(secret);
	secret_hash(secret, hash);
	int64_t id;
	if (store_token_create(req->store, &req->actor, req->user.id,
	                       form_value(&req->form, "name"), hash, &id) != STORE_OK) {
		fail(req, 500, NULL);
		return;
	}
	if (!load_profile(req))
		return;
	/* Shown once: only the hash is kept. */
	put(req, "new_token", json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id,
		"name", form_value(&req->form, "name"), "token", secret));
	req->status = 201;
	page(req, "profile/show");
}

void profile_token_revoke(struct request *req)
{
	enum store_status st = store_token_revoke(req->store, &req->actor, req->user.id,
	                                          req->id);
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	redirect(req, "/profile");
}
