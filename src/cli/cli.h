/*
 * cli.h - the subcommands of the ravelin program, one file each.
 *
 * Each takes the arguments after the program name (argv[0] is the
 * subcommand's own name) and returns the process exit status:
 * EXIT_OK when done, EXIT_FAILED when the operation failed or was refused
 * (reason on stderr), EXIT_USAGE for bad arguments (usage on stderr).
 */
#ifndef RAVELIN_CLI_H
#define RAVELIN_CLI_H

enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_version(int argc, char **argv);

#endif
