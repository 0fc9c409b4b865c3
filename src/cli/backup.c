/*
 * backup.c - "ravelin backup FILE" and "ravelin restore FILE": an
 * encrypted copy of the database, and putting one back.
 *
 * Both commands live in this file because they share the file format:
 *
 *   offset  size  content
 *        0    15  magic "RAVELIN-BACKUP\n"
 *       15     1  format version, 1
 *       16    16  argon2id salt
 *       32     8  argon2id opslimit, unsigned big-endian
 *       40     8  argon2id memlimit in bytes, unsigned big-endian
 *       48    24  libsodium crypto_secretstream_xchacha20poly1305 header
 *       72     -  chunks: each 64 KiB of database encrypted (+17 bytes);
 *                 the last one shorter and tagged FINAL
 *
 * The key is argon2id(passphrase, salt) with the limits recorded in the
 * file, so a later version may raise them and still read old backups. The
 * 72 header bytes are the additional data of the first chunk: changing
 * any of them (the version, say) makes the first chunk fail to decrypt.
 * Each chunk is authenticated, the stream refuses reordered chunks, and
 * only a FINAL tag ends it, so a truncated file is detected as surely as
 * an altered one. A wrong passphrase and a damaged file look the same:
 * the first chunk does not authenticate.
 *
 * Plaintext never stays on disk outside the data directory: backup takes
 * the snapshot into a private (0700) temporary directory beside FILE,
 * opens it, and deletes it before encrypting from the open descriptor,
 * with SIGINT/SIGTERM/SIGHUP held back while the snapshot has a name.
 */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <signal.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "core/validate.h"
#include "store/store.h"

#define PASSPHRASE_ENV "RAVELIN_BACKUP_PASSPHRASE"
#define PASSPHRASE_MAX 1024

#define MAGIC "RAVELIN-BACKUP\n"
#define MAGIC_LEN (sizeof MAGIC - 1)
#define FORMAT_VERSION 1
#define CHUNK_SIZE 65536

#define OFFSET_VERSION MAGIC_LEN
#define OFFSET_SALT (OFFSET_VERSION + 1)
#define OFFSET_OPSLIMIT (OFFSET_SALT + crypto_pwhash_SALTBYTES)
#define OFFSET_MEMLIMIT (OFFSET_OPSLIMIT + 8)
#define OFFSET_STREAM (OFFSET_MEMLIMIT + 8)
#define HEADER_LEN (OFFSET_STREAM + crypto_secretstream_xchacha20poly1305_HEADERBYTES)

/* What a backup file may ask of the machine that restores it: a forged
 * header must not make restore spend hours or all memory. */
#define OPSLIMIT_CEILING 64ULL
#define MEMLIMIT_CEILING (4ULL << 30)

#define DAMAGED "wrong passphrase or damaged backup file"

static const char backup_help[] =
	"NAME\n"
	"    ravelin backup - write an encrypted backup of the database\n"
	"\n"
	"SYNOPSIS\n"
	"    ravelin backup FILE [--data DIR]\n"
	"\n"
	"DESCRIPTION\n"
	"    Writes a consistent copy of the database in DIR to FILE, encrypted\n"
	"    with a passphrase (argon2id key, XChaCha20-Poly1305). A running\n"
	"    server may keep working meanwhile. FILE is written as FILE.tmp and\n"
	"    renamed when complete, so FILE is either whole or absent; an\n"
	"    existing FILE is never overwritten. No unencrypted copy is left\n"
	"    behind, even when the backup fails or is interrupted.\n"
	"\n"
	"    Keep the passphrase apart from the backups: without it the file\n"
	"    cannot be restored by anyone, including you.\n"
	"\n"
	"PASSPHRASE\n"
	"    The value of the environment variable " PASSPHRASE_ENV " if set,\n"
	"    else the first line of standard input (asked for twice, without\n"
	"    echo, on a terminal); never from the command line. At least 10\n"
	"    characters.\n"
	"\n"
	"OPTIONS\n"
	"    --data DIR  The data directory. Default " DATA_DIR_DEFAULT ".\n"
	"    --help, -h  Print this help.\n"
	"\n"
	"EXIT STATUS\n"
	"    0 written; 1 failed or refused (FILE exists, no database, passphrase\n"
	"    too short, disk full); 2 bad arguments.\n"
	"\n"
	"EXAMPLES\n"
	"    ravelin backup /srv/backup/ravelin-$(date +%F).rbk \\\n"
	"        --data /var/lib/ravelin < /etc/ravelin/backup-passphrase\n"
	"\n"
	"SEE ALSO\n"
	"    ravelin restore --help\n";

