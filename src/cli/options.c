/*
 * options.c - what the subcommands share (see options.h): the option
 * parser, secrets from standard input or the environment, opening the
 * store, and the data directory's lock.
 */
#include "cli/options.h"

#include <assert.h>
#include <errno.h>
#include <sodium.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/validate.h"

const struct actor cli_actor = {0, "cli"};

/* Prints "ravelin NAME: " and the formatted message to stderr. */
static void print_message(const struct cli_command *command, const char *fmt,
                          va_list ap)
{
	fprintf(stderr, "ravelin %s: ", command->name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int cli_usage_error(const struct cli_command *command, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	print_message(command, fmt, ap);
	va_end(ap);
	fprintf(stderr, "usage: %s\nTry 'ravelin %s --help' for more.\n",
	        command->synopsis, command->name);
	return EXIT_USAGE;
}

int cli_fail(const struct cli_command *command, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	print_message(command, fmt, ap);
	va_end(ap);
	return EXIT_FAILED;
}

/* The entry of command's table named name[0..len), or NULL. */
static const struct cli_option *find_option(const struct cli_command *command,
                                            const char *name, size_t len)
{
	for (const struct cli_option *o = command->options; o && o->name; o++)
		if (strlen(o->name) == len && memcmp(o->name, name, len) == 0)
			return o;
	return NULL;
}

/* Where the parse of one command line keeps what it has seen. */
struct parse_state {
	bool given[32];          /* per entry of the command's option table */
	bool data_given;
	const char *data_dir;
};

/*
 * Takes the long option at argv[*i] ("--name" or "--name=VALUE") and its
 * value, advancing *i past a separate value. Returns CLI_CONTINUE, or
 * EXIT_USAGE after saying what is wrong.
 */
static int take_option(const struct cli_command *command, int argc, char **argv,
                       int *i, struct parse_state *state)
{
	const char *name = argv[*i] + 2;
	const char *equals = strchr(name, '=');
	int name_len = (int)(equals ? (size_t)(equals - name) : strlen(name));
	const char **target;
	bool *seen;

	const struct cli_option *option = find_option(command, name, (size_t)name_len);
	if (option) {
		size_t index = (size_t)(option - command->options);
		assert(index < sizeof state->given / sizeof state->given[0]);
		target = option->value;
		seen = &state->given[index];
	} else if (name_len == 4 && memcmp(name, "data", 4) == 0) {
		target = &state->data_dir;   /* --data: in every command */
		seen = &state->data_given;
	} else {
		return cli_usage_error(command, "unknown option '--%.*s'", name_len, name);
	}
	if (*seen)
		return cli_usage_error(command, "option '--%.*s' given twice", name_len,
		                       name);
	*seen = true;
	if (equals)
		*target = equals + 1;
	else if (*i + 1 < argc)
		*target = argv[++*i];
	else
		return cli_usage_error(command, "option '--%.*s' needs a value",
		                       name_len, name);
	return CLI_CONTINUE;
}

/*
 * Options come as "--name VALUE" or "--name=VALUE", in any order and
 * mixed with positional arguments; "--" ends the options. --help and -h
 * win as soon as they are seen, so "ravelin user add --help" explains
 * itself even without the required options. Giving an option twice is an
 * error rather than "last one wins", which hides typos in scripts.
 */
int cli_parse(const struct cli_command *command, int argc, char **argv,
              struct cli_args *out)
{
	struct parse_state state = {0};
	bool options_done = false;

	memset(out, 0, sizeof *out);
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		int status = CLI_CONTINUE;
		if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
			if (out->count >= command->max_args)
				return cli_usage_error(command, "unexpected argument '%s'", arg);
			out->args[out->count++] = arg;
		} else if (strcmp(arg, "--") == 0) {
			options_done = true;
		} else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			fputs(command->help, stdout);
			return EXIT_OK;
		} else if (arg[1] != '-') {
			return cli_usage_error(command, "unknown option '%s'", arg);
		} else {
			status = take_option(command, argc, argv, &i, &state);
		}
		if (status != CLI_CONTINUE)
			return status;
	}

	for (const struct cli_option *o = command->options; o && o->name; o++)
		if (o->required && !state.given[o - command->options])
			return cli_usage_error(command, "option '--%s' is required", o->name);
	if (out->count < command->min_args)
		return cli_usage_error(command, "missing argument");
	if (state.data_dir && !*state.data_dir)
		return cli_usage_error(command, "option '--data' needs a directory");
	out->data_dir = state.data_dir ? state.data_dir : DATA_DIR_DEFAULT;
	return CLI_CONTINUE;
}

/*
 * Reads one line from standard input into out. On a terminal the line is
 * typed with echo off after a prompt; from a pipe it is simply the first
 * line. Returns its length without the line end (LF or CRLF), -1 at end
 * of input with nothing read, or -2 when the line does not fit.
 */
