/*
 * test_i18n.c - unit tests of i18n/i18n.c: lookups in the embedded
 * catalogues of each language, the fallback to the message id, the .mo
 * reader against malformed files, and the choice of a language from
 * Accept-Language headers, hostile ones included.
 *
 * The file includes i18n.c itself (as SQLite's test fixture does) to reach
 * the static .mo parser with hand-made files; the copy of i18n.o in the
 * i18n library is then not linked, since this file defines every symbol.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "i18n/i18n.c"
#include "lib/buf.h"

/* ---- embedded catalogues ------------------------------------------- */

static int setup_catalogues(void **state)
{
	(void)state;
	return i18n_init() == 0 ? 0 : -1;
}

static void check_translation(const char *lang, const char *msgid,
                              const char *expected)
{
	const struct catalog *c = i18n_catalog(lang);
	assert_non_null(c);
	assert_string_equal(i18n_gettext(c, msgid), expected);
}

static void test_languages_and_codes(void **state)
{
	(void)state;
	assert_string_equal(i18n_languages[0], "nl");
	assert_string_equal(i18n_languages[1], "fr");
	assert_string_equal(i18n_languages[2], "de");
	assert_string_equal(i18n_languages[3], "en");
	assert_string_equal(i18n_language_names[1], "Fran\xc3\xa7" "ais");
	for (int i = 0; i < I18N_LANGUAGE_COUNT; i++) {
		const struct catalog *c = i18n_catalog(i18n_languages[i]);
		assert_non_null(c);
		assert_string_equal(i18n_code(c), i18n_languages[i]);
		assert_true(i18n_supported(i18n_languages[i]));
	}
	assert_string_equal(i18n_code(NULL), "en");
	assert_null(i18n_catalog(NULL));
	assert_null(i18n_catalog(""));
	assert_null(i18n_catalog("es"));
	assert_null(i18n_catalog("NL"));
	assert_null(i18n_catalog("nl-BE"));
	assert_false(i18n_supported(NULL));
	assert_false(i18n_supported("n"));
	assert_false(i18n_supported("english"));
}

/* Strings the web layer uses (respond.c, form.c): they stay in the
 * catalogues as long as the code uses them. */
static void test_lookup_each_language(void **state)
{
	(void)state;
	check_translation("nl", "Page not found", "Pagina niet gevonden");
	check_translation("fr", "Page not found", "Page introuvable");
	check_translation("de", "Page not found", "Seite nicht gefunden");
	check_translation("en", "Page not found", "Page not found");

	check_translation("nl", "This field is required.", "Dit veld is verplicht.");
	check_translation("fr", "This field is required.", "Ce champ est obligatoire.");
	check_translation("de", "This field is required.",
	                  "Dieses Feld ist erforderlich.");
	check_translation("en", "This field is required.", "This field is required.");

	check_translation("nl", "Forbidden", "Geen toegang");
	check_translation("fr", "Forbidden", "Acc\xc3\xa8s refus\xc3\xa9");
	check_translation("de", "Request too large", "Anfrage zu gro\xc3\x9f");
	check_translation("fr", "Choose one of the options",
	                  "Choisissez l'une des options");
}

/* The English catalogue maps every message to itself, and the others
 * translate each of their messages to something non-empty. */
static void test_catalogue_contents(void **state)
{
	(void)state;
	for (int i = 0; i < I18N_LANGUAGE_COUNT; i++) {
		const struct catalog *c = i18n_catalog(i18n_languages[i]);
		assert_true(c->count > 0);
		for (size_t k = 0; k < c->count; k++) {
			const struct message *m = &c->messages[k];
			assert_true(m->msgid[0] != '\0');
			assert_true(m->msgstr[0] != '\0');
			if (k > 0)
				assert_true(strcmp(c->messages[k - 1].msgid, m->msgid) < 0);
			if (strcmp(c->code, "en") == 0)
				assert_string_equal(m->msgid, m->msgstr);
			/* Each lookup finds its own entry. */
			assert_ptr_equal(i18n_gettext(c, m->msgid), m->msgstr);
		}
	}
}

