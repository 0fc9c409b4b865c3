/*
 * test_url.c - unit tests of web/url.c: percent-decoding, query and form
 * body parsing, percent-encoding and path splitting, with the malformed
 * and hostile inputs a public server receives.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "web/url.h"

/* Decodes a C string literal, which must come out as expected (NULL:
 * refused). */
static void check_decode(const char *src, bool plus_is_space, const char *expected)
{
	char *got = url_decode(src, strlen(src), plus_is_space);
	if (expected) {
		assert_non_null(got);
		assert_string_equal(got, expected);
	} else {
		assert_null(got);
	}
	free(got);
}

static void test_decode_plain_and_empty(void **state)
{
	(void)state;
	check_decode("", true, "");
	check_decode("hello", true, "hello");
	check_decode("a-b_c.d~e", false, "a-b_c.d~e");
}

static void test_decode_escapes_either_case(void **state)
{
	(void)state;
	check_decode("%41%4a%4A%6b%6B", true, "AJJkk");
	check_decode("%2f%2F", true, "//");
	check_decode("caf%C3%A9", true, "caf\xc3\xa9");
	check_decode("caf%c3%a9", true, "caf\xc3\xa9");
	check_decode("%26%3D%25", true, "&=%");
}

static void test_decode_malformed_escapes(void **state)
{
	(void)state;
	check_decode("%", true, NULL);
	check_decode("%4", true, NULL);
	check_decode("a%", true, NULL);
	check_decode("a%4", true, NULL);
	check_decode("%4g", true, NULL);
	check_decode("%g4", true, NULL);
	check_decode("%%41", true, NULL);
	check_decode("% 41", true, NULL);
	check_decode("%+1", true, NULL);
}

/* The length bounds the input even when the bytes after it would make
 * a valid escape: nothing past len may be read. */
static void test_decode_stops_at_len(void **state)
{
	(void)state;
	assert_null(url_decode("%41", 2, true));
	assert_null(url_decode("%41", 1, true));
	char *got = url_decode("abc%41", 3, true);
	assert_string_equal(got, "abc");
	free(got);

	/* a buffer without any NUL terminator */
	char *exact = malloc(3);
	memcpy(exact, "%4A", 3);
	got = url_decode(exact, 3, true);
	assert_string_equal(got, "J");
	free(got);
	assert_null(url_decode(exact, 2, true));
	free(exact);
}

static void test_decode_plus(void **state)
{
	(void)state;
	check_decode("two+words", true, "two words");
	check_decode("two+words", false, "two+words");
	check_decode("+++", true, "   ");
	check_decode("%2B", true, "+");
	check_decode("%2b", false, "+");
	check_decode("a%20b", false, "a b");
}

/* Control characters are refused, escaped or not; tab, CR and LF are
 * text (a multi-line field needs them). */
static void test_decode_control_characters(void **state)
{
	(void)state;
	check_decode("%00", true, NULL);
	check_decode("a%00b", true, NULL);
	check_decode("%01", true, NULL);
	check_decode("%1B[31m", true, NULL);
	check_decode("%1f", true, NULL);
	check_decode("a%0Ab", true, "a\nb");
	check_decode("a%0D%0Ab", true, "a\r\nb");
	check_decode("a%09b", true, "a\tb");
	char raw[] = {'a', '\0', 'b'};
	assert_null(url_decode(raw, sizeof raw, true));
	check_decode("a\x01", true, NULL);
}

/* Bad UTF-8 is refused whether it arrives raw or through escapes. */
static void test_decode_bad_utf8(void **state)
{
	(void)state;
	check_decode("%C0%AF", true, NULL);          /* overlong '/' */
	check_decode("%c0%ae%c0%ae", true, NULL);    /* overlong ".." */
	check_decode("%E0%80%AF", true, NULL);       /* overlong, 3 bytes */
	check_decode("%F0%80%80%AF", true, NULL);    /* overlong, 4 bytes */
	check_decode("%C3", true, NULL);             /* truncated */
	check_decode("%E2%82", true, NULL);          /* truncated */
	check_decode("%A9", true, NULL);             /* lone continuation */
	check_decode("%FF", true, NULL);
	check_decode("%ED%A0%80", true, NULL);       /* UTF-16 surrogate */
	check_decode("%F4%90%80%80", true, NULL);    /* above U+10FFFF */
	check_decode("\xc3(", true, NULL);
	check_decode("%CE%B1%CE%B2%CE%B3", true, "\xce\xb1\xce\xb2\xce\xb3");
	check_decode("%F0%9F%98%80", true, "\xf0\x9f\x98\x80");
}

