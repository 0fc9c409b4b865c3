/*
 * store.h - the one interface to Ravelin's persistent data.
 *
 * Everything that reads or writes the database goes through these
 * functions; nothing outside src/store/ speaks SQL. The interface assumes
 * no particular database: SQLite (sqlite.c and friends) is the embedded
 * default, PostgreSQL comes behind the same declarations.
 *
 * Conventions:
 *  - Functions return enum store_status. Output parameters are written
 *    only on STORE_OK.
 *  - A struct store is one connection: use it from one thread at a time
 *    (the web server keeps one per worker thread).
 *  - Every function that changes data takes the acting user and writes
 *    an audit entry in the same transaction, so no change goes unrecorded
 *    and no change is half-written.
 *  - Every organisation-owned row is reached through its organisation id:
 *    asking for an object of another organisation answers STORE_NOT_FOUND.
 *  - Times are Unix seconds (int64_t). Strings returned inside structs are
 *    owned by the struct; free with the matching *_free function.
 */
#ifndef RAVELIN_STORE_H
#define RAVELIN_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/risk.h"
#include "core/role.h"

enum store_status {
	STORE_OK = 0,
	STORE_NOT_FOUND,   /* no such row (or not visible to this organisation) */
	STORE_CONFLICT,    /* a unique value is taken (e.g. e-mail address) */
	STORE_BUSY,        /* the database stayed locked; try again */
	STORE_ERROR,       /* anything else; logged to stderr */
};

struct store;

/* Who is acting, for the audit log. user_id 0 means the command line. */
struct actor {
	int64_t user_id;
	const char *address;   /* client address, or "cli"; may be NULL */
};

/* ---- connection ------------------------------------------------------- */

/* Opens (creating if needed) the database in data_dir, which is created if
 * missing, and applies pending migrations in one transaction. */
enum store_status store_open(const char *data_dir, struct store **out);
void store_close(struct store *store);
/* The schema version recorded in the database. */
int store_schema_version(struct store *store);

/* Explicit transactions for work spanning several calls. Calls made while
 * a transaction is open join it instead of opening their own. */
enum store_status store_begin(struct store *store);
enum store_status store_commit(struct store *store);
void store_rollback(struct store *store);

/* A consistent view for the reads of one page: every read between these
 * two calls sees the same snapshot, and the database's read lock is taken
 * once rather than once per query. A write made inside joins the view as a
 * savepoint and fails with STORE_BUSY when another connection has written
 * since the view began, so only writes that may fail harmlessly (a
 * session's last-seen time) belong inside. */
enum store_status store_read_begin(struct store *store);
void store_read_end(struct store *store);

/* ---- organisations ---------------------------------------------------- */

struct org {
	int64_t id;
	char *name;
	char *address;     /* postal address, may be "" */
	char *contact;     /* contact e-mail or phone, may be "" */
	char *sector;      /* free text, may be "" */
	int64_t staff;     /* head count, 0 if unknown */
	int64_t created_at;
};
void org_free(struct org *org);

struct org_membership {   /* an organisation as seen by one user */
	int64_t org_id;
	char *org_name;
	enum role role;
};

int64_t store_org_count(struct store *store);   /* -1 on error */
/* Creates an organisation with owner_user_id as its owner. */
enum store_status store_org_create(struct store *store, const struct actor *who,
                                   const char *name, int64_t owner_user_id,
                                   int64_t *id_out);
enum store_status store_org_get(struct store *store, int64_t org_id,
                                struct org *out);
enum store_status store_org_find_by_name(struct store *store, const char *name,
                                         int64_t *id_out);
/* Updates name, address, contact, sector and staff from org. */
enum store_status store_org_update(struct store *store, const struct actor *who,
                                   const struct org *org);
/* The organisations user_id belongs to, by name. Caller frees with
 * store_memberships_free. */
enum store_status store_orgs_of_user(struct store *store, int64_t user_id,
                                     struct org_membership **out, size_t *count);
void store_memberships_free(struct org_membership *list, size_t count);

/* ---- users -------------------------------------------------------------- */

struct user {
	int64_t id;
	char *email;         /* stored lower-case */
	char *name;
	char *password_hash; /* argon2id string from libsodium */
	char *lang;          /* preferred language code, "" for none */
	int64_t created_at;
};
void user_free(struct user *user);