static void test_fallback_to_msgid(void **state)
{
	(void)state;
	const char *unknown = "A sentence no catalogue has";
	for (int i = 0; i < I18N_LANGUAGE_COUNT; i++) {
		const struct catalog *c = i18n_catalog(i18n_languages[i]);
		assert_ptr_equal(i18n_gettext(c, unknown), unknown);
		/* The header entry (empty msgid) is not a message. */
		assert_string_equal(i18n_gettext(c, ""), "");
		/* Near misses do not match. */
		assert_string_equal(i18n_gettext(c, "page not found"), "page not found");
		assert_string_equal(i18n_gettext(c, "Page not found "), "Page not found ");
	}
	assert_ptr_equal(i18n_gettext(NULL, unknown), unknown);
	assert_string_equal(i18n_gettext(NULL, "Page not found"), "Page not found");
	assert_string_equal(i18n_gettext(i18n_catalog("nl"), NULL), "");
	assert_string_equal(i18n_gettext(NULL, NULL), "");
}

static void test_init_twice(void **state)
{
	(void)state;
	const struct catalog *before = i18n_catalog("de");
	assert_int_equal(i18n_init(), 0);
	assert_ptr_equal(i18n_catalog("de"), before);
	check_translation("de", "Page not found", "Seite nicht gefunden");
}

/* ---- the .mo reader ------------------------------------------------ */

#define MO_MAX 2048

/* A .mo file under construction; words in the chosen byte order. */
struct mo_file {
	unsigned char data[MO_MAX];
	size_t size;
	int big_endian;
};

static void put_word(struct mo_file *f, size_t at, uint32_t w)
{
	assert_true(at + 4 <= MO_MAX);
	for (int i = 0; i < 4; i++) {
		int shift = f->big_endian ? 24 - 8 * i : 8 * i;
		f->data[at + (size_t)i] = (unsigned char)(w >> shift);
	}
}

/* Builds a well-formed .mo of n (msgid, msgstr) pairs, in the order
 * given, with an empty hash table. */
static void build_mo(struct mo_file *f, int big_endian,
                     const char *const (*pairs)[2], size_t n)
{
	memset(f, 0, sizeof *f);
	f->big_endian = big_endian;
	size_t ids = MO_HEADER_SIZE, strs = ids + 8 * n, at = strs + 8 * n;
	put_word(f, 0, MO_MAGIC);
	put_word(f, 4, 0);
	put_word(f, 8, (uint32_t)n);
	put_word(f, 12, (uint32_t)ids);
	put_word(f, 16, (uint32_t)strs);
	put_word(f, 20, 0);
	put_word(f, 24, (uint32_t)at);
	for (size_t i = 0; i < n; i++) {
		for (int side = 0; side < 2; side++) {
			size_t len = strlen(pairs[i][side]);
			assert_true(at + len + 1 <= MO_MAX);
			put_word(f, (side ? strs : ids) + 8 * i, (uint32_t)len);
			put_word(f, (side ? strs : ids) + 8 * i + 4, (uint32_t)at);
			memcpy(f->data + at, pairs[i][side], len + 1);
			at += len + 1;
		}
	}
	f->size = at;
}

static const char *const sample[][2] = {
	{"", "Content-Type: text/plain; charset=UTF-8\nLanguage: nl\n"},
	{"Save", "Opslaan"},
	{"Cancel", "Annuleren"},
	{"Untranslated", ""},
	{"Too large", "Te gro\xc3\x9f"},
};
#define SAMPLE_COUNT (sizeof sample / sizeof sample[0])

/* Parses f; returns mo_parse's result, and checks that a failure leaves
 * nothing allocated. */
static int parse(const struct mo_file *f, struct message **messages, size_t *count)
{
	int rc = mo_parse(f->data, f->size, messages, count);
	if (rc != 0) {
		assert_null(*messages);
		assert_int_equal(*count, 0);
	}
	return rc;
}

