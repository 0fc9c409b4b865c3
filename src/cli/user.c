/*
 * user.c - "ravelin user add|passwd|list": accounts from the command line.
 *
 * This is how an installation gets its first organisation and owner, and
 * how an administrator resets a password without the web application.
 * Changes are made as the command-line actor (user 0, address "cli"), so
 * the audit log shows they did not come through the web.
 *
 * Passwords come from standard input or RAVELIN_PASSWORD, never from an
 * option, where any user of the machine could read them with ps.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "core/secret.h"
#include "core/validate.h"
#include "store/store.h"

#define PASSWORD_ENV "RAVELIN_PASSWORD"
#define NAME_MAX_CHARS 200

static const char user_help[] =
	"NAME\n"
	"    ravelin user - add users to organisations, set passwords, list users\n"
	"\n"
	"SYNOPSIS\n"
	"    ravelin user add --email E --org NAME --role owner|editor|viewer\n"
	"                     [--name NAME] [--data DIR]\n"
	"    ravelin user passwd --email E [--data DIR]\n"
	"    ravelin user list [--data DIR]\n"
	"\n"
	"DESCRIPTION\n"
	"    user add\n"
	"        Makes the user with e-mail address E a member of organisation\n"
	"        NAME with the given role. A user that does not exist yet is\n"
	"        created, with the password read as described under PASSWORDS\n"
	"        and the display name NAME (default: the part of E before the @).\n"
	"        For an existing user no password is read and nothing but the\n"
	"        membership changes. An organisation that does not exist yet is\n"
	"        created, and then the role must be owner: an organisation needs\n"
	"        an owner before anyone else. The last owner of an organisation\n"
	"        cannot be given a lower role. Everything happens in one\n"
	"        transaction: on failure nothing is changed. The database is\n"
	"        created in DIR if there is none yet, so this is how a new\n"
	"        installation is set up.\n"
	"\n"
	"    user passwd\n"
	"        Sets a new password for the user with e-mail address E and ends\n"
	"        all of that user's sessions.\n"
	"\n"
	"    user list\n"
	"        Prints every user, by e-mail address, one a line, with fields\n"
	"        separated by tabs: the e-mail address, the display name, then\n"
	"        one ORGANISATION:ROLE field per membership.\n"
	"\n"
	"PASSWORDS\n"
	"    The password is the value of the environment variable\n"
	"    " PASSWORD_ENV " if it is set, else the first line of standard input;\n"
	"    on a terminal it is asked for twice, without echo. It is never\n"
	"    taken from the command line. It must have at least 10 characters\n"
	"    and at most 1024 bytes. Only its argon2id hash is stored.\n"
	"\n"
	"OPTIONS\n"
	"    --email E     The user's e-mail address (stored lower-case).\n"
	"    --org NAME    The organisation's name, as shown in the application.\n"
	"    --role ROLE   owner (manages members, signs off), editor (changes\n"
	"                  the organisation's data) or viewer (reads it).\n"
	"    --name NAME   Display name of a new user.\n"
	"    --data DIR    The data directory. Default " DATA_DIR_DEFAULT ".\n"
	"    --help, -h    Print this help.\n"
	"\n"
	"EXIT STATUS\n"
	"    0 done; 1 refused or failed (no such user, organisation missing for\n"
	"    a non-owner, password too short, last owner...); 2 bad arguments.\n"
	"\n"
	"EXAMPLES\n"
	"    printf '%s\\n' \"$PASSWORD\" | ravelin user add --email anna@example.be \\\n"
	"        --org 'Bakkerij Peeters' --role owner --name 'Anna Peeters'\n"
	"    ravelin user add --email tom@example.be --org 'Bakkerij Peeters' \\\n"
	"        --role editor < tom-password.txt\n"
	"    ravelin user passwd --email tom@example.be\n"
	"    ravelin user list --data /var/lib/ravelin\n";

static const char *email_arg, *org_arg, *role_arg, *name_arg;

static const struct cli_option add_options[] = {
	{"email", &email_arg, true},
	{"org", &org_arg, true},
	{"role", &role_arg, true},
	{"name", &name_arg, false},
	{NULL, NULL, false},
};
static const struct cli_option passwd_options[] = {
	{"email", &email_arg, true},
	{NULL, NULL, false},
};

static const struct cli_command user_command = {
	.name = "user",
	.synopsis = "ravelin user add|passwd|list [OPTIONS]",
	.help = user_help,
	.max_args = 1,   /* an unknown action, reported as such */
};
static const struct cli_command add_command = {
	.name = "user add",
	.synopsis = "ravelin user add --email E --org NAME --role owner|editor|viewer "
	            "[--name NAME] [--data DIR]",
	.help = user_help,
	.options = add_options,
};
static const struct cli_command passwd_command = {
	.name = "user passwd",
	.synopsis = "ravelin user passwd --email E [--data DIR]",
	.help = user_help,
	.options = passwd_options,
};
static const struct cli_command list_command = {
	.name = "user list",
	.synopsis = "ravelin user list [--data DIR]",
	.help = user_help,
};