static long read_first_line(const char *what, char *out, size_t size)
{
	struct termios saved, quiet;
	bool terminal = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
	if (terminal) {
		fprintf(stderr, "Enter the %s: ", what);
		fflush(stderr);
		quiet = saved;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}

	long result = -1;
	if (fgets(out, (int)size, stdin)) {
		size_t len = strlen(out);
		int next;
		if (len > 0 && out[len - 1] == '\n')
			out[--len] = '\0';
		else if ((next = getc(stdin)) != EOF && next != '\n')
			len = (size_t)-1;   /* the line goes on beyond size-1 bytes */
		if (len != (size_t)-1 && len > 0 && out[len - 1] == '\r')
			out[--len] = '\0';
		result = len == (size_t)-1 ? -2 : (long)len;
	}

	if (terminal) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
		fputc('\n', stderr);
	}
	return result;
}

/* Asks for the secret in out (of length len) a second time on the
 * terminal. Returns true if both are the same. */
static bool confirmed(const char *what, const char *out, long len, size_t size)
{
	char *again = malloc(size);
	if (!again)
		return false;
	char prompt[64];
	snprintf(prompt, sizeof prompt, "%s again", what);
	long again_len = read_first_line(prompt, again, size);
	bool same = again_len == len && sodium_memcmp(again, out, (size_t)len) == 0;
	sodium_memzero(again, size);
	free(again);
	return same;
}

long cli_read_secret(const struct cli_command *command, const char *env_name,
                     const char *what, bool confirm, char *out, size_t size)
{
	const char *from_env = getenv(env_name);
	long len;
	if (from_env) {
		size_t env_len = strlen(from_env);
		len = env_len < size ? (long)env_len : -2;
		if (len >= 0)
			memcpy(out, from_env, env_len + 1);
	} else {
		len = read_first_line(what, out, size);
	}
	if (len == -1)
		cli_fail(command, "no %s on standard input (nor in %s)", what, env_name);
	else if (len == -2)
		cli_fail(command, "the %s is longer than %zu bytes", what, size - 1);
	else if (len == 0)
		cli_fail(command, "the %s is empty", what);
	else if (confirm && !from_env && isatty(STDIN_FILENO) &&
	         !confirmed(what, out, len, size)) {
		cli_fail(command, "the two %ss differ", what);
		len = -1;
	}
	return len > 0 ? len : -1;
}

int cli_open_store(const struct cli_command *command, const char *data_dir,
                   bool create, struct store **out)
{
	char path[CLI_PATH_SIZE];
	store_database_path(data_dir, path, sizeof path);
	struct stat st;
	if (!create && stat(path, &st) != 0)
		return cli_fail(command, "no Ravelin database in %s (use --data DIR, "
		                "or 'ravelin user add' to start one)", data_dir);
	enum store_status status = store_open(data_dir, out);
	if (status != STORE_OK)
		return cli_fail(command, "cannot open the database in %s: %s", data_dir,
		                status == STORE_BUSY ? "it stayed locked; try again"
		                                     : "see the message above");
	return EXIT_OK;
}

int cli_store_failed(const struct cli_command *command, const char *doing,
                     enum store_status status)
{
	const char *reason;
	switch (status) {
	case STORE_NOT_FOUND: reason = "not found"; break;
	case STORE_CONFLICT:  reason = "conflicts with existing data"; break;
	case STORE_BUSY:      reason = "the database stayed locked; try again"; break;
	default:              reason = "database error (see above)"; break;
	}
	return cli_fail(command, "%s: %s", doing, reason);
}

bool cli_path(char out[CLI_PATH_SIZE], const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(out, CLI_PATH_SIZE, fmt, ap);
	va_end(ap);
	if (len < 0 || len >= CLI_PATH_SIZE) {
		out[0] = '\0';
		errno = ENAMETOOLONG;
		return false;
	}
	return true;
}

/* mkdir -p dir, new directories with mode 0700 (as store_open makes
 * them: they hold the most sensitive facts a business has). Returns 0, or
 * -1 with errno set. */
static int make_directories(const char *dir)
{
	char path[CLI_PATH_SIZE];
	if (!cli_path(path, "%s", dir))
		return -1;
	for (char *p = path + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			return -1;
		*p = saved;
		if (saved == '\0')
			return 0;
	}
}

int data_dir_lock(const char *dir)
{
	char path[CLI_PATH_SIZE];
	if (make_directories(dir) != 0 || !cli_path(path, "%s/ravelin.lock", dir))
		return -1;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

int cli_email(const struct cli_command *command, const char *raw,
              char out[CLI_EMAIL_SIZE])
{
	size_t len = strlen(raw);
	const char *problem = validate_email(raw, len);
	if (problem)
		return cli_usage_error(command, "--email '%s': %s", raw, problem);
	if (len >= CLI_EMAIL_SIZE)
		return cli_usage_error(command, "--email: address too long");
	for (size_t i = 0; i <= len; i++)
		out[i] = raw[i] >= 'A' && raw[i] <= 'Z' ? (char)(raw[i] - 'A' + 'a') : raw[i];
	return CLI_CONTINUE;
}

int cli_name(const struct cli_command *command, const char *option,
             const char *value, size_t max_chars)
{
	size_t len = strlen(value);
	const char *problem = validate_text(value, len, 1, max_chars);
	if (!problem && strpbrk(value, "\t\r\n"))
		problem = "A name must fit on one line without tabs.";
	if (problem)
		return cli_usage_error(command, "--%s: %s", option, problem);
	return CLI_CONTINUE;
}