/* Parses a C string literal in full with room for PARAMS_MAX pairs. */
static int parse(const char *src, struct params *out)
{
	return params_parse(src, strlen(src), PARAMS_MAX, out);
}

static void test_params_basic(void **state)
{
	(void)state;
	struct params p;
	assert_int_equal(parse("a=1&b=two+words&c=%C3%A9t%C3%A9", &p), 0);
	assert_int_equal(p.count, 3);
	assert_string_equal(p.items[0].name, "a");
	assert_string_equal(p.items[0].value, "1");
	assert_string_equal(p.items[1].name, "b");
	assert_string_equal(p.items[1].value, "two words");
	assert_string_equal(params_get(&p, "c"), "\xc3\xa9t\xc3\xa9");
	assert_null(params_get(&p, "d"));
	assert_null(params_get(&p, "A"));
	params_free(&p);
	assert_int_equal(p.count, 0);
	assert_null(p.items);
}

static void test_params_empty_pieces_and_missing_equals(void **state)
{
	(void)state;
	struct params p;
	assert_int_equal(parse("", &p), 0);
	assert_int_equal(p.count, 0);
	params_free(&p);

	assert_int_equal(parse("&&&", &p), 0);
	assert_int_equal(p.count, 0);
	params_free(&p);

	assert_int_equal(parse("&a=1&&b=2&", &p), 0);
	assert_int_equal(p.count, 2);
	assert_string_equal(params_get(&p, "a"), "1");
	assert_string_equal(params_get(&p, "b"), "2");
	params_free(&p);

	assert_int_equal(parse("flag&x=&y", &p), 0);
	assert_int_equal(p.count, 3);
	assert_string_equal(params_get(&p, "flag"), "");
	assert_string_equal(params_get(&p, "x"), "");
	assert_string_equal(params_get(&p, "y"), "");
	params_free(&p);

	assert_int_equal(parse("a=b=c&d==", &p), 0);
	assert_string_equal(params_get(&p, "a"), "b=c");
	assert_string_equal(params_get(&p, "d"), "=");
	params_free(&p);
}

static void test_params_names_decoded(void **state)
{
	(void)state;
	struct params p;
	assert_int_equal(parse("first+name=Ann&%61ge=3&x%26y=%26", &p), 0);
	assert_string_equal(params_get(&p, "first name"), "Ann");
	assert_string_equal(params_get(&p, "age"), "3");
	assert_string_equal(params_get(&p, "x&y"), "&");
	params_free(&p);
}

/* Any bad piece refuses the whole input, and *out is left empty. */
static void test_params_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"=x", "a=1&=2", "%=1", "a=%", "a=%4", "a=%zz", "a=1&b=%00",
		"%00=1", "a=%C0%AF", "a=%01", "+=%", "a=\xff", "%41%=1",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct params p = {(struct param *)1, 99};
		assert_int_equal(parse(bad[i], &p), -1);
		assert_int_equal(p.count, 0);
		assert_null(p.items);
	}
}

/* A name that decodes to a space is not empty, but one of nothing is. */
static void test_params_empty_name(void **state)
{
	(void)state;
	struct params p;
	assert_int_equal(parse("+=1", &p), 0);
	assert_string_equal(params_get(&p, " "), "1");
	params_free(&p);
	assert_int_equal(parse("&=", &p), -1);
	assert_int_equal(parse("a=1&=", &p), -1);
}

static void test_params_limit(void **state)
{
	(void)state;
	struct params p;
	assert_int_equal(params_parse("a=1&b=2&c=3", 11, 3, &p), 0);
	assert_int_equal(p.count, 3);
	params_free(&p);
	assert_int_equal(params_parse("a=1&b=2&c=3&d=4", 15, 3, &p), -1);
	assert_int_equal(p.count, 0);
	/* empty pieces do not count */
	assert_int_equal(params_parse("a=1&&&b=2&&&", 12, 2, &p), 0);
	assert_int_equal(p.count, 2);
	params_free(&p);
	assert_int_equal(params_parse("a", 1, 0, &p), -1);
	assert_int_equal(params_parse("", 0, 0, &p), 0);
	params_free(&p);

	struct buf many = {0};
	for (int i = 0; i <= PARAMS_MAX; i++)
		buf_printf(&many, "%sp%d=%d", i ? "&" : "", i, i);
	assert_int_equal(params_parse(many.data, many.len, PARAMS_MAX, &p), -1);
	/* without the last pair it fits */
	char *last = strrchr(many.data, '&');
	assert_int_equal(params_parse(many.data, (size_t)(last - many.data), PARAMS_MAX,
	                              &p), 0);
	assert_int_equal(p.count, PARAMS_MAX);
	assert_string_equal(params_get(&p, "p63"), "63");
	params_free(&p);
	buf_free(&many);
}