static void test_mo_well_formed_both_byte_orders(void **state)
{
	(void)state;
	for (int big_endian = 0; big_endian < 2; big_endian++) {
		struct mo_file f;
		build_mo(&f, big_endian, sample, SAMPLE_COUNT);
		struct message *m;
		size_t n;
		assert_int_equal(parse(&f, &m, &n), 0);
		/* Header and untranslated entry left out; sorted by msgid. */
		assert_int_equal(n, 3);
		assert_string_equal(m[0].msgid, "Cancel");
		assert_string_equal(m[0].msgstr, "Annuleren");
		assert_string_equal(m[1].msgid, "Save");
		assert_string_equal(m[2].msgid, "Too large");
		assert_string_equal(m[2].msgstr, "Te gro\xc3\x9f");
		struct catalog c = {"xx", m, n};
		assert_string_equal(i18n_gettext(&c, "Save"), "Opslaan");
		assert_string_equal(i18n_gettext(&c, "Untranslated"), "Untranslated");
		assert_string_equal(i18n_gettext(&c, "Zzz"), "Zzz");
		assert_string_equal(i18n_gettext(&c, "A"), "A");
		free(m);
	}
}

static void test_mo_empty_catalogue(void **state)
{
	(void)state;
	struct mo_file f;
	build_mo(&f, 0, sample, 1);  /* the header only */
	struct message *m;
	size_t n;
	assert_int_equal(parse(&f, &m, &n), 0);
	assert_null(m);
	assert_int_equal(n, 0);
	build_mo(&f, 0, sample, 0);
	assert_int_equal(parse(&f, &m, &n), 0);
	assert_int_equal(n, 0);
}

static void test_mo_bad_header(void **state)
{
	(void)state;
	struct mo_file f;
	struct message *m;
	size_t n;

	assert_int_equal(mo_parse(NULL, 0, &m, &n), -1);
	build_mo(&f, 0, sample, SAMPLE_COUNT);
	for (size_t size = 0; size < MO_HEADER_SIZE; size++)
		assert_int_equal(mo_parse(f.data, size, &m, &n), -1);

	f.data[0] ^= 1;                       /* magic */
	assert_int_equal(parse(&f, &m, &n), -1);

	build_mo(&f, 0, sample, SAMPLE_COUNT);
	put_word(&f, 4, 1);                   /* revision */
	assert_int_equal(parse(&f, &m, &n), -1);
	put_word(&f, 4, 0x10000);
	assert_int_equal(parse(&f, &m, &n), -1);

	build_mo(&f, 0, sample, SAMPLE_COUNT);
	put_word(&f, 8, 0xffffffffu);         /* count far too large */
	assert_int_equal(parse(&f, &m, &n), -1);
	put_word(&f, 8, (uint32_t)(f.size / 8));
	assert_int_equal(parse(&f, &m, &n), -1);

	build_mo(&f, 1, sample, SAMPLE_COUNT);
	put_word(&f, 12, (uint32_t)f.size);   /* msgid table past the end */
	assert_int_equal(parse(&f, &m, &n), -1);
	put_word(&f, 12, 0xfffffff8u);
	assert_int_equal(parse(&f, &m, &n), -1);

	build_mo(&f, 1, sample, SAMPLE_COUNT);
	put_word(&f, 16, (uint32_t)f.size - 8);  /* msgstr table cut short */
	assert_int_equal(parse(&f, &m, &n), -1);

	build_mo(&f, 0, sample, SAMPLE_COUNT);
	put_word(&f, 20, 1000);               /* hash table past the end */
	assert_int_equal(parse(&f, &m, &n), -1);
	put_word(&f, 20, 0x40000000u);
	assert_int_equal(parse(&f, &m, &n), -1);
}