static const char restore_help[] =
	"NAME\n"
	"    ravelin restore - replace the database with an encrypted backup\n"
	"\n"
	"SYNOPSIS\n"
	"    ravelin restore FILE [--data DIR]\n"
	"\n"
	"DESCRIPTION\n"
	"    Decrypts FILE, written by 'ravelin backup', into a temporary file\n"
	"    in DIR, verifies every chunk and the end of the stream, checks\n"
	"    that the result is an intact Ravelin database this version can\n"
	"    open, and only then replaces DIR's database with it in one atomic\n"
	"    rename. On any failure the data directory is left as it was.\n"
	"    DIR is created if missing, so a backup can be restored on a new\n"
	"    machine.\n"
	"\n"
	"    Everything in the database since the backup was taken is lost.\n"
	"    The server must be stopped first: restore refuses while a server\n"
	"    (or another restore) holds the lock on DIR/ravelin.lock.\n"
	"\n"
	"PASSPHRASE\n"
	"    As for backup: the environment variable " PASSPHRASE_ENV " if set,\n"
	"    else the first line of standard input.\n"
	"\n"
	"OPTIONS\n"
	"    --data DIR  The data directory. Default " DATA_DIR_DEFAULT ".\n"
	"    --help, -h  Print this help.\n"
	"\n"
	"EXIT STATUS\n"
	"    0 restored; 1 refused or failed (\"" DAMAGED "\",\n"
	"    server running, not a backup file); 2 bad arguments.\n"
	"\n"
	"EXAMPLES\n"
	"    systemctl stop ravelin\n"
	"    ravelin restore /srv/backup/ravelin-2025-03-01.rbk \\\n"
	"        --data /var/lib/ravelin < /etc/ravelin/backup-passphrase\n"
	"    systemctl start ravelin\n";

static const struct cli_command backup_command = {
	.name = "backup",
	.synopsis = "ravelin backup FILE [--data DIR]",
	.help = backup_help,
	.min_args = 1, .max_args = 1,
};
static const struct cli_command restore_command = {
	.name = "restore",
	.synopsis = "ravelin restore FILE [--data DIR]",
	.help = restore_help,
	.min_args = 1, .max_args = 1,
};

/* ---- signals --------------------------------------------------------------- */

/* Set by SIGINT, SIGTERM or SIGHUP: the chunk loops stop and clean up. */
static volatile sig_atomic_t interrupted;

static void note_interrupt(int signal_number)
{
	(void)signal_number;
	interrupted = 1;
}

/* From here on, the signals that end a program by default only set
 * `interrupted`, so temporary files are removed on the way out. */
static void catch_interrupts(void)
{
	struct sigaction action = {.sa_handler = note_interrupt};
	sigemptyset(&action.sa_mask);
	action.sa_flags = SA_RESTART;
	sigaction(SIGINT, &action, NULL);
	sigaction(SIGTERM, &action, NULL);
	sigaction(SIGHUP, &action, NULL);
}

/* Holds back (how = SIG_BLOCK) or lets through (SIG_UNBLOCK) the signals
 * caught above, around a step that must not be cut in two. */
static void hold_interrupts(int how)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(how, &set, NULL);
}

/* ---- small file helpers ------------------------------------------------------- */