/*
 * Reads a new password (see PASSWORDS in the help), checks it with
 * validate_password and writes its argon2id hash into hash. Returns
 * EXIT_OK, or EXIT_FAILED after saying why. The password itself is wiped
 * before returning.
 */
static int read_new_password(const struct cli_command *command,
                             char hash[PASSWORD_HASH_MAX])
{
	if (secret_init() != 0)
		return cli_fail(command, "libsodium could not start");
	char password[PASSWORD_MAX_BYTES + 1];
	long len = cli_read_secret(command, PASSWORD_ENV, "password", true,
	                           password, sizeof password);
	if (len < 0)
		return EXIT_FAILED;
	int status = EXIT_OK;
	const char *problem = validate_password(password, (size_t)len);
	if (problem)
		status = cli_fail(command, "password refused: %s", problem);
	else if (password_hash(password, (size_t)len, hash) != 0)
		status = cli_fail(command, "not enough memory to hash the password");
	sodium_memzero(password, sizeof password);
	return status;
}

/* An organisation is created with its owner, never empty or ownerless. */
static int refuse_missing_org(void)
{
	return cli_fail(&add_command, "there is no organisation '%s'; to create it, "
	                "add its first member with --role owner", org_arg);
}

/* What "user add" is about to do, found out before the transaction. */
struct add_plan {
	const char *email;
	const char *name;                    /* display name of a new user */
	enum role role;
	int64_t user_id;                     /* existing user, or 0 */
	char password_hash[PASSWORD_HASH_MAX];  /* for a new user */
	bool created_user, created_org;      /* what the transaction did */
};

/*
 * Finds the user, or reads and hashes the password of a new one. This
 * happens before the transaction (hashing is slow on purpose, and a
 * person may be typing) so that no database lock waits meanwhile. A
 * missing organisation is refused here too, so as not to ask for a
 * password that would be refused anyway; the transaction checks again.
 */
static int plan_add(struct store *store, struct add_plan *plan)
{
	int64_t org_id;
	if (plan->role != ROLE_OWNER &&
	    store_org_find_by_name(store, org_arg, &org_id) == STORE_NOT_FOUND)
		return refuse_missing_org();
	struct user existing;
	enum store_status found = store_user_by_email(store, plan->email, &existing);
	if (found == STORE_OK) {
		plan->user_id = existing.id;
		user_free(&existing);
		return EXIT_OK;
	}
	if (found != STORE_NOT_FOUND)
		return cli_store_failed(&add_command, "looking up the user", found);
	return read_new_password(&add_command, plan->password_hash);
}

/*
 * The body of the transaction of "user add": creates the user if new and
 * the organisation if missing (with the user as owner), or else sets the
 * membership. The caller begins, and commits or rolls back.
 */
