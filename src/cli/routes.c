/*
 * routes.c - "ravelin routes": prints the web application's route table,
 * so an administrator can see every page and API endpoint that exists and
 * the role it requires (for a reverse-proxy rule or an audit).
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "web/server.h"

static const struct cli_command routes_command = {
	.name = "routes",
	.synopsis = "ravelin routes",
	.help =
	"NAME\n"
	"    ravelin routes - list the web application's routes\n"
	"\n"
	"SYNOPSIS\n"
	"    ravelin routes\n"
	"\n"
	"DESCRIPTION\n"
	"    Prints the route table built into this binary to standard output,\n"
	"    one route a line: the HTTP method, the path and the role required.\n"
	"    A route not in this list does not exist.\n"
	"\n"
	"OPTIONS\n"
	"    --data DIR  Accepted, like by every command, and ignored: the routes\n"
	"                do not depend on the data.\n"
	"    --help, -h  Print this help.\n"
	"\n"
	"EXIT STATUS\n"
	"    0 printed; 2 bad arguments.\n",
};

int cmd_routes(int argc, char **argv)
{
	struct cli_args args;
	int status = cli_parse(&routes_command, argc, argv, &args);
	if (status != CLI_CONTINUE)
		return status;
	web_routes_print(stdout);
	return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAILED;
}
