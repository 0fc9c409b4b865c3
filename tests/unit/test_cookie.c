/*
 * test_cookie.c - unit tests of web/cookie.c: finding the session cookie
 * among others, with the spacing, quoting and look-alike names real
 * Cookie headers carry.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "web/cookie.h"

/* Looks up name in header, which must give expected (NULL: absent or
 * refused). */
static void check_cookie(const char *header, const char *name, const char *expected)
{
	char out[64];
	memset(out, 'Z', sizeof out);
	int len = cookie_get(header, name, out, sizeof out);
	if (expected) {
		assert_int_equal(len, (int)strlen(expected));
		assert_string_equal(out, expected);
	} else {
		assert_int_equal(len, -1);
	}
}

static void test_single_and_several(void **state)
{
	(void)state;
	check_cookie("sid=abc", "sid", "abc");
	check_cookie("a=1; sid=xyz; b=2", "sid", "xyz");
	check_cookie("a=1; b=2; sid=last", "sid", "last");
	check_cookie("a=1; b=2", "a", "1");
	check_cookie("a=1;b=2", "b", "2");
}

static void test_absent(void **state)
{
	(void)state;
	check_cookie(NULL, "sid", NULL);
	check_cookie("", "sid", NULL);
	check_cookie(";;; ", "sid", NULL);
	check_cookie("a=1; b=2", "sid", NULL);
	check_cookie("sid", "sid", NULL);          /* no '=': not a cookie */
	check_cookie("a=sid", "sid", NULL);        /* a value, not a name */
}

/* Names are compared whole and exactly. */
static void test_prefix_and_suffix_names(void **state)
{
	(void)state;
	check_cookie("xsid=1; sid=2", "sid", "2");
	check_cookie("sidx=1; sid=2", "sid", "2");
	check_cookie("xsid=1", "sid", NULL);
	check_cookie("sidx=1", "sid", NULL);
	check_cookie("sid=1", "si", NULL);
	check_cookie("sid=1", "sidx", NULL);
	check_cookie("SID=1; sid=2", "sid", "2");
	check_cookie("__Host-sid=1; sid=2", "sid", "2");
	check_cookie("__Host-sid=1; sid=2", "__Host-sid", "1");
}

static void test_spaces_around_separators(void **state)
{
	(void)state;
	check_cookie("a=1 ;  sid = v  ; b=2", "sid", "v");
	check_cookie("   sid=v", "sid", "v");
	check_cookie("sid=v   ", "sid", "v");
	check_cookie("a=1;\tsid\t=\tv\t;b=2", "sid", "v");
	check_cookie("a=1 ; sid= ; b=2", "sid", "");
}

static void test_quotes(void **state)
{
	(void)state;
	check_cookie("sid=\"abc\"", "sid", "abc");
	check_cookie("a=1; sid=\"abc\"; b=2", "sid", "abc");
	check_cookie("sid = \"abc\" ", "sid", "abc");
	check_cookie("sid=\"\"", "sid", "");
	check_cookie("sid=\"abc", "sid", NULL);    /* unbalanced */
	check_cookie("sid=abc\"", "sid", NULL);
	check_cookie("sid=\"", "sid", NULL);
	check_cookie("sid=a\"b", "sid", NULL);
	check_cookie("sid=\"\"abc\"\"", "sid", NULL);   /* only one pair comes off */
	check_cookie("sid=\" abc\"", "sid", NULL);
}

static void test_empty_value(void **state)
{
	(void)state;
	check_cookie("sid=", "sid", "");
	check_cookie("sid=; a=1", "sid", "");
}

/* The first cookie of that name decides, even when its value is bad: a
 * later one must not stand in for it. */
static void test_first_match_wins(void **state)
{
	(void)state;
	check_cookie("sid=1; sid=2", "sid", "1");
	check_cookie("sid=bad value; sid=good", "sid", NULL);
	check_cookie("sid; sid=2", "sid", "2");
}

/* Values hold cookie-octets only: printable ASCII without space, '"',
 * ',', ';' and '\'. */
static void test_value_octets(void **state)
{
	(void)state;
	check_cookie("sid=a=b", "sid", "a=b");
	check_cookie("sid=!#$%&'()*+-./:<>?@[]^_`{|}~", "sid", "!#$%&'()*+-./:<>?@[]^_`{|}~");
	check_cookie("sid=a,b", "sid", NULL);
	check_cookie("sid=a\\b", "sid", NULL);
	check_cookie("sid=a b", "sid", NULL);
	check_cookie("sid=caf\xc3\xa9", "sid", NULL);
	check_cookie("sid=a\x7f", "sid", NULL);
	check_cookie("sid=a\x01", "sid", NULL);
	/* a bad value in another cookie is no concern of ours */
	check_cookie("other=a b,c; sid=ok", "sid", "ok");
}

static void test_output_size(void **state)
{
	(void)state;
	char out[4];
	assert_int_equal(cookie_get("sid=abc", "sid", out, 4), 3);
	assert_string_equal(out, "abc");
	assert_int_equal(cookie_get("sid=abcd", "sid", out, 4), -1);
	assert_int_equal(cookie_get("sid=\"abc\"", "sid", out, 4), 3);
	assert_int_equal(cookie_get("sid=", "sid", out, 1), 0);
	assert_string_equal(out, "");
	assert_int_equal(cookie_get("sid=a", "sid", out, 1), -1);
	assert_int_equal(cookie_get("sid=a", "sid", out, 0), -1);
}

static void test_bad_name_argument(void **state)
{
	(void)state;
	char out[8];
	assert_int_equal(cookie_get("=abc", "", out, sizeof out), -1);
	assert_int_equal(cookie_get("sid=abc", NULL, out, sizeof out), -1);
	check_cookie("=abc; sid=1", "sid", "1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_and_several),
		cmocka_unit_test(test_absent),
		cmocka_unit_test(test_prefix_and_suffix_names),
		cmocka_unit_test(test_spaces_around_separators),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_empty_value),
		cmocka_unit_test(test_first_match_wins),
		cmocka_unit_test(test_value_octets),
		cmocka_unit_test(test_output_size),
		cmocka_unit_test(test_bad_name_argument),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