enum store_status store_user_create(struct store *store, const struct actor *who,
                                    const char *email, const char *name,
                                    const char *password_hash, int64_t *id_out);
enum store_status store_user_get(struct store *store, int64_t user_id,
                                 struct user *out);
enum store_status store_user_by_email(struct store *store, const char *email,
                                      struct user *out);
enum store_status store_user_set_password(struct store *store,
                                          const struct actor *who,
                                          int64_t user_id,
                                          const char *password_hash);
enum store_status store_user_set_lang(struct store *store, const struct actor *who,
                                      int64_t user_id, const char *lang);
/* All users, by e-mail. Caller frees each with user_free, then the array. */
enum store_status store_users_list(struct store *store, struct user **out,
                                   size_t *count);

/* ---- memberships -------------------------------------------------------- */

struct member {
	int64_t user_id;
	char *email;
	char *name;
	enum role role;
};

/* The role of user_id in org_id; ROLE_NONE (and STORE_OK) if not a member. */
enum store_status store_member_role(struct store *store, int64_t org_id,
                                    int64_t user_id, enum role *out);
/* Adds the member, or changes the role of an existing one. Refuses
 * (STORE_CONFLICT) to leave an organisation without an owner. */
enum store_status store_member_set(struct store *store, const struct actor *who,
                                   int64_t org_id, int64_t user_id,
                                   enum role role);
/* STORE_NOT_FOUND if not a member; STORE_CONFLICT if it is the last owner. */
enum store_status store_member_remove(struct store *store, const struct actor *who,
                                      int64_t org_id, int64_t user_id);
/* Number of members of org_id; -1 on error. */
int64_t store_member_count(struct store *store, int64_t org_id);
enum store_status store_members_list(struct store *store, int64_t org_id,
                                     struct member **out, size_t *count);
void store_members_free(struct member *list, size_t count);

/* ---- invitations -------------------------------------------------------- */

struct invite {
	int64_t id;
	int64_t org_id;
	char *org_name;
	char *email;
	enum role role;
	int64_t created_at;
	int64_t expires_at;
};
void invite_free(struct invite *invite);

/* token_hash: hex of the hash of the secret in the link (never the secret). */
enum store_status store_invite_create(struct store *store, const struct actor *who,
                                      int64_t org_id, const char *email,
                                      enum role role, const char *token_hash,
                                      int64_t expires_at, int64_t *id_out);
/* Finds an unexpired, unused invitation. */
enum store_status store_invite_by_token(struct store *store,
                                        const char *token_hash, int64_t now,
                                        struct invite *out);
/* Marks the invitation used and makes user_id a member with its role. */
enum store_status store_invite_accept(struct store *store, const struct actor *who,
                                      int64_t invite_id, int64_t user_id);
enum store_status store_invite_revoke(struct store *store, const struct actor *who,
                                      int64_t org_id, int64_t invite_id);
/* Open (unused, unexpired) invitations of an organisation. */
enum store_status store_invites_list(struct store *store, int64_t org_id,
                                     int64_t now, struct invite **out,
                                     size_t *count);
void store_invites_free(struct invite *list, size_t count);

/* ---- sessions ------------------------------------------------------------ */

struct session {
	char id_hash[65];     /* hex hash of the cookie value */
	int64_t user_id;
	char csrf[65];        /* hex CSRF token for this session */
	int64_t created_at;
	int64_t last_seen;
};

/* Sessions are not audited (logins are, by the caller). */
enum store_status store_session_create(struct store *store,
                                       const struct session *session);
/* The session and its user in one lookup (every page asks for both);
 * the caller frees user with user_free. */
enum store_status store_session_user(struct store *store, const char *id_hash,
                                     struct session *session, struct user *user);
enum store_status store_session_touch(struct store *store, const char *id_hash,
                                      int64_t now);
enum store_status store_session_delete(struct store *store, const char *id_hash);
/* Ends every session of a user (after a password change). */
enum store_status store_sessions_delete_user(struct store *store, int64_t user_id);
/* Deletes sessions idle since before idle_before or created before
 * created_before. */
enum store_status store_sessions_expire(struct store *store, int64_t idle_before,
                                        int64_t created_before);

/* ---- API tokens ---------------------------------------------------------- */

struct api_token {
	int64_t id;
	int64_t user_id;
	char *name;
	int64_t created_at;
	int64_t last_used;    /* 0 if never */
};