static void test_mo_bad_strings(void **state)
{
	(void)state;
	struct mo_file f;
	struct message *m;
	size_t n;
	size_t ids = MO_HEADER_SIZE, strs = ids + 8 * SAMPLE_COUNT;

	build_mo(&f, 0, sample, SAMPLE_COUNT);
	put_word(&f, ids + 8 + 4, (uint32_t)f.size);       /* offset at the end */
	assert_int_equal(parse(&f, &m, &n), -1);
	put_word(&f, ids + 8 + 4, 0xffffffffu);
	assert_int_equal(parse(&f, &m, &n), -1);

	build_mo(&f, 0, sample, SAMPLE_COUNT);
	put_word(&f, strs + 8, (uint32_t)f.size);          /* length too long */
	assert_int_equal(parse(&f, &m, &n), -1);
	put_word(&f, strs + 8, 0xffffffffu);
	assert_int_equal(parse(&f, &m, &n), -1);

	build_mo(&f, 0, sample, SAMPLE_COUNT);
	put_word(&f, strs + 8, 3);                         /* no NUL after it */
	assert_int_equal(parse(&f, &m, &n), -1);

	/* The last string ends exactly at the end of the file: its NUL is
	 * outside, which must be refused without reading past the size. */
	build_mo(&f, 0, sample, SAMPLE_COUNT);
	unsigned char *exact = malloc(f.size - 1);
	assert_non_null(exact);
	memcpy(exact, f.data, f.size - 1);
	assert_int_equal(mo_parse(exact, f.size - 1, &m, &n), -1);
	free(exact);

	/* Not UTF-8: a lone continuation byte, an overlong form, a
	 * surrogate, a truncated sequence. */
	static const char *const bad_utf8[] = {"a\x80", "\xc0\xaf", "\xed\xa0\x80",
	                                       "ab\xe2\x82", "\xf4\x90\x80\x80"};
	for (size_t i = 0; i < sizeof bad_utf8 / sizeof bad_utf8[0]; i++) {
		const char *const pairs[][2] = {{"Save", bad_utf8[i]}};
		build_mo(&f, 0, pairs, 1);
		assert_int_equal(parse(&f, &m, &n), -1);
		const char *const swapped[][2] = {{bad_utf8[i], "x"}};
		build_mo(&f, 0, swapped, 1);
		assert_int_equal(parse(&f, &m, &n), -1);
	}

	/* A charset other than UTF-8. */
	const char *const latin1[][2] = {
		{"", "Content-Type: text/plain; charset=ISO-8859-1\n"}, {"a", "b"}};
	build_mo(&f, 0, latin1, 2);
	assert_int_equal(parse(&f, &m, &n), -1);
	const char *const utf8[][2] = {
		{"", "Content-Type: text/plain; charset=utf-8\n"}, {"a", "b"}};
	build_mo(&f, 0, utf8, 2);
	assert_int_equal(parse(&f, &m, &n), 0);
	free(m);

	/* The same msgid twice. */
	const char *const twice[][2] = {{"a", "b"}, {"c", "d"}, {"a", "e"}};
	build_mo(&f, 1, twice, 3);
	assert_int_equal(parse(&f, &m, &n), -1);
}

/* Every truncation and every single-byte change of a valid file either
 * parses or is refused, and never reads outside it (the sanitizer build
 * checks the latter: each attempt gets a buffer of exactly its size). */
static void test_mo_truncated_and_corrupted(void **state)
{
	(void)state;
	struct mo_file f;
	build_mo(&f, 0, sample, SAMPLE_COUNT);
	struct message *m;
	size_t n;
	for (size_t size = 0; size < f.size; size++) {
		unsigned char *copy = malloc(size ? size : 1);
		assert_non_null(copy);
		memcpy(copy, f.data, size);
		if (mo_parse(copy, size, &m, &n) == 0)
			free(m);
		free(copy);
	}
	static const unsigned char values[] = {0x00, 0x01, 0x7f, 0x80, 0xff};
	for (size_t at = 0; at < f.size; at++) {
		for (size_t v = 0; v < sizeof values; v++) {
			unsigned char *copy = malloc(f.size);
			assert_non_null(copy);
			memcpy(copy, f.data, f.size);
			copy[at] = values[v];
			if (mo_parse(copy, f.size, &m, &n) == 0) {
				for (size_t k = 0; k < n; k++)
					assert_true(strlen(m[k].msgid) < f.size);
				free(m);
			}
			free(copy);
		}
	}
}

/* ---- Accept-Language ----------------------------------------------- */

/* Negotiates a header copied into a buffer of exactly its size, so that
 * a read past the terminating NUL shows up under AddressSanitizer. */
