/*
 * serve.c - "ravelin serve": runs the web application (web/server.c) on
 * one data directory until SIGINT or SIGTERM.
 *
 * What is done here is only what belongs to the command line: checking
 * the listen address and thread count, and taking the data directory's
 * lock so that no restore replaces the database under a running server.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "core/validate.h"
#include "web/server.h"

#define LISTEN_DEFAULT "127.0.0.1:8080"

static const char *listen_arg = LISTEN_DEFAULT;
static const char *threads_arg = "0";

static const struct cli_option serve_options[] = {
	{"listen", &listen_arg, false},
	{"threads", &threads_arg, false},
	{NULL, NULL, false},
};

static const struct cli_command serve_command = {
	.name = "serve",
	.synopsis = "ravelin serve [--listen ADDR:PORT] [--data DIR] [--threads N]",
	.options = serve_options,
	.help =
	"NAME\n"
	"    ravelin serve - run the web application\n"
	"\n"
	"SYNOPSIS\n"
	"    ravelin serve [--listen ADDR:PORT] [--data DIR] [--threads N]\n"
	"\n"
	"DESCRIPTION\n"
	"    Serves Ravelin over HTTP on ADDR:PORT until it receives SIGINT or\n"
	"    SIGTERM, then finishes the requests under way and stops. Prints\n"
	"    \"listening on http://ADDR:PORT\" once connections are accepted.\n"
	"\n"
	"    The database lives in DIR, created with its schema on first use.\n"
	"    While it runs, the server holds an exclusive lock on\n"
	"    DIR/ravelin.lock: a second server on the same directory, or a\n"
	"    'ravelin restore', is refused. 'ravelin backup' and 'ravelin user'\n"
	"    work alongside it.\n"
	"\n"
	"    Plain HTTP only: in production, put a reverse proxy that ends TLS\n"
	"    (nginx, Caddy) in front and listen on the loopback address.\n"
	"\n"
	"OPTIONS\n"
	"    --listen ADDR:PORT\n"
	"        Numeric address and port to listen on; an IPv6 address goes in\n"
	"        brackets, as in [::1]:8080. Default " LISTEN_DEFAULT ".\n"
	"    --data DIR\n"
	"        The data directory. Default " DATA_DIR_DEFAULT ".\n"
	"    --threads N\n"
	"        Worker threads, 1 to 1024; 0 (the default) means four per core.\n"
	"    --help, -h\n"
	"        Print this help.\n"
	"\n"
	"EXIT STATUS\n"
	"    0 stopped cleanly by a signal; 1 could not start (address in use,\n"
	"    data directory locked or unusable); 2 bad arguments.\n"
	"\n"
	"EXAMPLES\n"
	"    ravelin serve --data /var/lib/ravelin\n"
	"    ravelin serve --listen [::1]:8443 --threads 4\n",
};

/*
 * Splits "ADDR:PORT" or "[IPv6]:PORT" into a numeric address (written
 * into address, of size INET6_ADDRSTRLEN) and a port from 1 to 65535.
 * Returns NULL, or what is wrong.
 */
static const char *parse_listen(const char *text, char *address,
                                unsigned short *port)
{
	const char *host = text, *host_end, *port_text;
	int family = AF_INET;
	if (text[0] == '[') {
		host = text + 1;
		host_end = strchr(host, ']');
		if (!host_end || host_end[1] != ':')
			return "write an IPv6 address as [ADDR]:PORT";
		port_text = host_end + 2;
		family = AF_INET6;
	} else {
		host_end = strrchr(text, ':');
		if (!host_end)
			return "expected ADDR:PORT";
		port_text = host_end + 1;
	}
	size_t host_len = (size_t)(host_end - host);
	if (host_len == 0 || host_len >= INET6_ADDRSTRLEN)
		return "missing or overlong address";
	memcpy(address, host, host_len);
	address[host_len] = '\0';

	unsigned char binary[sizeof(struct in6_addr)];
	if (inet_pton(family, address, binary) != 1)
		return family == AF_INET6 ? "not a numeric IPv6 address"
		                          : "not a numeric IPv4 address "
		                            "(IPv6 goes in brackets)";
	long long value;
	if (validate_int(port_text, 1, 65535, &value))
		return "the port must be a number from 1 to 65535";
	*port = (unsigned short)value;
	return NULL;
}

int cmd_serve(int argc, char **argv)
{
	struct cli_args args;
	int status = cli_parse(&serve_command, argc, argv, &args);
	if (status != CLI_CONTINUE)
		return status;

	char address[INET6_ADDRSTRLEN];
	struct serve_options options = {.data_dir = args.data_dir, .address = address};
	const char *problem = parse_listen(listen_arg, address, &options.port);
	if (problem)
		return cli_usage_error(&serve_command, "--listen '%s': %s", listen_arg,
		                       problem);
	long long threads;
	if (validate_int(threads_arg, 0, 1024, &threads))
		return cli_usage_error(&serve_command,
		                       "--threads must be a number from 0 to 1024");
	options.threads = (unsigned)threads;

	int lock = data_dir_lock(args.data_dir);
	if (lock < 0) {
		if (errno == EWOULDBLOCK)
			return cli_fail(&serve_command, "%s is in use by another ravelin "
			                "server or a restore", args.data_dir);
		return cli_fail(&serve_command, "cannot lock %s/ravelin.lock: %s",
		                args.data_dir, strerror(errno));
	}
	status = web_serve(&options) == 0 ? EXIT_OK : EXIT_FAILED;
	close(lock);
	return status;
}