static int add_in_transaction(struct store *store, struct add_plan *plan)
{
	int64_t org_id = 0;
	enum store_status status = store_org_find_by_name(store, org_arg, &org_id);
	bool new_org = status == STORE_NOT_FOUND;
	if (status != STORE_OK && !new_org)
		return cli_store_failed(&add_command, "looking up the organisation", status);
	if (new_org && plan->role != ROLE_OWNER)
		return refuse_missing_org();

	if (plan->user_id == 0) {
		status = store_user_create(store, &cli_actor, plan->email, plan->name,
		                           plan->password_hash, &plan->user_id);
		if (status == STORE_CONFLICT)
			return cli_fail(&add_command, "a user %s was created meanwhile; "
			                "run the command again", plan->email);
		if (status != STORE_OK)
			return cli_store_failed(&add_command, "creating the user", status);
		plan->created_user = true;
	}

	if (new_org) {
		status = store_org_create(store, &cli_actor, org_arg, plan->user_id,
		                          &org_id);
		if (status != STORE_OK)
			return cli_store_failed(&add_command, "creating the organisation",
			                        status);
		plan->created_org = true;
		return EXIT_OK;
	}
	status = store_member_set(store, &cli_actor, org_id, plan->user_id, plan->role);
	if (status == STORE_CONFLICT)
		return cli_fail(&add_command, "%s is the last owner of %s: make someone "
		                "else owner first", plan->email, org_arg);
	if (status != STORE_OK)
		return cli_store_failed(&add_command, "setting the membership", status);
	return EXIT_OK;
}

/* Runs add_in_transaction in a transaction; nothing stays half-done. */
static int add_transaction(struct store *store, struct add_plan *plan)
{
	enum store_status status = store_begin(store);
	if (status != STORE_OK)
		return cli_store_failed(&add_command, "starting a transaction", status);
	int result = add_in_transaction(store, plan);
	if (result == EXIT_OK && (status = store_commit(store)) != STORE_OK)
		result = cli_store_failed(&add_command, "saving", status);
	if (result != EXIT_OK)
		store_rollback(store);
	return result;
}

/* ravelin user add: see the help text. */
static int user_add(int argc, char **argv)
{
	struct cli_args args;
	int status = cli_parse(&add_command, argc, argv, &args);
	if (status != CLI_CONTINUE)
		return status;

	char email[CLI_EMAIL_SIZE];
	struct add_plan plan = {.email = email, .name = name_arg};
	if ((status = cli_email(&add_command, email_arg, email)) != CLI_CONTINUE)
		return status;
	if (!role_parse(role_arg, &plan.role))
		return cli_usage_error(&add_command, "--role must be owner, editor "
		                       "or viewer, not '%s'", role_arg);
	if ((status = cli_name(&add_command, "org", org_arg, NAME_MAX_CHARS)) !=
	    CLI_CONTINUE)
		return status;
	if (name_arg && (status = cli_name(&add_command, "name", name_arg,
	                                   NAME_MAX_CHARS)) != CLI_CONTINUE)
		return status;
	/* Default display name: the local part of the address. */
	char default_name[CLI_EMAIL_SIZE];
	snprintf(default_name, sizeof default_name, "%.*s",
	         (int)strcspn(email, "@"), email);
	if (!plan.name)
		plan.name = default_name;

	struct store *store;
	if (cli_open_store(&add_command, args.data_dir, true, &store) != EXIT_OK)
		return EXIT_FAILED;
	status = plan_add(store, &plan);
	if (status == EXIT_OK)
		status = add_transaction(store, &plan);
	store_close(store);
	sodium_memzero(plan.password_hash, sizeof plan.password_hash);
	if (status != EXIT_OK)
		return status;

	if (plan.created_user)
		printf("created user %s\n", email);
	if (plan.created_org)
		printf("created organisation %s\n", org_arg);
	printf("%s is %s of %s\n", email, role_name(plan.role), org_arg);
	return EXIT_OK;
}