static void check_negotiate(const char *header, const char *expected)
{
	size_t len = strlen(header);
	char *copy = malloc(len + 1);
	assert_non_null(copy);
	memcpy(copy, header, len + 1);
	const char *got = i18n_negotiate(copy);
	if (strcmp(got, expected) != 0)
		print_error("header \"%s\": got %s, expected %s\n", header, got, expected);
	assert_string_equal(got, expected);
	assert_true(i18n_supported(got));
	free(copy);
}

static void test_negotiate_simple(void **state)
{
	(void)state;
	assert_string_equal(i18n_negotiate(NULL), "en");
	check_negotiate("", "en");
	check_negotiate("nl", "nl");
	check_negotiate("fr", "fr");
	check_negotiate("de", "de");
	check_negotiate("en", "en");
	check_negotiate("es", "en");
	check_negotiate("es, it", "en");
	check_negotiate("es, de", "de");
}

static void test_negotiate_regions_and_case(void **state)
{
	(void)state;
	check_negotiate("nl-BE", "nl");
	check_negotiate("fr-BE", "fr");
	check_negotiate("de-AT", "de");
	check_negotiate("en-GB", "en");
	check_negotiate("NL-be", "nl");
	check_negotiate("Fr", "fr");
	check_negotiate("de-Latn-CH-1996", "de");
	check_negotiate("zh-Hant-TW, fr-CA", "fr");
	/* Only the primary subtag counts, and it must be the whole code. */
	check_negotiate("nld", "en");
	check_negotiate("fra, deu", "en");
	check_negotiate("n", "en");
	check_negotiate("x-nl", "en");
}

static void test_negotiate_quality(void **state)
{
	(void)state;
	check_negotiate("en;q=0.5, de;q=0.8", "de");
	check_negotiate("en-US,en;q=0.9,nl;q=0.8", "en");
	check_negotiate("nl-BE,nl;q=0.9,en-US;q=0.8,en;q=0.7", "nl");
	check_negotiate("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", "fr");
	check_negotiate("de;q=0.1, fr;q=0.2, nl;q=0.3", "nl");
	check_negotiate("es;q=1, it;q=0.9, nl;q=0.001", "nl");
	/* Equal weights: the first listed wins. */
	check_negotiate("de;q=0.8, nl;q=0.8", "de");
	check_negotiate("fr, de", "fr");
	/* The best range of a language counts. */
	check_negotiate("nl-BE;q=0.2, de;q=0.5, nl;q=0.9", "nl");
	/* q=0 means "not acceptable". */
	check_negotiate("nl;q=0", "en");
	check_negotiate("fr;q=0, de", "de");
	check_negotiate("nl;q=0.0, fr;q=0.000", "en");
	/* Forms of the weight. */
	check_negotiate("de;q=1", "de");
	check_negotiate("de;q=1.", "de");
	check_negotiate("de;q=1.000, nl;q=0.999", "de");
	check_negotiate("nl;q=0.5, de;Q=0.6", "de");
	check_negotiate("nl ; q=0.5 , fr\t;\tq=0.7", "fr");
	check_negotiate(" \t nl-BE \t; q=0.7 , fr ; q=0.9", "fr");
	/* Other parameters are skipped. */
	check_negotiate("nl;level=1", "nl");
	check_negotiate("nl;level=1;q=0.2, de;q=0.1", "nl");
}

static void test_negotiate_wildcard(void **state)
{
	(void)state;
	check_negotiate("*", "en");
	check_negotiate("es, *;q=0.1", "en");
	check_negotiate("de-CH, *;q=0.5", "de");
	check_negotiate("*;q=0.5, fr", "fr");
	check_negotiate("en;q=0, *", "nl");
	check_negotiate("en;q=0, nl;q=0, *", "fr");
	check_negotiate("*;q=0", "en");
	check_negotiate("*;q=0, de", "de");
	/* A wildcard above an explicit language prefers the languages it
	 * is the only range for. */
	check_negotiate("fr;q=0.1, *", "en");
	check_negotiate("*, fr", "en");
}

