/*
 * handlers.h - the page handlers, grouped by the file they live in, and
 * the forms they accept. The route table (routes.c) wires them to URLs.
 */
#ifndef RAVELIN_HANDLERS_H
#define RAVELIN_HANDLERS_H

#include "core/treatment.h"
#include "web/form.h"
#include "web/request.h"

/* system.c: health check, static files, language switch, home */
void system_healthz(struct request *req);
void system_static(struct request *req);
void system_language(struct request *req);
void system_home(struct request *req);
extern const struct form_spec system_language_spec;
/* next if it is a path on this server ("/..." but not "//host"), else "/":
 * where to go back to after a login or a language switch. */
const char *safe_next(const char *next);

/* auth.c: first-run set-up, login, logout, invitations */
void auth_setup_form(struct request *req);
void auth_setup(struct request *req);
void auth_login_form(struct request *req);
void auth_login(struct request *req);
void auth_logout(struct request *req);
void auth_invite_form(struct request *req);
void auth_invite_accept(struct request *req);
extern const struct form_spec auth_setup_spec, auth_login_spec,
	auth_login_query_spec, auth_invite_spec;
/* Checks a new password field and its confirmation; sets field errors. */
bool new_password_ok(struct request *req, const char *field, const char *confirm);
/* Hashes a password field; answers 500 and returns false on failure. */
bool hash_password(struct request *req, const char *field, char *out);

/* orgs.c: organisations, dashboard, settings, audit log */
void orgs_list(struct request *req);
void orgs_create(struct request *req);
void orgs_dashboard(struct request *req);
void orgs_settings(struct request *req);
void orgs_settings_save(struct request *req);
void orgs_audit(struct request *req);
extern const struct form_spec orgs_create_spec, orgs_settings_spec,
	orgs_settings_query_spec, orgs_audit_query_spec;

/* members.c: members, roles and invitations of an organisation */
void members_list(struct request *req);
void members_invite(struct request *req);
void members_set_role(struct request *req);
void members_remove(struct request *req);
void members_invite_revoke(struct request *req);
extern const struct form_spec members_invite_spec, members_role_spec;

/* profile.c: the user's own settings and API tokens */
void profile_show(struct request *req);
void profile_language(struct request *req);
void profile_password(struct request *req);
void profile_token_create(struct request *req);
void profile_token_revoke(struct request *req);
extern const struct form_spec profile_language_spec, profile_password_spec,
	profile_token_spec;

/* baseline.c: the baseline self-assessment */
void baseline_overview(struct request *req);
void baseline_start(struct request *req);
void baseline_questionnaire(struct request *req);
void baseline_answer(struct request *req);
void baseline_complete(struct request *req);
void baseline_result(struct request *req);
void baseline_report(struct request *req);
/* {latest: {percent, ..., assessment}, open: {assessment}} for the dashboard. */
json_t *baseline_summary(struct request *req);
/* Puts the result of run req->id (and the run before it) in req->data,
 * for the result page and its report; false if answered (404, 500). */
bool baseline_result_data(struct request *req);
/* Declares the answers form from the knowledge base; after kb_load. */
int baseline_web_init(char *err, size_t errlen);
extern struct form_spec baseline_answers_spec;
extern const struct form_spec baseline_query_spec;

/* actions.c: the organisation's action plan */
void actions_list(struct request *req);
void actions_create(struct request *req);
void actions_update(struct request *req);
void actions_delete(struct request *req);
/* Which actions the plan shows: status ("", "open" or a status), text q,
 * origin ("", "baseline", "measure", "manual"), owner (part of the name),
 * due on or before due_before (YYYY-MM-DD or ""), sorted by sort ("",
 * "due", "title", "owner", "status"). Every field "" for all. */
struct action_filter {
	const char *status, *sort, *q, *origin, *owner, *due_before;
};
extern const struct action_filter action_filter_none;
/* Puts the action plan in req->data.actions as f says; false if answered
 * (500). */
bool action_plan_data(struct request *req, const struct action_filter *f);
/* "Planned", "In progress"... in the request's language. */
const char *action_status_label(struct request *req, const char *status);
extern const struct form_spec actions_query_spec, actions_create_spec,
	actions_update_spec;

/* registers.c: backups, Wi-Fi networks, software and devices */
void register_list(struct request *req);
void register_save(struct request *req);
void register_delete(struct request *req);
extern const struct form_spec register_query_spec, register_backup_spec,
	register_wifi_spec, register_software_spec;

