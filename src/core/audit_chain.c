/*
 * audit_chain.c - the hash of one audit entry (see audit_chain.h).
 *
 * The hash is SHA-256 over a serialisation that no two different entries
 * share: a fixed domain tag, then every field in a fixed order, integers
 * as 8 big-endian bytes and strings as an 8-byte big-endian length
 * followed by their bytes. Length prefixes matter: without them the
 * entries ("ab", "c") and ("a", "bc") would hash alike, and a forger
 * could move text from one field to the next without breaking the chain.
 *
 * Changing this serialisation invalidates every stored chain, so it is
 * versioned by its tag: a new format needs a new tag and a migration.
 */
#include "core/audit_chain.h"

#include <sodium.h>
#include <string.h>

/* Names the format; distinguishes these hashes from any other SHA-256. */
static const char audit_hash_tag[] = "ravelin-audit-v2";

static void hash_u64(crypto_hash_sha256_state *state, uint64_t value)
{
	unsigned char bytes[8];
	for (int i = 7; i >= 0; i--) {
		bytes[i] = (unsigned char)(value & 0xff);
		value >>= 8;
	}
	crypto_hash_sha256_update(state, bytes, sizeof bytes);
}

/* Two's complement, so negative numbers serialise unambiguously too. */
static void hash_int(crypto_hash_sha256_state *state, int64_t value)
{
	hash_u64(state, (uint64_t)value);
}

/* A NULL string hashes like "": the store keeps no NULLs in these fields. */
static void hash_text(crypto_hash_sha256_state *state, const char *text)
{
	size_t len = text ? strlen(text) : 0;
	hash_u64(state, (uint64_t)len);
	if (len)
		crypto_hash_sha256_update(state, (const unsigned char *)text, len);
}

void audit_chain_hash(const struct audit_entry *entry,
                      char out[AUDIT_HASH_HEX])
{
	crypto_hash_sha256_state state;
	unsigned char digest[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&state);
	hash_text(&state, audit_hash_tag);
	hash_int(&state, entry->seq);
	hash_int(&state, entry->org_id);
	hash_int(&state, entry->at);
	hash_int(&state, entry->user_id);
	hash_text(&state, entry->address ? entry->address : "");
	hash_text(&state, entry->action);
	hash_text(&state, entry->object);
	hash_text(&state, entry->detail);
	/* prev_hash is an array, but may hold garbage past its NUL: bound it. */
	hash_u64(&state, (uint64_t)strnlen(entry->prev_hash, AUDIT_HASH_HEX - 1));
	crypto_hash_sha256_update(&state, (const unsigned char *)entry->prev_hash,
	                          strnlen(entry->prev_hash, AUDIT_HASH_HEX - 1));
	crypto_hash_sha256_final(&state, digest);

	sodium_bin2hex(out, AUDIT_HASH_HEX, digest, sizeof digest);
}