enum store_status store_token_create(struct store *store, const struct actor *who,
                                     int64_t user_id, const char *name,
                                     const char *token_hash, int64_t *id_out);
/* Finds the user of a live (not revoked) token; updates last_used. */
enum store_status store_token_lookup(struct store *store, const char *token_hash,
                                     int64_t now, int64_t *user_id_out);
/* Revokes token_id if it belongs to user_id (else STORE_NOT_FOUND). */
enum store_status store_token_revoke(struct store *store, const struct actor *who,
                                     int64_t user_id, int64_t token_id);
enum store_status store_tokens_list(struct store *store, int64_t user_id,
                                    struct api_token **out, size_t *count);
void store_tokens_free(struct api_token *list, size_t count);

/* ---- failed logins ------------------------------------------------------- */

/* key: "email:<address>" or "ip:<address>". Counts failures within a
 * window; a success clears the key. */
enum store_status store_login_failures(struct store *store, const char *key,
                                       int64_t since, int64_t *count_out);
enum store_status store_login_failure_add(struct store *store, const char *key,
                                          int64_t now);
enum store_status store_login_failures_clear(struct store *store, const char *key);

/* ---- audit log ----------------------------------------------------------- */

struct audit_row {
	int64_t seq;
	int64_t org_id;
	int64_t at;
	int64_t user_id;
	char *user_email;   /* "" for the command line */
	char *action;
	char *object;
	char *detail;
	char *address;      /* client address, or "cli" */
};

/* Appends an entry to org_id's chain (0: installation-wide). Used by the
 * store's own mutations; callers use it only for events that change no
 * data, such as a login. */
enum store_status store_audit_append(struct store *store, const struct actor *who,
                                     int64_t org_id, const char *action,
                                     const char *object, const char *detail);
/* Newest first. */
enum store_status store_audit_list(struct store *store, int64_t org_id,
                                   int64_t limit, int64_t offset,
                                   struct audit_row **out, size_t *count);
void store_audit_rows_free(struct audit_row *list, size_t count);
/* Recomputes every chain. Returns STORE_OK with *broken_org and *broken_seq = 0
 * when intact, else the first broken entry (an edited, inserted or deleted
 * entry) in them. */
enum store_status store_audit_verify(struct store *store, int64_t *entries_out,
                                     int64_t *broken_org, int64_t *broken_seq);

/* ---- baseline self-assessment (module 1) ------------------------------ */

struct assessment {
	int64_t id;
	int64_t started_at;
	int64_t started_by;
	int64_t completed_at;   /* 0 while open */
	int64_t answered;       /* number of questions answered */
};

enum store_status store_assessment_create(struct store *store, const struct actor *who,
                                          int64_t org_id, int64_t *id_out);
enum store_status store_assessment_get(struct store *store, int64_t org_id,
                                       int64_t id, struct assessment *out);
/* Newest first. Caller frees with free(). */
enum store_status store_assessments_list(struct store *store, int64_t org_id,
                                         struct assessment **out, size_t *count);
/* Marks an open assessment completed (STORE_CONFLICT if it already is). */
enum store_status store_assessment_complete(struct store *store, const struct actor *who,
                                            int64_t org_id, int64_t id, int64_t now);

/* Sets the answers to count questions at once (one transaction, one audit
 * entry); an answer "" removes a question's answer. The assessment must be
 * open (else STORE_CONFLICT). Question ids and answers are not checked
 * here: the caller validated them against the knowledge base. */
enum store_status store_answers_set(struct store *store, const struct actor *who,
                                    int64_t org_id, int64_t assessment_id,
                                    const char *const *questions,
                                    const char *const *answers, size_t count,
                                    int64_t now);
/* Calls each(ctx, question, answer) for every stored answer. */
enum store_status store_answers_each(struct store *store, int64_t org_id,
                                     int64_t assessment_id,
                                     void (*each)(void *ctx, const char *question,
                                                  const char *answer),
                                     void *ctx);

/* ---- the action plan (one per organisation) ------------------------------- */

struct action {
	int64_t id;
	char *title;
	char *owner;        /* free text: a name or role */
	char *due;          /* YYYY-MM-DD or "" */
	char *status;       /* planned, in_progress, done, cancelled */
	char *note;
	char *source;       /* "baseline", "measure", "" */
	char *source_ref;   /* e.g. a question id, a measure id */
	char *cost;         /* estimate, free text, may be "" */
	int64_t created_at;
	int64_t updated_at;
};
void action_free(struct action *action);