/* The length bounds the input; the bytes after it are not looked at. */
static void test_params_not_nul_terminated(void **state)
{
	(void)state;
	struct params p;
	assert_int_equal(params_parse("a=1&b=2", 3, PARAMS_MAX, &p), 0);
	assert_int_equal(p.count, 1);
	assert_string_equal(params_get(&p, "a"), "1");
	params_free(&p);

	char *exact = malloc(5);
	memcpy(exact, "a=%41", 5);
	assert_int_equal(params_parse(exact, 5, PARAMS_MAX, &p), 0);
	assert_string_equal(params_get(&p, "a"), "A");
	params_free(&p);
	assert_int_equal(params_parse(exact, 4, PARAMS_MAX, &p), -1);
	free(exact);
}

static void test_params_first_wins_and_add(void **state)
{
	(void)state;
	struct params p;
	assert_int_equal(parse("k=first&k=second", &p), 0);
	assert_int_equal(p.count, 2);
	assert_string_equal(params_get(&p, "k"), "first");

	/* both strings are copied: freeing them afterwards is safe */
	char *name = strdup("added"), *value = strdup("value");
	params_add(&p, name, value);
	free(name);
	free(value);
	assert_int_equal(p.count, 3);
	assert_string_equal(params_get(&p, "added"), "value");
	params_free(&p);

	struct params empty = {0};
	assert_null(params_get(&empty, "k"));
	params_add(&empty, "k", "");
	assert_string_equal(params_get(&empty, "k"), "");
	params_free(&empty);
}

static void test_encode(void **state)
{
	(void)state;
	struct buf b = {0};
	url_encode(&b, "");
	assert_true(b.len == 0);
	url_encode(&b, "AZaz09-._~");
	assert_string_equal(b.data, "AZaz09-._~");
	buf_reset(&b);
	url_encode(&b, "a b&c=d/e?f#g+h%i\"<'>");
	assert_string_equal(b.data, "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25i%22%3C%27%3E");
	buf_reset(&b);
	url_encode(&b, "\xc3\xa9\n");
	assert_string_equal(b.data, "%C3%A9%0A");
	buf_free(&b);
}

/* Whatever clean text is encoded decodes back to itself. */
static void test_encode_round_trip(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"plain", "two words", "a+b=c&d", "100%", "\xce\xb1\xce\xb2\xce\xb3",
		"\xf0\x9f\x98\x80 x", "line\r\nbreak\ttab", "",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct buf b = {0};
		url_encode(&b, texts[i]);
		char *back = url_decode(b.data ? b.data : "", b.len, true);
		assert_non_null(back);
		assert_string_equal(back, texts[i]);
		free(back);
		buf_free(&b);
	}
}

/* Splits path with room for 8 segments; returns the count. */
static int split(const char *path, char *storage, size_t storage_len,
                 const char **segments)
{
	return path_split(path, storage, storage_len, segments, 8);
}

static void test_path_split_basic(void **state)
{
	(void)state;
	char storage[64];
	const char *seg[8];
	assert_int_equal(split("/o/12/risks", storage, sizeof storage, seg), 3);
	assert_string_equal(seg[0], "o");
	assert_string_equal(seg[1], "12");
	assert_string_equal(seg[2], "risks");
	/* the segments live in storage */
	assert_true(seg[0] >= storage && seg[2] < storage + sizeof storage);

	assert_int_equal(split("/", storage, sizeof storage, seg), 0);
	assert_int_equal(split("", storage, sizeof storage, seg), 0);
	assert_int_equal(split("//a///b/", storage, sizeof storage, seg), 2);
	assert_string_equal(seg[0], "a");
	assert_string_equal(seg[1], "b");
	assert_int_equal(split("a/b", storage, sizeof storage, seg), 2);
	assert_string_equal(seg[1], "b");
}

