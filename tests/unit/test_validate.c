/*
 * test_validate.c - unit tests of core/validate.c: UTF-8 well-formedness
 * at every boundary of RFC 3629, text lengths counted in characters,
 * e-mail addresses, passwords, integers with garbage and overflow, and
 * calendar dates with their leap years.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/validate.h"

/* Checks a C string (its bytes up to the NUL). */
static bool clean(const char *s)
{
	return utf8_is_clean_text(s, strlen(s));
}

/* ---- UTF-8 ------------------------------------------------------------------- */

static void test_utf8_accepts_every_length_and_boundary(void **state)
{
	(void)state;
	assert_true(clean(""));
	assert_true(clean("plain ASCII, with tab\tnewline\nand CR\r"));
	assert_false(clean("\x7f"));                 /* DEL */
	assert_false(clean("\xc2\x80"));             /* U+0080, first C1 control */
	assert_false(clean("\xc2\x85"));             /* U+0085, next line */
	assert_false(clean("\xc2\x9f"));             /* U+009F, last C1 control */
	assert_true(clean("\xc2\xa0"));              /* U+00A0, after the C1 block */
	assert_true(clean("\xdf\xbf"));              /* U+07FF */
	assert_true(clean("\xe0\xa0\x80"));          /* U+0800, smallest 3-byte */
	assert_true(clean("\xed\x9f\xbf"));          /* U+D7FF, just below surrogates */
	assert_true(clean("\xee\x80\x80"));          /* U+E000, just above */
	assert_true(clean("\xef\xbf\xbf"));          /* U+FFFF */
	assert_true(clean("\xf0\x90\x80\x80"));      /* U+10000, smallest 4-byte */
	assert_true(clean("\xf4\x8f\xbf\xbf"));      /* U+10FFFF, the last */
	assert_true(clean("Gr\xc3\xbc\xc3\x9f" "e \xe2\x82\xac \xf0\x9f\x98\x80"));
}

static void test_utf8_refuses_overlong_forms(void **state)
{
	(void)state;
	assert_false(clean("\xc0\x80"));             /* NUL in two bytes */
	assert_false(clean("\xc0\xaf"));             /* '/' in two bytes */
	assert_false(clean("\xc1\xbf"));
	assert_false(clean("\xe0\x80\x80"));
	assert_false(clean("\xe0\x9f\xbf"));         /* U+07FF in three bytes */
	assert_false(clean("\xf0\x80\x80\x80"));
	assert_false(clean("\xf0\x8f\xbf\xbf"));     /* U+FFFF in four bytes */
}

static void test_utf8_refuses_surrogates_and_beyond_unicode(void **state)
{
	(void)state;
	assert_false(clean("\xed\xa0\x80"));         /* U+D800 */
	assert_false(clean("\xed\xbf\xbf"));         /* U+DFFF */
	assert_false(clean("\xed\xa0\xbd\xed\xb8\x80"));   /* CESU-8 pair */
	assert_false(clean("\xf4\x90\x80\x80"));     /* U+110000 */
	assert_false(clean("\xf5\x80\x80\x80"));
	assert_false(clean("\xf8\x88\x80\x80\x80")); /* old 5-byte form */
	assert_false(clean("\xfe"));
	assert_false(clean("\xff"));
}

static void test_utf8_refuses_truncated_and_stray_bytes(void **state)
{
	(void)state;
	assert_false(clean("\x80"));                 /* lone continuation */
	assert_false(clean("abc\xbf"));
	assert_false(clean("\xc3"));                 /* cut at the end */
	assert_false(clean("\xe2\x82"));
	assert_false(clean("\xf0\x9f\x98"));
	assert_false(clean("\xe2\x82" "A"));         /* cut by an ASCII byte */
	assert_false(clean("\xc3\xc3\xa9"));         /* lead byte where a continuation belongs */
	/* The length is honoured: a valid sequence cut by len is refused. */
	assert_false(utf8_is_clean_text("\xc3\xa9", 1));
	assert_true(utf8_is_clean_text("\xc3\xa9", 2));
}