/* Creates from action's fields (id ignored). */
enum store_status store_action_create(struct store *store, const struct actor *who,
                                      int64_t org_id, const struct action *action,
                                      int64_t *id_out);
/* Updates title, owner, due, status and note of action->id. */
enum store_status store_action_update(struct store *store, const struct actor *who,
                                      int64_t org_id, const struct action *action);
enum store_status store_action_delete(struct store *store, const struct actor *who,
                                      int64_t org_id, int64_t id);
enum store_status store_action_get(struct store *store, int64_t org_id, int64_t id,
                                   struct action *out);
/* Number of actions neither done nor cancelled; -1 on error. */
int64_t store_actions_open_count(struct store *store, int64_t org_id);
/* By due date (none last), then id. */
enum store_status store_actions_list(struct store *store, int64_t org_id,
                                     struct action **out, size_t *count);
void store_actions_free(struct action *list, size_t count);

/* ---- simple registers (backups, Wi-Fi, software, ...) -------------------- */

/* An entry of a register: its fields as the text of a JSON object, which
 * the caller declared and validated. */
struct register_entry {
	int64_t id;
	char *data;          /* JSON object text */
	int64_t updated_at;
};

/* Creates (entry id 0) or replaces entry id of register in org_id. */
enum store_status store_entry_save(struct store *store, const struct actor *who,
                                   int64_t org_id, const char *register_name,
                                   int64_t id, const char *data, int64_t *id_out);
enum store_status store_entry_delete(struct store *store, const struct actor *who,
                                     int64_t org_id, const char *register_name,
                                     int64_t id);
/* In order of creation. Caller frees with store_entries_free. */
enum store_status store_entries_list(struct store *store, int64_t org_id,
                                     const char *register_name,
                                     struct register_entry **out, size_t *count);
void store_entries_free(struct register_entry *list, size_t count);

/* ---- assets (METHOD.md §2) ------------------------------------------------- */

/* Impacts are on the organisation's impact scale, -1 when not set. */
struct asset {
	int64_t id;
	char *name;
	char *type;            /* asset type id (kb/risk.json or an addition) */
	bool primary;          /* information or process */
	char *owner;           /* free text: a name or role */
	char *classification;  /* "public", "internal", "confidential", "secret" */
	char *tlp;             /* "red", "amber+strict", "amber", "green", "clear" */
	int impact[3];         /* C, I, A */
	char *note;
	int64_t created_at, updated_at;
};

/* asset_id relies on support_id. */
struct asset_link {
	int64_t asset_id, support_id;
};

/* Creates (a->id 0; the new id in *id_out) or updates asset a->id. Values
 * are the caller's business (validated against the knowledge base and the
 * scales); the database refuses unknown classification or TLP words. */
enum store_status store_asset_save(struct store *store, const struct actor *who,
                                   int64_t org_id, const struct asset *a,
                                   int64_t *id_out);
/* Deletes the asset, its links both ways and its risks. */
enum store_status store_asset_delete(struct store *store, const struct actor *who,
                                     int64_t org_id, int64_t id);
enum store_status store_asset_get(struct store *store, int64_t org_id, int64_t id,
                                  struct asset *out);
void asset_free(struct asset *a);
/* By name (case-insensitive), then id. Caller frees with store_assets_free. */
enum store_status store_assets_list(struct store *store, int64_t org_id,
                                    struct asset **out, size_t *count);
void store_assets_free(struct asset *list, size_t count);

/* Replaces what asset_id relies on with supports[0..count). STORE_NOT_FOUND
 * if any of them is not an asset of org_id; STORE_CONFLICT (nothing
 * changed) if the links would form a cycle or an asset would rely on
 * itself. */
enum store_status store_asset_set_supports(struct store *store, const struct actor *who,
                                           int64_t org_id, int64_t asset_id,
                                           const int64_t *supports, size_t count);
/* Every link of the organisation. Caller frees with free(). */
enum store_status store_asset_links_list(struct store *store, int64_t org_id,
                                         struct asset_link **out, size_t *count);

/* ---- risk assessment (METHOD.md §3) ----------------------------------------- */

/* The organisation's scales and thresholds (risk_defaults when never set). */
enum store_status store_risk_settings_get(struct store *store, int64_t org_id,
                                          struct risk_settings *out);