/* Writes all of buf to fd. Returns 0, or -1 with errno set. */
static int write_all(int fd, const unsigned char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Reads from fd until buf is full or the end of the file. Returns the
 * bytes read, or -1 with errno set. */
static ssize_t read_full(int fd, unsigned char *buf, size_t len)
{
	size_t got = 0;
	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/* The directory part of path ("." for a bare name) into out. */
static void directory_of(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(out, size, ".");
	else if (slash == path)
		snprintf(out, size, "/");
	else
		snprintf(out, size, "%.*s", (int)(slash - path), path);
}

/* Makes a rename or unlink in directory durable. Errors are ignored: the
 * file system may not support it, and the data was already written. */
static void sync_directory(const char *directory)
{
	int fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Removes path and the files SQLite may keep beside it. */
static void remove_database_files(const char *path)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char name[CLI_PATH_SIZE];
		if (cli_path(name, "%s%s", path, suffixes[i]))
			unlink(name);
	}
}

/* Removes the private temporary directory and everything in it. */
static void remove_private_directory(const char *directory)
{
	DIR *dir = opendir(directory);
	if (dir) {
		struct dirent *entry;
		while ((entry = readdir(dir)) != NULL) {
			if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
				continue;
			char name[CLI_PATH_SIZE];
			if (cli_path(name, "%s/%s", directory, entry->d_name))
				unlink(name);
		}
		closedir(dir);
	}
	rmdir(directory);
}

/* Renames from to to unless to exists (atomically where the file system
 * can). Returns 0, or -1 with errno set (EEXIST if to exists). */
static int rename_no_replace(const char *from, const char *to)
{
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	/* A file system without RENAME_NOREPLACE: check, then rename. */
	struct stat st;
	if (lstat(to, &st) == 0) {
		errno = EEXIST;
		return -1;
	}
	return rename(from, to);
}

/* ---- the key ---------------------------------------------------------------------- */

static void put_u64(unsigned char *out, uint64_t value)
{
	for (int i = 7; i >= 0; i--, value >>= 8)
		out[i] = (unsigned char)(value & 0xff);
}

static uint64_t get_u64(const unsigned char *in)
{
	uint64_t value = 0;
	for (int i = 0; i < 8; i++)
		value = (value << 8) | in[i];
	return value;
}

/*
 * The argon2id limits for a new backup: libsodium's "moderate" (about a
 * second and 256 MiB), since a backup is made once and restored rarely,
 * and the file may sit on a less trusted disk. RAVELIN_FAST_PASSWORDS=1,
 * for test suites only, lowers them as it does for passwords.
 */
static void new_backup_limits(uint64_t *opslimit, uint64_t *memlimit)
{
	const char *fast = getenv("RAVELIN_FAST_PASSWORDS");
	if (fast && strcmp(fast, "1") == 0) {
		*opslimit = crypto_pwhash_OPSLIMIT_MIN;
		*memlimit = 8192 * 1024;
	} else {
		*opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
		*memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
	}
}

/*
 * Derives the stream key from the passphrase and the salt and limits in
 * header. Returns 0, or -1 when the memory could not be had.
 */
static int derive_key(const unsigned char header[HEADER_LEN],
                      const char *passphrase, size_t len,
                      unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES])
{
	return crypto_pwhash(key, crypto_secretstream_xchacha20poly1305_KEYBYTES,
	                     passphrase, len, header + OFFSET_SALT,
	                     get_u64(header + OFFSET_OPSLIMIT),
	                     (size_t)get_u64(header + OFFSET_MEMLIMIT),
	                     crypto_pwhash_ALG_ARGON2ID13);
}

/* ---- the stream ---------------------------------------------------------------------- */

/*
 * Encrypts everything readable from plain_fd into out_fd as chunks after
 * the header (already written). The header is the first chunk's
 * additional data. Returns 0, or -1 after printing why.
 */
