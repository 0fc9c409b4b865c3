/*
 * members.c - who belongs to an organisation and with which role, and the
 * invitations that bring new people in.
 *
 * Ravelin sends no e-mail: an invitation is a link the owner copies to the
 * colleague. The link holds a 256-bit secret, shown once; the database
 * keeps its hash. It expires after INVITE_DAYS days.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/secret.h"
#include "web/handlers.h"

#define INVITE_DAYS 7

/* Also the message ids of the role names shown to users. */
static const char *const role_choices[] = {N_("viewer"), N_("editor"), N_("owner"), NULL};

static const struct field members_invite_fields[] = {
	{"email", FIELD_EMAIL, true, 3, 254, NULL},
	{"role", FIELD_CHOICE, true, 0, 0, role_choices},
};
const struct form_spec members_invite_spec = {members_invite_fields, 2};

static const struct field members_role_fields[] = {
	{"role", FIELD_CHOICE, true, 0, 0, role_choices},
};
const struct form_spec members_role_spec = {members_role_fields, 1};

static json_t *roles_json(struct request *req)
{
	json_t *list = json_array();
	for (int i = 0; role_choices[i]; i++)
		json_array_append_new(list, json_pack("{s:s, s:s}", "value", role_choices[i],
			"label", _(req, role_choices[i])));
	return list;
}

/* Fills data with the members and open invitations; false if answered. */
static bool load_members(struct request *req)
{
	struct member *members;
	size_t count;
	if (store_members_list(req->store, req->org_id, &members, &count) != STORE_OK) {
		fail(req, 500, NULL);
		return false;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:b}",
			"id", (json_int_t)members[i].user_id, "email", members[i].email,
			"name", members[i].name, "role", role_name(members[i].role),
			"role_label", _(req, role_name(members[i].role)),
			"is_me", members[i].user_id == req->user.id));
	store_members_free(members, count);
	put(req, "members", list);
	put(req, "roles", roles_json(req));
	if (req->role < ROLE_OWNER)
		return true;   /* invitations are the owners' business */

	struct invite *invites;
	if (store_invites_list(req->store, req->org_id, req->now, &invites, &count) != STORE_OK) {
		fail(req, 500, NULL);
		return false;
	}
	list = json_array();
	for (size_t i = 0; i < count; i++) {
		char expires[16];
		time_t at = (time_t)invites[i].expires_at;
		struct tm tm;
		gmtime_r(&at, &tm);
		strftime(expires, sizeof expires, "%Y-%m-%d", &tm);
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s}",
			"id", (json_int_t)invites[i].id, "email", invites[i].email,
			"role_label", _(req, role_name(invites[i].role)), "expires", expires));
	}
	store_invites_free(invites, count);
	put(req, "invites", list);
	return true;
}

void members_list(struct request *req)
{
	if (load_members(req))
		page(req, "org/members");
}

void members_invite(struct request *req)
{
	if (!req->form.valid) {
		if (load_members(req))
			form_again(req, "org/members");
		return;
	}
	enum role role;
	role_parse(form_value(&req->form, "role"), &role);
	char secret[SECRET_HEX], hash[SECRET_HEX];
	secret_new(secret);
	secret_hash(secret, hash);
	int64_t id;
	enum store_status st = store_invite_create(req->store, &req->actor, req->org_id,
		form_value(&req->form, "email"), role, hash,
		req->now + INVITE_DAYS * 86400, &id);
	if (st != STORE_OK) {
		fail(req, 500, NULL);
		return;
	}
	if (!load_members(req))
		return;
	/* The only time the link is shown: the owner copies it now. */
	char link[128];
	snprintf(link, sizeof link, "/invite/%s", secret);
	put(req, "new_invite", json_pack("{s:s, s:s, s:I}", "email",
		form_value(&req->form, "email"), "link", link, "days", (json_int_t)INVITE_DAYS));
	req->status = 201;
	page(req, "org/members");
}

/* Shows the members page again with a message for a refused change. */
static void refuse(struct request *req, int status, const char *message)
{
	if (!load_members(req))
		return;
	put(req, "error", json_string(_(req, message)));
	req->status = status;
	page(req, "org/members");
}

void members_set_role(struct request *req)
{
	if (!req->form.valid) {
		fail(req, 400, NULL);
		return;
	}
	enum role current, role;
	role_parse(form_value(&req->form, "role"), &role);
	if (store_member_role(req->store, req->org_id, req->id, &current) != STORE_OK) {
		fail(req, 500, NULL);
		return;
	}
	if (current == ROLE_NONE) {   /* not a member of this organisation */
		fail(req, 404, NULL);
		return;
	}
	enum store_status st = store_member_set(req->store, &req->actor, req->org_id,
	                                        req->id, role);
	if (st == STORE_CONFLICT) {
		refuse(req, 409, N_("An organisation needs at least one owner."));
		return;
	}
	if (st != STORE_OK) {
		fail(req, 500, NULL);
		return;
	}
	redirect(req, "/o/%lld/members", (long long)req->org_id);
}

void members_remove(struct request *req)
{
	enum store_status st = store_member_remove(req->store, &req->actor, req->org_id,
	                                           req->id);
	if (st == STORE_CONFLICT) {
		refuse(req, 409, N_("An organisation needs at least one owner."));
		return;
	}
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	redirect(req, "/o/%lld/members", (long long)req->org_id);
}

void members_invite_revoke(struct request *req)
{
	enum store_status st = store_invite_revoke(req->store, &req->actor, req->org_id,
	                                           req->id);
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	redirect(req, "/o/%lld/members", (long long)req->org_id);
}