/* Stores valid settings (STORE_ERROR if !risk_settings_valid). Where a
 * scale changes, every stored value on it is rescaled (risk_rescale) in the
 * same transaction, so no value is left off its scale. */
enum store_status store_risk_settings_set(struct store *store, const struct actor *who,
                                          int64_t org_id,
                                          const struct risk_settings *settings);

/* The answer to one "what if" (impact and likelihood 1..4). */
struct what_if_answer {
	char *what_if;         /* what-if id */
	int impact, likelihood;
	char *measures;        /* what is already done about it, may be "" */
	int64_t promoted_at;   /* 0 until carried into the full method */
	int64_t updated_at;
};

/* Sets count answers at once (one transaction, one audit entry); an answer
 * with impact and likelihood -1 removes that what-if's answer. Ids are the
 * caller's business. A changed answer is no longer marked promoted. */
enum store_status store_what_if_save(struct store *store, const struct actor *who,
                                     int64_t org_id, const struct what_if_answer *answers,
                                     size_t count);
/* Marks every answer promoted at now. */
enum store_status store_what_if_mark_promoted(struct store *store, const struct actor *who,
                                              int64_t org_id, int64_t now);
/* In what-if id order. Caller frees with store_what_if_free. */
enum store_status store_what_if_list(struct store *store, int64_t org_id,
                                     struct what_if_answer **out, size_t *count);
void store_what_if_free(struct what_if_answer *list, size_t count);

/* A risk scenario of the full method. Factors are -1 when not evaluated;
 * impact[k] -1 means "as the asset's". */
struct risk {
	int64_t id;
	int64_t asset_id;
	char *threat;          /* threat id */
	char *vulnerability;   /* vulnerability id */
	int likelihood;        /* threat likelihood */
	int vuln_level;        /* vulnerability level */
	int impact[3];         /* C, I, A overrides */
	char *origin;          /* what-if id it was promoted from, or "" */
	char *treatment;       /* "untreated" until a decision is recorded */
	char *note;
	int64_t created_at, updated_at;
};

/* Creates a risk (id ignored). STORE_NOT_FOUND if the asset is not one of
 * org_id's; STORE_CONFLICT if the same asset, threat and vulnerability
 * already make a risk (its id then in *id_out). */
enum store_status store_risk_create(struct store *store, const struct actor *who,
                                    int64_t org_id, const struct risk *r, int64_t *id_out);
/* Updates likelihood, vulnerability level, impacts and note of r->id. */
enum store_status store_risk_update(struct store *store, const struct actor *who,
                                    int64_t org_id, const struct risk *r);
enum store_status store_risk_delete(struct store *store, const struct actor *who,
                                    int64_t org_id, int64_t id);
enum store_status store_risk_get(struct store *store, int64_t org_id, int64_t id,
                                 struct risk *out);
void risk_free(struct risk *r);
/* Number of risks of the organisation; -1 on error. */
int64_t store_risks_count(struct store *store, int64_t org_id);
/* In id order. Caller frees with store_risks_free. */
enum store_status store_risks_list(struct store *store, int64_t org_id,
                                   struct risk **out, size_t *count);
void store_risks_free(struct risk *list, size_t count);

/* ---- the organisation's additions to the knowledge base --------------------- */

/* An entry an organisation added (METHOD.md §3 knowledge base), kept apart
 * from the shipped base so that updates of the base apply. */
struct kb_addition {
	char *kind;            /* "asset_type", "threat" or "vulnerability" */
	char *id;              /* "own-type-N", "own-thr-N", "own-vul-N" */
	char *data;            /* a JSON object in the shape of the kb/ files */
	int64_t updated_at;
};

/* Adds an entry with the next free id of its kind ("own-thr-1", ...), in
 * *id_out (caller frees). data is the caller's business (validated). */
enum store_status store_kb_addition_create(struct store *store, const struct actor *who,
                                           int64_t org_id, const char *kind,
                                           const char *data, char **id_out);
/* STORE_CONFLICT while a risk, an asset or an own vulnerability uses it. */
enum store_status store_kb_addition_delete(struct store *store, const struct actor *who,
                                           int64_t org_id, const char *kind, const char *id);
/* By kind, then creation. Caller frees with store_kb_additions_free. */
enum store_status store_kb_additions_list(struct store *store, int64_t org_id,
                                          struct kb_addition **out, size_t *count);