static void test_utf8_refuses_nul_and_controls(void **state)
{
	(void)state;
	assert_false(utf8_is_clean_text("a\0b", 3));
	assert_false(utf8_is_clean_text("\0", 1));
	assert_false(clean("\x01"));
	assert_false(clean("bell\x07"));
	assert_false(clean("escape \x1b[31m"));
	assert_false(clean("\x1f"));
	assert_false(clean("form\x0c" "feed"));
	assert_false(clean("vertical\x0btab"));
}

static void test_utf8_length_counts_code_points(void **state)
{
	(void)state;
	assert_int_equal(utf8_length("", 0), 0);
	assert_int_equal(utf8_length("abc", 3), 3);
	assert_int_equal(utf8_length("\xc3\xa9t\xc3\xa9", 5), 3);        /* été */
	assert_int_equal(utf8_length("\xe2\x82\xac", 3), 1);             /* € */
	assert_int_equal(utf8_length("\xf0\x9f\x98\x80!", 5), 2);
}

/* ---- text ----------------------------------------------------------------------- */

static void test_text_limits_count_characters_not_bytes(void **state)
{
	(void)state;
	const char *ete = "\xc3\xa9t\xc3\xa9";   /* 3 characters, 5 bytes */
	assert_null(validate_text(ete, strlen(ete), 1, 3));
	assert_non_null(validate_text(ete, strlen(ete), 1, 2));
	assert_non_null(validate_text(ete, strlen(ete), 4, 10));
	assert_null(validate_text("", 0, 0, 10));
	assert_null(validate_text(NULL, 0, 0, 10));
	assert_string_equal(validate_text("", 0, 1, 10), "This field is required.");
	assert_string_equal(validate_text("ab", 2, 3, 10), "This text is too short.");
	assert_string_equal(validate_text("abcd", 4, 1, 3), "This text is too long.");
	assert_string_equal(validate_text("a\x01", 2, 1, 3),
	                    "This text contains characters that are not allowed.");
	assert_non_null(validate_text("\xc0\x80", 2, 0, 10));
}

/* ---- e-mail ------------------------------------------------------------------------ */

static const char *email(const char *s)
{
	return validate_email(s, strlen(s));
}

static void test_email_accepts_ordinary_addresses(void **state)
{
	(void)state;
	assert_null(email("anna@example.be"));
	assert_null(email("Anna.Peeters@Example.BE"));
	assert_null(email("a.b+tag@sub.example.co.uk"));
	assert_null(email("o'brien@example.ie"));
	assert_null(email("x@xn--bcher-kva.de"));
	assert_null(email("info@123-bakkerij.be"));
}

static void test_email_refuses_malformed_addresses(void **state)
{
	(void)state;
	const char *bad[] = {
		"", "anna", "@example.be", "anna@", "anna@@example.be",
		"anna@exa@mple.be", "an na@example.be", "anna@example",
		"anna@localhost", "anna@192.0.2.1", ".anna@example.be",
		"anna.@example.be", "an..na@example.be", "anna@-example.be",
		"anna@example-.be", "anna@example..be", "anna@.example.be",
		"anna@example.be.", "anna@exa_mple.be", "\xc3\xa1nna@example.be",
		"anna@ex\xc3\xa1mple.be", "\"anna\"@example.be", "anna@[192.0.2.1]",
		"anna@example.be\n", "<anna@example.be>",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (!email(bad[i]))
			fail_msg("accepted bad address \"%s\"", bad[i]);
	}
	assert_non_null(validate_email("anna@example.be\0x", 17));
	assert_non_null(validate_email(NULL, 0));
	assert_string_equal(email(""), "This field is required.");
	assert_string_equal(email("anna"), "Enter a valid e-mail address.");
}

