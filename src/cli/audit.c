/*
 * audit.c - "ravelin audit verify": recomputes the hash chains of the
 * audit log (core/audit_chain.h) and says whether any entry was edited,
 * inserted or deleted behind the application's back, for example by
 * someone with write access to the database file.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "store/store.h"

static const char audit_help[] =
	"NAME\n"
	"    ravelin audit - verify the tamper-evident audit log\n"
	"\n"
	"SYNOPSIS\n"
	"    ravelin audit verify [--data DIR]\n"
	"\n"
	"DESCRIPTION\n"
	"    Every change to an organisation's data is recorded in its audit\n"
	"    log, each entry carrying a hash of its content and of the entry\n"
	"    before it. 'audit verify' recomputes every organisation's chain\n"
	"    (and the installation-wide chain, organisation 0).\n"
	"\n"
	"    If all is intact, prints \"audit log intact: N entries\" to standard\n"
	"    output. Otherwise prints \"audit log broken at organisation X entry\n"
	"    Y\" to standard error, naming the first entry that was edited,\n"
	"    inserted or deleted; entries after it cannot be trusted either.\n"
	"    Compare with a backup to see what changed.\n"
	"\n"
	"OPTIONS\n"
	"    --data DIR  The data directory. Default " DATA_DIR_DEFAULT ".\n"
	"    --help, -h  Print this help.\n"
	"\n"
	"EXIT STATUS\n"
	"    0 intact; 1 broken, or the database could not be read; 2 bad\n"
	"    arguments.\n";

static const struct cli_command audit_command = {
	.name = "audit",
	.synopsis = "ravelin audit verify [--data DIR]",
	.help = audit_help,
	.max_args = 1,   /* an unknown action, reported as such */
};
static const struct cli_command verify_command = {
	.name = "audit verify",
	.synopsis = "ravelin audit verify [--data DIR]",
	.help = audit_help,
};

/* ravelin audit verify: see the help text. */
static int audit_verify(int argc, char **argv)
{
	struct cli_args args;
	int status = cli_parse(&verify_command, argc, argv, &args);
	if (status != CLI_CONTINUE)
		return status;
	struct store *store;
	if (cli_open_store(&verify_command, args.data_dir, false, &store) != EXIT_OK)
		return EXIT_FAILED;

	int64_t entries = 0, broken_org = 0, broken_seq = 0;
	enum store_status result = store_audit_verify(store, &entries, &broken_org,
	                                              &broken_seq);
	store_close(store);
	if (result != STORE_OK)
		return cli_store_failed(&verify_command, "reading the audit log", result);
	if (broken_seq != 0) {
		fprintf(stderr, "audit log broken at organisation %lld entry %lld\n",
		        (long long)broken_org, (long long)broken_seq);
		return EXIT_FAILED;
	}
	printf("audit log intact: %lld entries\n", (long long)entries);
	return EXIT_OK;
}

int cmd_audit(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "verify") == 0)
		return audit_verify(argc - 1, argv + 1);
	/* No known action: "ravelin audit --help", or a usage error. */
	struct cli_args args;
	int status = cli_parse(&audit_command, argc, argv, &args);
	if (status != CLI_CONTINUE)
		return status;
	if (args.count > 0)
		return cli_usage_error(&audit_command, "unknown action '%s'", args.args[0]);
	return cli_usage_error(&audit_command, "which action: verify?");
}