void store_kb_additions_free(struct kb_addition *list, size_t count);

/* ---- the Statement of Applicability (METHOD.md §4) ------------------------- */

/* An organisation's decision on one ISO/IEC 27002:2022 control. A control
 * without a row is not decided: applicable -1, the texts empty. */
struct soa_row {
	char *control;          /* the control's number, "5.1" ... "8.34" */
	int applicable;         /* -1 not decided, 0 no, 1 yes */
	char *justification;    /* required when applicable is 0 */
	char *status;           /* "", "planned", "partial", "implemented" */
	int64_t updated_at;
};
/* Inserts or replaces the row of row->control; the caller checked the
 * control and the values (a "no" without justification is refused by the
 * table, STORE_ERROR). */
enum store_status store_soa_save(struct store *store, const struct actor *who,
                                 int64_t org_id, const struct soa_row *row);
/* The saved rows, by control text. Caller frees with store_soa_free. */
enum store_status store_soa_list(struct store *store, int64_t org_id,
                                 struct soa_row **out, size_t *count);
void store_soa_free(struct soa_row *list, size_t count);

/* ---- risk treatment (METHOD.md §4) ----------------------------------------------- */

/* The decision taken for a risk. */
struct treatment_row {
	int64_t risk_id;
	char *decision;        /* "reduce", "accept", "avoid", "transfer" */
	char *justification;   /* why (required to accept) */
	char *party;           /* transfer: the insurer or partner */
	char *acceptance;      /* "", "proposed", "accepted", "revoked" */
	int64_t approved_by;   /* user who signed or revoked the acceptance, 0 */
	int64_t approved_at;
	int64_t updated_at;
};

/* A catalogue measure chosen for a risk, carried out by an action. */
struct risk_measure_row {
	int64_t risk_id;
	char *measure;         /* measure id */
	int64_t action_id;
	int reduction;         /* vulnerability levels it removes from the risk */
};

/* Records the decision for risk t->risk_id (replacing any) with its
 * acceptance fields as given, and the risk's treatment word. Values are
 * the caller's business (core/treatment.h). STORE_NOT_FOUND if the risk is
 * not one of org_id's. */
enum store_status store_treatment_save(struct store *store, const struct actor *who,
                                       int64_t org_id, const struct treatment_row *t);
/* By risk id. Caller frees with store_treatments_free. */
enum store_status store_treatments_list(struct store *store, int64_t org_id,
                                        struct treatment_row **out, size_t *count);
void store_treatments_free(struct treatment_row *list, size_t count);

/* Chooses measure for risk_id, removing reduction levels: the action of
 * the plan that carries the measure out (source "measure", source_ref the
 * id) is reused, or created from *action (its title, owner, due, cost);
 * its id in *action_id_out. Choosing a measure again changes its
 * reduction. STORE_NOT_FOUND if the risk is not one of org_id's. */
enum store_status store_risk_measure_set(struct store *store, const struct actor *who,
                                         int64_t org_id, int64_t risk_id, const char *measure,
                                         int reduction, const struct action *action,
                                         int64_t *action_id_out);
/* Unlinks the measure from the risk (the action stays in the plan). */
enum store_status store_risk_measure_remove(struct store *store, const struct actor *who,
                                            int64_t org_id, int64_t risk_id,
                                            const char *measure);
/* By risk, then measure. Caller frees with store_risk_measures_free. */
enum store_status store_risk_measures_list(struct store *store, int64_t org_id,
                                           struct risk_measure_row **out, size_t *count);
void store_risk_measures_free(struct risk_measure_row *list, size_t count);

/* A change of a risk's current vulnerability, newest first. */
struct risk_history_row {
	int64_t at, action_id, by_user;
	int vuln_before, vuln_after;
};
enum store_status store_risk_history(struct store *store, int64_t org_id, int64_t risk_id,
                                     struct risk_history_row **out, size_t *count);

/* ---- snapshots ------------------------------------------------------------ */

/* Writes a consistent copy of the whole database to path (which must not
 * exist) while other connections keep working. */
enum store_status store_snapshot(struct store *store, const char *path);
/* Checks that path is an intact Ravelin database this build can open:
 * integrity check passes and its schema version is not newer. */
enum store_status store_check_file(const char *path);
/* The database file's path inside data_dir (into out). */
void store_database_path(const char *data_dir, char *out, size_t outlen);

#endif
