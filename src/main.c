/*
 * main.c - the ravelin program: finds the subcommand and hands over.
 *
 * Nothing else happens here. Each subcommand lives in its own file under
 * src/cli/ (declared in cli/cli.h) and parses its own options; this file
 * only holds the table of subcommands, which is also the list that
 * "ravelin --help" prints.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

struct subcommand {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;   /* one line for the list */
};

static const struct subcommand subcommands[] = {
	{"serve",   cmd_serve,   "run the web application"},
	{"user",    cmd_user,    "add users to organisations, set passwords, list users"},
	{"token",   cmd_token,   "create an API token for a user"},
	{"backup",  cmd_backup,  "write an encrypted backup of the database"},
	{"restore", cmd_restore, "replace the database with an encrypted backup"},
	{"audit",   cmd_audit,   "verify the tamper-evident audit log"},
	{"routes",  cmd_routes,  "list the web application's routes"},
	{"version", cmd_version, "print the version"},
};

/* Prints the synopsis and the list of subcommands to out. */
static void print_overview(FILE *out)
{
	fputs("usage: ravelin COMMAND [OPTIONS] [ARGUMENTS]\n"
	      "\n"
	      "Ravelin, a cyber-security workbench for small and medium-sized\n"
	      "enterprises. Commands:\n\n", out);
	for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
		fprintf(out, "  %-9s %s\n", subcommands[i].name, subcommands[i].summary);
	fputs("\n"
	      "Every command takes --data DIR (the data directory, default ./data)\n"
	      "and --help. 'ravelin help COMMAND' is 'ravelin COMMAND --help'.\n"
	      "\n"
	      "Exit status: 0 done, 1 failed or refused (reason on stderr),\n"
	      "2 bad arguments (usage on stderr).\n", out);
}

static const struct subcommand *find_subcommand(const char *name)
{
	for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
		if (strcmp(subcommands[i].name, name) == 0)
			return &subcommands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		print_overview(stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 ||
	    strcmp(name, "help") == 0) {
		if (strcmp(name, "help") == 0 && argc > 2) {
			/* "ravelin help user" is "ravelin user --help". */
			const struct subcommand *sub = find_subcommand(argv[2]);
			if (sub) {
				char *help_argv[] = {argv[2], (char *)"--help", NULL};
				return sub->run(2, help_argv);
			}
			fprintf(stderr, "ravelin: no command '%s'\n", argv[2]);
			return EXIT_USAGE;
		}
		print_overview(stdout);
		return EXIT_OK;
	}
	if (strcmp(name, "--version") == 0)
		return cmd_version(1, argv + 1);

	const struct subcommand *sub = find_subcommand(name);
	if (!sub) {
		fprintf(stderr, "ravelin: '%s' is not a command; see 'ravelin --help'\n",
		        name);
		return EXIT_USAGE;
	}
	return sub->run(argc - 1, argv + 1);
}