static int encrypt_stream(int plain_fd, int out_fd, const unsigned char *key,
                          unsigned char header[HEADER_LEN])
{
	crypto_secretstream_xchacha20poly1305_state state;
	crypto_secretstream_xchacha20poly1305_init_push(&state, header + OFFSET_STREAM,
	                                                key);
	if (write_all(out_fd, header, HEADER_LEN) != 0) {
		cli_fail(&backup_command, "writing: %s", strerror(errno));
		return -1;
	}

	static unsigned char plain[CHUNK_SIZE];
	static unsigned char sealed[CHUNK_SIZE + crypto_secretstream_xchacha20poly1305_ABYTES];
	int result = 0;
	bool first = true, last = false;
	while (!last && result == 0) {
		ssize_t got = read_full(plain_fd, plain, sizeof plain);
		if (got < 0) {
			result = cli_fail(&backup_command, "reading the snapshot: %s",
			                  strerror(errno));
			break;
		}
		/* A short read is the end; a file of whole chunks ends with an
		 * empty FINAL chunk. */
		last = (size_t)got < sizeof plain;
		unsigned long long sealed_len;
		crypto_secretstream_xchacha20poly1305_push(&state, sealed, &sealed_len,
			plain, (unsigned long long)got, first ? header : NULL,
			first ? HEADER_LEN : 0,
			last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
		first = false;
		if (write_all(out_fd, sealed, (size_t)sealed_len) != 0)
			result = cli_fail(&backup_command, "writing: %s", strerror(errno));
		else if (interrupted)
			result = cli_fail(&backup_command, "interrupted");
	}
	sodium_memzero(plain, sizeof plain);
	sodium_memzero(&state, sizeof state);
	return result == 0 ? 0 : -1;
}

/*
 * Decrypts the chunks readable from in (positioned after the header) into
 * plain_fd. Every chunk must authenticate, in order, and the stream must
 * end with a FINAL chunk followed by nothing. Returns 0, or -1 after
 * printing why.
 */
static int decrypt_stream(FILE *in, int plain_fd, const unsigned char *key,
                          const unsigned char header[HEADER_LEN])
{
	crypto_secretstream_xchacha20poly1305_state state;
	if (crypto_secretstream_xchacha20poly1305_init_pull(&state,
			header + OFFSET_STREAM, key) != 0) {
		cli_fail(&restore_command, DAMAGED);
		return -1;
	}

	static unsigned char sealed[CHUNK_SIZE + crypto_secretstream_xchacha20poly1305_ABYTES];
	static unsigned char plain[CHUNK_SIZE];
	const char *damage = NULL;
	bool first = true, done = false;
	while (!done && !damage) {
		size_t got = fread(sealed, 1, sizeof sealed, in);
		if (ferror(in)) {
			damage = "reading the backup file failed";
			break;
		}
		unsigned long long plain_len;
		unsigned char tag;
		if (got < crypto_secretstream_xchacha20poly1305_ABYTES ||
		    crypto_secretstream_xchacha20poly1305_pull(&state, plain, &plain_len,
				&tag, sealed, got, first ? header : NULL,
				first ? HEADER_LEN : 0) != 0) {
			damage = DAMAGED;   /* altered, truncated, or another key */
			break;
		}
		first = false;
		if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
			done = true;
			if (fgetc(in) != EOF)
				damage = DAMAGED;   /* something appended after the end */
		} else if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE ||
		           got < sizeof sealed) {
			damage = DAMAGED;   /* a short chunk must be the final one */
		}
		if (!damage && write_all(plain_fd, plain, (size_t)plain_len) != 0)
			damage = strerror(errno);
		if (!damage && interrupted)
			damage = "interrupted";
	}
	sodium_memzero(plain, sizeof plain);
	sodium_memzero(&state, sizeof state);
	if (damage) {
		cli_fail(&restore_command, "%s", damage);
		return -1;
	}
	return 0;
}

/* ---- backup ---------------------------------------------------------------------------- */

