/*
 * orgs.c - organisations: the list a user can switch between, creating
 * one, its dashboard, its profile (settings) and its audit log.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web/handlers.h"
#include "web/respond.h"

static json_t *org_json(const struct org *org)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)org->id,
		"name", org->name, "address", org->address, "contact", org->contact,
		"sector", org->sector, "staff", (json_int_t)org->staff);
}

/* Loads the organisation of the path into data.org; false if answered. */
static bool load_org(struct request *req, struct org *org)
{
	enum store_status st = store_org_get(req->store, req->org_id, org);
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 404 : 500, NULL);
		return false;
	}
	put(req, "org", org_json(org));
	return true;
}

/* ---- the list and creation ---------------------------------------------- */

static const struct field orgs_create_fields[] = {
	{"name", FIELD_TEXT, true, 1, 200, NULL},
};
const struct form_spec orgs_create_spec = {orgs_create_fields, 1};

static bool list_orgs(struct request *req)
{
	struct org_membership *list;
	size_t count;
	if (store_orgs_of_user(req->store, req->user.id, &list, &count) != STORE_OK) {
		fail(req, 500, NULL);
		return false;
	}
	json_t *orgs = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(orgs, json_pack("{s:I, s:s, s:s, s:s}",
			"id", (json_int_t)list[i].org_id, "name", list[i].org_name,
			"role", role_name(list[i].role),
			"role_label", _(req, role_name(list[i].role))));
	store_memberships_free(list, count);
	put(req, "orgs", orgs);
	return true;
}

void orgs_list(struct request *req)
{
	if (list_orgs(req))
		page(req, "org/list");
}

void orgs_create(struct request *req)
{
	int64_t id = 0;
	enum store_status st = STORE_OK;
	if (req->form.valid) {
		st = store_org_create(req->store, &req->actor, form_value(&req->form, "name"),
		                      req->user.id, &id);
		if (st == STORE_CONFLICT)
			form_set_error(&req->form, "name",
			               N_("An organisation with this name exists already"));
		else if (st != STORE_OK) {
			fail(req, 500, NULL);
			return;
		}
	}
	if (!req->form.valid || st != STORE_OK) {
		if (list_orgs(req))
			form_again(req, "org/list");
		return;
	}
	put(req, "id", json_integer(id));
	redirect(req, "/o/%lld", (long long)id);
}

/* ---- dashboard ------------------------------------------------------------ */

void orgs_dashboard(struct request *req)
{
	struct org org;
	if (!load_org(req, &org))
		return;
	org_free(&org);
	int64_t members = store_member_count(req->store, req->org_id);
	if (members < 0) {
		fail(req, 500, NULL);
		return;
	}
	put(req, "member_count", json_integer(members));
	put(req, "baseline", baseline_summary(req));
	put(req, "treatment", treatment_summary(req));
	/* The dashboard is the page seen most: count in the database rather
	 * than load every action. */
	int64_t open = store_actions_open_count(req->store, req->org_id);
	if (open < 0) {
		fail(req, 500, NULL);
		return;
	}
	put(req, "open_actions", json_integer(open));
	json_object_set(req->data, "modules", respond_modules(req));
	page(req, "org/dashboard");
}

/* ---- settings (the organisation's profile) -------------------------------- */

static const struct field orgs_settings_fields[] = {
	{"name", FIELD_TEXT, true, 1, 200, NULL},
	{"address", FIELD_MULTILINE, false, 0, 500, NULL},
	{"contact", FIELD_TEXT, false, 0, 200, NULL},
	{"sector", FIELD_TEXT, false, 0, 200, NULL},
	{"staff", FIELD_INT, false, 0, 1000000, NULL},
};
const struct form_spec orgs_settings_spec = {orgs_settings_fields, 5};

static const struct field orgs_settings_query_fields[] = {
	{"saved", FIELD_BOOL, false, 0, 0, NULL},
};
const struct form_spec orgs_settings_query_spec = {orgs_settings_query_fields, 1};

void orgs_settings(struct request *req)
{
	struct org org;
	if (!load_org(req, &org))
		return;
	org_free(&org);
	put(req, "saved", json_boolean(form_bool(&req->form, "saved")));
	page(req, "org/settings");
}

void orgs_settings_save(struct request *req)
{
	struct org org;
	if (!load_org(req, &org))
		return;
	org_free(&org);
	if (!req->form.valid) {
		form_again(req, "org/settings");
		return;
	}
	struct org changed = {
		.id = req->org_id,
		.name = (char *)form_value(&req->form, "name"),
		.address = (char *)form_value(&req->form, "address"),
		.contact = (char *)form_value(&req->form, "contact"),
		.sector = (char *)form_value(&req->form, "sector"),
		.staff = form_number(&req->form, "staff"),
	};
	enum store_status st = store_org_update(req->store, &req->actor, &changed);
	if (st == STORE_CONFLICT) {
		form_set_error(&req->form, "name", N_("An organisation with this name exists already"));
		form_again(req, "org/settings");
		return;
	}
	if (st != STORE_OK) {
		fail(req, st == STORE_NOT_FOUND ? 404 : 500, NULL);
		return;
	}
	redirect(req, "/o/%lld/settings?saved=1", (long long)req->org_id);
}

/* ---- audit log ------------------------------------------------------------- */

#define AUDIT_PAGE_SIZE 50

static const struct field orgs_audit_query_fields[] = {
	{"page", FIELD_INT, false, 1, 100000, NULL},
};
const struct form_spec orgs_audit_query_spec = {orgs_audit_query_fields, 1};

void orgs_audit(struct request *req)
{
	long long page_number = form_number(&req->form, "page");
	if (page_number < 1)
		page_number = 1;
	struct audit_row *rows;
	size_t count;
	if (store_audit_list(req->store, req->org_id, AUDIT_PAGE_SIZE + 1,
	                     (page_number - 1) * AUDIT_PAGE_SIZE, &rows, &count) != STORE_OK) {
		fail(req, 500, NULL);
		return;
	}
	json_t *entries = json_array();
	for (size_t i = 0; i < count && i < AUDIT_PAGE_SIZE; i++) {
		char when[32];
		time_t at = (time_t)rows[i].at;
		struct tm tm;
		gmtime_r(&at, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
		json_array_append_new(entries, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}",
			"seq", (json_int_t)rows[i].seq, "at", when,
			"user", rows[i].user_email, "address", rows[i].address,
			"action", rows[i].action, "object", rows[i].object,
			"detail", rows[i].detail));
	}
	put(req, "entries", entries);
	put(req, "page", json_integer(page_number));
	put(req, "prev_page", json_integer(page_number - 1));
	put(req, "next_page", json_integer(count > AUDIT_PAGE_SIZE ? page_number + 1 : 0));
	store_audit_rows_free(rows, count);
	page(req, "org/audit");
}