static void test_negotiate_malformed(void **state)
{
	(void)state;
	static const char *const garbage[] = {
		",", ",,,", " ", ";", ";;;", "q=0.5", ";q=1", "-", "--", "nl-",
		"nl--BE", "-nl", "n1", "nl_BE", "nl;q", "nl;q=", "nl;q=2", "nl;q=1.001",
		"nl;q=1.5", "nl;q=0.1234", "nl;q=.5", "nl;q=-0.5", "nl;q=0.5x",
		"nl;q=abc", "nl;q = 0.5", "nl fr", "toolongtag", "nl-toolongtag",
		"\"nl\"", "nl;q=0.5;q=9", "*-BE", "**", "*nl",
		"\x01\x02\x7f", "\xff\xfe\xfd", "nl\xc3\xa9", "\xc3\xa9\x66r",
	};
	for (size_t i = 0; i < sizeof garbage / sizeof garbage[0]; i++)
		check_negotiate(garbage[i], "en");
	/* A bad element does not spoil the good ones. */
	check_negotiate("nl;q=2, de;q=0.5", "de");
	check_negotiate(";;;, fr", "fr");
	check_negotiate("\xff, de", "de");
	check_negotiate("nl-toolongtag, fr;q=0.3", "fr");
	check_negotiate("de,", "de");
	check_negotiate(",de", "de");
}

static void test_negotiate_long_headers(void **state)
{
	(void)state;
	/* Many unsupported ranges, then a supported one. */
	struct buf b = {0};
	for (int i = 0; i < 5000; i++)
		buf_puts(&b, "es-ES;q=0.9, ");
	buf_puts(&b, "de;q=0.2");
	check_negotiate(b.data, "de");
	buf_reset(&b);
	/* One enormous tag. */
	for (int i = 0; i < 100000; i++)
		buf_putc(&b, 'a');
	check_negotiate(b.data, "en");
	buf_puts(&b, ", fr");
	check_negotiate(b.data, "fr");
	buf_reset(&b);
	/* Many commas, semicolons and digits. */
	for (int i = 0; i < 50000; i++)
		buf_puts(&b, ";q=0.");
	check_negotiate(b.data, "en");
	buf_reset(&b);
	for (int i = 0; i < 50000; i++)
		buf_puts(&b, "nl-BE-");
	check_negotiate(b.data, "en");
	buf_free(&b);
}

/* Every prefix of a header with all the syntax in it: never a read past
 * its end, always a supported answer. */
static void test_negotiate_every_prefix(void **state)
{
	(void)state;
	const char *full = "fr-CH;q=0.9 , nl-BE\t;level=1; Q=0.95,*;q=0.1,de;q=1.000";
	size_t len = strlen(full);
	for (size_t n = 0; n <= len; n++) {
		char *copy = malloc(n + 1);
		assert_non_null(copy);
		memcpy(copy, full, n);
		copy[n] = '\0';
		assert_true(i18n_supported(i18n_negotiate(copy)));
		free(copy);
	}
	check_negotiate(full, "de");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_languages_and_codes),
		cmocka_unit_test(test_lookup_each_language),
		cmocka_unit_test(test_catalogue_contents),
		cmocka_unit_test(test_fallback_to_msgid),
		cmocka_unit_test(test_init_twice),
		cmocka_unit_test(test_mo_well_formed_both_byte_orders),
		cmocka_unit_test(test_mo_empty_catalogue),
		cmocka_unit_test(test_mo_bad_header),
		cmocka_unit_test(test_mo_bad_strings),
		cmocka_unit_test(test_mo_truncated_and_corrupted),
		cmocka_unit_test(test_negotiate_simple),
		cmocka_unit_test(test_negotiate_regions_and_case),
		cmocka_unit_test(test_negotiate_quality),
		cmocka_unit_test(test_negotiate_wildcard),
		cmocka_unit_test(test_negotiate_malformed),
		cmocka_unit_test(test_negotiate_long_headers),
		cmocka_unit_test(test_negotiate_every_prefix),
	};
	return cmocka_run_group_tests(tests, setup_catalogues, NULL);
}