/*
 * Snapshots the database into a private temporary directory beside the
 * backup file, opens the snapshot and deletes it, all with interrupts
 * held so it is never left behind. Returns the open descriptor of the
 * (now nameless) snapshot, or -1 after printing why.
 */
static int open_snapshot(struct store *store, const char *backup_path)
{
	char directory[CLI_PATH_SIZE], private_dir[CLI_PATH_SIZE], path[CLI_PATH_SIZE];
	directory_of(backup_path, directory, sizeof directory);
	if (!cli_path(private_dir, "%s/.ravelin-backup-XXXXXX", directory)) {
		cli_fail(&backup_command, "%s: path too long", backup_path);
		return -1;
	}

	hold_interrupts(SIG_BLOCK);
	int fd = -1;
	if (!mkdtemp(private_dir)) {
		cli_fail(&backup_command, "cannot make a temporary directory in %s: %s",
		         directory, strerror(errno));
	} else if (!cli_path(path, "%s/snapshot.db", private_dir)) {
		cli_fail(&backup_command, "%s: path too long", backup_path);
		rmdir(private_dir);
	} else {
		enum store_status status = store_snapshot(store, path);
		if (status != STORE_OK)
			cli_store_failed(&backup_command, "taking the snapshot", status);
		else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			cli_fail(&backup_command, "opening the snapshot: %s", strerror(errno));
		remove_private_directory(private_dir);
	}
	hold_interrupts(SIG_UNBLOCK);
	return fd;
}

/*
 * Reads the passphrase for a new backup and checks it is long enough to
 * resist guessing by whoever finds the file. Returns its length, or -1
 * after printing why.
 */
static long read_new_passphrase(char *out, size_t size)
{
	long len = cli_read_secret(&backup_command, PASSPHRASE_ENV, "passphrase",
	                           true, out, size);
	if (len < 0)
		return -1;
	if (!utf8_is_clean_text(out, (size_t)len) ||
	    utf8_length(out, (size_t)len) < PASSWORD_MIN_CHARS) {
		cli_fail(&backup_command, "the passphrase must have at least %d "
		         "characters", PASSWORD_MIN_CHARS);
		return -1;
	}
	return len;
}

/*
 * Encrypts the snapshot open on snapshot_fd into file: writes file.tmp,
 * then renames it to file unless file appeared meanwhile. The temporary
 * file is removed on failure. Returns the exit status.
 */
static int write_backup(int snapshot_fd, const char *file,
                        const unsigned char *key, unsigned char header[HEADER_LEN])
{
	char temp_path[CLI_PATH_SIZE];
	if (!cli_path(temp_path, "%s.tmp", file))
		return cli_fail(&backup_command, "%s: path too long", file);
	int out_fd = open(temp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out_fd < 0) {
		int error = errno;
		return cli_fail(&backup_command, "cannot create %s: %s%s", temp_path,
		                strerror(error), error == EEXIST ? " (left by an "
		                "interrupted backup? remove it)" : "");
	}

	int status = encrypt_stream(snapshot_fd, out_fd, key, header) == 0
	             ? EXIT_OK : EXIT_FAILED;
	if (status == EXIT_OK && fsync(out_fd) != 0)
		status = cli_fail(&backup_command, "writing %s: %s", temp_path,
		                  strerror(errno));
	if (status == EXIT_OK && rename_no_replace(temp_path, file) != 0)
		status = cli_fail(&backup_command, "cannot rename %s to %s: %s",
		                  temp_path, file, errno == EEXIST
		                  ? "it appeared meanwhile" : strerror(errno));
	close(out_fd);

	if (status != EXIT_OK) {
		unlink(temp_path);
		return status;
	}
	char directory[CLI_PATH_SIZE];
	directory_of(file, directory, sizeof directory);
	sync_directory(directory);
	printf("backup written to %s\n", file);
	return EXIT_OK;
}

