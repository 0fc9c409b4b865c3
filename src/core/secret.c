/*
 * secret.c - password hashing and random secrets (see secret.h).
 */
#include "core/secret.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* Interactive limits: about 0.1 s and 64 MiB per login on a small server.
 * RAVELIN_FAST_PASSWORDS=1 (tests only) lowers them so test suites that
 * create many users stay quick; the hash records its own parameters, so
 * verification works either way. */
static unsigned long long pw_opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t pw_memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
static char dummy_hash[PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

int secret_init(void)
{
	if (sodium_init() < 0)
		return -1;
	const char *fast = getenv("RAVELIN_FAST_PASSWORDS");
	if (fast && strcmp(fast, "1") == 0) {
		pw_opslimit = crypto_pwhash_OPSLIMIT_MIN;
		pw_memlimit = 8192 * 1024;
	}
	return 0;
}

/* Hashing takes a tenth of a second by design: the dummy is made on the
 * first login that needs it, not at start-up. */
static void make_dummy_hash(void)
{
	char random_password[SECRET_HEX];
	secret_new(random_password);
	if (password_hash(random_password, strlen(random_password), dummy_hash) != 0)
		dummy_hash[0] = '\0';   /* verification then fails, as it should */
}

int password_hash(const char *password, size_t len, char out[PASSWORD_HASH_MAX])
{
	_Static_assert(PASSWORD_HASH_MAX >= crypto_pwhash_STRBYTES, "hash size");
	return crypto_pwhash_str_alg(out, password, len, pw_opslimit, pw_memlimit,
	                             crypto_pwhash_ALG_ARGON2ID13) == 0 ? 0 : -1;
}

bool password_verify(const char *hash, const char *password, size_t len)
{
	return crypto_pwhash_str_verify(hash, password, len) == 0;
}

const char *password_dummy_hash(void)
{
	pthread_once(&dummy_once, make_dummy_hash);
	return dummy_hash;
}

void secret_new(char out[SECRET_HEX])
{
	unsigned char bytes[32];
	randombytes_buf(bytes, sizeof bytes);
	sodium_bin2hex(out, SECRET_HEX, bytes, sizeof bytes);
}

void secret_hash(const char *secret, char out[SECRET_HEX])
{
	unsigned char digest[32];
	crypto_generichash(digest, sizeof digest, (const unsigned char *)secret,
	                   strlen(secret), NULL, 0);
	sodium_bin2hex(out, SECRET_HEX, digest, sizeof digest);
}

bool secret_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return false;
	return sodium_memcmp(a, b, la) == 0;
}
