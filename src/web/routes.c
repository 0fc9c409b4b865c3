/*
 * routes.c - the route table. Read this file to know every URL Ravelin
 * answers and who may use it; `ravelin routes` prints it.
 */
#include "web/routes.h"

#include "web/handlers.h"

#define GET HTTP_GET
#define POST HTTP_POST

const struct route routes[] = {
	/* system */
	{GET,  "/healthz",                        ACCESS_PUBLIC, system_healthz, NULL, ROUTE_NO_SESSION},
	{GET,  "/static/*",                       ACCESS_PUBLIC, system_static, NULL, ROUTE_NO_SESSION},
	{GET,  "/",                               ACCESS_PUBLIC, system_home, NULL, 0},
	{POST, "/lang",                           ACCESS_PUBLIC, system_language, &system_language_spec, 0},

	/* authentication */
	{GET,  "/setup",                          ACCESS_PUBLIC, auth_setup_form, NULL, 0},
	{POST, "/setup",                          ACCESS_PUBLIC, auth_setup, &auth_setup_spec, 0},
	{GET,  "/login",                          ACCESS_PUBLIC, auth_login_form, &auth_login_query_spec, 0},
	{POST, "/login",                          ACCESS_PUBLIC, auth_login, &auth_login_spec, 0},
	{POST, "/logout",                         ACCESS_USER,   auth_logout, NULL, 0},
	{GET,  "/invite/:token",                  ACCESS_PUBLIC, auth_invite_form, NULL, 0},
	{POST, "/invite/:token",                  ACCESS_PUBLIC, auth_invite_accept, &auth_invite_spec, 0},

	/* the user's own pages */
	{GET,  "/profile",                        ACCESS_USER,   profile_show, NULL, 0},
	{POST, "/profile/language",               ACCESS_USER,   profile_language, &profile_language_spec, 0},
	{POST, "/profile/password",               ACCESS_USER,   profile_password, &profile_password_spec, 0},
	{POST, "/profile/tokens",                 ACCESS_USER,   profile_token_create, &profile_token_spec, 0},
	{POST, "/profile/tokens/:id/revoke",      ACCESS_USER,   profile_token_revoke, NULL, 0},

	/* organisations */
	{GET,  "/orgs",                           ACCESS_USER,   orgs_list, NULL, 0},
	{POST, "/orgs",                           ACCESS_USER,   orgs_create, &orgs_create_spec, 0},
	{GET,  "/o/:org",                         ACCESS_VIEWER, orgs_dashboard, NULL, 0},
	{GET,  "/o/:org/settings",                ACCESS_VIEWER, orgs_settings, &orgs_settings_query_spec, 0},
	{POST, "/o/:org/settings",                ACCESS_EDITOR, orgs_settings_save, &orgs_settings_spec, 0},
	{GET,  "/o/:org/audit",                   ACCESS_OWNER,  orgs_audit, &orgs_audit_query_spec, 0},
	{GET,  "/o/:org/members",                 ACCESS_VIEWER, members_list, NULL, 0},
	{POST, "/o/:org/members/invite",          ACCESS_OWNER,  members_invite, &members_invite_spec, 0},
	{POST, "/o/:org/members/:id/role",        ACCESS_OWNER,  members_set_role, &members_role_spec, 0},
	{POST, "/o/:org/members/:id/remove",      ACCESS_OWNER,  members_remove, NULL, 0},
	{POST, "/o/:org/invites/:id/revoke",      ACCESS_OWNER,  members_invite_revoke, NULL, 0},

	/* baseline self-assessment (module 1) */
	{GET,  "/o/:org/baseline",                ACCESS_VIEWER, baseline_overview, NULL, 0},
	{POST, "/o/:org/baseline",                ACCESS_EDITOR, baseline_start, NULL, 0},
	{GET,  "/o/:org/baseline/:id",            ACCESS_VIEWER, baseline_questionnaire, &baseline_query_spec, 0},
	{POST, "/o/:org/baseline/:id",            ACCESS_EDITOR, baseline_answer, &baseline_answers_spec, 0},
	{POST, "/o/:org/baseline/:id/complete",   ACCESS_EDITOR, baseline_complete, NULL, 0},
	{GET,  "/o/:org/baseline/:id/result",     ACCESS_VIEWER, baseline_result, NULL, 0},
	{GET,  "/o/:org/baseline/:id/report.pdf", ACCESS_VIEWER, baseline_report, NULL, 0},

	/* the first-steps registers of the baseline */
	{GET,  "/o/:org/backups",                 ACCESS_VIEWER, register_list, &register_query_spec, 0},
	{POST, "/o/:org/backups",                 ACCESS_EDITOR, register_save, &register_backup_spec, 0},
	{POST, "/o/:org/backups/:id",             ACCESS_EDITOR, register_save, &register_backup_spec, 0},
	{POST, "/o/:org/backups/:id/delete",      ACCESS_EDITOR, register_delete, NULL, 0},
	{GET,  "/o/:org/wifi",                    ACCESS_VIEWER, register_list, &register_query_spec, 0},
	{POST, "/o/:org/wifi",                    ACCESS_EDITOR, register_save, &register_wifi_spec, 0},
	{POST, "/o/:org/wifi/:id",                ACCESS_EDITOR, register_save, &register_wifi_spec, 0},
	{POST, "/o/:org/wifi/:id/delete",         ACCESS_EDITOR, register_delete, NULL, 0},
	{GET,  "/o/:org/software",                ACCESS_VIEWER, register_list, &register_query_spec, 0},
	{POST, "/o/:org/software",                ACCESS_EDITOR, register_save, &register_software_spec, 0},
	{POST, "/o/:org/software/:id",            ACCESS_EDITOR, register_save, &register_software_spec, 0},
	{POST, "/o/:org/software/:id/delete",     ACCESS_EDITOR, register_delete, NULL, 0},

	/* the action plan, shared by the modules */
	{GET,  "/o/:org/actions",                 ACCESS_VIEWER, actions_list, &actions_query_spec, 0},
	{POST, "/o/:org/actions",                 ACCESS_EDITOR, actions_create, &actions_create_spec, 0},
	{POST, "/o/:org/actions/:id",             ACCESS_EDITOR, actions_update, &actions_update_spec, 0},
	{POST, "/o/:org/actions/:id/delete",      ACCESS_EDITOR, actions_delete, NULL, 0},

	/* the asset inventory (METHOD.md §2) */
	{GET,  "/o/:org/assets",                  ACCESS_VIEWER, assets_list, &assets_query_spec, 0},
	{POST, "/o/:org/assets",                  ACCESS_EDITOR, assets_create, &assets_save_spec, 0},
	{GET,  "/o/:org/assets/:id",              ACCESS_VIEWER, assets_show, NULL, 0},
	{POST, "/o/:org/assets/:id",              ACCESS_EDITOR, assets_update, &assets_save_spec, 0},
	{POST, "/o/:org/assets/:id/links",        ACCESS_EDITOR, assets_link, &assets_link_spec, 0},
	{POST, "/o/:org/assets/:id/unlink",       ACCESS_EDITOR, assets_unlink, &assets_link_spec, 0},
	{POST, "/o/:org/assets/:id/delete",       ACCESS_EDITOR, assets_delete, NULL, 0},

	/* risk scales and limits, and the organisation's own threats and vulnerabilities */
	{GET,  "/o/:org/risks/settings",          ACCESS_VIEWER, risk_settings_show, &risk_settings_query_spec, 0},
	{POST, "/o/:org/risks/settings",          ACCESS_EDITOR, risk_settings_save, &risk_settings_spec, 0},
	{GET,  "/o/:org/risks/catalogue",         ACCESS_VIEWER, catalogue_show, NULL, 0},
	{POST, "/o/:org/risks/catalogue/asset-types", ACCESS_EDITOR, catalogue_add_asset_type, &catalogue_asset_type_spec, 0},
	{POST, "/o/:org/risks/catalogue/threats", ACCESS_EDITOR, catalogue_add_threat, &catalogue_threat_spec, 0},
	{POST, "/o/:org/risks/catalogue/vulnerabilities", ACCESS_EDITOR, catalogue_add_vulnerability, &catalogue_vulnerability_spec, 0},
	{POST, "/o/:org/risks/catalogue/delete",  ACCESS_EDITOR, catalogue_delete, &catalogue_delete_spec, 0},

	/* the full method's grid, one risk's page, risks added by hand */
	{GET,  "/o/:org/risks/grid",              ACCESS_VIEWER, risk_grid, &risk_grid_query_spec, 0},
	{POST, "/o/:org/risks",                   ACCESS_EDITOR, risk_create, &risk_create_spec, 0},
	{GET,  "/o/:org/risks/:id",               ACCESS_VIEWER, risk_show, &risk_query_spec, 0},
	{POST, "/o/:org/risks/:id",               ACCESS_EDITOR, risk_update, &risk_update_spec, 0},
	{POST, "/o/:org/risks/:id/delete",        ACCESS_EDITOR, risk_delete, NULL, 0},

	/* the rudimentary "what if" method and its promotion to the full method */
	{GET,  "/o/:org/what-if",                 ACCESS_VIEWER, what_if_page, NULL, 0},
	{POST, "/o/:org/what-if",                 ACCESS_EDITOR, what_if_save, &what_if_answers_spec, 0},
	{POST, "/o/:org/what-if/promote",         ACCESS_EDITOR, what_if_promote, NULL, 0},

	/* the risk register of both methods, as a page, CSV and a heat map */
	{GET,  "/o/:org/risks",                   ACCESS_VIEWER, risks_register, &risks_query_spec, 0},
	{GET,  "/o/:org/risks.csv",               ACCESS_VIEWER, risks_csv, &risks_query_spec, 0},
	{GET,  "/o/:org/risks/heatmap.svg",       ACCESS_VIEWER, risks_heatmap, NULL, 0},

	/* risk treatment: the measures catalogue */
	{GET,  "/o/:org/treatment/measures",      ACCESS_VIEWER, measures_list, &measures_query_spec, 0},

	/* the Statement of Applicability: the 93 ISO/IEC 27002:2022 controls (METHOD.md §4) */
	{GET,  "/o/:org/treatment/soa",           ACCESS_VIEWER, soa_show, &soa_query_spec, 0},
	{POST, "/o/:org/treatment/soa",           ACCESS_EDITOR, soa_save, &soa_save_spec, 0},
	{GET,  "/o/:org/treatment/soa.csv",       ACCESS_VIEWER, soa_csv, NULL, 0},

	/* risk treatment: the plan, and the treatment of one risk */
	{GET,  "/o/:org/treatment",               ACCESS_VIEWER, treatment_overview, NULL, 0},
	{GET,  "/o/:org/risks/:id/treatment",     ACCESS_VIEWER, treatment_show, NULL, 0},
	{POST, "/o/:org/risks/:id/treatment",     ACCESS_EDITOR, treatment_decide, &treatment_decision_spec, 0},
	{POST, "/o/:org/risks/:id/treatment/sign", ACCESS_OWNER, treatment_sign, NULL, 0},
	{POST, "/o/:org/risks/:id/treatment/revoke", ACCESS_OWNER, treatment_revoke, NULL, 0},
	{POST, "/o/:org/risks/:id/measures",      ACCESS_EDITOR, treatment_add_measure, &treatment_measure_spec, 0},
	{POST, "/o/:org/risks/:id/measures/remove", ACCESS_EDITOR, treatment_remove_measure, &treatment_remove_spec, 0},

	/* risk treatment as files: the plan (PDF) and the register with decisions (XLSX) */
	{GET,  "/o/:org/treatment/plan.pdf",      ACCESS_VIEWER, exports_plan_pdf, NULL, 0},
	{GET,  "/o/:org/risks.xlsx",              ACCESS_VIEWER, exports_register_xlsx, NULL, 0},

	/* the programme's modules not built yet (PRODUCT.md) */
	{GET,  "/o/:org/privacy",                 ACCESS_VIEWER, modules_page, NULL, 0},
	{GET,  "/o/:org/incidents",               ACCESS_VIEWER, modules_page, NULL, 0},
	{GET,  "/o/:org/plans",                   ACCESS_VIEWER, modules_page, NULL, 0},
	{GET,  "/o/:org/programme",               ACCESS_VIEWER, modules_page, NULL, 0},
	{GET,  "/o/:org/reports",                 ACCESS_VIEWER, modules_page, NULL, 0},
};

const size_t route_count = sizeof routes / sizeof routes[0];

const char *access_name(enum access access)
{
	switch (access) {
	case ACCESS_PUBLIC: return "public";
	case ACCESS_USER: return "user";
	case ACCESS_VIEWER: return "viewer";
	case ACCESS_EDITOR: return "editor";
	case ACCESS_OWNER: return "owner";
	}
	return "?";
}