int cmd_backup(int argc, char **argv)
{
	struct cli_args args;
	int status = cli_parse(&backup_command, argc, argv, &args);
	if (status != CLI_CONTINUE)
		return status;
	const char *file = args.args[0];
	struct stat st;
	if (lstat(file, &st) == 0)
		return cli_fail(&backup_command, "%s exists; refusing to overwrite it",
		                file);
	if (sodium_init() < 0)
		return cli_fail(&backup_command, "libsodium could not start");
	struct store *store;
	if (cli_open_store(&backup_command, args.data_dir, false, &store) != EXIT_OK)
		return EXIT_FAILED;

	char passphrase[PASSPHRASE_MAX + 1];
	long passphrase_len = read_new_passphrase(passphrase, sizeof passphrase);
	if (passphrase_len < 0) {
		store_close(store);
		return EXIT_FAILED;
	}

	unsigned char header[HEADER_LEN];
	unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	uint64_t opslimit, memlimit;
	new_backup_limits(&opslimit, &memlimit);
	memcpy(header, MAGIC, MAGIC_LEN);
	header[OFFSET_VERSION] = FORMAT_VERSION;
	randombytes_buf(header + OFFSET_SALT, crypto_pwhash_SALTBYTES);
	put_u64(header + OFFSET_OPSLIMIT, opslimit);
	put_u64(header + OFFSET_MEMLIMIT, memlimit);
	int derived = derive_key(header, passphrase, (size_t)passphrase_len, key);
	sodium_memzero(passphrase, sizeof passphrase);
	if (derived != 0) {
		store_close(store);
		return cli_fail(&backup_command, "not enough memory to derive the key");
	}

	catch_interrupts();
	int snapshot_fd = open_snapshot(store, file);
	store_close(store);
	status = EXIT_FAILED;
	if (snapshot_fd >= 0) {
		status = write_backup(snapshot_fd, file, key, header);
		close(snapshot_fd);
	}
	sodium_memzero(key, sizeof key);
	return status;
}

/* ---- restore ---------------------------------------------------------------------------- */

/*
 * Reads and checks the header of a backup file: magic, version, and
 * limits this machine is willing to spend. Returns 0, or -1 after
 * printing why.
 */
static int read_header(FILE *in, const char *file, unsigned char header[HEADER_LEN])
{
	size_t got = fread(header, 1, HEADER_LEN, in);
	if (got < MAGIC_LEN || memcmp(header, MAGIC, MAGIC_LEN) != 0) {
		cli_fail(&restore_command, "%s is not a Ravelin backup file", file);
		return -1;
	}
	if (got < HEADER_LEN) {
		cli_fail(&restore_command, DAMAGED);
		return -1;
	}
	if (header[OFFSET_VERSION] != FORMAT_VERSION) {
		cli_fail(&restore_command, "%s has backup format version %d; this "
		         "ravelin reads version %d", file, header[OFFSET_VERSION],
		         FORMAT_VERSION);
		return -1;
	}
	uint64_t opslimit = get_u64(header + OFFSET_OPSLIMIT);
	uint64_t memlimit = get_u64(header + OFFSET_MEMLIMIT);
	if (opslimit < crypto_pwhash_OPSLIMIT_MIN || opslimit > OPSLIMIT_CEILING ||
	    memlimit < crypto_pwhash_MEMLIMIT_MIN || memlimit > MEMLIMIT_CEILING ||
	    memlimit > SIZE_MAX) {
		cli_fail(&restore_command, DAMAGED);
		return -1;
	}
	return 0;
}

/*
 * Decrypts in into a new temporary file in data_dir, checks it is a
 * usable database, and renames it over the database. The caller holds
 * the data directory's lock. Returns the exit status.
 */
