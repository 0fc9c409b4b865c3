/*
 * options.h - what every subcommand shares: argument parsing from a
 * declared table of options, reading a password or passphrase without
 * putting it on the command line, opening the store, and the lock that
 * keeps a server and a restore out of the same data directory.
 *
 * The parser is table-driven on purpose (as the web forms are): a
 * subcommand lists the options it accepts, and an option not in its table
 * is a usage error, so nothing reaches a subcommand unchecked. Every table
 * implicitly accepts --data DIR and --help.
 */
#ifndef RAVELIN_CLI_OPTIONS_H
#define RAVELIN_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

#define DATA_DIR_DEFAULT "./data"
#define CLI_PATH_SIZE 4096   /* longest file name the commands build, + NUL */
#define CLI_MAX_ARGS 4     /* positional arguments a subcommand may take */

/* One option of a subcommand, "--name VALUE" or "--name=VALUE". */
struct cli_option {
	const char *name;      /* long name without the dashes: "email" */
	const char **value;    /* receives the value; stays as set if absent */
	bool required;
};

/* What a subcommand accepts and how it explains itself. */
struct cli_command {
	const char *name;      /* for messages: "user add" */
	const char *synopsis;  /* usage line(s), printed on a usage error */
	const char *help;      /* the full --help text (a man page) */
	const struct cli_option *options;  /* ends with {NULL} */
	int min_args, max_args;            /* positional arguments */
};

/* The parse result common to every subcommand. */
struct cli_args {
	const char *data_dir;              /* --data, default DATA_DIR_DEFAULT */
	const char *args[CLI_MAX_ARGS];    /* positional arguments in order */
	int count;
};

/* Who acts, in the audit log, for changes made on the command line. */
extern const struct actor cli_actor;

/* cli_parse returns this to mean "parsed; go on". */
#define CLI_CONTINUE (-1)

/* Parses argv[1..argc) against command (argv[0] is the subcommand's own
 * name). Returns CLI_CONTINUE with the options' values stored and out
 * filled; or EXIT_OK after printing the help for --help/-h; or EXIT_USAGE
 * after printing what is wrong and the synopsis to stderr. */
int cli_parse(const struct cli_command *command, int argc, char **argv,
              struct cli_args *out);

/* Prints "ravelin NAME: message", the synopsis and a pointer to --help to
 * stderr; returns EXIT_USAGE. */
int cli_usage_error(const struct cli_command *command, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints "ravelin NAME: message" to stderr; returns EXIT_FAILED. */
int cli_fail(const struct cli_command *command, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Reads a secret, what being its name in messages ("password"): the
 * value of environment variable env_name if it is set, else the first
 * line of standard input (without its line end; on a terminal, after a
 * prompt on stderr, with echo off). Never from the command line, where
 * any user of the machine could read it with ps. With confirm, a secret
 * typed on a terminal is asked twice and refused if the two differ: a
 * typo in a new password or backup passphrase would lock its owner out.
 * Writes at most size-1 bytes and a NUL into out and returns the length;
 * returns -1 after printing why (no input, empty, longer than size-1
 * bytes, not confirmed). The caller wipes out with sodium_memzero. */
long cli_read_secret(const struct cli_command *command, const char *env_name,
                     const char *what, bool confirm, char *out, size_t size);

/* Opens the store in data_dir. When create is false and the directory
 * holds no database yet, refuses instead of creating an empty one, so a
 * mistyped --data is reported rather than silently set up. Returns
 * EXIT_OK with *out set, or EXIT_FAILED after printing why. */
int cli_open_store(const struct cli_command *command, const char *data_dir,
                   bool create, struct store **out);

/* Prints "ravelin NAME: doing: reason" for a store status that is not
 * STORE_OK; returns EXIT_FAILED. */
int cli_store_failed(const struct cli_command *command, const char *doing,
                     enum store_status status);

/* Formats a file name into out (CLI_PATH_SIZE bytes). Returns false, with
 * errno = ENAMETOOLONG, if it does not fit: a truncated name would point
 * at another file. */
bool cli_path(char out[CLI_PATH_SIZE], const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Takes the exclusive lock on DIR/ravelin.lock, creating the directory
 * and its parents (mode 0700) and the lock file if missing. A running server holds this
 * lock for its lifetime and a restore holds it while it replaces the
 * database, so the two never meet. Non-blocking: returns the locked file
 * descriptor (keep it open to keep the lock; it closes on exec), or -1
 * with errno set, EWOULDBLOCK meaning another process holds the lock. */
int data_dir_lock(const char *dir);

#define CLI_EMAIL_SIZE 255   /* longest e-mail address (254) plus NUL */

/* Checks an e-mail address given as an option (validate_email) and writes
 * it lower-cased, as the store keeps it, into out. Returns CLI_CONTINUE,
 * or EXIT_USAGE after saying what is wrong. */
int cli_email(const struct cli_command *command, const char *raw,
              char out[CLI_EMAIL_SIZE]);

/* Checks a one-line name given as an option (organisation, person, token
 * label): clean UTF-8, no control characters, 1 to max_chars characters.
 * Returns CLI_CONTINUE, or EXIT_USAGE after saying what is wrong. */
int cli_name(const struct cli_command *command, const char *option,
             const char *value, size_t max_chars);

#endif
