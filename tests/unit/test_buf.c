/*
 * test_buf.c - unit tests of lib/buf.c: appending, formatting, HTML
 * escaping and handing the bytes over.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/buf.h"

static void test_append_and_grow(void **state)
{
	(void)state;
	struct buf b = {0};
	for (int i = 0; i < 1000; i++)
		buf_puts(&b, "0123456789");
	assert_int_equal(b.len, 10000);
	assert_int_equal(strlen(b.data), 10000);   /* always NUL-terminated */
	assert_memory_equal(b.data + 9990, "0123456789", 10);
	buf_putc(&b, '!');
	assert_int_equal(b.data[10000], '!');
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_free(&b);
	assert_null(b.data);
}

static void test_printf(void **state)
{
	(void)state;
	struct buf b = {0};
	buf_printf(&b, "%s=%d;", "a", 1);
	buf_printf(&b, "%05.1f|%lld", 2.5, -9000000000LL);
	assert_string_equal(b.data, "a=1;002.5|-9000000000");
	char big[5000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	buf_printf(&b, "[%s]", big);
	assert_int_equal(b.len, strlen("a=1;002.5|-9000000000") + 5001);
	buf_free(&b);
}

static void test_html_escaping(void **state)
{
	(void)state;
	struct buf b = {0};
	const char *text = "<a href=\"x\" title='y'>Tom & Jerry</a>";
	buf_put_html(&b, text, strlen(text));
	assert_string_equal(b.data, "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;"
	                            "Tom &amp; Jerry&lt;/a&gt;");
	buf_reset(&b);
	buf_put_html(&b, "café ß", strlen("café ß"));   /* UTF-8 passes through */
	assert_string_equal(b.data, "café ß");
	buf_reset(&b);
	buf_put_html(&b, "a\0<b", 4);   /* the length counts, not the NUL */
	assert_memory_equal(b.data, "a\0&lt;b", 8);
	buf_free(&b);
}

static void test_steal_and_reserve(void **state)
{
	(void)state;
	struct buf b = {0};
	char *empty = buf_steal(&b);   /* an empty buffer gives "" */
	assert_string_equal(empty, "");
	free(empty);
	buf_reserve(&b, 1 << 16);
	assert_true(b.cap > 1 << 16);
	assert_int_equal(b.len, 0);
	buf_puts(&b, "kept");
	char *s = buf_steal(&b);
	assert_string_equal(s, "kept");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_and_grow),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_html_escaping),
		cmocka_unit_test(test_steal_and_reserve),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
