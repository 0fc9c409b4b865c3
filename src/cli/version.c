/*
 * version.c - "ravelin version": prints the version this binary was built
 * as (RAVELIN_VERSION, set by meson from the project's version).
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/options.h"

static const struct cli_command version_command = {
	.name = "version",
	.synopsis = "ravelin version",
	.help =
	"NAME\n"
	"    ravelin version - print the version\n"
	"\n"
	"SYNOPSIS\n"
	"    ravelin version\n"
	"    ravelin --version\n"
	"\n"
	"DESCRIPTION\n"
	"    Prints \"ravelin\" and the version of this build, for example\n"
	"    \"ravelin 0.1.0\", on one line to standard output.\n"
	"\n"
	"OPTIONS\n"
	"    --data DIR  Accepted, like by every command, and ignored.\n"
	"    --help, -h  Print this help.\n"
	"\n"
	"EXIT STATUS\n"
	"    0 printed; 2 bad arguments.\n",
};

int cmd_version(int argc, char **argv)
{
	struct cli_args args;
	int status = cli_parse(&version_command, argc, argv, &args);
	if (status != CLI_CONTINUE)
		return status;
	printf("ravelin %s\n", RAVELIN_VERSION);
	return EXIT_OK;
}