static void test_email_length_limits(void **state)
{
	(void)state;
	char buf[400];
	/* Local part: 64 characters pass, 65 do not. */
	memset(buf, 'a', 64);
	strcpy(buf + 64, "@example.be");
	assert_null(email(buf));
	memset(buf, 'a', 65);
	strcpy(buf + 65, "@example.be");
	assert_non_null(email(buf));
	/* Label: 63 characters pass, 64 do not. */
	strcpy(buf, "a@");
	memset(buf + 2, 'b', 63);
	strcpy(buf + 65, ".be");
	assert_null(email(buf));
	memset(buf + 2, 'b', 64);
	strcpy(buf + 66, ".be");
	assert_non_null(email(buf));
	/* Whole address: at most 254 bytes. */
	strcpy(buf, "a@");
	size_t len = 2;
	while (len < 250) {
		memset(buf + len, 'c', 40);
		buf[len + 40] = '.';
		len += 41;
	}
	strcpy(buf + len, "be");
	assert_true(strlen(buf) > 254);
	assert_non_null(email(buf));
}

/* ---- passwords ---------------------------------------------------------------------- */

static void test_password_length_in_characters_and_bytes(void **state)
{
	(void)state;
	assert_non_null(validate_password("123456789", 9));
	assert_null(validate_password("1234567890", 10));
	/* Ten characters of two bytes each. */
	const char *accents = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	                      "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9";
	assert_null(validate_password(accents, strlen(accents)));
	assert_non_null(validate_password(accents, strlen(accents) - 2));
	assert_string_equal(validate_password("short", 5),
	                    "The password must have at least 10 characters.");

	char *big = malloc(PASSWORD_MAX_BYTES + 1);
	memset(big, 'x', PASSWORD_MAX_BYTES + 1);
	assert_null(validate_password(big, PASSWORD_MAX_BYTES));
	assert_string_equal(validate_password(big, PASSWORD_MAX_BYTES + 1),
	                    "The password is too long.");
	free(big);

	assert_non_null(validate_password("", 0));
	assert_non_null(validate_password(NULL, 0));
	assert_non_null(validate_password("12345\0" "67890", 11));
	assert_non_null(validate_password("1234567890\xff", 11));
	assert_null(validate_password("with spaces and\ttab", 19));
}

/* ---- integers ------------------------------------------------------------------------ */

static void test_int_parses_in_range(void **state)
{
	(void)state;
	long long v = 12345;
	assert_null(validate_int("0", 0, 10, &v));
	assert_int_equal(v, 0);
	assert_null(validate_int("42", 0, 100, &v));
	assert_int_equal(v, 42);
	assert_null(validate_int("-42", -100, 100, &v));
	assert_int_equal(v, -42);
	assert_null(validate_int("007", 0, 10, &v));
	assert_int_equal(v, 7);
	assert_null(validate_int("10", 1, 10, &v));   /* bounds are inclusive */
	assert_null(validate_int("1", 1, 10, &v));
	assert_null(validate_int("9223372036854775807", LLONG_MIN, LLONG_MAX, &v));
	assert_true(v == LLONG_MAX);
	assert_null(validate_int("-9223372036854775808", LLONG_MIN, LLONG_MAX, &v));
	assert_true(v == LLONG_MIN);
}

static void test_int_refuses_garbage_and_overflow(void **state)
{
	(void)state;
	const char *garbage[] = {
		"-", "+5", " 5", "5 ", "5a", "0x10", "1e3", "1.5", "--5", "5-",
		"\xd9\xa3", "1,000", "\t1",
	};
	long long v = 99;
	for (size_t i = 0; i < sizeof garbage / sizeof garbage[0]; i++) {
		const char *msg = validate_int(garbage[i], LLONG_MIN, LLONG_MAX, &v);
		if (!msg || strcmp(msg, "Enter a whole number.") != 0)
			fail_msg("\"%s\" not refused as garbage", garbage[i]);
	}
	assert_string_equal(validate_int("", 0, 10, &v), "This field is required.");
	assert_non_null(validate_int(NULL, 0, 10, &v));
	const char *range = "The number is out of range.";
	assert_string_equal(validate_int("11", 0, 10, &v), range);
	assert_string_equal(validate_int("-1", 0, 10, &v), range);
	assert_string_equal(validate_int("9223372036854775808", LLONG_MIN,
	                                 LLONG_MAX, &v), range);
	assert_string_equal(validate_int("-9223372036854775809", LLONG_MIN,
	                                 LLONG_MAX, &v), range);
	assert_string_equal(validate_int("99999999999999999999999999", 0, 10, &v),
	                    range);
	/* Garbage after an overflowing number is still garbage. */
	assert_string_equal(validate_int("99999999999999999999999x", 0, 10, &v),
	                    "Enter a whole number.");
	assert_int_equal(v, 99);   /* never written on failure */
}