static int restore_into(FILE *in, const unsigned char *key,
                        const unsigned char header[HEADER_LEN],
                        const char *data_dir)
{
	char temp_path[CLI_PATH_SIZE], database[CLI_PATH_SIZE];
	if (!cli_path(temp_path, "%s/.ravelin-restore-XXXXXX", data_dir))
		return cli_fail(&restore_command, "%s: path too long", data_dir);
	store_database_path(data_dir, database, sizeof database);

	int fd = mkostemp(temp_path, O_CLOEXEC);
	if (fd < 0)
		return cli_fail(&restore_command, "cannot create a file in %s: %s",
		                data_dir, strerror(errno));
	int status = decrypt_stream(in, fd, key, header) == 0 ? EXIT_OK : EXIT_FAILED;
	if (status == EXIT_OK && fsync(fd) != 0)
		status = cli_fail(&restore_command, "writing %s: %s", temp_path,
		                  strerror(errno));
	if (status == EXIT_OK && store_check_file(temp_path) != STORE_OK)
		status = cli_fail(&restore_command, "the backup holds no database this "
		                  "ravelin can use (damaged, or from a newer version)");
	/* A leftover write-ahead log or journal of the old database would be
	 * replayed into the new one: remove them first. */
	static const char *const stale[] = {"-wal", "-shm", "-journal"};
	for (size_t i = 0; status == EXIT_OK && i < sizeof stale / sizeof stale[0]; i++) {
		char name[CLI_PATH_SIZE];
		if (cli_path(name, "%s%s", database, stale[i]) && unlink(name) != 0 &&
		    errno != ENOENT)
			status = cli_fail(&restore_command, "cannot remove %s: %s", name,
			                  strerror(errno));
	}
	if (status == EXIT_OK && rename(temp_path, database) != 0)
		status = cli_fail(&restore_command, "cannot rename %s to %s: %s",
		                  temp_path, database, strerror(errno));
	close(fd);
	if (status != EXIT_OK)
		remove_database_files(temp_path);
	else
		sync_directory(data_dir);
	return status;
}

/*
 * Reads the passphrase, derives the key from it and the header, and
 * restores. The caller holds the data directory's lock. Returns the exit
 * status.
 */
static int restore_with_passphrase(FILE *in, const unsigned char header[HEADER_LEN],
                                   const char *data_dir)
{
	char passphrase[PASSPHRASE_MAX + 1];
	long len = cli_read_secret(&restore_command, PASSPHRASE_ENV, "passphrase",
	                           false, passphrase, sizeof passphrase);
	if (len < 0)
		return EXIT_FAILED;
	unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	int derived = derive_key(header, passphrase, (size_t)len, key);
	sodium_memzero(passphrase, sizeof passphrase);
	if (derived != 0)
		return cli_fail(&restore_command, "not enough memory to derive the key");
	catch_interrupts();
	int status = restore_into(in, key, header, data_dir);
	sodium_memzero(key, sizeof key);
	return status;
}

int cmd_restore(int argc, char **argv)
{
	struct cli_args args;
	int status = cli_parse(&restore_command, argc, argv, &args);
	if (status != CLI_CONTINUE)
		return status;
	const char *file = args.args[0];
	if (sodium_init() < 0)
		return cli_fail(&restore_command, "libsodium could not start");

	FILE *in = fopen(file, "rbe");
	if (!in)
		return cli_fail(&restore_command, "cannot open %s: %s", file,
		                strerror(errno));
	unsigned char header[HEADER_LEN];
	int lock;
	if (read_header(in, file, header) != 0) {
		status = EXIT_FAILED;
	} else if ((lock = data_dir_lock(args.data_dir)) < 0) {
		if (errno == EWOULDBLOCK)
			status = cli_fail(&restore_command, "%s is in use by a running "
			                  "ravelin server (or another restore); stop it first",
			                  args.data_dir);
		else
			status = cli_fail(&restore_command, "cannot lock %s/ravelin.lock: %s",
			                  args.data_dir, strerror(errno));
	} else {
		status = restore_with_passphrase(in, header, args.data_dir);
		close(lock);
	}
	fclose(in);
	if (status == EXIT_OK)
		printf("restored %s from %s\n", args.data_dir, file);
	return status;
}