/* ravelin user passwd: see the help text. */
static int user_passwd(int argc, char **argv)
{
	struct cli_args args;
	int status = cli_parse(&passwd_command, argc, argv, &args);
	if (status != CLI_CONTINUE)
		return status;
	char email[CLI_EMAIL_SIZE];
	if ((status = cli_email(&passwd_command, email_arg, email)) != CLI_CONTINUE)
		return status;

	struct store *store;
	if (cli_open_store(&passwd_command, args.data_dir, false, &store) != EXIT_OK)
		return EXIT_FAILED;
	struct user user;
	enum store_status found = store_user_by_email(store, email, &user);
	if (found != STORE_OK) {
		store_close(store);
		if (found == STORE_NOT_FOUND)
			return cli_fail(&passwd_command, "no user %s", email);
		return cli_store_failed(&passwd_command, "looking up the user", found);
	}

	char hash[PASSWORD_HASH_MAX];
	status = read_new_password(&passwd_command, hash);
	if (status == EXIT_OK) {
		/* A new password must also shut out whoever had the old one. */
		enum store_status result = store_begin(store);
		if (result == STORE_OK)
			result = store_user_set_password(store, &cli_actor, user.id, hash);
		if (result == STORE_OK)
			result = store_sessions_delete_user(store, user.id);
		if (result == STORE_OK)
			result = store_commit(store);
		if (result != STORE_OK) {
			store_rollback(store);
			status = cli_store_failed(&passwd_command, "setting the password",
			                          result);
		} else {
			printf("password changed for %s; their sessions are ended\n", email);
		}
	}
	user_free(&user);
	store_close(store);
	return status;
}

/* Prints the line of "user list" for user: e-mail, name, then one
 * ORGANISATION:ROLE per membership, separated by tabs. */
static int print_user(struct store *store, const struct user *user)
{
	struct org_membership *orgs = NULL;
	size_t count = 0;
	enum store_status result = store_orgs_of_user(store, user->id, &orgs, &count);
	if (result != STORE_OK)
		return cli_store_failed(&list_command, "listing memberships", result);
	printf("%s\t%s", user->email, user->name);
	for (size_t i = 0; i < count; i++)
		printf("\t%s:%s", orgs[i].org_name, role_name(orgs[i].role));
	putchar('\n');
	store_memberships_free(orgs, count);
	return EXIT_OK;
}

/* ravelin user list: see the help text. */
static int user_list(int argc, char **argv)
{
	struct cli_args args;
	int status = cli_parse(&list_command, argc, argv, &args);
	if (status != CLI_CONTINUE)
		return status;
	struct store *store;
	if (cli_open_store(&list_command, args.data_dir, false, &store) != EXIT_OK)
		return EXIT_FAILED;

	struct user *users = NULL;
	size_t count = 0;
	enum store_status result = store_users_list(store, &users, &count);
	status = result == STORE_OK ? EXIT_OK
	         : cli_store_failed(&list_command, "listing users", result);
	for (size_t i = 0; i < count; i++) {
		if (status == EXIT_OK)
			status = print_user(store, &users[i]);
		user_free(&users[i]);
	}
	free(users);
	store_close(store);
	if (status == EXIT_OK && fflush(stdout) != 0)
		status = cli_fail(&list_command, "writing the list failed");
	return status;
}

/* The actions of "ravelin user", dispatched by their name in argv[1]. */
static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} user_actions[] = {
	{"add", user_add},
	{"passwd", user_passwd},
	{"list", user_list},
};

int cmd_user(int argc, char **argv)
{
	for (size_t i = 0; argc >= 2 && i < sizeof user_actions / sizeof user_actions[0]; i++)
		if (strcmp(argv[1], user_actions[i].name) == 0)
			return user_actions[i].run(argc - 1, argv + 1);
	/* No known action: "ravelin user --help", or a usage error. */
	struct cli_args args;
	int status = cli_parse(&user_command, argc, argv, &args);
	if (status != CLI_CONTINUE)
		return status;
	if (args.count > 0)
		return cli_usage_error(&user_command, "unknown action '%s'", args.args[0]);
	return cli_usage_error(&user_command, "which action: add, passwd or list?");
}
