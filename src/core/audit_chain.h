/*
 * audit_chain.h - the hash chain that makes the audit log tamper-evident.
 *
 * Each entry's hash covers its own fields and the previous entry's hash,
 * so editing or deleting an entry breaks every hash after it. Pure
 * computation; the store keeps the entries.
 */
#ifndef RAVELIN_AUDIT_CHAIN_H
#define RAVELIN_AUDIT_CHAIN_H

#include <stdint.h>

#define AUDIT_HASH_HEX 65   /* 32-byte SHA-256 as hex, plus NUL */

struct audit_entry {
	int64_t seq;             /* position in its chain, from 1 */
	int64_t org_id;          /* 0 for installation-wide events */
	int64_t at;              /* Unix time, seconds */
	int64_t user_id;         /* 0 for the command line / system */
	const char *address;     /* client address, "cli", or "" */
	const char *action;      /* e.g. "org.create", "member.role" */
	const char *object;      /* e.g. "user:12" */
	const char *detail;      /* JSON text, may be "" */
	char prev_hash[AUDIT_HASH_HEX];  /* "" for the first entry */
};

/* Writes the hex hash of entry (including its prev_hash) into out. */
void audit_chain_hash(const struct audit_entry *entry,
                      char out[AUDIT_HASH_HEX]);

#endif