/* assets.c: the asset inventory */
void assets_list(struct request *req);
void assets_create(struct request *req);
void assets_show(struct request *req);
void assets_update(struct request *req);
void assets_link(struct request *req);
void assets_unlink(struct request *req);
void assets_delete(struct request *req);
extern const struct form_spec assets_query_spec, assets_save_spec, assets_link_spec;

/* risk_settings.c: an organisation's risk scales and limits */
void risk_settings_show(struct request *req);
void risk_settings_save(struct request *req);
extern const struct form_spec risk_settings_spec, risk_settings_query_spec;

/* risk_grid.c: the full method's fast-entry grid, the page of one risk,
 * adding a risk by hand */
void risk_grid(struct request *req);
void risk_create(struct request *req);
void risk_show(struct request *req);
void risk_update(struct request *req);
void risk_delete(struct request *req);
extern const struct form_spec risk_grid_query_spec, risk_create_spec, risk_query_spec,
	risk_update_spec;

/* what_if.c: the rudimentary "what if" method and its promotion */
void what_if_page(struct request *req);
void what_if_save(struct request *req);
void what_if_promote(struct request *req);
/* Declares the answers form from the knowledge base; after kb_load. */
int what_if_web_init(char *err, size_t errlen);
extern struct form_spec what_if_answers_spec;

/* risks.c: the risk register of both methods, its CSV and its heat maps */
void risks_register(struct request *req);
void risks_csv(struct request *req);
void risks_heatmap(struct request *req);
extern const struct form_spec risks_query_spec;

/* catalogue.c: the organisation's copy of the risk knowledge base */
void catalogue_show(struct request *req);
void catalogue_add_asset_type(struct request *req);
void catalogue_add_threat(struct request *req);
void catalogue_add_vulnerability(struct request *req);
void catalogue_delete(struct request *req);
extern const struct form_spec catalogue_asset_type_spec, catalogue_threat_spec,
	catalogue_vulnerability_spec, catalogue_delete_spec;

/* measures.c: the measures catalogue (kb/measures.json) as users see it */
void measures_list(struct request *req);
struct kb_vulnerability;
/* The catalogue's measures that reduce vulnerability v, each as on the
 * catalogue page (without the count of risks); an empty array for one of
 * the organisation's own vulnerabilities, for NULL or without a catalogue. */
json_t *measures_for_vulnerability(struct request *req, const struct kb_vulnerability *v);
extern const struct form_spec measures_query_spec;

/* soa.c: the Statement of Applicability, as a page, JSON and CSV */
void soa_show(struct request *req);
void soa_save(struct request *req);
void soa_csv(struct request *req);
extern const struct form_spec soa_query_spec, soa_save_spec;

/* treatment.c: the treatment plan and the treatment of one risk */
void treatment_overview(struct request *req);
/* {risks, above_now, above_after, to_decide} for the dashboard; null on a
 * store failure. */
json_t *treatment_summary(struct request *req);
void treatment_show(struct request *req);
/* {value (null: not evaluated), level, label} of a risk value. */
json_t *treatment_value_json(struct request *req, int value, enum risk_level level);
struct risk_book;
/* The measures chosen for risk_id: [{id, title, reduction, action, status,
 * status_label, owner, due, cost}]. */
json_t *treatment_measures_json(struct request *req, const struct risk_book *book,
                                int64_t risk_id);
/* Message ids per decision (label, hint) and per acceptance state. */
extern const char *const decision_labels[DECISION_COUNT];
extern const char *const decision_hints[DECISION_COUNT];
extern const char *const acceptance_labels[ACCEPTANCE_COUNT];
/* Who signed or revoked the acceptance t and when: "Name, YYYY-MM-DD",
 * or only the date when the person is no longer among members. */
json_t *treatment_signature(const struct treatment_row *t, const struct member *members,
                            size_t member_count);
void treatment_decide(struct request *req);
void treatment_sign(struct request *req);
void treatment_revoke(struct request *req);
void treatment_add_measure(struct request *req);
void treatment_remove_measure(struct request *req);
extern const struct form_spec treatment_decision_spec, treatment_measure_spec,
	treatment_remove_spec;

/* exports.c: the treatment plan as a PDF, the risk register with decisions as XLSX */
void exports_plan_pdf(struct request *req);
void exports_register_xlsx(struct request *req);

/* modules.c: the programme's modules, one page each */
void modules_page(struct request *req);

/* The modules of the programme, in navigation order (modules.c). */
struct module_info {
	const char *key;       /* URL segment: /o/:org/KEY */
	const char *title;     /* message id */
	const char *summary;   /* message id: what the module will do */
};
extern const struct module_info programme_modules[];
extern const size_t programme_module_count;

#endif
