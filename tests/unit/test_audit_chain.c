/*
 * test_audit_chain.c - unit tests of core/audit_chain.c: the hash is the
 * documented serialisation (pinned by vectors computed independently),
 * covers every field, and cannot be fooled by moving text between
 * fields.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/audit_chain.h"

/* The first entry of a chain, as the store would write it. */
static struct audit_entry sample(void)
{
	struct audit_entry e = {
		.seq = 1, .org_id = 3, .at = 1700000000, .user_id = 7,
		.address = "192.0.2.10", .action = "org.create", .object = "org:3",
		.detail = "{\"name\":\"Acme\"}", .prev_hash = "",
	};
	return e;
}

static void hash_of(const struct audit_entry *e, char out[AUDIT_HASH_HEX])
{
	memset(out, 'Z', AUDIT_HASH_HEX);
	audit_chain_hash(e, out);
}

/*
 * Vectors from an independent implementation (Python hashlib) of the
 * format in audit_chain.c: "ravelin-audit-v2", then seq, org_id, at,
 * user_id as 8-byte big-endian, then address, action, object, detail, prev_hash
 * each as an 8-byte big-endian length and the bytes. If these change,
 * every stored chain breaks: that needs a new tag and a migration.
 */
static void test_known_vectors(void **state)
{
	(void)state;
	char first[AUDIT_HASH_HEX], second[AUDIT_HASH_HEX], odd[AUDIT_HASH_HEX];
	struct audit_entry e = sample();
	hash_of(&e, first);
	assert_string_equal(first,
		"de2319a2eae6a68aa38fbe9f461391130ab6711e8135022ba7b59972a3ebf36c");

	struct audit_entry next = {
		.seq = 2, .org_id = 3, .at = 1700000060, .user_id = 0,
		.address = "cli", .action = "member.set", .object = "user:9", .detail = "{}",
	};
	memcpy(next.prev_hash, first, AUDIT_HASH_HEX);
	hash_of(&next, second);
	assert_string_equal(second,
		"8fabf94aad387b126cf62d112198048e2675b069551896780bafe42bdd885bc2");

	struct audit_entry negative = {
		.seq = -1, .org_id = -2, .at = -3, .user_id = -4,
		.action = "", .object = "", .detail = "",
	};
	hash_of(&negative, odd);
	assert_string_equal(odd,
		"ac1d323056b57c026af06e82502a0cbc78a4f83800f23eafa48b34013b2fca7f");
}

static void test_output_is_lower_hex(void **state)
{
	(void)state;
	char out[AUDIT_HASH_HEX];
	struct audit_entry e = sample();
	hash_of(&e, out);
	assert_int_equal(strlen(out), AUDIT_HASH_HEX - 1);
	for (size_t i = 0; i < AUDIT_HASH_HEX - 1; i++)
		assert_non_null(strchr("0123456789abcdef", out[i]));
}

static void test_deterministic(void **state)
{
	(void)state;
	char a[AUDIT_HASH_HEX], b[AUDIT_HASH_HEX];
	struct audit_entry e = sample();
	hash_of(&e, a);
	hash_of(&e, b);
	assert_string_equal(a, b);
}

/* Every field, when changed alone, changes the hash. */
static void test_every_field_counts(void **state)
{
	(void)state;
	char base[AUDIT_HASH_HEX], changed[AUDIT_HASH_HEX];
	struct audit_entry e = sample();
	hash_of(&e, base);

	for (int field = 0; field < 9; field++) {
		struct audit_entry m = sample();
		switch (field) {
		case 0: m.seq = 2; break;
		case 1: m.org_id = 4; break;
		case 2: m.at = 1700000001; break;
		case 3: m.user_id = 8; break;
		case 4: m.action = "org.update"; break;
		case 5: m.object = "org:4"; break;
		case 6: m.detail = "{\"name\":\"Acmf\"}"; break;
		case 7: strcpy(m.prev_hash, "00"); break;
		case 8: m.address = "192.0.2.11"; break;
		}
		hash_of(&m, changed);
		if (strcmp(base, changed) == 0)
			fail_msg("field %d is not covered by the hash", field);
	}
}

/* Without length prefixes ("ab","c") and ("a","bc") would collide. */
static void test_field_boundaries_are_unambiguous(void **state)
{
	(void)state;
	char x[AUDIT_HASH_HEX], y[AUDIT_HASH_HEX];
	struct audit_entry a = sample(), b = sample();
	a.action = "ab"; a.object = "c";
	b.action = "a";  b.object = "bc";
	hash_of(&a, x);
	hash_of(&b, y);
	assert_string_not_equal(x, y);

	a = sample(); b = sample();
	a.object = "org:3"; a.detail = "";
	b.object = "org:"; b.detail = "3";
	hash_of(&a, x);
	hash_of(&b, y);
	assert_string_not_equal(x, y);

	/* Integers too: seq 1 / org 256 versus seq 256 / org 1. */
	a = sample(); b = sample();
	a.seq = 1; a.org_id = 256;
	b.seq = 256; b.org_id = 1;
	hash_of(&a, x);
	hash_of(&b, y);
	assert_string_not_equal(x, y);
}

/* A NULL detail is hashed as "": the store stores "" for it. */
static void test_null_text_is_empty(void **state)
{
	(void)state;
	char x[AUDIT_HASH_HEX], y[AUDIT_HASH_HEX];
	struct audit_entry a = sample(), b = sample();
	a.detail = NULL;
	b.detail = "";
	hash_of(&a, x);
	hash_of(&b, y);
	assert_string_equal(x, y);
}

/* Bytes after prev_hash's NUL are not part of it. */
static void test_prev_hash_ends_at_nul(void **state)
{
	(void)state;
	char x[AUDIT_HASH_HEX], y[AUDIT_HASH_HEX];
	struct audit_entry a = sample(), b = sample();
	memset(b.prev_hash, 'q', sizeof b.prev_hash);
	b.prev_hash[0] = '\0';
	hash_of(&a, x);
	hash_of(&b, y);
	assert_string_equal(x, y);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_vectors),
		cmocka_unit_test(test_output_is_lower_hex),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_every_field_counts),
		cmocka_unit_test(test_field_boundaries_are_unambiguous),
		cmocka_unit_test(test_null_text_is_empty),
		cmocka_unit_test(test_prev_hash_ends_at_nul),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
