/*
 * secret.h - passwords and random secrets (session ids, CSRF tokens, API
 * tokens, invitation links).
 *
 * Passwords are kept only as argon2id hashes. Secrets are 256 random bits
 * shown to their holder once, as hex; the database keeps only their
 * BLAKE2b hash, so a copy of the database opens no session and no API.
 */
#ifndef RAVELIN_SECRET_H
#define RAVELIN_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#define SECRET_HEX 65          /* 32 bytes as hex + NUL */
#define PASSWORD_HASH_MAX 128  /* crypto_pwhash_STRBYTES */

/* Must be called once before anything else here (initialises libsodium).
 * Returns 0, or -1 when the library cannot start. */
int secret_init(void);

/* Writes an argon2id hash string of password into out. Returns 0, or -1
 * when memory for hashing could not be had. */
int password_hash(const char *password, size_t len, char out[PASSWORD_HASH_MAX]);
/* True if password matches hash. Takes the same time for a wrong user. */
bool password_verify(const char *hash, const char *password, size_t len);
/* A fixed hash to verify against when the user does not exist, so the
 * answer takes as long as for a real user. */
const char *password_dummy_hash(void);

/* 32 random bytes as lower-case hex. */
void secret_new(char out[SECRET_HEX]);
/* BLAKE2b-256 of the secret's text, as hex. */
void secret_hash(const char *secret, char out[SECRET_HEX]);
/* Constant-time comparison of two NUL-terminated strings of equal length. */
bool secret_equal(const char *a, const char *b);

#endif