/* ---- dates ------------------------------------------------------------------------------ */

static void test_date_accepts_real_dates(void **state)
{
	(void)state;
	assert_null(validate_date("2024-02-29"));   /* divisible by 4 */
	assert_null(validate_date("2000-02-29"));   /* divisible by 400 */
	assert_null(validate_date("2023-02-28"));
	assert_null(validate_date("2024-12-31"));
	assert_null(validate_date("2024-01-01"));
	assert_null(validate_date("2024-04-30"));
	assert_null(validate_date("1900-01-01"));   /* the first year dates take */
	assert_null(validate_date("9999-12-31"));
	/* Earlier years are no date a business register needs. */
	assert_non_null(validate_date("1899-12-31"));
	assert_non_null(validate_date("0001-01-01"));
}

static void test_date_refuses_impossible_and_malformed(void **state)
{
	(void)state;
	const char *missing = "This date does not exist.";
	assert_string_equal(validate_date("2023-02-29"), missing);
	assert_string_equal(validate_date("1900-02-29"), missing);   /* by 100 */
	assert_string_equal(validate_date("2100-02-29"), missing);
	assert_string_equal(validate_date("2024-02-30"), missing);
	assert_string_equal(validate_date("2024-04-31"), missing);
	assert_string_equal(validate_date("2024-13-01"), missing);
	assert_string_equal(validate_date("2024-00-10"), missing);
	assert_string_equal(validate_date("2024-01-00"), missing);
	assert_string_equal(validate_date("2024-01-32"), missing);
	assert_string_equal(validate_date("0000-01-01"), missing);

	const char *malformed[] = {
		"2024-1-01", "2024-01-1", "24-01-01", "2024/01/01", "2024-01-01x",
		" 2024-01-01", "2024-01-0a", "+024-01-01", "2024-01-01T00:00",
		"01-01-2024", "2024--1-01", "２０２４-01-01",
	};
	for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++) {
		const char *msg = validate_date(malformed[i]);
		if (!msg || strcmp(msg, "Enter a date as YYYY-MM-DD.") != 0)
			fail_msg("\"%s\" not refused as malformed", malformed[i]);
	}
	assert_string_equal(validate_date(""), "This field is required.");
	assert_non_null(validate_date(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_accepts_every_length_and_boundary),
		cmocka_unit_test(test_utf8_refuses_overlong_forms),
		cmocka_unit_test(test_utf8_refuses_surrogates_and_beyond_unicode),
		cmocka_unit_test(test_utf8_refuses_truncated_and_stray_bytes),
		cmocka_unit_test(test_utf8_refuses_nul_and_controls),
		cmocka_unit_test(test_utf8_length_counts_code_points),
		cmocka_unit_test(test_text_limits_count_characters_not_bytes),
		cmocka_unit_test(test_email_accepts_ordinary_addresses),
		cmocka_unit_test(test_email_refuses_malformed_addresses),
		cmocka_unit_test(test_email_length_limits),
		cmocka_unit_test(test_password_length_in_characters_and_bytes),
		cmocka_unit_test(test_int_parses_in_range),
		cmocka_unit_test(test_int_refuses_garbage_and_overflow),
		cmocka_unit_test(test_date_accepts_real_dates),
		cmocka_unit_test(test_date_refuses_impossible_and_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
