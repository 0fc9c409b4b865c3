/*
 * token.c - "ravelin token create": an API token for a user, made on the
 * command line (for a script or an integration set up by an IT partner).
 *
 * The token is 256 random bits shown once, as 64 hex digits on standard
 * output and nothing else there, so that TOKEN=$(ravelin token create ...)
 * just works. The database keeps only its hash (core/secret.h).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "core/secret.h"
#include "store/store.h"

#define LABEL_DEFAULT "command line"
#define LABEL_MAX_CHARS 100

static const char token_help[] =
	"NAME\n"
	"    ravelin token - create an API token for a user\n"
	"\n"
	"SYNOPSIS\n"
	"    ravelin token create --email E --org NAME [--name LABEL] [--data DIR]\n"
	"\n"
	"DESCRIPTION\n"
	"    Creates an API token for the user with e-mail address E, who must\n"
	"    be a member of organisation NAME, and prints it to standard output:\n"
	"    64 hexadecimal digits and a line end, nothing else. The token acts\n"
	"    with that user's roles. It is shown this once: only its hash is\n"
	"    stored, so a lost token cannot be recovered, only revoked (in the\n"
	"    web application) and replaced.\n"
	"\n"
	"    Send it in the Authorization header: \"Authorization: Bearer TOKEN\".\n"
	"\n"
	"OPTIONS\n"
	"    --email E     The user's e-mail address.\n"
	"    --org NAME    An organisation the user belongs to.\n"
	"    --name LABEL  A label to recognise the token by in the list of\n"
	"                  tokens, at most 100 characters. Default \"" LABEL_DEFAULT "\".\n"
	"    --data DIR    The data directory. Default " DATA_DIR_DEFAULT ".\n"
	"    --help, -h    Print this help.\n"
	"\n"
	"EXIT STATUS\n"
	"    0 created; 1 refused (no such user or organisation, user not a\n"
	"    member) or failed; 2 bad arguments.\n"
	"\n"
	"EXAMPLES\n"
	"    TOKEN=$(ravelin token create --email anna@example.be \\\n"
	"        --org 'Bakkerij Peeters' --name 'inventory sync')\n";

static const char *email_arg, *org_arg, *label_arg = LABEL_DEFAULT;

static const struct cli_option create_options[] = {
	{"email", &email_arg, true},
	{"org", &org_arg, true},
	{"name", &label_arg, false},
	{NULL, NULL, false},
};

static const struct cli_command token_command = {
	.name = "token",
	.synopsis = "ravelin token create --email E --org NAME [--name LABEL] "
	            "[--data DIR]",
	.help = token_help,
	.max_args = 1,   /* an unknown action, reported as such */
};
static const struct cli_command create_command = {
	.name = "token create",
	.synopsis = "ravelin token create --email E --org NAME [--name LABEL] "
	            "[--data DIR]",
	.help = token_help,
	.options = create_options,
};

/*
 * Checks that email is a member of org_arg, then stores the hash of a new
 * token and prints the token. Returns the exit status.
 */
static int create_for_member(struct store *store, const char *email)
{
	struct user user;
	enum store_status status = store_user_by_email(store, email, &user);
	if (status == STORE_NOT_FOUND)
		return cli_fail(&create_command, "no user %s", email);
	if (status != STORE_OK)
		return cli_store_failed(&create_command, "looking up the user", status);
	int64_t user_id = user.id;
	user_free(&user);

	int64_t org_id;
	status = store_org_find_by_name(store, org_arg, &org_id);
	if (status == STORE_NOT_FOUND)
		return cli_fail(&create_command, "no organisation '%s'", org_arg);
	if (status != STORE_OK)
		return cli_store_failed(&create_command, "looking up the organisation",
		                        status);
	enum role role;
	status = store_member_role(store, org_id, user_id, &role);
	if (status != STORE_OK)
		return cli_store_failed(&create_command, "looking up the membership",
		                        status);
	if (role == ROLE_NONE)
		return cli_fail(&create_command, "%s is not a member of '%s'", email,
		                org_arg);

	char token[SECRET_HEX], token_hash[SECRET_HEX];
	secret_new(token);
	secret_hash(token, token_hash);
	int64_t token_id;
	status = store_token_create(store, &cli_actor, user_id, label_arg, token_hash,
	                            &token_id);
	if (status != STORE_OK)
		return cli_store_failed(&create_command, "storing the token", status);
	printf("%s\n", token);
	if (fflush(stdout) != 0)
		return cli_fail(&create_command, "could not write the token; revoke "
		                "token %lld in the web application", (long long)token_id);
	fprintf(stderr, "token %lld '%s' created for %s (%s of %s); it is not "
	        "shown again\n", (long long)token_id, label_arg, email,
	        role_name(role), org_arg);
	return EXIT_OK;
}

int cmd_token(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "create") != 0) {
		/* No known action: "ravelin token --help", or a usage error. */
		struct cli_args args;
		int status = cli_parse(&token_command, argc, argv, &args);
		if (status != CLI_CONTINUE)
			return status;
		if (args.count > 0)
			return cli_usage_error(&token_command, "unknown action '%s'",
			                       args.args[0]);
		return cli_usage_error(&token_command, "which action: create?");
	}

	struct cli_args args;
	int status = cli_parse(&create_command, argc - 1, argv + 1, &args);
	if (status != CLI_CONTINUE)
		return status;
	char email[CLI_EMAIL_SIZE];
	if ((status = cli_email(&create_command, email_arg, email)) != CLI_CONTINUE)
		return status;
	if ((status = cli_name(&create_command, "name", label_arg, LABEL_MAX_CHARS)) !=
	    CLI_CONTINUE)
		return status;
	if (secret_init() != 0)
		return cli_fail(&create_command, "libsodium could not start");

	struct store *store;
	if (cli_open_store(&create_command, args.data_dir, false, &store) != EXIT_OK)
		return EXIT_FAILED;
	status = create_for_member(store, email);
	store_close(store);
	return status;
}
