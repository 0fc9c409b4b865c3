/*
 * test_text.c - unit tests of core/text.c: sort keys ignore case and the
 * accents of Latin letters, and leave everything else alone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/text.h"

static void check_key(const char *text, const char *expected)
{
	char *key = text_sort_key(text);
	assert_non_null(key);
	assert_string_equal(key, expected);
	free(key);
}

static void test_case_and_accents(void **state)
{
	(void)state;
	check_key("Zebra", "zebra");
	check_key("Écran", "ecran");
	check_key("Äpfel", "apfel");
	check_key("Straße", "strasse");
	check_key("Œuvre Ærø", "oeuvre aero");
	check_key("Łódź Škoda", "lodz skoda");
	check_key("ÿ Ÿ", "y y");
}

static void test_other_text_kept(void **state)
{
	(void)state;
	check_key("", "");
	check_key("12 × 3 ÷ 4", "12 × 3 ÷ 4");   /* signs are no letters */
	check_key("Ελλάδα €", "Ελλάδα €");       /* other scripts as they are */
	check_key("日本", "日本");
}

/* The order people expect: accents sort with their base letters. */
static void test_order(void **state)
{
	(void)state;
	const char *words[] = {"Zebra", "Écran", "apple", "Äpfel", "eagle"};
	const char *expected[] = {"Äpfel", "apple", "eagle", "Écran", "Zebra"};
	char *keys[5];
	for (int i = 0; i < 5; i++)
		keys[i] = text_sort_key(words[i]);
	/* A small insertion sort by key, ties by the text. */
	for (int i = 1; i < 5; i++)
		for (int j = i; j > 0; j--) {
			int c = strcmp(keys[j - 1], keys[j]);
			if (c < 0 || (c == 0 && strcmp(words[j - 1], words[j]) <= 0))
				break;
			char *k = keys[j]; keys[j] = keys[j - 1]; keys[j - 1] = k;
			const char *w = words[j]; words[j] = words[j - 1]; words[j - 1] = w;
		}
	for (int i = 0; i < 5; i++) {
		assert_string_equal(words[i], expected[i]);
		free(keys[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_and_accents),
		cmocka_unit_test(test_other_text_kept),
		cmocka_unit_test(test_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