static void test_path_split_dots(void **state)
{
	(void)state;
	char storage[64];
	const char *seg[8];
	assert_int_equal(split("/a/./b", storage, sizeof storage, seg), -1);
	assert_int_equal(split("/a/../b", storage, sizeof storage, seg), -1);
	assert_int_equal(split("/..", storage, sizeof storage, seg), -1);
	assert_int_equal(split("/static/..", storage, sizeof storage, seg), -1);
	assert_int_equal(split("/.", storage, sizeof storage, seg), -1);
	/* names that merely contain dots are fine */
	assert_int_equal(split("/.../.x/x./a..b/style.css", storage, sizeof storage, seg), 5);
	assert_string_equal(seg[0], "...");
	assert_string_equal(seg[4], "style.css");
}

/* The path was decoded once by the server; a second decoding here would
 * turn "%2e%2e" into "..". */
static void test_path_split_no_decoding(void **state)
{
	(void)state;
	char storage[64];
	const char *seg[8];
	assert_int_equal(split("/%2e%2e/a%2Fb/%", storage, sizeof storage, seg), 3);
	assert_string_equal(seg[0], "%2e%2e");
	assert_string_equal(seg[1], "a%2Fb");
	assert_string_equal(seg[2], "%");
	assert_int_equal(split("/a+b", storage, sizeof storage, seg), 1);
	assert_string_equal(seg[0], "a+b");
}

static void test_path_split_control_and_utf8(void **state)
{
	(void)state;
	char storage[64];
	const char *seg[8];
	assert_int_equal(split("/a\tb", storage, sizeof storage, seg), -1);
	assert_int_equal(split("/a\nb", storage, sizeof storage, seg), -1);
	assert_int_equal(split("/a\rb", storage, sizeof storage, seg), -1);
	assert_int_equal(split("/a\x01", storage, sizeof storage, seg), -1);
	assert_int_equal(split("/a\x7f", storage, sizeof storage, seg), -1);
	assert_int_equal(split("/\xc0\xaf", storage, sizeof storage, seg), -1);
	assert_int_equal(split("/\xc3", storage, sizeof storage, seg), -1);
	assert_int_equal(split("/caf\xc3\xa9", storage, sizeof storage, seg), 1);
	assert_string_equal(seg[0], "caf\xc3\xa9");
}

static void test_path_split_limits(void **state)
{
	(void)state;
	char storage[16];
	const char *seg[3];
	assert_int_equal(path_split("/a/b/c", storage, sizeof storage, seg, 3), 3);
	assert_int_equal(path_split("/a/b/c/d", storage, sizeof storage, seg, 3), -1);
	assert_int_equal(path_split("/a//", storage, sizeof storage, seg, 1), 1);
	assert_int_equal(path_split("/", storage, sizeof storage, seg, 0), 0);
	assert_int_equal(path_split("/a", storage, sizeof storage, seg, 0), -1);

	/* storage must hold the path and its NUL */
	assert_int_equal(path_split("/abc", storage, 5, seg, 3), 1);
	assert_string_equal(seg[0], "abc");
	assert_int_equal(path_split("/abc", storage, 4, seg, 3), -1);
	assert_int_equal(path_split("/abcdefghijklmnop", storage, sizeof storage, seg, 3), -1);
	assert_int_equal(path_split("", storage, 0, seg, 3), -1);
	assert_int_equal(path_split(NULL, storage, sizeof storage, seg, 3), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_plain_and_empty),
		cmocka_unit_test(test_decode_escapes_either_case),
		cmocka_unit_test(test_decode_malformed_escapes),
		cmocka_unit_test(test_decode_stops_at_len),
		cmocka_unit_test(test_decode_plus),
		cmocka_unit_test(test_decode_control_characters),
		cmocka_unit_test(test_decode_bad_utf8),
		cmocka_unit_test(test_params_basic),
		cmocka_unit_test(test_params_empty_pieces_and_missing_equals),
		cmocka_unit_test(test_params_names_decoded),
		cmocka_unit_test(test_params_refused),
		cmocka_unit_test(test_params_empty_name),
		cmocka_unit_test(test_params_limit),
		cmocka_unit_test(test_params_not_nul_terminated),
		cmocka_unit_test(test_params_first_wins_and_add),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_encode_round_trip),
		cmocka_unit_test(test_path_split_basic),
		cmocka_unit_test(test_path_split_dots),
		cmocka_unit_test(test_path_split_no_decoding),
		cmocka_unit_test(test_path_split_control_and_utf8),
		cmocka_unit_test(test_path_split_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
